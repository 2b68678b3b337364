/**
 * The `projects` index: approved proposals with their accepted partners,
 * countries and topics (documents from PostgreSQL: proposals, institutions,
 * proposal_partners, proposal_topics).
 */
import { type FoldedCopies, withFolded, withGlossaryEnglish } from "~/search/document-fields";
import { type IndexDefinition, numericIds, synonymSettings, withFoldedAttributes } from "~/search/index-definition";

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
    searchableAttributes: withFoldedAttributes(
      ["title", "acronym", "referenceCode", "abstract", "topicNames", "institutionNames", "glossaryEn"],
      PROJECT_FOLDED,
    ),
    filterableAttributes: [...PROJECT_FILTERABLE],
    sortableAttributes: ["decidedAt", "title"],
    displayedAttributes: ["*"],
    faceting: { maxValuesPerFacet: 500, sortFacetValuesBy: { "*": "count" } },
    typoTolerance: { enabled: true, disableOnAttributes: ["referenceCode", "acronym", "folded.acronym"] },
    pagination: { maxTotalHits: 5000 },
    synonyms: synonymSettings(),
  },
  async load(db, ids) {
    const numeric = numericIds(ids);
    if (numeric.length === 0) return [];
    const rows = await db
      .selectFrom("proposals as p")
      .innerJoin("institutions as i", "i.id", "p.lead_institution_id")
      .select([
        "p.id",
        "p.reference_code",
        "p.title",
        "p.acronym",
        "p.abstract",
        "p.lead_institution_id",
        "p.duration_months",
        "p.decided_at",
        "p.is_demo",
        "i.name",
        "i.country_code",
      ])
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
