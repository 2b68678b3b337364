/**
 * Workflow moves on a proposal (the transitions of
 * app/domain/proposal-workflow.ts) and their append-only event trail.
 * Every move goes through `applyTransition` (one transaction: lock,
 * authorize, version check, eligibility, update, event, outbox,
 * notifications) and answers a `TransitionResult`: a result kind, which the
 * route maps to a response (app/utils/result-response.server.ts).
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import {
  checkEligibility,
  checkTransition,
  TRANSITIONS,
  type EligibilityInput,
  type EligibilityProblem,
  type ProposalAction,
  type ProposalState,
} from "~/domain/proposal-workflow";
import { enqueueIndexChange } from "~/search/outbox.server";
import type { Db } from "~/utils/db.server";
import { deliverEmails, institutionAdminIds, notify, secretariatUserIds, type PendingEmail } from "~/features/messaging/notification.server";
import { accessOf, canView, workflowActorOf } from "~/features/proposals/access.server";
import { loadDetails, loadRow } from "~/features/proposals/details.server";
import type { PartnerStatus, TeamRole } from "~/features/proposals/types";
import { msg } from "~/i18n/message";
import { NO_SUCH_PROPOSAL_MESSAGE } from "~/features/proposals/messages";

/**
 * Discriminated outcome of a workflow move; routes map `kind` to a response
 * (result-response.server.ts). Every `message` is a catalogue key (msg).
 */
export type TransitionResult =
  | { ok: true; status: ProposalState; version: number; referenceCode: string | null; eventId: string }
  /** `dryRun`: every check passed and nothing was written; `status` is the state the action would lead to. */
  | { ok: true; dryRun: true; status: ProposalState; version: number; referenceCode: string | null }
  | { ok: false; kind: "not_found"; message: string }
  | { ok: false; kind: "forbidden"; message: string }
  | { ok: false; kind: "invalid"; message: string }
  | { ok: false; kind: "conflict"; message: string; currentVersion: number; currentStatus: ProposalState }
  | { ok: false; kind: "ineligible"; message: string; problems: EligibilityProblem[] };

/** What checkEligibility needs, read from the database (inside the caller's transaction). */
export async function eligibilityInputOf(db: Db, proposalId: number): Promise<EligibilityInput> {
  const row = await loadRow(db, proposalId);
  const d = await loadDetails(db, row);
  return {
    title: row.title,
    abstract: row.abstract,
    objectives: row.objectives,
    durationMonths: row.duration_months,
    budgetAmount: row.budget_amount,
    budgetCurrency: row.budget_currency,
    topicIds: d.topics.map((t) => t.id),
    lead: { name: d.lead.name, country: d.lead.country_code, verified: d.lead.status === "verified" },
    partners: d.partners.map((p) => ({
      name: p.name,
      country: p.country_code,
      verified: p.institution_status === "verified",
      status: p.status as PartnerStatus,
    })),
    team: d.team.map((t) => ({ role: t.role as TeamRole })),
    call: d.call
      ? {
          title: d.call.title,
          status: d.call.status as "draft" | "open" | "closed" | "cancelled",
          opensAt: d.call.opens_at,
          deadline: d.call.deadline,
          deadlineZone: d.call.deadline_zone,
          eligibleCountries: d.call.eligible_countries.map((c) => c.trim()),
          minPartners: d.call.min_partners,
          minCountries: d.call.min_countries,
        }
      : null,
  };
}

/**
 * Next reference code for `year`: ECO-ICT-<year>-<0001…>. The counter row is
 * bumped with one upsert, so concurrent submissions serialise on it and never
 * share a number; a rolled-back submission leaves a gap (gap-tolerant).
 * `reference_counters.next` holds the last number issued.
 */
export async function nextReferenceCode(db: Db, year: number): Promise<string> {
  const r = await sql<{ next: number }>`
    insert into reference_counters (year, next) values (${year}, 1)
    on conflict (year) do update set next = reference_counters.next + 1
    returning next`.execute(db);
  return `ECO-ICT-${year}-${String(r.rows[0].next).padStart(4, "0")}`;
}

/** The notification kind of each action that notifies; its title is `proposals:notice.title.<action>`. */
const NOTICE: Partial<Record<ProposalAction, Parameters<typeof notify>[2]["kind"]>> = {
  submit: "submission_received",
  resubmit: "submission_received",
  start_review: "review_started",
  approve: "decision",
  reject: "decision",
  request_revision: "revision_requested",
};

/**
 * Takes one workflow action on a proposal, atomically:
 * lock the row → resolve the actor → version check (stale → conflict, nothing
 * changed) → checkTransition (role, state, comment) → eligibility on
 * submit/resubmit (every failing rule) → reference code on first submission →
 * status + version+1 → one proposal_events row → outbox (projects index) →
 * notifications. Emails are sent after the commit.
 * @param input.now the server clock (injectable for deadline tests)
 * @param input.origin absolute origin for links in emails (default none: relative links)
 * @param input.dryRun run every check (version, actor, state, comment, eligibility) and stop before
 *   writing anything: the confirmation step of final decisions asks this first
 */
export async function applyTransition(
  db: Kysely<DB>,
  input: {
    proposalId: number;
    action: ProposalAction;
    actorId: string;
    expectedVersion: number;
    comment?: string | null;
    now?: Date;
    origin?: string;
    dryRun?: boolean;
  },
): Promise<TransitionResult> {
  const now = input.now ?? new Date();
  const comment = input.comment?.trim() || null;
  let emails: PendingEmail[] = [];
  const result = await db.transaction().execute(async (trx): Promise<TransitionResult> => {
    const row = await trx.selectFrom("proposals").selectAll().where("id", "=", input.proposalId).forUpdate().executeTakeFirst();
    if (!row) return { ok: false, kind: "not_found", message: NO_SUCH_PROPOSAL_MESSAGE };
    const access = await accessOf(trx, row.id, row.lead_institution_id, input.actorId);
    if (!canView(access)) return { ok: false, kind: "not_found", message: NO_SUCH_PROPOSAL_MESSAGE };
    const actor = workflowActorOf(access, input.action);
    const status = row.status as ProposalState;
    if (row.version !== input.expectedVersion) {
      return {
        ok: false,
        kind: "conflict",
        message: msg("proposals:transition.conflict", { state: status, version: row.version }),
        currentVersion: row.version,
        currentStatus: status,
      };
    }
    const check = checkTransition(status, input.action, actor, comment);
    if (!check.ok) return { ok: false, kind: check.reason === "not_allowed" ? "forbidden" : "invalid", message: check.message };
    if (TRANSITIONS[input.action].checksEligibility) {
      const problems = checkEligibility(await eligibilityInputOf(trx, row.id), now);
      if (problems.length) return { ok: false, kind: "ineligible", message: msg("proposals:transition.ineligible"), problems };
    }
    if (input.dryRun) return { ok: true, dryRun: true, status: check.to, version: row.version, referenceCode: row.reference_code };
    const referenceCode = row.reference_code ?? (input.action === "submit" ? await nextReferenceCode(trx, now.getUTCFullYear()) : null);
    const isSubmission = input.action === "submit" || input.action === "resubmit";
    const isDecision = input.action === "approve" || input.action === "reject";
    const updated = await trx
      .updateTable("proposals")
      .set({
        status: check.to,
        version: row.version + 1,
        reference_code: referenceCode,
        updated_at: now,
        ...(isSubmission ? { submitted_at: now } : {}),
        ...(isDecision ? { decided_at: now } : {}),
      })
      .where("id", "=", row.id)
      .where("version", "=", row.version)
      .returning(["version"])
      .executeTakeFirstOrThrow();
    const actorRow = await trx.selectFrom("users").select(["display_name"]).where("id", "=", input.actorId).executeTakeFirst();
    const event = await trx
      .insertInto("proposal_events")
      .values({
        proposal_id: row.id,
        actor_id: input.actorId,
        actor_name: actorRow?.display_name ?? null,
        action: input.action,
        from_status: status,
        to_status: check.to,
        comment,
        version: row.version,
        at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The projects index holds approved proposals; leaving or entering "approved" changes it.
    if (check.to === "approved" || status === "approved") await enqueueIndexChange(trx, "projects", [row.id]);

    const notice = NOTICE[input.action];
    if (notice) {
      // Stored as catalogue messages: each recipient reads them (and their email) in their own language.
      // Every notifying action follows a submission, which assigned the reference code; the title is a fallback only.
      const title = msg(`proposals:notice.title.${input.action}`, { ref: referenceCode ?? row.title });
      const url = `/proposals/${row.id}`;
      const lead = await institutionAdminIds(trx, [row.lead_institution_id]);
      let recipients: string[] = lead;
      if (isSubmission) recipients = [...lead, ...(await secretariatUserIds(trx))];
      if (isDecision) {
        const partners = await trx
          .selectFrom("proposal_partners")
          .select("institution_id")
          .where("proposal_id", "=", row.id)
          .where("status", "=", "accepted")
          .execute();
        const team = await trx
          .selectFrom("proposal_team as t")
          .innerJoin("experts as e", "e.id", "t.expert_id")
          .select("e.user_id")
          .where("t.proposal_id", "=", row.id)
          .where("e.user_id", "is not", null)
          .execute();
        recipients = [
          ...lead,
          ...(await institutionAdminIds(
            trx,
            partners.map((p) => p.institution_id),
          )),
          ...team.map((t) => t.user_id!),
        ];
      }
      const body = msg("proposals:notice.body", { title: row.title, state: check.to, comment, context: comment ? "comment" : undefined });
      emails = await notify(trx, recipients, { kind: notice, title, body, url, exceptUserId: input.actorId });
    }
    return { ok: true, status: check.to, version: updated.version, referenceCode, eventId: String(event.id) };
  });
  if (result.ok && emails.length) await deliverEmails(emails, input.origin ?? "");
  return result;
}
