/**
 * The consortium's partner institutions: the lead invites (verified
 * institutions only) and removes them; a partner's admins accept, naming a
 * contact expert, or decline. Also the lists the partners page offers.
 */
import { msg } from "~/i18n/message";
import { NO_SUCH_PROPOSAL_MESSAGE } from "~/features/proposals/messages";
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { EDITABLE_STATES, type ProposalState } from "~/domain/proposal-workflow";
import { deliverEmails, institutionAdminIds, notify, type PendingEmail } from "~/features/messaging/notification.server";
import { accessOf, canView } from "~/features/proposals/access.server";
import { editAsLead, type EditResult } from "~/features/proposals/lead-edit.server";

/**
 * The answer to inviting anything but a verified institution: the same for a
 * pending, a rejected and a missing id, so an invitation cannot probe which
 * registrations exist.
 */
export const PARTNER_NOT_VERIFIED_MESSAGE = msg("proposals:partners.notVerified");

/**
 * Invites a verified partner institution; its admins are notified (in-app and
 * email). Pending, rejected and unknown institutions are refused alike
 * (PARTNER_NOT_VERIFIED_MESSAGE at `institutionId`): a partner's name is shown
 * to the whole consortium, and an unverified one is visible to nobody.
 */
export async function invitePartner(db: Kysely<DB>, proposalId: number, userId: string, institutionId: number, origin = ""): Promise<EditResult> {
  let emails: PendingEmail[] = [];
  const r = await editAsLead(db, proposalId, userId, null, async (trx, row) => {
    if (institutionId === row.lead_institution_id)
      return { ok: false, kind: "invalid", field: "institutionId", message: msg("proposals:partners.leadIsPartner") };
    const inst = await trx
      .selectFrom("institutions")
      .select(["id", "name"])
      .where("id", "=", institutionId)
      .where("status", "=", "verified")
      .executeTakeFirst();
    if (!inst) return { ok: false, kind: "invalid", field: "institutionId", message: PARTNER_NOT_VERIFIED_MESSAGE };
    const res = await trx
      .insertInto("proposal_partners")
      .values({ proposal_id: proposalId, institution_id: institutionId, invited_by: userId })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0)
      return { ok: false, kind: "invalid", field: "institutionId", message: msg("proposals:partners.alreadyInvited", { name: inst.name }) };
    const lead = await trx.selectFrom("institutions").select("name").where("id", "=", row.lead_institution_id).executeTakeFirstOrThrow();
    emails = await notify(trx, await institutionAdminIds(trx, [institutionId]), {
      kind: "partner_invitation",
      title: msg("proposals:notice.invitationTitle", { lead: lead.name, partner: inst.name }),
      body: msg("proposals:notice.invitationBody", { lead: lead.name, title: row.title }),
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
    if (!row) return { ok: false, kind: "not_found", message: NO_SUCH_PROPOSAL_MESSAGE };
    const access = await accessOf(trx, row.id, row.lead_institution_id, input.userId);
    if (!canView(access)) return { ok: false, kind: "not_found", message: NO_SUCH_PROPOSAL_MESSAGE };
    if (!access.partnerAdminOf.includes(input.institutionId)) return { ok: false, kind: "forbidden", message: msg("proposals:partners.onlyInvitedAdmin") };
    if (!EDITABLE_STATES.includes(row.status as ProposalState)) return { ok: false, kind: "invalid", message: msg("proposals:partners.noLongerEditable") };
    if (input.accept && input.contactExpertId) {
      const e = await trx
        .selectFrom("experts")
        .select("id")
        .where("id", "=", input.contactExpertId)
        .where("institution_id", "=", input.institutionId)
        .executeTakeFirst();
      if (!e) return { ok: false, kind: "invalid", message: msg("proposals:partners.contactNotOwnExpert") };
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
    const { version } = await trx
      .updateTable("proposals")
      .set({ version: row.version + 1, updated_at: sql`now()` })
      .where("id", "=", row.id)
      .returning("version")
      .executeTakeFirstOrThrow();
    const inst = await trx.selectFrom("institutions").select("name").where("id", "=", input.institutionId).executeTakeFirstOrThrow();
    await notify(trx, await institutionAdminIds(trx, [row.lead_institution_id]), {
      kind: "partner_response",
      title: msg(input.accept ? "proposals:notice.invitationAccepted" : "proposals:notice.invitationDeclined", { partner: inst.name }),
      body: msg("proposals:notice.invitationAnswerBody", { title: row.title }),
      url: `/proposals/${row.id}`,
      exceptUserId: input.userId,
    });
    return { ok: true, version };
  });
}

/**
 * Verified institutions the lead may still invite: every verified one except
 * those in `taken` (the lead and the institutions already invited), by
 * member state then name.
 */
export async function partnerCandidates(db: Kysely<DB>, taken: number[]) {
  return db
    .selectFrom("institutions")
    .select(["id", "name", "country_code"])
    .where("status", "=", "verified")
    .where("id", "not in", taken)
    .orderBy("country_code")
    .orderBy("name")
    .execute();
}

/** Experts a partner's admin may name as contact: those of `institutionIds` (the institutions they administer), by name, at most 500. */
export async function contactCandidates(db: Kysely<DB>, institutionIds: number[]) {
  return db
    .selectFrom("experts")
    .select(["id", "full_name", "institution_id"])
    .where("institution_id", "in", institutionIds)
    .orderBy("full_name")
    .limit(500)
    .execute();
}
