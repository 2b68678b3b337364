/**
 * Expert search (/experts, /api/v1/experts) through Meilisearch: the query
 * normalised and glossary-rendered, filters escaped, disjunctive facet counts
 * with labels from PostgreSQL, names highlighted. Hits carry public emails
 * only (see expert-contact.server.ts).
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { ECO_MEMBER_STATES } from "~/domain/member-states";
import { getMeili, indexUid } from "~/search/client.server";
import { buildFilter } from "~/search/filter";
import { EXPERT_FACET_VALUES, expertsIndex, type ExpertDoc } from "~/search/indexes/experts.server";
import { searchQueryText } from "~/search/glossary-query";
import { contentWords, searchHighlight } from "~/features/matching/text-match";
import { HL_POST, HL_PRE } from "~/utils/highlight";
import { OPEN_TO, type OpenTo } from "~/domain/expert-vocabulary";
import { PER_PAGE } from "~/utils/search-params";
import { type ExpertSearchParams } from "~/features/experts/expert-search-params";

export interface ExpertHit {
  id: number;
  fullName: string;
  nameVariants: string[];
  /** Full name with matches between HL_PRE and HL_POST (components/highlight.tsx). */
  highlightedName: string;
  /** Name variants that matched the query, highlighted the same way. */
  matchedVariants: string[];
  title: string | null;
  position: string | null;
  institution: { id: number; name: string; country: string } | null;
  country: string | null;
  countryName: string | null;
  topics: Array<{ id: string; name: string }>;
  openTo: OpenTo[];
  /** The contact email when it is public, else absent (lists never carry other addresses). */
  email?: string;
  isDemo: boolean;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface ExpertSearchResult {
  hits: ExpertHit[];
  total: number;
  page: number;
  perPage: number;
  totalPages: number;
  /**
   * Disjunctive facet counts (each facet counted with every filter but its
   * own), largest first, with readable labels. Country and openTo list every
   * value (zero counts included); institution and subfield list values with hits.
   */
  facets: { country: FacetValue[]; institution: FacetValue[]; subfield: FacetValue[]; openTo: FacetValue[] };
  /**
   * True when more institutions have hits than the facet lists: it then holds the
   * EXPERT_FACET_VALUES institutions with most hits (plus selected ones).
   */
  institutionFacetTruncated: boolean;
  /** The topics of the `topic` filter with their names (unknown ids are left out). */
  selectedTopics: Array<{ id: string; name: string }>;
  processingTimeMs: number;
}

const byCount = (a: FacetValue, b: FacetValue) => b.count - a.count || a.label.localeCompare(b.label);

/**
 * Searches expert profiles. Query text is normalised the way documents are and
 * rendered in English when it names subjects in another language (glossary-query.ts);
 * filters go through the escaping helper. Facet labels (institution and
 * subfield names) come from PostgreSQL. Hits carry public emails only,
 * whoever asks: a members-only address is shown on its profile page alone,
 * within the viewer's hourly quota, so a list cannot harvest them in bulk.
 * @throws when Meilisearch is unreachable (pages show the error boundary).
 */
export async function searchExperts(db: Kysely<DB>, p: ExpertSearchParams, perPage = PER_PAGE): Promise<ExpertSearchResult> {
  const uid = indexUid("experts");
  const q = searchQueryText(p.q);
  const selected = {
    country: p.country,
    institutionId: p.institution,
    subfieldIds: p.subfield,
    topicIds: p.topic,
    openTo: p.openTo,
  };
  const without = (attr: keyof typeof selected) => buildFilter({ ...selected, [attr]: undefined }, expertsIndex.filterable);
  // Disjunctive facets: a facet is counted with every filter but its own. For a facet with no
  // value selected that is the main query's own filter, so those facets ride on the main query;
  // only facets with a selection need a query of their own (the bench showed five queries per
  // search, most of them repeating the main one).
  const facetAttrs = ["country", "institutionId", "subfieldIds", "openTo"] as const;
  const active = facetAttrs.filter((a) => (selected[a] as unknown[]).length > 0);
  const passive = facetAttrs.filter((a) => !active.includes(a));
  const res = await getMeili().multiSearch({
    queries: [
      {
        indexUid: uid,
        q,
        filter: buildFilter(selected, expertsIndex.filterable),
        page: p.page,
        hitsPerPage: perPage,
        facets: [...passive],
        attributesToHighlight: ["fullName", "nameVariants"],
        highlightPreTag: HL_PRE,
        highlightPostTag: HL_POST,
        attributesToRetrieve: [
          "id",
          "fullName",
          "nameVariants",
          "title",
          "position",
          "institutionId",
          "institutionName",
          "country",
          "countryName",
          "topicIds",
          "topicNames",
          "openTo",
          "publicEmail",
          "isDemo",
        ],
        sort: q ? undefined : ["fullName:asc"],
      },
      ...active.map((a) => ({ indexUid: uid, q, filter: without(a), facets: [a], limit: 0 })),
      // Selected institutions counted on their own: the facet lists the EXPERT_FACET_VALUES busiest,
      // and a ticked one outside them must still show its real count.
      ...(p.institution.length
        ? [
            {
              indexUid: uid,
              q,
              filter: [...without("institutionId"), ...buildFilter({ institutionId: p.institution }, expertsIndex.filterable)],
              facets: ["institutionId"],
              limit: 0,
            },
          ]
        : []),
    ],
  });
  const [main, ...rest] = res.results as any[];
  const own = rest.slice(0, active.length);
  const selectedInstitutionCounts: Record<string, number> = p.institution.length ? (rest[active.length]?.facetDistribution?.institutionId ?? {}) : {};
  const distribution = (attr: (typeof facetAttrs)[number]): Record<string, number> => {
    const k = active.indexOf(attr);
    return (k >= 0 ? own[k] : main).facetDistribution?.[attr] ?? {};
  };
  const countryCounts = distribution("country");
  const institutionCounts = { ...selectedInstitutionCounts, ...distribution("institutionId") };
  const subfieldCounts = distribution("subfieldIds");
  const openToCounts = distribution("openTo");

  // Selected values stay listed even when they have no hits, so they can be unticked.
  const institutionIds = [...new Set([...Object.keys(institutionCounts).map(Number), ...p.institution])];
  const subfieldIds = [...new Set([...Object.keys(subfieldCounts), ...p.subfield])];
  const docs = main.hits as Array<Partial<ExpertDoc> & { id: number; _formatted?: Record<string, any> }>;
  const [institutionNames, subfieldNames, selectedTopics] = await Promise.all([
    institutionIds.length ? db.selectFrom("institutions").select(["id", "name"]).where("id", "in", institutionIds).execute() : Promise.resolve([]),
    subfieldIds.length
      ? db.selectFrom("topics").select(["subfield_id", "subfield"]).distinct().where("subfield_id", "in", subfieldIds).execute()
      : Promise.resolve([]),
    p.topic.length ? db.selectFrom("topics").select(["id", "name"]).where("id", "in", p.topic).orderBy("name").execute() : Promise.resolve([]),
  ]);
  const instName = new Map(institutionNames.map((r) => [String(r.id), r.name]));
  const subName = new Map(subfieldNames.map((r) => [r.subfield_id, r.subfield]));

  const words = contentWords(q);
  const hits: ExpertHit[] = docs.map((d) => {
    const formattedVariants: string[] = d._formatted?.nameVariants ?? [];
    const variants = (d.nameVariants ?? []).map((v, i) => searchHighlight(v, formattedVariants[i], words));
    const email = d.publicEmail;
    const hit: ExpertHit = {
      id: d.id,
      fullName: d.fullName ?? "",
      nameVariants: d.nameVariants ?? [],
      highlightedName: searchHighlight(d.fullName ?? "", d._formatted?.fullName, words),
      matchedVariants: variants.filter((v) => v.includes(HL_PRE)),
      title: d.title ?? null,
      position: d.position ?? null,
      institution: d.institutionId != null && d.institutionName && d.country ? { id: d.institutionId, name: d.institutionName, country: d.country } : null,
      country: d.country ?? null,
      countryName: d.countryName ?? null,
      topics: (d.topicIds ?? []).map((id, i) => ({ id, name: d.topicNames?.[i] ?? id })),
      openTo: (d.openTo ?? []) as OpenTo[],
      isDemo: d.isDemo ?? false,
    };
    if (email) hit.email = email;
    return hit;
  });

  return {
    hits,
    total: main.totalHits ?? 0,
    page: main.page ?? p.page,
    perPage,
    totalPages: main.totalPages ?? 0,
    facets: {
      country: ECO_MEMBER_STATES.map((c) => ({ value: c.code, label: c.name, count: countryCounts[c.code] ?? 0 })),
      institution: institutionIds
        .map((id) => ({ value: String(id), label: instName.get(String(id)) ?? `Institution ${id}`, count: institutionCounts[String(id)] ?? 0 }))
        .sort(byCount),
      subfield: subfieldIds.map((id) => ({ value: id, label: subName.get(id) ?? id, count: subfieldCounts[id] ?? 0 })).sort(byCount),
      // Labelled by the page in the viewer's language (experts:openTo.<code>).
      openTo: OPEN_TO.map((o) => ({ value: o, label: o, count: openToCounts[o] ?? 0 })),
    },
    institutionFacetTruncated: Object.keys(distribution("institutionId")).length >= EXPERT_FACET_VALUES,
    selectedTopics,
    processingTimeMs: main.processingTimeMs ?? 0,
  };
}
