/**
 * GET /api/v1/calls?q=&kind=&subfield=&country=&status=&page=
 * → { hits: [{ id, title, summary, kind, status, institution: { id, name, country }, topics, eligibleCountries, deadline (ISO 8601 UTC), deadlineZone, url }], total, page, totalPages }
 * Open calls unless `status` says otherwise. 400 { error, issues } for invalid parameters
 * (messages in English, whatever the request's language).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { badRequestJson } from "~/utils/http.server";
import { parseSearchParams } from "~/utils/search-params";
import { CALL_LIST_PARAMS, callSearchSchema } from "~/features/calls/call-search-params";
import { searchCalls } from "~/features/calls/call.server";

export const querySchema = callSearchSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseSearchParams(querySchema, new URL(request.url).searchParams, CALL_LIST_PARAMS, { strict: true });
  if (!parsed.ok) return badRequestJson(parsed.issues);
  const r = await searchCalls(getDb(), parsed.value);
  return Response.json({
    hits: r.hits.map((h: any) => ({
      id: h.id,
      title: h.title,
      summary: h.summary,
      kind: h.kind,
      status: h.status,
      institution: { id: h.institutionId, name: h.institutionName, country: h.country },
      topics: (h.topicIds as string[]).map((id, i) => ({ id, name: h.topicNames[i] })),
      eligibleCountries: h.eligibleCountries,
      deadline: new Date(h.deadline * 1000).toISOString(),
      deadlineZone: h.deadlineZone,
      url: `/calls/${h.id}`,
    })),
    total: r.total,
    page: r.page,
    totalPages: r.totalPages,
  });
}
