/**
 * GET /api/v1/reports?from=YYYY-MM-DD&to=YYYY-MM-DD&country=TR&country=IR
 * → PublicReportFigures (app/domain/report-figures.ts): { version, period: { from, to },
 *   countries, states: { TR: StateFigures, … }, total, trend: [{ quarter, start, counts }],
 *   collaboration: { states, counts }, fields: [{ fieldId, count, subfields }] }.
 * Public: approved projects only, no proposal figures. Codes and numbers only.
 * 400 { error, issues: [{ param, message }] } for bad or unknown parameters.
 * Caching: ETag = hash of the body (the figures come from PostgreSQL, not through the search
 * data version) and `public, max-age=30`; a matching If-None-Match answers 304 (http-caching.server.ts).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { badRequestJson } from "~/utils/http.server";
import { publicJsonAnswer } from "~/utils/http-caching.server";
import { parseReportParams } from "~/features/reports/report-params";
import { getReportFigures } from "~/features/reports/reports.server";
import { publicFigures } from "~/domain/report-figures";
import { reportParamsSchema } from "~/features/reports/report-params";

/** The query this route reads (parsed by parseReportParams). */
export const querySchema = reportParamsSchema();

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseReportParams(new URL(request.url).searchParams, { strict: true });
  if (!parsed.ok) return badRequestJson(parsed.issues);
  return publicJsonAnswer(request, publicFigures(await getReportFigures(getDb(), parsed.value)));
}
