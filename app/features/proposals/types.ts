/**
 * Shapes of a proposal as the server loads it and the pages show it. Types
 * only, with no server code and no import from db/: components
 * (components/proposal-view.tsx) read them without pulling a `*.server`
 * module into the browser bundle. The server functions that build these
 * (details.server.ts, proposal-route.server.ts) are annotated with them, so
 * the compiler keeps the two in step. Timestamps are `Date` here; a page
 * reads them through Remix's `SerializeFrom` (ISO strings).
 */
import type { EligibilityProblem, ProposalAction, WorkflowActor } from "~/domain/proposal-workflow";

export type TeamRole = "pi" | "co_pi" | "researcher";
export type PartnerStatus = "invited" | "accepted" | "declined";

/** What a viewer is to a proposal. */
export interface ProposalAccess {
  leadAdmin: boolean;
  /**
   * The viewer drafted this proposal and is still a member (not admin) of its
   * lead institution: sees and edits it like a lead admin while it is
   * editable, but cannot submit, resubmit or withdraw it (issue 14, item 3).
   */
  leadDrafter: boolean;
  partnerAdminOf: number[];
  teamMember: boolean;
  secretariat: boolean;
}

/** One row of the proposals table. `budget_amount` is a decimal string; `status` a ProposalState. */
export interface ProposalRecord {
  id: number;
  title: string;
  acronym: string | null;
  abstract: string;
  objectives: string;
  status: string;
  version: number;
  reference_code: string | null;
  call_id: number | null;
  lead_institution_id: number;
  created_by: string | null;
  duration_months: number | null;
  budget_amount: string | null;
  budget_currency: string | null;
  is_demo: boolean;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  decided_at: Date | null;
}

/** The lead institution (`status`: pending, verified or rejected). */
export interface ProposalLead {
  id: number;
  name: string;
  country_code: string;
  status: string;
}

/** A partner institution with its invitation (`status`: a PartnerStatus) and contact expert. */
export interface ProposalPartner {
  institution_id: number;
  status: string;
  responded_at: Date | null;
  contact_expert_id: number | null;
  name: string;
  country_code: string;
  institution_status: string;
  contact_name: string | null;
}

/** A team member (`role`: a TeamRole), PI first. */
export interface ProposalTeamMember {
  expert_id: number;
  role: string;
  full_name: string;
  orcid: string | null;
  institution_name: string | null;
  country_code: string | null;
}

/** A topic of the proposal (OpenAlex topic id). */
export interface ProposalTopic {
  id: string;
  name: string;
  subfield_id: string;
  subfield: string;
}

/** The call a proposal answers. `deadline_zone` is an IANA time zone. */
export interface ProposalCall {
  id: number;
  title: string;
  status: string;
  opens_at: Date | null;
  deadline: Date;
  deadline_zone: string;
  eligible_countries: string[];
  min_partners: number;
  min_countries: number;
  institution_id: number;
}

/** One entry of the append-only history; `actor_name` reads "Former member" for a deleted account. */
export interface ProposalEvent {
  id: number;
  actor_id: string | null;
  action: string;
  from_status: string;
  to_status: string;
  comment: string | null;
  version: number;
  at: Date;
  actor_name: string | null;
}

/** A proposal with its consortium, topics, call and history. */
export interface ProposalDetails {
  proposal: ProposalRecord;
  lead: ProposalLead;
  partners: ProposalPartner[];
  team: ProposalTeamMember[];
  topics: ProposalTopic[];
  call: ProposalCall | null;
  events: ProposalEvent[];
}

/**
 * Text written on the server in the viewer's language (dates, money,
 * eligibility sentences): formatting it in the browser could differ from
 * Node's ICU on hydration. `eventAt`: history times by event id.
 */
export interface ProposalFormatted {
  problems: string[];
  callDeadline: string | null;
  budget: string;
  submittedAt: string | null;
  decidedAt: string | null;
  eventAt: Record<string, string>;
}

/** What the proposal page shows: details, the viewer's access, buttons and current eligibility problems. */
export interface ProposalPageData extends ProposalDetails {
  user: { id: string };
  access: ProposalAccess;
  actions: ProposalAction[];
  problems: EligibilityProblem[];
  formatted: ProposalFormatted;
  actor: WorkflowActor;
}
