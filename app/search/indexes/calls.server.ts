/**
 * The `calls` index: open and closed calls of verified institutions, with
 * their topics and deadline (documents from PostgreSQL: calls, institutions,
 * call_topics).
 */
import { countryName } from "~/domain/member-states";
import { type FoldedCopies, withFolded, withGlossaryEnglish } from "~/search/document-fields";
import { type IndexDefinition, numericIds, synonymSettings, withFoldedAttributes } from "~/search/index-definition";

/** Document of the `calls` index: non-draft, non-cancelled calls of verified institutions. */
export interface CallDoc {
  id: number;
  title: string;
  summary: string;
  body: string;
  kind: string;
  status: string;
  institutionId: number;
  institutionName: string;
  country: string;
  countryName: string;
  topicIds: string[];
  topicNames: string[];
  subfieldIds: string[];
  eligibleCountries: string[];
  /** The deadline instant in seconds since the epoch; filterable (`deadline > now`: still open). */
  deadline: number;
  deadlineZone: string;
  opensAt: number | null;
  isDemo: boolean;
  /** Folded copies of the fields in CALL_FOLDED that folding changes (foldedCopies). */
  folded?: FoldedCopies<(typeof CALL_FOLDED)[number]>;
}

// `deadline` (seconds since the epoch) is filterable so open/closed is judged at read time (callStatusFilter).
const CALL_FILTERABLE = ["kind", "status", "country", "topicIds", "subfieldIds", "eligibleCountries", "institutionId", "isDemo", "id", "deadline"] as const;
const CALL_FOLDED = ["title", "summary", "topicNames", "institutionName", "body"] as const;

export const callsIndex: IndexDefinition<CallDoc> = {
  name: "calls",
  filterable: CALL_FILTERABLE,
  settings: {
    searchableAttributes: withFoldedAttributes(["title", "summary", "topicNames", "institutionName", "body", "glossaryEn"], CALL_FOLDED),
    filterableAttributes: [...CALL_FILTERABLE],
    sortableAttributes: ["deadline", "title"],
    displayedAttributes: ["*"],
    faceting: { maxValuesPerFacet: 500, sortFacetValuesBy: { "*": "count" } },
    pagination: { maxTotalHits: 5000 },
    synonyms: synonymSettings(),
  },
  async load(db, ids) {
    const numeric = numericIds(ids);
    if (numeric.length === 0) return [];
    const rows = await db
      .selectFrom("calls as c")
      .innerJoin("institutions as i", "i.id", "c.institution_id")
      .selectAll("c")
      .select(["i.name as institution_name", "i.country_code"])
      .where("c.id", "in", numeric)
      .where("c.status", "in", ["open", "closed"])
      .where("i.status", "=", "verified")
      .execute();
    if (rows.length === 0) return [];
    const topics = await db
      .selectFrom("call_topics as ct")
      .innerJoin("topics as t", "t.id", "ct.topic_id")
      .select(["ct.call_id", "t.id", "t.name", "t.subfield_id"])
      .where(
        "ct.call_id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    return rows.map((r) => {
      const own = topics.filter((t) => t.call_id === r.id);
      const doc: CallDoc = {
        id: r.id,
        title: r.title,
        summary: r.summary,
        body: r.body,
        kind: r.kind,
        status: r.status,
        institutionId: r.institution_id,
        institutionName: r.institution_name,
        country: r.country_code,
        countryName: countryName(r.country_code),
        topicIds: own.map((t) => t.id),
        topicNames: own.map((t) => t.name),
        subfieldIds: [...new Set(own.map((t) => t.subfield_id))],
        eligibleCountries: r.eligible_countries.map((c) => c.trim()),
        deadline: Math.floor(new Date(r.deadline).getTime() / 1000),
        deadlineZone: r.deadline_zone,
        opensAt: r.opens_at ? Math.floor(new Date(r.opens_at).getTime() / 1000) : null,
        isDemo: r.is_demo,
      };
      return withGlossaryEnglish(withFolded(doc, CALL_FOLDED), CALL_FOLDED);
    });
  },
  async pageIds(db, after, limit) {
    let q = db.selectFrom("calls").select("id").where("status", "in", ["open", "closed"]).orderBy("id").limit(limit);
    if (after !== null) q = q.where("id", ">", Number(after));
    return (await q.execute()).map((r) => String(r.id));
  },
};
