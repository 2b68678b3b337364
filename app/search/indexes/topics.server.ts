/**
 * The `topics` index: the OpenAlex topic taxonomy (documents from PostgreSQL:
 * topics), rebuilt whole when missing.
 */
import { type IndexDefinition, synonymSettings } from "~/search/index-definition";

/**
 * Document of the `topics` index: one OpenAlex topic of the taxonomy (645,
 * from the `topics` table, db/import.ts), searched to recognise topics in free
 * text (features/matching/topic-recognition.server.ts) and by the topic picker.
 */
export interface TopicDoc {
  /** OpenAlex topic id, e.g. "T10020". */
  id: string;
  name: string;
  keywords: string[];
  description: string;
  subfieldId: string;
  subfield: string;
  field: string;
}

/**
 * English function words left out of topic queries: "intrusion detection in
 * industrial control systems" must be judged on its content words, and a
 * topic name's "and" is no match.
 */
export const TOPIC_STOP_WORDS = [
  "a",
  "an",
  "and",
  "as",
  "at",
  "based",
  "by",
  "during",
  "for",
  "from",
  "in",
  "into",
  "its",
  "of",
  "on",
  "or",
  "over",
  "the",
  "their",
  "to",
  "under",
  "using",
  "via",
  "with",
  "within",
] as const;

export const topicsIndex: IndexDefinition<TopicDoc> = {
  name: "topics",
  rebuildWhenMissing: true,
  filterable: ["id", "subfieldId"],
  settings: {
    // Ranked: a match in the name outranks one in a keyword, a keyword one in the description.
    searchableAttributes: ["name", "keywords", "description", "subfield", "field"],
    filterableAttributes: ["id", "subfieldId"],
    sortableAttributes: ["name"],
    displayedAttributes: ["*"],
    stopWords: [...TOPIC_STOP_WORDS],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
    pagination: { maxTotalHits: 1000 },
    synonyms: synonymSettings(),
  },
  async load(db, ids) {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom("topics")
      .select(["id", "name", "keywords", "description", "subfield_id", "subfield", "field"])
      .where("id", "in", ids)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      keywords: r.keywords,
      description: r.description,
      subfieldId: r.subfield_id,
      subfield: r.subfield,
      field: r.field,
    }));
  },
  async pageIds(db, after, limit) {
    let q = db.selectFrom("topics").select("id").orderBy("id").limit(limit);
    if (after !== null) q = q.where("id", ">", after);
    return (await q.execute()).map((r) => r.id);
  },
};
