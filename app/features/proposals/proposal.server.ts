/**
 * Joint project proposals: drafts, consortium (partners, team), the workflow
 * transitions of app/domain/proposal-workflow.ts, the append-only event trail,
 * reference codes and who may see what.
 *
 * Every workflow move goes through `applyTransition` (one transaction: lock,
 * authorize, version check, eligibility, update, event, outbox, notifications).
 * Visibility has one rule, `canView`: outsiders get null from
 * `getProposalForViewer` and routes answer 404 (never 403: existence must not leak).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~db/types";
import {
  canEditAsLead,
  checkEligibility,
  checkTransition,
  EDITABLE_STATES,
  TRANSITIONS,
  type EligibilityInput,
  type EligibilityProblem,
  type ProposalAction,
  type ProposalState,
  type WorkflowActor,
} from "~/domain/proposal-workflow";
import { enqueueIndexChange } from "~/search/outbox.server";
import { QUEUE_PER_PAGE } from "~/utils/search-params";
import { deliverEmails, institutionAdminIds, notify, secretariatUserIds, type PendingEmail } from "~/features/messaging/notification.server";
import { FORMER_MEMBER } from "~/features/accounts/own-account.server";
import { parseId } from "~/utils/input";

type Db = Kysely<DB> | Transaction<DB>;

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

/** Discriminated outcome of a workflow move; routes map `kind` to a status code. */
export type TransitionResult =
  | { ok: true; status: ProposalState; version: number; referenceCode: string | null; eventId: string }
  /** `dryRun`: every check passed and nothing was written; `status` is the state the action would lead to. */
  | { ok: true; dryRun: true; status: ProposalState; version: number; referenceCode: string | null }
  | { ok: false; kind: "not_found"; message: string }
  | { ok: false; kind: "forbidden"; message: string }
  | { ok: false; kind: "invalid"; message: string }
  | { ok: false; kind: "conflict"; message: string; currentVersion: number; currentStatus: ProposalState }
  | { ok: false; kind: "ineligible"; message: string; problems: EligibilityProblem[] };

/** HTTP status for a failed transition result. */
export function statusOf(r: Exclude<TransitionResult, { ok: true }>): number {
  return { not_found: 404, forbidden: 403, invalid: 400, conflict: 409, ineligible: 400 }[r.kind];
}

/** Whether `userId` holds the secretariat role. */
export async function isSecretariat(db: Db, userId: string | null | undefined): Promise<boolean> {
  if (!userId) return false;
  const r = await db.selectFrom("user_roles").select("role").where("user_id", "=", userId).where("role", "=", "secretariat").executeTakeFirst();
  return Boolean(r);
}

/** How `userId` relates to proposal `proposalId` (lead admin, partner admin, team, secretariat). */
export async function accessOf(db: Db, proposalId: number, leadInstitutionId: number, userId: string | null | undefined): Promise<ProposalAccess> {
  const none: ProposalAccess = { leadAdmin: false, leadDrafter: false, partnerAdminOf: [], teamMember: false, secretariat: false };
  if (!userId) return none;
  const [memberships, team, secretariat, partners, creator] = await Promise.all([
    db.selectFrom("institution_members").select(["institution_id", "role"]).where("user_id", "=", userId).execute(),
    db
      .selectFrom("proposal_team as t")
      .innerJoin("experts as e", "e.id", "t.expert_id")
      .select("t.expert_id")
      .where("t.proposal_id", "=", proposalId)
      .where("e.user_id", "=", userId)
      .executeTakeFirst(),
    isSecretariat(db, userId),
    db.selectFrom("proposal_partners").select(["institution_id", "status"]).where("proposal_id", "=", proposalId).execute(),
    db.selectFrom("proposals").select("created_by").where("id", "=", proposalId).executeTakeFirst(),
  ]);
  const adminOf = new Set(memberships.filter((m) => m.role === "admin").map((m) => m.institution_id));
  const leadAdmin = adminOf.has(leadInstitutionId);
  return {
    leadAdmin,
    leadDrafter: !leadAdmin && creator?.created_by === userId && memberships.some((m) => m.institution_id === leadInstitutionId),
    // A declined partner's admins lose access.
    partnerAdminOf: partners.filter((p) => p.status !== "declined" && adminOf.has(p.institution_id)).map((p) => p.institution_id),
    teamMember: Boolean(team),
    secretariat,
  };
}

/** The one visibility rule: consortium admins, its drafter, team members and the secretariat see a proposal in any state. */
export function canView(a: ProposalAccess): boolean {
  return a.leadAdmin || a.leadDrafter || a.partnerAdminOf.length > 0 || a.teamMember || a.secretariat;
}


/** The workflow role of the viewer (lead admin wins over secretariat when one person is both). */
export function workflowActorOf(a: ProposalAccess, action?: ProposalAction): WorkflowActor {
  if (action) {
    const by = TRANSITIONS[action].by;
    if (by === "lead_admin" && a.leadAdmin) return "lead_admin";
    if (by === "secretariat" && a.secretariat) return "secretariat";
  }
  if (a.leadAdmin) return "lead_admin";
  if (a.secretariat) return "secretariat";
  return "other";
}

/** Full proposal with consortium, for a viewer allowed to see it; null when missing or not visible. */
export async function getProposalForViewer(db: Db, id: number, userId: string | null | undefined) {
  if (parseId(id) === null) return null;
  const row = await db.selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  const access = await accessOf(db, id, row.lead_institution_id, userId);
  if (!canView(access)) return null;
  return { ...(await loadDetails(db, row)), access };
}

/** An approved proposal as a public project (null for any other state). */
export async function getProject(db: Db, id: number) {
  if (parseId(id) === null) return null;
  const row = await db.selectFrom("proposals").selectAll().where("id", "=", id).where("status", "=", "approved").executeTakeFirst();
  if (!row) return null;
  const d = await loadDetails(db, row);
  return { ...d, partners: d.partners.filter((p) => p.status === "accepted") };
}

type ProposalRow = Awaited<ReturnType<typeof loadRow>>;
async function loadRow(db: Db, id: number) {
  return db.selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function loadDetails(db: Db, row: ProposalRow) {
  const [lead, partners, team, topics, call, events] = await Promise.all([
    db.selectFrom("institutions").select(["id", "name", "country_code", "status"]).where("id", "=", row.lead_institution_id).executeTakeFirstOrThrow(),
    db
      .selectFrom("proposal_partners as p")
      .innerJoin("institutions as i", "i.id", "p.institution_id")
      .leftJoin("experts as e", "e.id", "p.contact_expert_id")
      .select(["p.institution_id", "p.status", "p.responded_at", "p.contact_expert_id", "i.name", "i.country_code", "i.status as institution_status", "e.full_name as contact_name"])
      .where("p.proposal_id", "=", row.id)
      .orderBy("i.name")
      .execute(),
    db
      .selectFrom("proposal_team as t")
      .innerJoin("experts as e", "e.id", "t.expert_id")
      .leftJoin("institutions as i", "i.id", "e.institution_id")
      .select(["t.expert_id", "t.role", "e.full_name", "e.orcid", "i.name as institution_name", "i.country_code"])
      .where("t.proposal_id", "=", row.id)
      .orderBy(sql`case t.role when 'pi' then 0 when 'co_pi' then 1 else 2 end`)
      .orderBy("e.full_name")
      .execute(),
    db
      .selectFrom("proposal_topics as pt")
      .innerJoin("topics as t", "t.id", "pt.topic_id")
      .select(["t.id", "t.name", "t.subfield_id", "t.subfield"])
      .where("pt.proposal_id", "=", row.id)
      .orderBy("t.name")
      .execute(),
    row.call_id
      ? db
          .selectFrom("calls")
          .select(["id", "title", "status", "opens_at", "deadline", "deadline_zone", "eligible_countries", "min_partners", "min_countries", "institution_id"])
          .where("id", "=", row.call_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    listEvents(db, row.id),
  ]);
  return { proposal: row, lead, partners, team, topics, call: call ?? null, events };
}

/**
 * The append-only history of a proposal, oldest first. An actor whose account
 * was deleted reads "Former member" (FORMER_MEMBER): the row itself, with the
 * name it recorded, cannot change (the table refuses UPDATE).
 */
export async function listEvents(db: Db, proposalId: number) {
  return db
    .selectFrom("proposal_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select(["e.id", "e.actor_id", "e.action", "e.from_status", "e.to_status", "e.comment", "e.version", "e.at"])
    .select(sql<string | null>`case when u.deleted_at is not null then ${FORMER_MEMBER} else e.actor_name end`.as("actor_name"))
    .where("e.proposal_id", "=", proposalId)
    .orderBy("e.at")
    .orderBy("e.id")
    .execute();
}

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
    partners: d.partners.map((p) => ({ name: p.name, country: p.country_code, verified: p.institution_status === "verified", status: p.status as PartnerStatus })),
    team: d.team.map((t) => ({ role: t.role as TeamRole })),
    call: d.call
      ? {
          title: d.call.title,
          status: d.call.status as "draft" | "open" | "closed" | "cancelled",
          opensAt: d.call.opens_at,
          deadline: d.call.deadline,
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

const NOTICE: Partial<Record<ProposalAction, { kind: Parameters<typeof notify>[2]["kind"]; title: (ref: string) => string }>> = {
  submit: { kind: "submission_received", title: (ref) => `Proposal ${ref} submitted` },
  resubmit: { kind: "submission_received", title: (ref) => `Proposal ${ref} resubmitted` },
  start_review: { kind: "review_started", title: (ref) => `Review started: ${ref}` },
  approve: { kind: "decision", title: (ref) => `Proposal ${ref} approved` },
  reject: { kind: "decision", title: (ref) => `Proposal ${ref} not approved` },
  request_revision: { kind: "revision_requested", title: (ref) => `Revision requested: ${ref}` },
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
  input: { proposalId: number; action: ProposalAction; actorId: string; expectedVersion: number; comment?: string | null; now?: Date; origin?: string; dryRun?: boolean },
): Promise<TransitionResult> {
  const now = input.now ?? new Date();
  const comment = input.comment?.trim() || null;
  let emails: PendingEmail[] = [];
  const result = await db.transaction().execute(async (trx): Promise<TransitionResult> => {
    const row = await trx.selectFrom("proposals").selectAll().where("id", "=", input.proposalId).forUpdate().executeTakeFirst();
    if (!row) return { ok: false, kind: "not_found", message: "No such proposal." };
    const access = await accessOf(trx, row.id, row.lead_institution_id, input.actorId);
    if (!canView(access)) return { ok: false, kind: "not_found", message: "No such proposal." };
    const actor = workflowActorOf(access, input.action);
    const status = row.status as ProposalState;
    if (row.version !== input.expectedVersion) {
      return {
        ok: false,
        kind: "conflict",
        message: `This proposal changed while you were looking at it (it is now ${status.replace("_", " ")}, version ${row.version}). Reload it and decide again.`,
        currentVersion: row.version,
        currentStatus: status,
      };
    }
    const check = checkTransition(status, input.action, actor, comment);
    if (!check.ok) return { ok: false, kind: check.reason === "not_allowed" ? "forbidden" : "invalid", message: check.message };
    if (TRANSITIONS[input.action].checksEligibility) {
      const problems = checkEligibility(await eligibilityInputOf(trx, row.id), now);
      if (problems.length) return { ok: false, kind: "ineligible", message: "The proposal cannot be submitted yet.", problems };
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
      const ref = referenceCode ?? `“${row.title}”`;
      const url = `/proposals/${row.id}`;
      const lead = await institutionAdminIds(trx, [row.lead_institution_id]);
      let recipients: string[] = lead;
      if (isSubmission) recipients = [...lead, ...(await secretariatUserIds(trx))];
      if (isDecision) {
        const partners = await trx.selectFrom("proposal_partners").select("institution_id").where("proposal_id", "=", row.id).where("status", "=", "accepted").execute();
        const team = await trx
          .selectFrom("proposal_team as t")
          .innerJoin("experts as e", "e.id", "t.expert_id")
          .select("e.user_id")
          .where("t.proposal_id", "=", row.id)
          .where("e.user_id", "is not", null)
          .execute();
        recipients = [...lead, ...(await institutionAdminIds(trx, partners.map((p) => p.institution_id))), ...team.map((t) => t.user_id!)];
      }
      const body = `“${row.title}” is now ${check.to.replace("_", " ")}.${comment ? `\n\nComment: ${comment}` : ""}`;
      emails = await notify(trx, recipients, { kind: notice.kind, title: notice.title(ref), body, url, exceptUserId: input.actorId });
    }
    return { ok: true, status: check.to, version: updated.version, referenceCode, eventId: String(event.id) };
  });
  if (result.ok && emails.length) await deliverEmails(emails, input.origin ?? "");
  return result;
}

/** Fields of a draft; every one may be empty while drafting (checked on submit). */
export interface DraftInput {
  title: string;
  acronym?: string | null;
  abstract?: string | null;
  objectives?: string | null;
  durationMonths?: number | null;
  budgetAmount?: string | null;
  budgetCurrency?: string | null;
  topicIds?: string[];
  callId?: number | null;
}

/** The proposals columns a draft's fields set (empty optional fields stored as null or ""), for create and update alike. */
function draftColumns(input: DraftInput) {
  return {
    call_id: input.callId ?? null,
    title: input.title,
    acronym: input.acronym || null,
    abstract: input.abstract ?? "",
    objectives: input.objectives ?? "",
    duration_months: input.durationMonths ?? null,
    budget_amount: input.budgetAmount || null,
    budget_currency: input.budgetCurrency || null,
  };
}

/**
 * A new draft with `leadInstitutionId` as lead. The caller must have checked
 * that `userId` belongs to that institution (requireInstitutionMember): a
 * member who is not admin then edits it as its drafter (leadDrafter).
 */
export async function createDraft(db: Kysely<DB>, userId: string, leadInstitutionId: number, input: DraftInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("proposals")
      .values({ ...draftColumns(input), lead_institution_id: leadInstitutionId, created_by: userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await setTopics(trx, id, input.topicIds ?? []);
    return id;
  });
}

async function setTopics(trx: Transaction<DB>, proposalId: number, topicIds: string[]) {
  await trx.deleteFrom("proposal_topics").where("proposal_id", "=", proposalId).execute();
  const unique = [...new Set(topicIds)];
  if (unique.length) await trx.insertInto("proposal_topics").values(unique.map((topic_id) => ({ proposal_id: proposalId, topic_id }))).execute();
}

/** Outcome of a lead-admin edit; `field` names the form field a refusal concerns, when it concerns one. */
export type EditResult = { ok: true; version: number } | { ok: false; kind: "not_found" | "forbidden" | "conflict" | "invalid"; message: string; field?: string };

/**
 * The answer to inviting anything but a verified institution: the same for a
 * pending, a rejected and a missing id, so an invitation cannot probe which
 * registrations exist.
 */
export const PARTNER_NOT_VERIFIED_MESSAGE = "Choose a verified institution from the list.";

/**
 * Locks an editable proposal for a lead-admin change, runs `change`, bumps
 * the version. Edits are possible only in draft and revision_requested.
 */
async function editAsLead(
  db: Kysely<DB>,
  proposalId: number,
  userId: string,
  expectedVersion: number | null,
  change: (trx: Transaction<DB>, row: ProposalRow) => Promise<EditResult | void>,
): Promise<EditResult> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("proposals").selectAll().where("id", "=", proposalId).forUpdate().executeTakeFirst();
    if (!row) return { ok: false, kind: "not_found", message: "No such proposal." };
    const access = await accessOf(trx, row.id, row.lead_institution_id, userId);
    if (!canView(access)) return { ok: false, kind: "not_found", message: "No such proposal." };
    if (!canEditAsLead(access)) return { ok: false, kind: "forbidden", message: "Only an admin of the lead institution or the member who drafted it can change this proposal." };
    if (!EDITABLE_STATES.includes(row.status as ProposalState)) {
      return { ok: false, kind: "invalid", message: `A proposal that is ${row.status.replace("_", " ")} cannot be edited.` };
    }
    if (expectedVersion !== null && row.version !== expectedVersion) {
      return { ok: false, kind: "conflict", message: "Someone changed this proposal meanwhile. Your text is still in the form: reload in another tab, compare, then save again." };
    }
    const out = await change(trx, row);
    if (out && !out.ok) return out;
    const { version } = await trx
      .updateTable("proposals")
      .set({ version: row.version + 1, updated_at: sql`now()` })
      .where("id", "=", row.id)
      .returning("version")
      .executeTakeFirstOrThrow();
    return { ok: true, version };
  });
}

/** Saves a draft's fields (partial values allowed). */
export async function updateDraft(db: Kysely<DB>, proposalId: number, userId: string, expectedVersion: number | null, input: DraftInput): Promise<EditResult> {
  return editAsLead(db, proposalId, userId, expectedVersion, async (trx) => {
    await trx
      .updateTable("proposals")
      .set(draftColumns(input))
      .where("id", "=", proposalId)
      .execute();
    await setTopics(trx, proposalId, input.topicIds ?? []);
  });
}

/**
 * Invites a verified partner institution; its admins are notified (in-app and
 * email). Pending, rejected and unknown institutions are refused alike
 * (PARTNER_NOT_VERIFIED_MESSAGE at `institutionId`): a partner's name is shown
 * to the whole consortium, and an unverified one is visible to nobody.
 */
export async function invitePartner(db: Kysely<DB>, proposalId: number, userId: string, institutionId: number, origin = ""): Promise<EditResult> {
  let emails: PendingEmail[] = [];
  const r = await editAsLead(db, proposalId, userId, null, async (trx, row) => {
    if (institutionId === row.lead_institution_id) return { ok: false, kind: "invalid", field: "institutionId", message: "The lead institution cannot also be a partner." };
    const inst = await trx.selectFrom("institutions").select(["id", "name"]).where("id", "=", institutionId).where("status", "=", "verified").executeTakeFirst();
    if (!inst) return { ok: false, kind: "invalid", field: "institutionId", message: PARTNER_NOT_VERIFIED_MESSAGE };
    const res = await trx
      .insertInto("proposal_partners")
      .values({ proposal_id: proposalId, institution_id: institutionId, invited_by: userId })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return { ok: false, kind: "invalid", field: "institutionId", message: `${inst.name} is already invited.` };
    const lead = await trx.selectFrom("institutions").select("name").where("id", "=", row.lead_institution_id).executeTakeFirstOrThrow();
    emails = await notify(trx, await institutionAdminIds(trx, [institutionId]), {
      kind: "partner_invitation",
      title: `${lead.name} invites ${inst.name} to a joint proposal`,
      body: `${lead.name} invites your institution to join the proposal “${row.title}” as a partner. Accept or decline, and name a contact expert.`,
      url: `/proposals/${proposalId}/partners`,
      exceptUserId: userId,
    });
  });
  if (r.ok) await deliverEmails(emails, origin);
  return r;
}

/** Removes a partner institution from an editable proposal. */
export async function removePartner(db: Kysely<DB>, proposalId: number, userId: string, institutionId: number): Promise<EditResult> {
  return editAsLead(db, proposalId, userId, null, async (trx) => {
    await trx.deleteFrom("proposal_partners").where("proposal_id", "=", proposalId).where("institution_id", "=", institutionId).execute();
  });
}

/**
 * A partner institution's admin accepts or declines the invitation, naming a
 * contact expert (of that institution) when accepting. Possible while the
 * proposal is editable.
 */
export async function respondToInvitation(
  db: Kysely<DB>,
  input: { proposalId: number; userId: string; institutionId: number; accept: boolean; contactExpertId?: number | null },
): Promise<EditResult> {
  return db.transaction().execute(async (trx): Promise<EditResult> => {
    const row = await trx.selectFrom("proposals").selectAll().where("id", "=", input.proposalId).forUpdate().executeTakeFirst();
    if (!row) return { ok: false, kind: "not_found", message: "No such proposal." };
    const access = await accessOf(trx, row.id, row.lead_institution_id, input.userId);
    if (!canView(access)) return { ok: false, kind: "not_found", message: "No such proposal." };
    if (!access.partnerAdminOf.includes(input.institutionId)) return { ok: false, kind: "forbidden", message: "Only an admin of the invited institution can answer." };
    if (!EDITABLE_STATES.includes(row.status as ProposalState)) return { ok: false, kind: "invalid", message: "The proposal can no longer be changed." };
    if (input.accept && input.contactExpertId) {
      const e = await trx.selectFrom("experts").select("id").where("id", "=", input.contactExpertId).where("institution_id", "=", input.institutionId).executeTakeFirst();
      if (!e) return { ok: false, kind: "invalid", message: "The contact expert must be an expert of your institution." };
    }
    await trx
      .updateTable("proposal_partners")
      .set({
        status: input.accept ? "accepted" : "declined",
        contact_expert_id: input.accept ? (input.contactExpertId ?? null) : null,
        responded_by: input.userId,
        responded_at: sql`now()`,
      })
      .where("proposal_id", "=", row.id)
      .where("institution_id", "=", input.institutionId)
      .execute();
    const { version } = await trx.updateTable("proposals").set({ version: row.version + 1, updated_at: sql`now()` }).where("id", "=", row.id).returning("version").executeTakeFirstOrThrow();
    const inst = await trx.selectFrom("institutions").select("name").where("id", "=", input.institutionId).executeTakeFirstOrThrow();
    await notify(trx, await institutionAdminIds(trx, [row.lead_institution_id]), {
      kind: "partner_response",
      title: `${inst.name} ${input.accept ? "accepted" : "declined"} your invitation`,
      body: `For the proposal “${row.title}”.`,
      url: `/proposals/${row.id}`,
      exceptUserId: input.userId,
    });
    return { ok: true, version };
  });
}

/** Adds or changes a team member (an expert of the lead or a partner institution). */
export async function setTeamMember(db: Kysely<DB>, proposalId: number, userId: string, expertId: number, role: TeamRole | null): Promise<EditResult> {
  return editAsLead(db, proposalId, userId, null, async (trx, row) => {
    if (role === null) {
      await trx.deleteFrom("proposal_team").where("proposal_id", "=", proposalId).where("expert_id", "=", expertId).execute();
      return;
    }
    const expert = await trx.selectFrom("experts").select(["id", "institution_id"]).where("id", "=", expertId).executeTakeFirst();
    if (!expert) return { ok: false, kind: "invalid", message: "No such expert." };
    const partnerIds = (await trx.selectFrom("proposal_partners").select("institution_id").where("proposal_id", "=", row.id).where("status", "!=", "declined").execute()).map((p) => p.institution_id);
    if (!expert.institution_id || ![row.lead_institution_id, ...partnerIds].includes(expert.institution_id)) {
      return { ok: false, kind: "invalid", message: "Team members must be experts of the lead or a partner institution." };
    }
    await trx
      .insertInto("proposal_team")
      .values({ proposal_id: proposalId, expert_id: expertId, role })
      .onConflict((oc) => oc.columns(["proposal_id", "expert_id"]).doUpdateSet({ role }))
      .execute();
  });
}

/** Proposals the user can see through a consortium or team role or as their drafter (not the secretariat queue), newest first. */
export async function listMyProposals(db: Db, userId: string) {
  const adminOf = db.selectFrom("institution_members").select("institution_id").where("user_id", "=", userId).where("role", "=", "admin");
  const memberOf = db.selectFrom("institution_members").select("institution_id").where("user_id", "=", userId);
  return db
    .selectFrom("proposals as p")
    .innerJoin("institutions as i", "i.id", "p.lead_institution_id")
    .select(["p.id", "p.title", "p.acronym", "p.status", "p.reference_code", "p.updated_at", "i.name as lead_name", "i.country_code as lead_country"])
    .where((eb) =>
      eb.or([
        eb("p.lead_institution_id", "in", adminOf),
        eb.and([eb("p.created_by", "=", userId), eb("p.lead_institution_id", "in", memberOf)]),
        eb.exists(
          eb
            .selectFrom("proposal_partners as pp")
            .select("pp.proposal_id")
            .whereRef("pp.proposal_id", "=", "p.id")
            .where("pp.status", "!=", "declined")
            .where("pp.institution_id", "in", adminOf),
        ),
        eb.exists(
          eb
            .selectFrom("proposal_team as t")
            .innerJoin("experts as e", "e.id", "t.expert_id")
            .select("t.proposal_id")
            .whereRef("t.proposal_id", "=", "p.id")
            .where("e.user_id", "=", userId),
        ),
      ]),
    )
    .orderBy("p.updated_at", "desc")
    .execute();
}

// Re-exported for server code; routes import it from ~/domain/proposal-workflow (this module is not in the browser bundle).
export { QUEUE_STATES } from "~/domain/proposal-workflow";

/** One row of the secretariat's queue (see secretariatQueue). */
export type QueueRow = Awaited<ReturnType<typeof queueRows>>[number] & { ageDays: number | null };

export interface QueuePage {
  /** At most `perPage` rows, oldest submission first (never-submitted last), then by id. */
  rows: QueueRow[];
  /** Proposals matching the filters, over all pages. */
  total: number;
  page: number;
  perPage: number;
  /** ceil(total / perPage); 0 when nothing matches. A `page` above it gives no rows. */
  totalPages: number;
}

function queueFilter(db: Db, f: { status?: string[]; country?: string; callId?: number }) {
  const statuses = f.status?.length ? f.status : ["submitted", "under_review"];
  let q = db
    .selectFrom("proposals as p")
    .innerJoin("institutions as i", "i.id", "p.lead_institution_id")
    .where("p.status", "in", statuses);
  if (f.country) q = q.where("i.country_code", "=", f.country);
  if (f.callId) q = q.where("p.call_id", "=", f.callId);
  return q;
}

function queueRows(db: Db, f: { status?: string[]; country?: string; callId?: number }, limit: number, offset: number) {
  return queueFilter(db, f)
    .leftJoin("calls as c", "c.id", "p.call_id")
    .select([
      "p.id",
      "p.title",
      "p.acronym",
      "p.status",
      "p.reference_code",
      "p.submitted_at",
      "p.updated_at",
      "p.version",
      "i.name as lead_name",
      "i.country_code as lead_country",
      "c.title as call_title",
      sql<number>`(select count(*)::int from proposal_partners pp where pp.proposal_id = p.id and pp.status = 'accepted')`.as("partners"),
    ])
    // p.id breaks ties between equal submission times, so pages neither overlap nor skip rows.
    .orderBy(sql`p.submitted_at asc nulls last`)
    .orderBy("p.id")
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * The secretariat's queue, one page at a time: proposals in `status` (default:
 * submitted and under review), optionally of one lead member state (`country`,
 * ISO code of the lead institution) or one call, oldest submission first then
 * by id, each with `partners` (accepted partners) and `ageDays` (whole days
 * from submission to `now`, null if never submitted).
 *
 * Two queries with the same filters: the rows (LIMIT/OFFSET) and the count.
 * @param f.page 1-based page (default 1); past the last page gives `rows: []` with the real total
 * @param f.perPage rows per page (default QUEUE_PER_PAGE, 50)
 * @throws RangeError if `page` is not a whole number ≥ 1 or `perPage` not one in 1–500
 */
export async function secretariatQueue(
  db: Db,
  f: { status?: string[]; country?: string; callId?: number; now?: Date; page?: number; perPage?: number } = {},
): Promise<QueuePage> {
  const page = f.page ?? 1;
  const perPage = f.perPage ?? QUEUE_PER_PAGE;
  if (!Number.isSafeInteger(page) || page < 1) throw new RangeError(`page must be a whole number ≥ 1, got ${page}`);
  if (!Number.isSafeInteger(perPage) || perPage < 1 || perPage > 500) throw new RangeError(`perPage must be a whole number in 1–500, got ${perPage}`);
  const [rows, count] = await Promise.all([
    queueRows(db, f, perPage, (page - 1) * perPage),
    queueFilter(db, f).select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
  ]);
  const now = (f.now ?? new Date()).getTime();
  return {
    rows: rows.map((r) => ({ ...r, ageDays: r.submitted_at ? Math.floor((now - r.submitted_at.getTime()) / 86_400_000) : null })),
    total: count.n,
    page,
    perPage,
    totalPages: Math.ceil(count.n / perPage),
  };
}

/**
 * Proposals per status for the queue's status checkboxes, `{ status: count }`
 * (statuses with none are absent), under the same lead member state filter as
 * the list, so a count next to a status is what ticking it shows.
 */
export async function queueCounts(db: Db, f: { country?: string } = {}): Promise<Record<string, number>> {
  let q = db.selectFrom("proposals as p").select(["p.status", sql<number>`count(*)::int`.as("n")]).groupBy("p.status");
  if (f.country) q = q.innerJoin("institutions as i", "i.id", "p.lead_institution_id").where("i.country_code", "=", f.country);
  const rows = await q.execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
