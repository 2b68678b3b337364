/**
 * The `institutions` index: verified institutions with their names by
 * language, short names, topic profile and prominence (documents from
 * PostgreSQL: institutions, institution_names, the topic profiles).
 */
import { countryName } from "~/domain/member-states";
import { getInstitutionTopicProfiles } from "~/features/matching/topic-profile.server";
import { type FoldedCopies, groupBy, withFolded, withGlossaryEnglish } from "~/search/document-fields";
import { type IndexDefinition, numericIds, synonymSettings, withFoldedAttributes } from "~/search/index-definition";
import { prominenceOf } from "~/search/indexes/institution-prominence.server";
import { searchShortNames, universityWordOrder } from "~/search/name-variants";

/** Document of the `institutions` index. */
export interface InstitutionDoc {
  id: number;
  name: string;
  altNames: string[];
  /**
   * The same ROR labels split by known language, so Meilisearch tokenises each
   * with its own locale (localizedAttributes): Persian/Pashto/Urdu, Turkish and
   * Azerbaijani, Russian and the Cyrillic Central Asian languages.
   */
  labelsFa: string[];
  labelsTr: string[];
  labelsRu: string[];
  /** Alternative names with their language, for display ("fa", "tr", … or null). */
  labels: Array<{ name: string; lang: string | null }>;
  /** ROR acronyms, for display. */
  acronyms: string[];
  /**
   * What people type for the institution, searched first (search only): ROR
   * acronyms, curated and admin short forms (КазНУ, امیرکبیر) and their
   * Latin spellings of Cyrillic ones (name-variants.ts: KazNU).
   */
  shortNames: string[];
  /**
   * The name in the word order people use ("Tehran University" for University
   * of Tehran; name-variants.ts), search only. One string, not a list: a query
   * equal to it is an exact match of the whole attribute (exactness rule),
   * which a list gives only to its first element.
   */
  commonName?: string;
  /** Folded copies of the fields in INSTITUTION_FOLDED that folding changes (foldedCopies). */
  folded?: FoldedCopies<(typeof INSTITUTION_FOLDED)[number]>;
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
  /** Topic profile (declared + experts' topics, features/matching/topic-profile.server.ts), heaviest first. */
  topicIds: string[];
  /** Names of `topicIds`, same order (searchable). */
  topicNames: string[];
  /** Profile weights of `topicIds`, same order, in (0, 1]. */
  topicWeights: number[];
  subfieldIds: string[];
  parentId: number | null;
  /** Ranking tie-breaker after every text rule (institutionProminence). */
  prominence: number;
}

/** ROR label languages grouped by the Meilisearch locale that tokenises them. */
const LANG_GROUP: Record<"fa" | "tr" | "ru", readonly string[]> = { fa: ["fa", "ps", "ur"], tr: ["tr", "az"], ru: ["ru", "kk", "ky", "tg", "uk", "ba", "tt"] };

const INSTITUTION_FILTERABLE = ["country", "kind", "topicIds", "subfieldIds", "status", "rorStatus", "id"] as const;
// labelsFa/Tr/Ru are altNames split by language: folded.altNames covers them.
const INSTITUTION_FOLDED = ["shortNames", "commonName", "name", "altNames", "city", "description", "topicNames"] as const;

export const institutionsIndex: IndexDefinition<InstitutionDoc> = {
  name: "institutions",
  filterable: INSTITUTION_FILTERABLE,
  settings: {
    // Ranked: a short name typed whole (METU, КазНУ, امیرکبیر, "Tehran University") names one
    // institution, so it outranks the same words inside a longer name ("ITU Vodafone Future Lab"
    // for İTÜ, "Tehran University of Medical Sciences"); then the name, then other names.
    searchableAttributes: withFoldedAttributes(
      ["shortNames", "commonName", "name", "altNames", "city", "description", "topicNames", "rorId", "labelsFa", "labelsTr", "labelsRu", "glossaryEn"],
      INSTITUTION_FOLDED,
    ),
    // Only fields whose language is known from ROR get a locale; mixed-script fields keep detection.
    localizedAttributes: [
      { attributePatterns: ["labelsFa"], locales: ["pes"] },
      { attributePatterns: ["labelsTr"], locales: ["tur"] },
      { attributePatterns: ["labelsRu"], locales: ["rus"] },
    ],
    filterableAttributes: [...INSTITUTION_FILTERABLE],
    // prominence: partner matching fetches topic candidates most prominent first (matching.server.ts).
    sortableAttributes: ["name", "established", "prominence"],
    // Meilisearch's rules with exactness before attribute — a word typed whole beats a longer word it
    // begins (KazNU: the short form KazNU before the acronym KazNUA) — then prominence
    // (institutionProminence), which orders equally good matches only.
    rankingRules: ["words", "typo", "proximity", "exactness", "attribute", "sort", "prominence:desc"],
    displayedAttributes: ["*"],
    faceting: { maxValuesPerFacet: 200, sortFacetValuesBy: { "*": "count" } },
    typoTolerance: {
      enabled: true,
      // Identifiers must match exactly: a typo in a ROR id or acronym is another organisation.
      disableOnAttributes: ["rorId", "shortNames", "folded.shortNames"],
      minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 },
    },
    pagination: { maxTotalHits: 5000 },
    synonyms: synonymSettings(),
  },
  async load(db, ids) {
    const numeric = numericIds(ids);
    if (numeric.length === 0) return [];
    const rows = await db.selectFrom("institutions").selectAll().where("id", "in", numeric).where("status", "=", "verified").execute();
    if (rows.length === 0) return [];
    const rowIds = rows.map((r) => r.id);
    const [names, profiles, prominence] = await Promise.all([
      db.selectFrom("institution_names").select(["institution_id", "name", "lang", "kind"]).where("institution_id", "in", rowIds).orderBy("id").execute(),
      getInstitutionTopicProfiles(db, rowIds),
      prominenceOf(db, rows),
    ]);
    // Grouped once: filtering the whole batch per row was quadratic in the batch size (2,000 in reindex).
    const namesOf = groupBy(names, (n) => n.institution_id);
    return rows.map((r) => {
      const all = namesOf.get(r.id) ?? [];
      const own = all.filter((n) => n.kind !== "short");
      const own_topics = profiles.get(r.id) ?? [];
      const commonName = universityWordOrder(r.name);
      const doc: InstitutionDoc = {
        id: r.id,
        name: r.name,
        altNames: [...new Set(own.map((n) => n.name))],
        labelsFa: own.filter((n) => LANG_GROUP.fa.includes(n.lang ?? "")).map((n) => n.name),
        labelsTr: own.filter((n) => LANG_GROUP.tr.includes(n.lang ?? "")).map((n) => n.name),
        labelsRu: own.filter((n) => LANG_GROUP.ru.includes(n.lang ?? "")).map((n) => n.name),
        labels: own.map((n) => ({ name: n.name, lang: n.lang })),
        acronyms: r.acronyms,
        shortNames: searchShortNames([...r.acronyms, ...all.filter((n) => n.kind === "short").map((n) => n.name)]),
        ...(commonName ? { commonName } : {}),
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
        topicNames: own_topics.map((t) => t.name),
        topicWeights: own_topics.map((t) => t.weight),
        subfieldIds: [...new Set(own_topics.map((t) => t.subfieldId))],
        parentId: r.parent_id,
        prominence: prominence.get(r.id) ?? 0,
      };
      return withGlossaryEnglish(withFolded(doc, INSTITUTION_FOLDED), INSTITUTION_FOLDED);
    });
  },
  async pageIds(db, after, limit) {
    let q = db.selectFrom("institutions").select("id").where("status", "=", "verified").orderBy("id").limit(limit);
    if (after !== null) q = q.where("id", ">", Number(after));
    return (await q.execute()).map((r) => String(r.id));
  },
};
