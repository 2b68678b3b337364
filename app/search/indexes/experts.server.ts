/**
 * The `experts` index: expert profiles with their verified affiliation and
 * topics (documents from PostgreSQL: experts, institutions, expert_topics).
 */
import { countryName } from "~/domain/member-states";
import { selectExpertsWithAffiliation } from "~/features/experts/expert-query.server";
import { type FoldedCopies, groupBy, withFolded } from "~/search/document-fields";
import { type IndexDefinition, numericIds, synonymSettings, withFoldedAttributes } from "~/search/index-definition";

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
    // Word proximity per attribute, not per word distance: the bench (docs/performance.md) showed
    // proximity extraction over bios as the largest indexing cost; "byAttribute" still ranks a
    // query whose words fall in one attribute (a keyword, a name) above words scattered over several.
    proximityPrecision: "byAttribute",
    displayedAttributes: ["*"],
    // 100 values per facet: every country, subfield and openTo value fits; the institution facet
    // shows its top values by count (searchExperts says when it is cut). At 100k experts the
    // previous 1,000 institution values per search were named one by one from PostgreSQL and
    // shipped in every /experts page (the bench's /experts timeouts, docs/performance.md).
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
    const numeric = numericIds(ids);
    if (numeric.length === 0) return [];
    const rows = await selectExpertsWithAffiliation(db).where("e.id", "in", numeric).execute();
    if (rows.length === 0) return [];
    const topics = await db
      .selectFrom("expert_topics")
      .innerJoin("topics", "topics.id", "expert_topics.topic_id")
      .select(["expert_topics.expert_id", "topics.id", "topics.name", "topics.subfield_id"])
      .where(
        "expert_topics.expert_id",
        "in",
        rows.map((r) => r.id),
      )
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
