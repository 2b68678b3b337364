/**
 * GET /api/v1/experts?q=&country=&institution=&subfield=&topic=&openTo=&page=
 * → { hits: [{ id, fullName, nameVariants, title, position, institution: { id, name, country } | null,
 *              country, topics: [{ id, name }], openTo, email?, url }], total, page, perPage, totalPages }
 * `email` is present only when the expert made it public: the API never
 * returns members-only addresses, even to a signed-in caller, so it cannot be
 * used to harvest them in bulk.
 * 400 { error, issues: [{ param, message }] } for invalid parameters.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchExperts } from "~/features/experts/expert-search.server";
import { getDb } from "~/utils/db.server";
import { badRequestJson } from "~/utils/http.server";
import { parseSearchParams } from "~/utils/search-params";
import { EXPERT_LIST_PARAMS, expertSearchSchema } from "~/features/experts/expert-search-params";

export const querySchema = expertSearchSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseSearchParams(querySchema, url.searchParams, EXPERT_LIST_PARAMS, { strict: true });
  if (!parsed.ok) return badRequestJson(parsed.issues);
  const r = await searchExperts(getDb(), parsed.value);
  return Response.json({
    hits: r.hits.map((h) => ({
      id: h.id,
      fullName: h.fullName,
      nameVariants: h.nameVariants,
      title: h.title,
      position: h.position,
      institution: h.institution,
      country: h.country,
      topics: h.topics,
      openTo: h.openTo,
      ...(h.email ? { email: h.email } : {}),
      url: `/experts/${h.id}`,
    })),
    total: r.total,
    page: r.page,
    perPage: r.perPage,
    totalPages: r.totalPages,
  });
}
