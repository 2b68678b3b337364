/**
 * Query parameters of the progress-report pages and APIs (/reports,
 * /secretariat/reports, /api/v1/reports, /reports.csv):
 * `from`, `to` (YYYY-MM-DD calendar dates, inclusive, UTC days; default the
 * last 12 months ending today) and `country` (repeatable and/or
 * comma-separated member-state codes; none = all ten).
 * Pure (no server imports), so forms can reuse the limits.
 */
import { z } from "zod";
import { text } from "~/utils/input";
import { MEMBER_STATE_CODES, type MemberStateCode } from "~/domain/member-states";
import type { ReportParams } from "~/domain/report-figures";
import { parseSearchParams, type ParseResult } from "~/utils/search-params";
import { msg } from "~/i18n/message";

/** Earliest date a report may start on (the network did not exist before). */
export const REPORT_MIN_DATE = "2000-01-01";
/** Latest date a report may end on. */
export const REPORT_MAX_DATE = "2099-12-31";
/** Longest period, in calendar years: `to` ≤ `from` + REPORT_MAX_YEARS years − 1 day (the trend then has at most 41 quarters). */
export const REPORT_MAX_YEARS = 10;

/**
 * The last day a period starting on `from` may end on: `from` plus
 * REPORT_MAX_YEARS calendar years, minus one day (2000-01-01 → 2009-12-31;
 * 29 February → 28 February ten years on).
 */
export function lastDayAllowed(from: string): string {
  const [y, m, d] = from.split("-").map(Number);
  // Date.UTC rolls 29 Feb of a non-leap year over to 1 Mar; the day before is then 28 Feb.
  return isoDay(new Date(Date.UTC(y + REPORT_MAX_YEARS, m - 1, d) - DAY_MS));
}
export const REPORT_LIST_PARAMS = ["country"] as const;

const DAY_MS = 86_400_000;

/** `d` as YYYY-MM-DD (its UTC calendar day). */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The instant a YYYY-MM-DD day starts (00:00 UTC). */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/**
 * The half-open instant range [start, end) of an inclusive day period:
 * start = `from` at 00:00 UTC, end = the day after `to` at 00:00 UTC.
 */
export function periodBounds(p: { from: string; to: string }): { start: Date; end: Date } {
  return { start: dayStart(p.from), end: new Date(dayStart(p.to).getTime() + DAY_MS) };
}

/** The default period: the last 12 months ending `now`'s UTC day (e.g. 2025-03-15 … 2026-03-14). */
export function defaultPeriod(now: Date): { from: string; to: string } {
  const to = isoDay(now);
  const y = now.getUTCFullYear() - 1;
  const m = now.getUTCMonth();
  // A year back, then the next day; clamp 29 February to the 28th of a non-leap year.
  const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const back = new Date(Date.UTC(y, m, Math.min(now.getUTCDate(), lastOfMonth)));
  return { from: isoDay(new Date(back.getTime() + DAY_MS)), to };
}

/**
 * A YYYY-MM-DD calendar date (UTC day) within REPORT_MIN_DATE…REPORT_MAX_DATE;
 * one issue per bad value (the first rule it breaks). Shared by the report
 * period and the approval-date filter of /projects (same calendar-date semantics).
 */
export const daySchema = text().superRefine((s, ctx) => {
  const fail = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return fail(msg("common:params.dateFormat"));
  const d = dayStart(s);
  if (Number.isNaN(d.getTime()) || isoDay(d) !== s) return fail(msg("common:params.notCalendarDate"));
  if (s < REPORT_MIN_DATE || s > REPORT_MAX_DATE) return fail(msg("common:params.dateBetween", { min: REPORT_MIN_DATE, max: REPORT_MAX_DATE }));
});

/**
 * Zod schema of the report parameters, defaults taken from `now` (the server clock).
 * Cross-field rules (from ≤ to, length) are checked by `parseReportParams`.
 */
export function reportParamsSchema(now: Date = new Date()) {
  const d = defaultPeriod(now);
  return z.object({
    from: daySchema.default(d.from),
    to: daySchema.default(d.to),
    country: z
      .array(
        text()
          .transform((s) => s.trim().toUpperCase())
          .refine((s) => MEMBER_STATE_CODES.includes(s), {
            message: msg("reports:params.notMemberState", { codes: MEMBER_STATE_CODES.join(", ") }),
          }),
      )
      .max(10, msg("reports:params.tooManyStates", { max: 10 }))
      .default([]),
  });
}

/**
 * Reads report parameters from a query string (repeated or comma-separated
 * `country`; empty values are absent). Issue messages are catalogue keys
 * (reports:params.*; the date ones of daySchema, shared with /projects, common:params.*), turned into text where shown: the pages in the
 * viewer's language, the APIs in English (badRequestJson in app/utils/http.server.ts). Issues name their parameter, like the
 * search pages: `{ ok: false, issues: [{ param: "to", message }] }` for a bad
 * date, `to` before `from`, a period longer than ten calendar years (lastDayAllowed), or an
 * unknown parameter with `strict` (the APIs).
 * A period given by one end only: `from` alone runs to today; `to` alone
 * means the 12 months ending on `to` when that is before the default `from`.
 * Countries come back upper-case, unique, in MEMBER_STATE_CODES order.
 */
export function parseReportParams(params: URLSearchParams, opts: { now?: Date; strict?: boolean } = {}): ParseResult<ReportParams> {
  const now = opts.now ?? new Date();
  const parsed = parseSearchParams(reportParamsSchema(now), params, REPORT_LIST_PARAMS, { strict: opts.strict });
  if (!parsed.ok) return parsed;
  let { from, to } = parsed.value;
  const hasFrom = Boolean(params.get("from"));
  const hasTo = Boolean(params.get("to"));
  if (hasTo && !hasFrom && from > to) from = defaultPeriod(dayStart(to)).from;
  if (from > to) {
    return {
      ok: false,
      issues: [
        hasTo ? { param: "to", message: msg("reports:params.toBeforeFrom", { from }) } : { param: "from", message: msg("reports:params.fromAfterTo", { to }) },
      ],
    };
  }
  const last = lastDayAllowed(from);
  if (to > last) return { ok: false, issues: [{ param: "to", message: msg("reports:params.tooLong", { last }) }] };
  const picked = new Set(parsed.value.country);
  const country = (MEMBER_STATE_CODES as MemberStateCode[]).filter((c) => picked.has(c));
  return { ok: true, value: { from, to, country } };
}
