/**
 * English labels of the report figures' codes (measures, proposal figures).
 * Published reports store codes only (app/domain/report-figures.ts); the
 * pages name them here, so another interface language needs only another
 * table like this one. Pure (no server imports).
 */
import { REPORT_MEASURES, type ProposalStateFigures, type ReportMeasure } from "~/domain/report-figures";
import type { InstitutionKind } from "./search-params";

export const MEASURE_LABELS: Record<ReportMeasure, string> = {
  institutions: "Verified institutions",
  experts: "Experts",
  expertsOpen: "Experts open to collaboration",
  institutionsRegistered: "New institution registrations",
  expertsCreated: "Experts created",
  callsPosted: "Calls posted",
  approvedProjects: "Approved joint projects",
};

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
