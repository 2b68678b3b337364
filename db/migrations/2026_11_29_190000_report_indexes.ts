/**
 * Indexes for the progress-report figures (issue #13, app/features/reports/reports.server.ts):
 * range scans over the period columns each figure counts by, partial to the
 * rows that figure can count.
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import { type Kysely, sql } from "kysely";

const INDEXES: Array<[name: string, definition: string]> = [
  // Experts created in a period / before its end: index-only (the heap holds long bios).
  ["experts_created_idx", "experts (created_at) include (institution_id, open_to)"],
  // Registrations (never ROR imports) per period.
  ["institutions_registered_idx", "institutions (created_at) where source <> 'ror'"],
  // Registrations waiting for verification (the secretariat's pipeline).
  ["institutions_pending_idx", "institutions (created_at) where status = 'pending'"],
  // Calls posted (open or closed) per period.
  ["calls_posted_idx", "calls (created_at) include (institution_id) where status in ('open', 'closed')"],
  // Open calls by deadline (closing in the next 30 days).
  ["calls_open_deadline_idx", "calls (deadline) where status = 'open'"],
  // Decisions per period (approved projects, success rates).
  ["proposals_decided_idx", "proposals (decided_at) include (lead_institution_id) where status in ('approved', 'rejected')"],
  // First submissions per period, and a proposal's first submission time.
  ["proposal_events_submit_idx", "proposal_events (at) include (proposal_id) where action = 'submit'"],
  ["proposal_events_proposal_at_idx", "proposal_events (proposal_id, at)"],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, def] of INDEXES) await sql.raw(`create index ${name} on ${def}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await sql.raw(`drop index if exists ${name}`).execute(db);
}
