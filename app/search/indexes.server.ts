/**
 * Declared Meilisearch indexes: settings in code, and one mapper per index that
 * builds documents from PostgreSQL. A mapper returns only what may be public;
 * an id it does not return (deleted, pending, hidden) is deleted from the index.
 */
import type { Kysely } from "kysely";
import type { Settings } from "meilisearch";
import type { DB } from "~db/types";
import { selectExpertsWithAffiliation } from "~/features/experts/expert-query.server";
import { countryName } from "~/domain/member-states";
import { normalizeSearchText } from "~/search/normalize";
import type { IndexName } from "~/search/outbox.server";
import { getInstitutionTopicProfiles } from "~/features/matching/topic-profile.server";
import { searchShortNames, universityWordOrder } from "~/search/name-variants";
import { englishTermsIn } from "~/search/glossary";

/**
 * Synonyms safe in both directions: acronyms and their expansions as they
 * appear in the OpenAlex topic names and keywords (a test checks each
 * expansion occurs there). Ambiguous short forms (e.g. "AI" next to Persian
 * or Turkish words, "IS") are left out on purpose.
 */
export const SAFE_SYNONYM_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ["iot", "internet of things"],
  ["nlp", "natural language processing"],
  ["uav", "unmanned aerial vehicle"],
  ["gis", "geographic information systems"],
];

/**
 * Meilisearch `synonyms` setting of the topics, experts, institutions, calls
 * and projects indexes: SAFE_SYNONYM_PAIRS, both directions. The multilingual
 * glossary is not declared here but applied to the query text in our code
 * (glossary-query.ts says why: Meilisearch decodes the whole synonyms map for
 * every query word, ~2 ms each with the glossary's 6,016 terms).
 */
export function synonymSettings(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [a, b] of SAFE_SYNONYM_PAIRS) {
    (out[a] ??= []).push(b);
    (out[b] ??= []).push(a);
  }
  return out;
}

/**
 * Letter variants (normalize.ts) in every searchable text field: a document
 * carries, under `folded`, the folded copy of each such field that folding
 * changes (a string field: its folded value; a list: the folded values that
 * differ), and each field is followed in `searchableAttributes` by its copy
 * `folded.<field>`, so a match in the copy ranks as one in the field. The
 * fields themselves keep the text as typed (displayed and highlighted);
 * queries are folded by the same function (the search models), so both the
 * typed and the variant spelling find the document. Identifiers (ROR id,
 * reference code, e-mail) are not folded.
 */
export type FoldedCopies<F extends string> = Partial<Record<F, string | string[]>>;

/** The folded copies of `fields` of `doc` that folding changes; undefined when it changes none. */
export function foldedCopies<F extends string>(doc: Partial<Record<F, unknown>>, fields: readonly F[]): FoldedCopies<F> | undefined {
  const out: FoldedCopies<F> = {};
  let any = false;
  for (const f of fields) {
    const v = doc[f];
    if (typeof v === "string") {
      const folded = normalizeSearchText(v);
      if (folded !== v) [out[f], any] = [folded, true];
    } else if (Array.isArray(v)) {
      const folded = new Set<string>();
      for (const x of v) {
        const y = typeof x === "string" ? normalizeSearchText(x) : x;
        if (y !== x) folded.add(y);
      }
      if (folded.size) [out[f], any] = [[...folded], true];
    }
  }
  return any ? out : undefined;
}

/** `doc` with its folded copies (foldedCopies) under `folded` when there are any. */
function withFolded<Doc extends object, F extends keyof Doc & string>(doc: Doc, fields: readonly F[]): Doc & { folded?: FoldedCopies<F> } {
  const folded = foldedCopies(doc as Partial<Record<F, unknown>>, fields);
  return folded ? { ...doc, folded } : doc;
}

/**
 * Search-only field `glossaryEn` (institutions, calls, projects): the English
 * term (each concept's first, glossary.ts) of every subject term of the
 * region's other languages that `doc`'s `fields` name. A search naming only
 * subjects in those languages is sent in English (glossary-query.ts
 * searchQueryText, which replaced the glossary as Meilisearch synonyms), so a
 * call or description written in Persian or Russian carries the English terms
 * it names and the Persian query still finds it. Index time, not query time:
 * it costs the searches nothing.
 */
function withGlossaryEnglish<Doc extends object>(doc: Doc, fields: readonly string[]): Doc & { glossaryEn?: string[] } {
  const terms = new Set<string>();
  for (const f of fields) {
    const v = (doc as Record<string, unknown>)[f];
    for (const text of typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []) {
      // ASCII-only text (most documents, English) names no term of another language worth the
      // ~1.7 ms a 150-word text costs; Turkish, Azerbaijani and Uzbek text has ş, ğ, ı, ə, ʻ.
      if (!/[^\u0000-\u007F]/.test(text)) continue;
      for (const m of englishTermsIn(normalizeSearchText(text))) if (m.lang !== "en") terms.add(m.en[0]);
    }
  }
  return terms.size ? { ...doc, glossaryEn: [...terms] } : doc;
}

/** `attributes` in rank order, each of `foldable` followed by its copy `folded.<name>`. */
export function withFoldedAttributes(attributes: readonly string[], foldable: readonly string[]): string[] {
  return attributes.flatMap((a) => (foldable.includes(a) ? [a, `folded.${a}`] : [a]));
}

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
  /** Topic profile (declared + experts' topics, models/topic-profile.server.ts), heaviest first. */
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

/** What institutionProminence weighs, per institution. */
export interface ProminenceFacts {
  /** Registry signals from the ROR record, 0–16 (db/import.ts prominenceOf; 0 for registrations and thin GRID records). */
  registry: number;
  kind: string;
  /** On the project's curated list of flagship institutions (db/data/institution-native-names.json). */
  flagship: boolean;
  /** Whether it is a unit of another institution held here (parent_id set). */
  hasParent: boolean;
  /** Year founded, when known. */
  established: number | null;
  /** Expert profiles affiliated with it. */
  experts: number;
}

/**
 * Prominence of an institution in search, an integer ≥ 0 (README "Institution
 * search"). Meilisearch applies it as the last ranking rule, after every text
 * rule, so it only orders hits that match the query equally well (METU: Middle
 * East Technical University before another university whose acronyms include
 * METU). The sum of:
 * - registry signals 0–16 (Wikipedia 4, Wikidata 2, funder 1, ROR child units
 *   up to 8, active 1); being on the curated flagship list stands in for them
 *   at 8 where ROR has fewer (thin GRID records such as University of Tehran);
 * - kind: university 4, research centre 2, other 0;
 * - 4 when not a unit of another institution held here;
 * - age: 1 per 50 years since founding, at most 4 (unknown: 0);
 * - experts: ⌊log2(1 + affiliated expert profiles)⌋, at most 8.
 * A unit is further capped below its parent (institutionsIndex.load), so a
 * faculty or lab never comes before its own university on an equal match.
 */
export function institutionProminence(f: ProminenceFacts, year = new Date().getUTCFullYear()): number {
  const kind = f.kind === "university" ? 4 : f.kind === "research_centre" ? 2 : 0;
  const age = f.established && f.established <= year ? Math.min(4, Math.floor((year - f.established) / 50)) : 0;
  const experts = Math.min(8, Math.floor(Math.log2(1 + Math.max(0, f.experts))));
  return Math.max(f.registry, f.flagship ? 8 : 0) + kind + (f.hasParent ? 0 : 4) + age + experts;
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
  /**
   * Reference data that no user change feeds through the outbox (the topic
   * taxonomy): a missing live index is rebuilt whole at start-up rather than
   * created empty (index-version.server.ts outdatedIndexes).
   */
  rebuildWhenMissing?: boolean;
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

/**
 * institutionProminence of each of `rows`, a unit capped at its parent's
 * value minus one (the parent's own value is read here, not its document).
 */
async function prominenceOf(db: Kysely<DB>, rows: ReadonlyArray<{ id: number; parent_id: number | null }>): Promise<Map<number, number>> {
  const ids = [...new Set(rows.flatMap((r) => (r.parent_id === null ? [r.id] : [r.id, r.parent_id])))];
  const facts = await db
    .selectFrom("institutions as i")
    .select(["i.id", "i.kind", "i.prominence", "i.parent_id", "i.established"])
    .select((eb) => [
      eb
        .exists(eb.selectFrom("institution_names as n").select("n.id").whereRef("n.institution_id", "=", "i.id").where("n.source", "=", "curated"))
        .as("flagship"),
      eb.selectFrom("experts as e").select(eb.fn.countAll<string>().as("n")).whereRef("e.institution_id", "=", "i.id").as("experts"),
    ])
    .where("i.id", "in", ids)
    .execute();
  const value = new Map(
    facts.map((f) => [
      f.id,
      institutionProminence({
        registry: f.prominence,
        kind: f.kind,
        flagship: Boolean(f.flagship),
        hasParent: f.parent_id !== null,
        established: f.established,
        experts: Number(f.experts ?? 0),
      }),
    ]),
  );
  const out = new Map<number, number>();
  for (const r of rows) {
    const own = value.get(r.id) ?? 0;
    const parent = r.parent_id === null ? undefined : value.get(r.parent_id);
    out.set(r.id, parent === undefined ? own : Math.max(0, Math.min(own, parent - 1)));
  }
  return out;
}

/**
 * Document of the `experts` index. Built only from public profile fields: the
 * contact email is copied ONLY when its visibility is `public`; members-only
 * emails are read from PostgreSQL at page time for signed-in viewers, hidden
 * ones never leave PostgreSQL except to their owner.
 */
export interface ExpertDoc {
  id: number;
  fullName: string;
  nameVariants: string[];
  /** Folded copies of the fields in EXPERT_FOLDED that folding changes (foldedCopies). */
  folded?: FoldedCopies<(typeof EXPERT_FOLDED)[number]>;
  title: string | null;
  position: string | null;
  /** Affiliation, only while the institution is verified (pending ones are invisible to visitors). */
  institutionId: number | null;
  institutionName: string | null;
  institutionAcronyms: string[];
  /** Kind of the affiliated institution (partner matching filters by it); null without one. */
  institutionKind: string | null;
  /** Member state of the institution; null without a verified affiliation. */
  country: string | null;
  countryName: string | null;
  keywords: string[];
  topicIds: string[];
  topicNames: string[];
  subfieldIds: string[];
  openTo: string[];
  languages: string[];
  bio: string;
  orcid: string | null;
  /** Present only when contact visibility is `public`. */
  publicEmail?: string;
  isDemo: boolean;
  /** Seconds since the epoch, for "recently updated" sorting. */
  updatedAt: number;
}

/** Facet values Meilisearch returns per expert facet (institution is the only facet that can exceed it). */
export const EXPERT_FACET_VALUES = 100;

const EXPERT_FILTERABLE = ["country", "institutionId", "institutionKind", "topicIds", "subfieldIds", "openTo", "languages", "isDemo", "id"] as const;
const EXPERT_FOLDED = ["fullName", "nameVariants", "keywords", "topicNames", "institutionName", "institutionAcronyms", "position", "bio"] as const;

export const expertsIndex: IndexDefinition<ExpertDoc> = {
  name: "experts",
  filterable: EXPERT_FILTERABLE,
  settings: {
    // Ranked: a hit in a name outranks a keyword, a keyword a topic, and so on down to the bio.
    // publicEmail is last so a public address finds its owner; non-public addresses are never in a document.
    searchableAttributes: withFoldedAttributes(
      ["fullName", "nameVariants", "keywords", "topicNames", "institutionName", "institutionAcronyms", "position", "bio", "publicEmail"],
      EXPERT_FOLDED,
    ),
    filterableAttributes: [...EXPERT_FILTERABLE],
    sortableAttributes: ["fullName", "updatedAt"],
    // Word proximity per attribute, not per word distance: the bench (README "Performance") showed
    // proximity extraction over bios as the largest indexing cost; "byAttribute" still ranks a
    // query whose words fall in one attribute (a keyword, a name) above words scattered over several.
    proximityPrecision: "byAttribute",
    displayedAttributes: ["*"],
    // 100 values per facet: every country, subfield and openTo value fits; the institution facet
    // shows its top values by count (searchExperts says when it is cut). At 100k experts the
    // previous 1,000 institution values per search were named one by one from PostgreSQL and
    // shipped in every /experts page (the bench's /experts timeouts, README "Performance").
    faceting: { maxValuesPerFacet: EXPERT_FACET_VALUES, sortFacetValuesBy: { "*": "count" } },
    typoTolerance: {
      enabled: true,
      // An acronym or an address with a typo is somebody else's.
      disableOnAttributes: ["institutionAcronyms", "folded.institutionAcronyms", "publicEmail"],
      minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 },
    },
    // No localizedAttributes: names in one profile mix scripts (Latin, Cyrillic, Perso-Arabic) and
    // Meilisearch detects script and language by itself when no locale is set; forcing locales on
    // an attribute would mis-tokenise the Latin names that share it.
    pagination: { maxTotalHits: 5000 },
    synonyms: synonymSettings(),
  },
  async load(db, ids) {
    const numeric = ids.map(Number).filter((n) => Number.isInteger(n));
    if (numeric.length === 0) return [];
    const rows = await selectExpertsWithAffiliation(db)
      .where("e.id", "in", numeric)
      .execute();
    if (rows.length === 0) return [];
    const topics = await db
      .selectFrom("expert_topics")
      .innerJoin("topics", "topics.id", "expert_topics.topic_id")
      .select(["expert_topics.expert_id", "topics.id", "topics.name", "topics.subfield_id"])
      .where("expert_topics.expert_id", "in", rows.map((r) => r.id))
      .orderBy("topics.name")
      .execute();
    const topicsOf = groupBy(topics, (t) => t.expert_id);
    return rows.map((r) => {
      const own = topicsOf.get(r.id) ?? [];
      const doc: ExpertDoc = {
        id: r.id,
        fullName: r.full_name,
        nameVariants: r.name_variants,
        title: r.title,
        position: r.position,
        institutionId: r.institution_id,
        institutionName: r.institution_name,
        institutionAcronyms: r.institution_acronyms ?? [],
        institutionKind: r.institution_kind ?? null,
        country: r.country_code,
        countryName: r.country_code ? countryName(r.country_code) : null,
        keywords: r.keywords,
        topicIds: own.map((t) => t.id),
        topicNames: own.map((t) => t.name),
        subfieldIds: [...new Set(own.map((t) => t.subfield_id))],
        openTo: r.open_to,
        languages: r.languages,
        bio: r.bio,
        orcid: r.orcid,
        isDemo: r.is_demo,
        updatedAt: Math.floor(new Date(r.updated_at).getTime() / 1000),
      };
      // The only place an email may enter the index: public visibility, nothing else.
      if (r.contact_visibility === "public" && r.contact_email) doc.publicEmail = r.contact_email;
      return withFolded(doc, EXPERT_FOLDED);
    });
  },
  async pageIds(db, after, limit) {
    let q = db.selectFrom("experts").select("id").orderBy("id").limit(limit);
    if (after !== null) q = q.where("id", ">", Number(after));
    return (await q.execute()).map((r) => String(r.id));
  },
};

/** `items` grouped by `key`, each group in the original order. */
function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const t of items) {
    const k = key(t);
    const group = out.get(k);
    if (group) group.push(t);
    else out.set(k, [t]);
  }
  return out;
}

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
    const numeric = ids.map(Number).filter((n) => Number.isInteger(n));
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
      .where("ct.call_id", "in", rows.map((r) => r.id))
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

/** Document of the `projects` index: approved proposals only, with their partners and countries. */
export interface ProjectDoc {
  id: number;
  referenceCode: string | null;
  title: string;
  acronym: string | null;
  abstract: string;
  leadInstitutionId: number;
  leadName: string;
  institutionNames: string[];
  countries: string[];
  topicIds: string[];
  topicNames: string[];
  subfieldIds: string[];
  durationMonths: number | null;
  /** Seconds since the epoch. */
  decidedAt: number | null;
  isDemo: boolean;
  /** Folded copies of the fields in PROJECT_FOLDED that folding changes (foldedCopies). */
  folded?: FoldedCopies<(typeof PROJECT_FOLDED)[number]>;
}

// decidedAt: the approval-date filter of /projects (approvedFrom/approvedTo).
const PROJECT_FILTERABLE = ["countries", "topicIds", "subfieldIds", "leadInstitutionId", "isDemo", "id", "decidedAt"] as const;
const PROJECT_FOLDED = ["title", "acronym", "abstract", "topicNames", "institutionNames"] as const;

export const projectsIndex: IndexDefinition<ProjectDoc> = {
  name: "projects",
  filterable: PROJECT_FILTERABLE,
  settings: {
    searchableAttributes: withFoldedAttributes(["title", "acronym", "referenceCode", "abstract", "topicNames", "institutionNames", "glossaryEn"], PROJECT_FOLDED),
    filterableAttributes: [...PROJECT_FILTERABLE],
    sortableAttributes: ["decidedAt", "title"],
    displayedAttributes: ["*"],
    faceting: { maxValuesPerFacet: 500, sortFacetValuesBy: { "*": "count" } },
    typoTolerance: { enabled: true, disableOnAttributes: ["referenceCode", "acronym", "folded.acronym"] },
    pagination: { maxTotalHits: 5000 },
    synonyms: synonymSettings(),
  },
  async load(db, ids) {
    const numeric = ids.map(Number).filter((n) => Number.isInteger(n));
    if (numeric.length === 0) return [];
    const rows = await db
      .selectFrom("proposals as p")
      .innerJoin("institutions as i", "i.id", "p.lead_institution_id")
      .select(["p.id", "p.reference_code", "p.title", "p.acronym", "p.abstract", "p.lead_institution_id", "p.duration_months", "p.decided_at", "p.is_demo", "i.name", "i.country_code"])
      .where("p.id", "in", numeric)
      .where("p.status", "=", "approved")
      .execute();
    if (rows.length === 0) return [];
    const rowIds = rows.map((r) => r.id);
    const [partners, topics] = await Promise.all([
      db
        .selectFrom("proposal_partners as pp")
        .innerJoin("institutions as i", "i.id", "pp.institution_id")
        .select(["pp.proposal_id", "i.name", "i.country_code"])
        .where("pp.proposal_id", "in", rowIds)
        .where("pp.status", "=", "accepted")
        .execute(),
      db
        .selectFrom("proposal_topics as pt")
        .innerJoin("topics as t", "t.id", "pt.topic_id")
        .select(["pt.proposal_id", "t.id", "t.name", "t.subfield_id"])
        .where("pt.proposal_id", "in", rowIds)
        .execute(),
    ]);
    return rows.map((r) => {
      const ps = partners.filter((p) => p.proposal_id === r.id);
      const ts = topics.filter((t) => t.proposal_id === r.id);
      const doc: ProjectDoc = {
        id: r.id,
        referenceCode: r.reference_code,
        title: r.title,
        acronym: r.acronym,
        abstract: r.abstract,
        leadInstitutionId: r.lead_institution_id,
        leadName: r.name,
        institutionNames: [r.name, ...ps.map((p) => p.name)],
        countries: [...new Set([r.country_code, ...ps.map((p) => p.country_code)])],
        topicIds: ts.map((t) => t.id),
        topicNames: ts.map((t) => t.name),
        subfieldIds: [...new Set(ts.map((t) => t.subfield_id))],
        durationMonths: r.duration_months,
        decidedAt: r.decided_at ? Math.floor(new Date(r.decided_at).getTime() / 1000) : null,
        isDemo: r.is_demo,
      };
      return withGlossaryEnglish(withFolded(doc, PROJECT_FOLDED), PROJECT_FOLDED);
    });
  },
  async pageIds(db, after, limit) {
    let q = db.selectFrom("proposals").select("id").where("status", "=", "approved").orderBy("id").limit(limit);
    if (after !== null) q = q.where("id", ">", Number(after));
    return (await q.execute()).map((r) => String(r.id));
  },
};

/**
 * Document of the `topics` index: one OpenAlex topic of the taxonomy (645,
 * from the `topics` table, db/import.ts), searched to recognise topics in free
 * text (search/topic-recognition.server.ts) and by the topic picker.
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
  "a", "an", "and", "as", "at", "based", "by", "during", "for", "from", "in", "into", "its", "of", "on", "or", "over",
  "the", "their", "to", "under", "using", "via", "with", "within",
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
    return rows.map((r) => ({ id: r.id, name: r.name, keywords: r.keywords, description: r.description, subfieldId: r.subfield_id, subfield: r.subfield, field: r.field }));
  },
  async pageIds(db, after, limit) {
    let q = db.selectFrom("topics").select("id").orderBy("id").limit(limit);
    if (after !== null) q = q.where("id", ">", after);
    return (await q.execute()).map((r) => r.id);
  },
};

/** Every declared index, by logical name. */
export const INDEXES: Partial<Record<IndexName, IndexDefinition<any>>> = {
  institutions: institutionsIndex,
  experts: expertsIndex,
  calls: callsIndex,
  projects: projectsIndex,
  topics: topicsIndex,
};
