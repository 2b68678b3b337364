/**
 * Reading the topic taxonomy (table topics: the 645 OpenAlex topics imported
 * by `npm run db:import`): topics by id, lists for forms and pickers, field
 * and subfield names for reports, and the whole taxonomy as the matcher uses
 * it, cached (getTaxonomy). The one module that reads topics for the rest of
 * the app; topic recognition in free text and relatedness live in
 * app/features/matching/.
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { sql } from "kysely";
import { searchTopicIndex } from "~/features/matching/topic-recognition.server";
import { isSearchFailure } from "~/search/http.server";
import { likePattern } from "~/utils/like-pattern";
import type { TopicOption } from "~/features/topics/topic-option";

/** A taxonomy topic as matching uses it (subfield id for grouping, keywords for relatedness). */
export interface TopicInfo {
  id: string;
  name: string;
  subfieldId: string;
  subfield: string;
  keywords: string[];
}

/** Every topic (id, name, subfield) ordered by subfield then name, for multi-selects. */
export async function topicOptions(db: Kysely<DB>) {
  return db.selectFrom("topics").select(["id", "name", "subfield"]).orderBy("subfield").orderBy("name").execute();
}

/** Topics by id, ordered by name (unknown ids left out). */
export async function topicsByIds(db: Kysely<DB>, ids: string[]): Promise<TopicOption[]> {
  if (!ids.length) return [];
  return db.selectFrom("topics").select(["id", "name", "subfield"]).where("id", "in", ids).orderBy("name").execute();
}

/**
 * Taxonomy topics for the /partners picker, from the Meilisearch topics index
 * (the one topic recognition searches: name, keywords, description, subfield;
 * typos; the glossary's terms in the region's languages), best match first.
 * Empty text → []. At most `limit` (default 25). Throws when search is down.
 */
export async function searchTopics(text: string, limit = 25): Promise<TopicOption[]> {
  return searchTopicIndex(text, limit);
}

/**
 * Names of the OpenAlex fields and subfields by id (e.g. fields["17"] =
 * "Computer Science"), from the topics table; for labelling report figures,
 * which store ids only.
 */
export async function topicAreaNames(db: Kysely<DB>): Promise<{ fields: Record<string, string>; subfields: Record<string, string> }> {
  const rows = await db.selectFrom("topics").select(["field_id", "field", "subfield_id", "subfield"]).distinct().execute();
  return {
    fields: Object.fromEntries(rows.map((r) => [r.field_id, r.field])),
    subfields: Object.fromEntries(rows.map((r) => [r.subfield_id, r.subfield])),
  };
}

/** The whole taxonomy by id, read now (uncached; getTaxonomy caches it). */
export async function readTaxonomy(db: Kysely<DB>): Promise<TopicInfo[]> {
  const rows = await db.selectFrom("topics").select(["id", "name", "subfield_id", "subfield", "keywords"]).orderBy("id").execute();
  return rows.map((r) => ({ id: r.id, name: r.name, subfieldId: r.subfield_id, subfield: r.subfield, keywords: r.keywords }));
}

/** How long the topic taxonomy is reused before it is read again (ms). */
const TAXONOMY_TTL_MS = 60_000;
const taxonomyCache = new WeakMap<Kysely<DB>, { at: number; topics: Promise<TopicInfo[]> }>();

/**
 * The topic taxonomy ordered by id, read at most once a minute per database
 * handle: it changes only with `npm run db:import`, and reading it on every
 * matching call was a fixed cost of each /partners request (bench). A failed
 * read is not cached. The same array is returned while cached (callers may
 * cache what they derive from it per array).
 */
export function getTaxonomy(db: Kysely<DB>): Promise<TopicInfo[]> {
  const hit = taxonomyCache.get(db);
  if (hit && Date.now() - hit.at < TAXONOMY_TTL_MS) return hit.topics;
  const topics = readTaxonomy(db);
  taxonomyCache.set(db, { at: Date.now(), topics });
  topics.catch(() => taxonomyCache.delete(db)); // a failed read is not cached
  return topics;
}

/**
 * Taxonomy topics for the topic pickers (/lookup/topics, /me/profile,
 * institution edit), at most `limit`, best match first: from the Meilisearch
 * topics index (search/topic-recognition.server.ts searchTopicIndex: name,
 * keywords, description, subfield; typos; the glossary's terms in the
 * region's languages). While search is down or the index not yet built
 * (isSearchFailure), the topics whose name, subfield or keywords contain `q`
 * (SQL, case-insensitive), so the pickers keep working. Only the first 100 characters of `q` are
 * searched; fewer than 2 → [].
 */
export async function lookupTopics(db: Kysely<DB>, q: string, limit = 20): Promise<TopicOption[]> {
  const text = q.trim().slice(0, 100);
  if (text.length < 2) return [];
  try {
    return await searchTopicIndex(text, limit, { throwWhenMissing: true });
  } catch (err) {
    if (!isSearchFailure(err)) throw err;
  }
  const pattern = likePattern(text);
  return db
    .selectFrom("topics")
    .select(["id", "name", "subfield"])
    .where((eb) =>
      eb.or([
        sql<boolean>`lower(name) like ${pattern}`,
        sql<boolean>`lower(subfield) like ${pattern}`,
        sql<boolean>`exists (select 1 from unnest(keywords) k where lower(k) like ${pattern})`,
      ]),
    )
    .orderBy(sql`lower(name) like ${pattern}`, "desc")
    .orderBy("name")
    .limit(limit)
    .execute();
}
