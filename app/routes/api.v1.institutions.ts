/**
 * GET /api/v1/institutions?q=&country=&kind=&page=
 * → { hits: [{ id, name, country, countryName, kind, rorId, city, acronyms, labels, established, url }], total, page, perPage, totalPages, facets }
 * 400 { error, issues } for invalid parameters.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchInstitutions } from "~/features/institutions/institution.server";
import { badRequestJson } from "~/utils/http.server";
import { parseSearchParams } from "~/utils/search-params";
import { institutionSearchSchema } from "~/features/institutions/institution-search-params";

export const querySchema = institutionSearchSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseSearchParams(querySchema, url.searchParams, ["country", "kind"], { strict: true });
  if (!parsed.ok) return badRequestJson(parsed.issues);
  const r = await searchInstitutions(parsed.value);
  return Response.json({
    hits: r.hits.map((h) => ({
      id: h.id,
      name: h.name,
      country: h.country,
      countryName: h.countryName,
      kind: h.kind,
      rorId: h.rorId,
      city: h.city,
      acronyms: h.acronyms,
      labels: h.labels,
      established: h.established,
      url: `/institutions/${h.id}`,
    })),
    total: r.total,
    page: r.page,
    perPage: r.perPage,
    totalPages: r.totalPages,
    facets: r.facets,
  });
}
