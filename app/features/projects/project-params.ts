/**
 * Query parameters of /projects and /api/v1/projects. `country` (repeatable):
 * projects whose consortium includes ANY of the member states; `with`
 * (repeatable): projects whose consortium includes EVERY listed member state
 * (the collaboration matrix of /reports links a pair as with=IR&with=TR);
 * `approvedFrom` / `approvedTo` (YYYY-MM-DD, inclusive, UTC days, like the
 * report period): projects approved within those days, so a matrix cell's
 * link lists exactly the projects its number counts. Messages are catalogue
 * keys (`projects:query.*`): English in the API, the viewer's language on the page.
 */
import { z } from "zod";
import { MEMBER_STATE_CODES } from "~/domain/member-states";
import { MAX_PAGE, pageParam, queryText } from "~/utils/search-params";
import { text } from "~/utils/input";
import { msg } from "~/i18n/message";
import { daySchema, periodBounds } from "~/features/reports/report-params";
import { parseSearchParams, type ParseResult } from "~/utils/search-params";

export const PROJECT_LIST_PARAMS = ["country", "with"] as const;
const memberState = text()
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => MEMBER_STATE_CODES.includes(s), msg("projects:query.country"));
export const projectSearchSchema = z.object({
  q: queryText,
  country: z.array(memberState).max(10).default([]),
  with: z.array(memberState).max(10).default([]),
  approvedFrom: daySchema.optional(),
  approvedTo: daySchema.optional(),
  page: pageParam(MAX_PAGE),
});

export type ProjectSearchParams = z.output<typeof projectSearchSchema>;

/**
 * Reads the query of /projects or /api/v1/projects (`strict`: unknown
 * parameters refused, for the API): the schema, then approvedFrom ≤ approvedTo.
 */
export function parseProjectParams(params: URLSearchParams, opts: { strict?: boolean } = {}): ParseResult<ProjectSearchParams> {
  const parsed = parseSearchParams(projectSearchSchema, params, PROJECT_LIST_PARAMS, opts);
  if (parsed.ok && parsed.value.approvedFrom && parsed.value.approvedTo && parsed.value.approvedFrom > parsed.value.approvedTo) {
    return { ok: false, issues: [{ param: "approvedTo", message: msg("projects:query.approvedOrder", { from: parsed.value.approvedFrom }) }] };
  }
  return parsed;
}

/**
 * The approval-date range of `p` as [start, end) instants in seconds since the
 * epoch (ProjectDoc.decidedAt's unit); an open end is null.
 */
export function approvalRange(p: { approvedFrom?: string; approvedTo?: string }): { gte: number | null; lt: number | null } {
  const sec = (d: Date) => Math.floor(d.getTime() / 1000);
  return {
    gte: p.approvedFrom ? sec(periodBounds({ from: p.approvedFrom, to: p.approvedFrom }).start) : null,
    lt: p.approvedTo ? sec(periodBounds({ from: p.approvedTo, to: p.approvedTo }).end) : null,
  };
}

/** Query pairs of /projects for projects approved in the report period `from`…`to` (the collaboration matrix's links). */
export function approvedInPeriod(period: { from: string; to: string }): Array<[string, string]> {
  return [
    ["approvedFrom", period.from],
    ["approvedTo", period.to],
  ];
}
