/**
 * English labels of the report figures' codes (measures, proposal figures).
 * Published reports store codes only (app/domain/report-figures.ts); the
 * pages name them here, so another interface language needs only another
 * table like this one. Pure (no server imports).
 */
import { REPORT_MEASURES, type ProposalStateFigures, type ReportMeasure } from "~/domain/report-figures";
import type { InstitutionKind } from "~/domain/institution-kinds";

export const MEASURE_LABELS: Record<ReportMeasure, string> = {
  institutions: "Verified institutions",
  experts: "Experts",
  expertsOpen: "Experts open to collaboration",
  institutionsRegistered: "New institution registrations",
  expertsCreated: "Experts created",
  callsPosted: "Calls posted",
  approvedProjects: "Approved joint projects",
};

/** Each measure's unit, singular and plural, for "<n> <unit>" (link names, cell titles). */
export const MEASURE_UNITS: Record<ReportMeasure, readonly [string, string]> = {
  institutions: ["verified institution", "verified institutions"],
  experts: ["expert", "experts"],
  expertsOpen: ["expert open to collaboration", "experts open to collaboration"],
  institutionsRegistered: ["new institution registration", "new institution registrations"],
  expertsCreated: ["expert created", "experts created"],
  callsPosted: ["call posted", "calls posted"],
  approvedProjects: ["approved joint project", "approved joint projects"],
};

/** "1 approved joint project", "4 approved joint projects", "1,200 experts": a count with its unit, singular for 1. */
export function countWithUnit(n: number, unit: readonly [string, string]): string {
  return `${n.toLocaleString("en")} ${n === 1 ? unit[0] : unit[1]}`;
}

/** Column headings of the verified institutions by kind. */
export const KIND_COLUMN_LABELS: Record<InstitutionKind, string> = {
  university: "Universities",
  research_centre: "Research centres",
  other: "Other organisations",
};

export const PROPOSAL_FIGURE_LABELS: Record<keyof ProposalStateFigures, string> = {
  submittedAsLead: "Submitted as lead",
  submittedAsPartner: "Submitted as partner",
  decided: "Decided",
  approved: "Approved",
  rejected: "Rejected",
  successRate: "Success rate",
  medianDaysToDecision: "Median days to decision",
};

/** "2025-Q3" → "2025 Q3". */
export function quarterLabel(quarter: string): string {
  return quarter.replace("-", " ");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const dayMonth = (day: string) => `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;

/**
 * Labels of a trend quarter within `period`: `long` says which days of a
 * quarter the period cuts ("2025 Q4 (from 30 Nov)", "2026 Q4 (to 29 Nov)",
 * "2026 Q1 (1 Feb – 15 Mar)"), `short` marks it with an asterisk for a chart
 * axis ("2025 Q4*"); a whole quarter is "2025 Q3" in both. Works from the
 * quarter code and the period, so snapshots without `end` get them too.
 */
export function quarterLabels(quarter: string, period: { from: string; to: string }): { long: string; short: string; partial: boolean } {
  const [y, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(-1))];
  const qStart = new Date(Date.UTC(y, (q - 1) * 3, 1)).toISOString().slice(0, 10);
  const qEnd = new Date(Date.UTC(y, q * 3, 0)).toISOString().slice(0, 10);
  const base = quarterLabel(quarter);
  const cutStart = period.from > qStart ? period.from : null;
  const cutEnd = period.to < qEnd ? period.to : null;
  if (!cutStart && !cutEnd) return { long: base, short: base, partial: false };
  const days = cutStart && cutEnd ? `${dayMonth(cutStart)} – ${dayMonth(cutEnd)}` : cutStart ? `from ${dayMonth(cutStart)}` : `to ${dayMonth(cutEnd!)}`;
  return { long: `${base} (${days})`, short: `${base}*`, partial: true };
}

/** The map's measure when none is chosen. */
export const DEFAULT_MEASURE: ReportMeasure = "approvedProjects";

/**
 * The `measure` query parameter of the report pages (which measure colours
 * the map): absent or empty = DEFAULT_MEASURE; anything but a measure name is
 * an issue for a 400 page.
 */
export function readMeasure(params: URLSearchParams): { measure: ReportMeasure; issue: { param: "measure"; message: string } | null } {
  const all = params.getAll("measure").filter((v) => v !== "");
  if (all.length === 0) return { measure: DEFAULT_MEASURE, issue: null };
  if (all.length === 1 && (REPORT_MEASURES as readonly string[]).includes(all[0])) return { measure: all[0] as ReportMeasure, issue: null };
  return { measure: DEFAULT_MEASURE, issue: { param: "measure", message: `must be one of ${REPORT_MEASURES.join(", ")}` } };
}
