/**
 * Public projects (approved proposals): search over the projects index.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/types";
import { getMeili, indexUid } from "../search/client.server";
import { buildAllOf, buildFilter } from "../search/filter";
import { projectsIndex, type ProjectDoc } from "../search/indexes.server";
import { normalizeSearchText } from "../search/normalize";
import { HL_POST, HL_PRE } from "../components/highlight";

/**
 * Searches approved projects, newest decision first when there is no query;
 * facet by member state. `country`: the consortium includes any of these
 * states; `with`: it includes every one of them. The member-state facet is
 * counted with `with` applied but not `country` (its own filter).
 */
export async function searchProjects(_db: Kysely<DB>, p: { q: string; country: string[]; with: string[]; page: number }, perPage = 20) {
  const uid = indexUid("projects");
  const q = normalizeSearchText(p.q);
  const withAll = buildAllOf("countries", p.with, projectsIndex.filterable);
  const res = await getMeili().multiSearch({
    queries: [
      {
        indexUid: uid,
        q,
        filter: [...buildFilter({ countries: p.country }, projectsIndex.filterable), ...withAll],
        page: p.page,
        hitsPerPage: perPage,
        sort: q ? undefined : ["decidedAt:desc"],
        attributesToHighlight: ["title", "abstract"],
        attributesToCrop: ["abstract"],
        cropLength: 40,
        highlightPreTag: HL_PRE,
        highlightPostTag: HL_POST,
      },
      { indexUid: uid, q, filter: withAll, facets: ["countries"], limit: 0 },
    ],
  });
  const [main, facets] = res.results as any[];
  return {
    hits: (main.hits as Array<ProjectDoc & { _formatted?: any }>).map((h) => ({ ...h, highlightedTitle: h._formatted?.title ?? h.title, highlightedAbstract: h._formatted?.abstract ?? h.abstract })),
    total: main.totalHits as number,
    page: main.page as number,
    totalPages: main.totalPages as number,
    countries: Object.entries((facets.facetDistribution?.countries ?? {}) as Record<string, number>).map(([value, count]) => ({ value, count })),
  };
}
