/**
 * The joint-proposal workflow (docs/proposals.md) as data: states, transitions, who
 * may take each, and the eligibility rules checked on submit. Pure functions
 * with no I/O, so the server, the UI (which buttons to show) and the tests
 * share one definition. Refusals and problems carry catalogue keys and
 * parameters, never English text (namespace `proposals`).
 *
 *   draft ──submit──▶ submitted ──start_review──▶ under_review ──approve──▶ approved
 *                       ▲                               ├──reject (comment)──▶ rejected
 *                       └────────resubmit───────────────┤
 *                              request_revision (comment)
 *                                                       ▼
 *                                               revision_requested (editable)
 *   draft | submitted | revision_requested ──withdraw──▶ withdrawn
 */

import { msg } from "~/i18n/message";

export const PROPOSAL_STATES = ["draft", "submitted", "under_review", "revision_requested", "approved", "rejected", "withdrawn"] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export const PROPOSAL_ACTIONS = ["submit", "start_review", "approve", "reject", "request_revision", "resubmit", "withdraw"] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

/**
 * Who acts: `lead_admin` is an admin of the proposal's lead institution;
 * `secretariat` holds the secretariat role. Anyone else is `other`.
 */
export type WorkflowActor = "lead_admin" | "secretariat" | "other";

export interface TransitionRule {
  from: readonly ProposalState[];
  to: ProposalState;
  by: WorkflowActor;
  /** A decision that must say why (reject, request revision). */
  commentRequired: boolean;
  /** Runs the eligibility check before moving. */
  checksEligibility: boolean;
}

export const TRANSITIONS: Record<ProposalAction, TransitionRule> = {
  submit: { from: ["draft"], to: "submitted", by: "lead_admin", commentRequired: false, checksEligibility: true },
  start_review: { from: ["submitted"], to: "under_review", by: "secretariat", commentRequired: false, checksEligibility: false },
  approve: { from: ["under_review"], to: "approved", by: "secretariat", commentRequired: false, checksEligibility: false },
  reject: { from: ["under_review"], to: "rejected", by: "secretariat", commentRequired: true, checksEligibility: false },
  request_revision: { from: ["under_review"], to: "revision_requested", by: "secretariat", commentRequired: true, checksEligibility: false },
  resubmit: { from: ["revision_requested"], to: "submitted", by: "lead_admin", commentRequired: false, checksEligibility: true },
  withdraw: { from: ["draft", "submitted", "revision_requested"], to: "withdrawn", by: "lead_admin", commentRequired: false, checksEligibility: false },
};

/**
 * Final decisions: the page asks "are you sure?" with a summary of the
 * decision first, and only a second submit carrying `confirm=yes` takes them.
 */
export const CONFIRMED_ACTIONS: readonly ProposalAction[] = ["approve", "reject"];

/**
 * Who may change an editable proposal's content, consortium and team: the
 * lead institution's admins and the member who drafted it (`leadDrafter`,
 * issue 14). Workflow moves (submit, resubmit, withdraw) stay with the admins
 * (TRANSITIONS). Shared with the browser to show the edit links.
 */
export function canEditAsLead(a: { leadAdmin: boolean; leadDrafter: boolean }): boolean {
  return a.leadAdmin || a.leadDrafter;
}

/** The states the secretariat queue can filter on. Shared with the browser, so not in a .server module. */
export const QUEUE_STATES = ["submitted", "under_review", "revision_requested", "approved", "rejected", "withdrawn"] as const;

/** States in which the lead may edit the proposal's content. */
export const EDITABLE_STATES: readonly ProposalState[] = ["draft", "revision_requested"];

/** States visible to the public (as "projects"). */
export const PUBLIC_STATES: readonly ProposalState[] = ["approved"];

/** The refusal of a reject or revision request without a comment (shown at the comment field). */
export const COMMENT_REQUIRED_MESSAGE = msg("proposals:transition.commentRequired");

/** `message`: a catalogue key made by `msg` (app/i18n/message.ts), shown with `translateMessage`. */
export type TransitionCheck = { ok: true; to: ProposalState } | { ok: false; reason: "wrong_state" | "not_allowed" | "comment_required"; message: string };

/**
 * Whether `actor` may take `action` from `state`. Does not check eligibility
 * (see `checkEligibility`). Never throws.
 */
export function checkTransition(state: ProposalState, action: ProposalAction, actor: WorkflowActor, comment?: string | null): TransitionCheck {
  const rule = TRANSITIONS[action];
  if (rule.by !== actor) {
    return {
      ok: false,
      reason: "not_allowed",
      message: rule.by === "secretariat" ? msg("proposals:transition.onlySecretariat") : msg("proposals:transition.onlyLeadAdmin"),
    };
  }
  if (!rule.from.includes(state)) {
    // One sentence per action; the catalogue names the state through proposals:stateInSentence.<state>.
    return { ok: false, reason: "wrong_state", message: msg(`proposals:transition.wrongState.${action}`, { state }) };
  }
  if (rule.commentRequired && !comment?.trim()) {
    return { ok: false, reason: "comment_required", message: COMMENT_REQUIRED_MESSAGE };
  }
  return { ok: true, to: rule.to };
}

/** The actions `actor` can take now (for showing buttons; the server re-checks). */
export function availableActions(state: ProposalState, actor: WorkflowActor): ProposalAction[] {
  return PROPOSAL_ACTIONS.filter((a) => TRANSITIONS[a].by === actor && TRANSITIONS[a].from.includes(state));
}

/** What the eligibility check needs to know about a proposal, its consortium and its call. */
export interface EligibilityInput {
  title: string | null;
  abstract: string | null;
  objectives: string | null;
  durationMonths: number | null;
  budgetAmount: string | number | null;
  budgetCurrency: string | null;
  topicIds: readonly string[];
  lead: { name: string; country: string; verified: boolean };
  partners: ReadonlyArray<{ name: string; country: string; verified: boolean; status: "invited" | "accepted" | "declined" }>;
  team: ReadonlyArray<{ role: "pi" | "co_pi" | "researcher" }>;
  call: null | {
    title: string;
    status: "draft" | "open" | "closed" | "cancelled";
    opensAt: Date | null;
    deadline: Date;
    /** IANA zone the deadline is shown in (default UTC). */
    deadlineZone?: string;
    eligibleCountries: readonly string[];
    minPartners: number;
    minCountries: number;
  };
}

/**
 * One failing submit rule. Not text: `params` holds what the explanation
 * names (lists as arrays: field codes, member-state codes, institution names),
 * and `describeProblem` (app/features/proposals/problem-text.ts) writes it in
 * the viewer's language from the catalogue key `proposals:eligibility.<rule>`.
 */
export interface EligibilityProblem {
  /** Stable code for tests and UI grouping; also the catalogue key's last part. */
  rule:
    | "required_fields"
    | "min_countries"
    | "min_partners"
    | "partner_not_verified"
    | "partner_not_accepted"
    | "lead_not_verified"
    | "topics"
    | "one_pi"
    | "call_not_open"
    | "deadline_passed"
    | "country_not_eligible";
  params: EligibilityParams;
}

/**
 * What a problem's explanation names. `fields`: codes of `REQUIRED_FIELDS`;
 * `countries`: ISO 3166 alpha-2 codes; `partners`: institution names with
 * their invitation status; `deadline`: ISO instant and IANA zone.
 */
export interface EligibilityParams {
  fields?: RequiredField[];
  name?: string;
  names?: string[];
  partners?: Array<{ name: string; status: string }>;
  countries?: string[];
  count?: number;
  min?: number;
  title?: string;
  deadline?: { at: string; zone: string };
}

/** The fields a submission needs, in the order the problem lists them. */
export const REQUIRED_FIELDS = ["title", "abstract", "objectives", "duration", "budget"] as const;
export type RequiredField = (typeof REQUIRED_FIELDS)[number];

/** Default consortium rule without a call: at least two distinct member states. */
export const DEFAULT_MIN_COUNTRIES = 2;

/**
 * Every failing submit rule at once (empty array = eligible). `now` is the
 * server clock; deadlines compare as instants: `now` after the deadline fails,
 * at or before it passes.
 */
export function checkEligibility(p: EligibilityInput, now: Date): EligibilityProblem[] {
  const problems: EligibilityProblem[] = [];
  const missing: RequiredField[] = [];
  if (!p.title?.trim()) missing.push("title");
  if (!p.abstract?.trim()) missing.push("abstract");
  if (!p.objectives?.trim()) missing.push("objectives");
  if (!p.durationMonths) missing.push("duration");
  if (p.budgetAmount === null || p.budgetAmount === "" || !p.budgetCurrency) missing.push("budget");
  if (missing.length) problems.push({ rule: "required_fields", params: { fields: missing } });

  if (!p.lead.verified) problems.push({ rule: "lead_not_verified", params: { name: p.lead.name } });
  const notAccepted = p.partners.filter((x) => x.status !== "accepted");
  if (notAccepted.length) {
    problems.push({ rule: "partner_not_accepted", params: { partners: notAccepted.map((x) => ({ name: x.name, status: x.status })) } });
  }
  const unverified = p.partners.filter((x) => !x.verified);
  if (unverified.length) problems.push({ rule: "partner_not_verified", params: { names: unverified.map((x) => x.name) } });
  const accepted = p.partners.filter((x) => x.status === "accepted");
  const countries = new Set([p.lead.country, ...accepted.map((x) => x.country)]);
  const minCountries = Math.max(DEFAULT_MIN_COUNTRIES, p.call?.minCountries ?? 0);
  if (countries.size < minCountries) {
    problems.push({ rule: "min_countries", params: { count: countries.size, countries: [...countries], min: minCountries } });
  }
  if (p.call && accepted.length < p.call.minPartners) {
    problems.push({ rule: "min_partners", params: { min: p.call.minPartners, count: accepted.length } });
  }
  if (p.call && p.call.eligibleCountries.length) {
    const outside = [...countries].filter((c) => !p.call!.eligibleCountries.includes(c));
    if (outside.length) problems.push({ rule: "country_not_eligible", params: { countries: outside } });
  }
  if (p.topicIds.length === 0) problems.push({ rule: "topics", params: {} });
  const pis = p.team.filter((t) => t.role === "pi").length;
  if (pis !== 1) problems.push({ rule: "one_pi", params: { count: pis } });
  if (p.call) {
    if (p.call.status !== "open" || (p.call.opensAt && now.getTime() < p.call.opensAt.getTime())) {
      problems.push({ rule: "call_not_open", params: { title: p.call.title } });
    }
    if (now.getTime() > p.call.deadline.getTime()) {
      problems.push({ rule: "deadline_passed", params: { deadline: { at: p.call.deadline.toISOString(), zone: p.call.deadlineZone ?? "UTC" } } });
    }
  }
  return problems;
}
