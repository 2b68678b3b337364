/**
 * The shapes of the network's progress-report figures (issue #13), shared by
 * the server (app/features/reports/reports.server.ts computes them), the pages (which
 * map codes to labels), the JSON API and published snapshots (stored as JSON).
 *
 * Codes and numbers only: member-state codes (ISO 3166-1 alpha-2), institution
 * kinds, OpenAlex field/subfield ids, measure names, proposal statuses. Never
 * English labels, so a snapshot can be shown in any interface language later.
 * Dates are `YYYY-MM-DD` strings (UTC calendar days), instants ISO 8601 strings:
 * every value survives JSON.stringify → JSON.parse unchanged.
 *
 * Pure (no server imports): route components may import values from here.
 */
import type { MemberStateCode } from "~/domain/member-states";
import type { InstitutionKind } from "~/domain/institution-kinds";

/** Bumped when the shape changes incompatibly, so stored snapshots say which shape they hold. */
export const REPORT_FIGURES_VERSION = 1;

/** Measures counted "as of the period's end" (stock). */
export const STOCK_MEASURES = ["institutions", "experts", "expertsOpen"] as const;
/** Measures counted "during the period" (flow); the trend has these per quarter. */
export const PERIOD_MEASURES = ["institutionsRegistered", "expertsCreated", "callsPosted", "approvedProjects"] as const;
/** Every public measure name (e.g. the map's `measure` choice). */
export const REPORT_MEASURES = [...STOCK_MEASURES, ...PERIOD_MEASURES] as const;

export type StockMeasure = (typeof STOCK_MEASURES)[number];
export type PeriodMeasure = (typeof PERIOD_MEASURES)[number];
export type ReportMeasure = (typeof REPORT_MEASURES)[number];

/**
 * Public figures of one member state (or the total), each a count:
 * - institutions: verified institutions as of the period's end (ROR imports
 *   always; registered ones once verified before the end); institutionsByKind
 *   splits it by kind and sums to it.
 * - experts: expert profiles created before the period's end; expertsOpen: of
 *   those, the ones with at least one "open to" value (now).
 * - institutionsRegistered: institutions registered by users in the period and
 *   verified (pending or rejected registrations are not public); ROR imports never.
 * - expertsCreated: expert profiles created in the period.
 * - callsPosted: calls (open or closed; never drafts or cancelled) created in the period.
 * - approvedProjects: proposals approved in the period whose consortium (lead
 *   plus accepted partners) includes the state; in `total`, each project once.
 * A record belongs to the member state of its institution (an expert's, a
 * call's issuing institution's).
 */
export type StateFigures = Record<ReportMeasure, number> & {
  institutionsByKind: Record<InstitutionKind, number>;
};

/** One calendar quarter of the trend: the period measures counted inside both the quarter and the period. */
export interface QuarterFigures {
  /** e.g. "2025-Q3" */
  quarter: string;
  /** First day of the quarter inside the period, YYYY-MM-DD (the period's `from` when it starts mid-quarter). */
  start: string;
  /**
   * Last day of the quarter inside the period, YYYY-MM-DD, inclusive (the
   * period's `to` when it ends mid-quarter). Absent in snapshots published
   * before it was added (their `start` is the quarter's own first day).
   */
  end?: string;
  counts: Record<PeriodMeasure, number>;
}

/**
 * Member state × member state. `counts[i][j]` is the number of proposals
 * (approved projects in the public figures) whose consortium includes both
 * `states[i]` and `states[j]`; `counts[i][i]` is the state's own total. A
 * consortium spanning three states counts in all three pairs. Symmetric.
 * Under a country filter, a cell counts only when one of its two states is selected.
 */
export interface CollaborationMatrix {
  states: MemberStateCode[];
  counts: number[][];
}

/** Approved projects in the period by OpenAlex field, then subfield; a project counts once per field and once per subfield it touches. */
export interface FieldFigures {
  /** OpenAlex field id, e.g. "17" (Computer Science) */
  fieldId: string;
  count: number;
  subfields: Array<{ subfieldId: string; count: number }>;
}

/**
 * Confidential proposal figures of one member state (secretariat and published
 * reports only; never per pair of states or per subfield in a published report):
 * - submittedAsLead / submittedAsPartner: proposals first submitted in the
 *   period with the lead institution / an accepted partner in the state.
 * - approved / rejected / decided (= approved + rejected): proposals decided in
 *   the period whose consortium includes the state. Withdrawn proposals and
 *   revision requests are not decisions.
 * - successRate: approved ÷ (approved + rejected), 0…1; null when nothing was decided.
 * - medianDaysToDecision: median of (decision − first submission) in days,
 *   one decimal, over the proposals decided in the period; null when none.
 */
export interface ProposalStateFigures {
  submittedAsLead: number;
  submittedAsPartner: number;
  decided: number;
  approved: number;
  rejected: number;
  successRate: number | null;
  medianDaysToDecision: number | null;
}

/** The period a report covers: calendar dates, inclusive, counted in UTC days. */
export interface ReportPeriod {
  /** YYYY-MM-DD, first day included */
  from: string;
  /** YYYY-MM-DD, last day included */
  to: string;
}

/** Parsed report parameters: the period and the selected member states ([] = all ten). */
export interface ReportParams extends ReportPeriod {
  country: MemberStateCode[];
}

/** Everything `getReportFigures` returns. JSON-serialisable, codes and numbers only. */
export interface ReportFigures {
  version: typeof REPORT_FIGURES_VERSION;
  period: ReportPeriod;
  /** The country filter; [] means all ten member states. */
  countries: MemberStateCode[];
  /** One entry per member state in scope (all ten, or the selected ones), in MEMBER_STATE_CODES order. */
  states: Partial<Record<MemberStateCode, StateFigures>>;
  /**
   * The states in scope together, each record once. Institutions, experts and
   * calls: the sum over `states`, except that experts without an institution in
   * a member state count in the total when no country filter is set.
   * approvedProjects: distinct projects (≤ the sum, since a project spans states).
   */
  total: StateFigures;
  /** Every quarter the period touches, oldest first, zeros included. */
  trend: QuarterFigures[];
  /** Approved projects decided in the period. */
  collaboration: CollaborationMatrix;
  /** Approved projects decided in the period, by field (count desc, then id). */
  fields: FieldFigures[];
  /** Only with `includeProposals` (secretariat, published reports); null in public figures. */
  proposals: ProposalFigures | null;
}

/** What the public sees (/api/v1/reports, /reports): the figures without any proposal data. */
export type PublicReportFigures = Omit<ReportFigures, "proposals">;

/** The public figures of `f`: the `proposals` key removed (not merely null), so no proposal-only key leaves the server. */
export function publicFigures(f: ReportFigures): PublicReportFigures {
  const { proposals: _confidential, ...rest } = f;
  return rest;
}

/** The confidential part of the figures. */
export interface ProposalFigures {
  /** One entry per member state in scope. */
  states: Partial<Record<MemberStateCode, ProposalStateFigures>>;
  /**
   * Proposals first submitted in the period, per pair of states: the
   * secretariat's page only (`includeProposalMatrix`); null otherwise, and
   * always null in a published report.
   */
  submittedCollaboration: CollaborationMatrix | null;
}

/** How many calls closing soon the pipeline lists (it counts them all). */
export const PIPELINE_CALLS_LISTED = 50;

/** The secretariat's pipeline, as of `asOf`. Ages are in days (one decimal). */
export interface Pipeline {
  /** ISO 8601 instant the pipeline was computed for. */
  asOf: string;
  /** Institution registrations waiting for verification. */
  pendingRegistrations: { count: number; oldestDays: number | null; medianDays: number | null };
  /** Proposals per workflow status (never drafts), age = time since they entered that status. */
  proposalsByStatus: Array<{ status: string; count: number; oldestDays: number | null; medianDays: number | null }>;
  /** Open calls whose deadline falls in the next 30 days: how many, and the soonest PIPELINE_CALLS_LISTED of them. */
  callsClosingSoon: {
    count: number;
    calls: Array<{ id: number; title: string; deadline: string; institutionId: number; countryCode: string }>;
  };
}
