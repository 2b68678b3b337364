/**
 * Declared Meilisearch indexes: settings in code, and one mapper per index that
 * builds documents from PostgreSQL. A mapper returns only what may be public;
 * an id it does not return (deleted, pending, hidden) is deleted from the index.
 */
import type { Kysely } from "kysely";
import type { Settings } from "meilisearch";
import type { DB } from "../../db/types";
import { countryName } from "../../db/countries";
import { normalizeSearchText } from "./normalize";
import type { IndexName } from "./outbox.server";

/** Document of the `institutions` index. */
export interface InstitutionDoc {
  id: number;
  name: string;
  altNames: string[];
  /** Alternative names with their language, for display ("fa", "tr", … or null). */
  labels: Array<{ name: string; lang: string | null }>;
  acronyms: string[];
  /** Normalised copies (normalize.ts) of names that normalisation changes. */
  normalizedNames: string[];
  city: string | null;
  region: string | null;
  country: string;
  countryName: string;
  kind: "university" | "research_centre" | "other";
  status: string;
  rorId: string | null;
  rorStatus: string | null;
  established: number | null;
  description: string;
  topicIds: string[];
  subfieldIds: string[];
  parentId: number | null;
  /** Ranking tie-breaker (db/import.ts prominenceOf). */
  prominence: number;
}

export interface IndexDefinition<Doc extends { id: string | number }> {
  name: IndexName;
  settings: Settings;
  /** Attributes the filter helper accepts for this index. */
  filterable: readonly string[];
  /** Documents for the given ids; ids absent from the result must be deleted. */
  load(db: Kysely<DB>, ids: string[]): Promise<Doc[]>;
  /** Ids of every indexable row after `after` (exclusive), ascending, at most `limit`. */
  pageIds(db: Kysely<DB>, after: string | null, limit: number): Promise<string[]>;
}

const INSTITUTION_FILTERABLE = ["country", "kind", "topicIds", "subfieldIds", "status", "rorStatus", "id"] as const;

export const institutionsIndex: IndexDefinition<InstitutionDoc> = {
  name: "institutions",
  filterable: INSTITUTION_FILTERABLE,
  settings: {
    // Ranked: a hit in the name outranks one in an alternative name, and so on.
    searchableAttributes: ["name", "altNames", "acronyms", "normalizedNames", "city", "description", "rorId"],
    filterableAttributes: [...INSTITUTION_FILTERABLE],
    sortableAttributes: ["name", "established"],
    // Meilisearch's default rules, then registry prominence to order equal matches.
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness", "prominence:desc"],
    displayedAttributes: ["*"],
    faceting: { maxValuesPerFacet: 200, sortFacetValuesBy: { "*": "count" } },
    typoTolerance: {
      enabled: true,
      // Identifiers must match exactly: a typo in a ROR id or acronym is another organisation.
      disableOnAttributes: ["rorId", "acronyms"],
      minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 },
    },
    pagination: { maxTotalHits: 5000 },
  },
  async load(db, ids) {
    const numeric = ids.map(Number).filter((n) => Number.isInteger(n));
    if (numeric.length === 0) return [];
    const rows = await db
      .selectFrom("institutions")
      .selectAll()
      .where("id", "in", numeric)
      .where("status", "=", "verified")
      .execute();
    if (rows.length === 0) return [];
    const rowIds = rows.map((r) => r.id);
    const [names, topics] = await Promise.all([
      db.selectFrom("institution_names").select(["institution_id", "name", "lang"]).where("institution_id", "in", rowIds).orderBy("id").execute(),
      db
        .selectFrom("institution_topics")
        .innerJoin("topics", "topics.id", "institution_topics.topic_id")
        .select(["institution_topics.institution_id", "topics.id", "topics.subfield_id"])
        .where("institution_topics.institution_id", "in", rowIds)
        .execute(),
    ]);
    return rows.map((r) => {
      const own = names.filter((n) => n.institution_id === r.id);
      const own_topics = topics.filter((t) => t.institution_id === r.id);
      const allNames = [r.name, ...own.map((n) => n.name), ...r.acronyms];
      return {
        id: r.id,
        name: r.name,
        altNames: [...new Set(own.map((n) => n.name))],
        labels: own.map((n) => ({ name: n.name, lang: n.lang })),
        acronyms: r.acronyms,
        normalizedNames: [...new Set(allNames.map(normalizeSearchText).filter((n, i) => n !== allNames[i]))],
        city: r.city,
        region: r.region,
        country: r.country_code,
        countryName: countryName(r.country_code),
        kind: r.kind as InstitutionDoc["kind"],
        status: r.status,
        rorId: r.ror_id,
        rorStatus: r.ror_status,
        established: r.established,
        description: r.description,
        topicIds: own_topics.map((t) => t.id),
        subfieldIds: [...new Set(own_topics.map((t) => t.subfield_id))],
        parentId: r.parent_id,
        prominence: r.prominence,
      };
    });
  },
  async pageIds(db, after, limit) {
    let q = db.selectFrom("institutions").select("id").where("status", "=", "verified").orderBy("id").limit(limit);
    if (after !== null) q = q.where("id", ">", Number(after));
    return (await q.execute()).map((r) => String(r.id));
  },
};

/** Every declared index, by logical name. Later issues add experts, calls, projects. */
export const INDEXES: Partial<Record<IndexName, IndexDefinition<any>>> = {
  institutions: institutionsIndex,
};
