/**
 * Public projects (approved proposals): search over the projects index.
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { getMeili, indexUid } from "~/search/client.server";
import { buildAllOf, buildFilter, buildRange } from "~/search/filter";
import { approvalRange } from "~/features/projects/project-params";
import { projectsIndex, type ProjectDoc } from "~/search/indexes/projects.server";
import { searchQueryText } from "~/search/glossary-query";
import { HL_POST, HL_PRE } from "~/components/highlight";
import { contentWords, searchHighlight } from "~/features/matching/text-match";

/** Words a project's abstract is cut to around its first match in search results. */
const CROP_WORDS = 40;

/**
 * Searches approved projects, newest decision first when there is no query;
 * facet by member state. `country`: the consortium includes any of these
 * states; `with`: it includes every one of them. The member-state facet is
 * counted with `with` and the approval dates applied but not `country` (its own filter).
 * `approvedFrom`/`approvedTo`: approved on those UTC days or between them (inclusive).
 */
export async function searchProjects(
  _db: Kysely<DB>,
  p: { q: string; country: string[]; with: string[]; page: number; approvedFrom?: string; approvedTo?: string },
  perPage = 20,
) {
  const uid = indexUid("projects");
  const q = searchQueryText(p.q);
  const withAll = [...buildAllOf("countries", p.with, projectsIndex.filterable), ...buildRange("decidedAt", approvalRange(p), projectsIndex.filterable)];
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
        cropLength: CROP_WORDS,
        highlightPreTag: HL_PRE,
        highlightPostTag: HL_POST,
      },
      { indexUid: uid, q, filter: withAll, facets: ["countries"], limit: 0 },
    ],
  });
  const [main, facets] = res.results as any[];
  const words = contentWords(q);
  return {
    // `folded` copies are for search only (indexes.server.ts): not shown, not sent to the page.
    hits: (main.hits as Array<ProjectDoc & { _formatted?: any }>).map(({ folded: _folded, _formatted, ...h }) => ({
      ...h,
      highlightedTitle: searchHighlight(h.title, _formatted?.title, words),
      highlightedAbstract: searchHighlight(h.abstract, _formatted?.abstract, words, CROP_WORDS),
    })),
    total: main.totalHits as number,
    page: main.page as number,
    totalPages: main.totalPages as number,
    countries: Object.entries((facets.facetDistribution?.countries ?? {}) as Record<string, number>).map(([value, count]) => ({ value, count })),
  };
}
