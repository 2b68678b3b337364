/**
 * Requests to join an institution as a member (issue 14, item 3): the way out
 * for a researcher who belongs to no institution and wants to draft a
 * proposal. The request is listed for the institution's admins and the
 * secretariat (/join-requests), who grant it (the requester becomes a member,
 * audited in role_audit, same transaction) or refuse it (reason kept). The
 * institution's admins are notified of a new request (the secretariat when it
 * has none); the requester is notified of the decision, in-app and by email.
 * Emails go out after commit (see notification.server).
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { deliverEmails, institutionAdminIds, notify, secretariatUserIds, type PendingEmail } from "~/features/messaging/notification.server";
import { msg } from "~/i18n/message";
import { isInstitutionAdmin, isInstitutionMember, setInstitutionRoleIn } from "~/features/accounts/role.server";
import { decideInstitutionRequest, type RequestDecisionResult } from "~/features/institutions/request-decision.server";

export type JoinRequestResult = "created" | "already-member" | "already-pending" | "not-found";

/** Where requests are listed and decided. */
export const JOIN_REQUESTS_PATH = "/join-requests";

/**
 * `userId` asks to join verified institution `institutionId` as a member,
 * with an optional message (trimmed, at most 2,000 characters kept).
 * Notifies the institution's admins, or the secretariat when it has none.
 * @returns "not-found" for an unknown or unverified institution (nothing written)
 */
export async function requestToJoin(
  db: Kysely<DB>,
  input: { userId: string; institutionId: number; message: string },
  origin: string,
): Promise<JoinRequestResult> {
  let emails: PendingEmail[] = [];
  const result = await db.transaction().execute(async (trx): Promise<JoinRequestResult> => {
    const inst = await trx
      .selectFrom("institutions")
      .select(["id", "name"])
      .where("id", "=", input.institutionId)
      .where("status", "=", "verified")
      .executeTakeFirst();
    if (!inst) return "not-found";
    if (await isInstitutionMember(trx, input.userId, inst.id)) return "already-member";
    const row = await trx
      .insertInto("institution_join_requests")
      .values({ user_id: input.userId, institution_id: inst.id, message: input.message.trim().slice(0, 2000) })
      .onConflict((oc) => oc.columns(["user_id", "institution_id"]).where("status", "=", "pending").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return "already-pending";
    const requester = await trx.selectFrom("users").select("display_name").where("id", "=", input.userId).executeTakeFirstOrThrow();
    const admins = await institutionAdminIds(trx, [inst.id]);
    // Each admin (or secretariat member) reads it in their own language.
    emails = await notify(trx, admins.length ? admins : await secretariatUserIds(trx), {
      kind: "join_request",
      url: JOIN_REQUESTS_PATH,
      exceptUserId: input.userId,
      title: msg("institutions:notify.joinRequest.title", { requester: requester.display_name, institution: inst.name }),
      body: msg("institutions:notify.joinRequest.body", { requester: requester.display_name, institution: inst.name, site: "common:site.name" }),
    });
    return "created";
  });
  if (emails.length) await deliverEmails(emails, origin);
  return result;
}

/** The user's own requests (any status), newest first, for "your requests". */
export async function listOwnJoinRequests(db: Kysely<DB>, userId: string, limit = 50) {
  const rows = await db
    .selectFrom("institution_join_requests as r")
    .innerJoin("institutions as i", "i.id", "r.institution_id")
    .select(["r.id", "r.status", "r.reason", "r.created_at", "r.decided_at", "i.id as institution_id", "i.name as institution_name"])
    .where("r.user_id", "=", userId)
    .orderBy("r.created_at", "desc")
    .orderBy("r.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString(), decided_at: r.decided_at ? new Date(r.decided_at).toISOString() : null }));
}

/**
 * Pending requests `viewer` may decide, oldest first: every one for the
 * secretariat, otherwise those for institutions the viewer administers.
 * Each row carries what the decider needs: requester name, email and whether
 * it is confirmed, their expert profile id (null without one).
 */
export async function listDecidableJoinRequests(db: Kysely<DB>, viewer: { id: string; secretariat: boolean }, limit = 200) {
  const rows = await db
    .selectFrom("institution_join_requests as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .innerJoin("institutions as i", "i.id", "r.institution_id")
    .leftJoin("experts as e", "e.user_id", "u.id")
    .select([
      "r.id",
      "r.message",
      "r.created_at",
      "u.display_name",
      "u.email",
      "u.email_verified_at",
      "e.id as expert_id",
      "i.id as institution_id",
      "i.name as institution_name",
    ])
    .where("r.status", "=", "pending")
    .$if(!viewer.secretariat, (q) =>
      q.where("r.institution_id", "in", (eb) =>
        eb.selectFrom("institution_members").select("institution_id").where("user_id", "=", viewer.id).where("role", "=", "admin"),
      ),
    )
    .orderBy("r.created_at")
    .orderBy("r.id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    created_at: new Date(r.created_at).toISOString(),
    email_verified_at: r.email_verified_at ? new Date(r.email_verified_at).toISOString() : null,
  }));
}

export type JoinDecisionResult = RequestDecisionResult;

/**
 * Grants (the requester becomes a member, audited with the decider as actor;
 * an existing admin is never demoted) or refuses (reason kept) a pending
 * request, then notifies the requester in-app and by email. Only the
 * secretariat and admins of the request's institution may decide: anyone
 * else gets "not-found", as for an unknown id (a request's existence does not
 * leak). A decided request is left alone (two deciders at once: the first wins).
 */
export async function decideJoinRequest(
  db: Kysely<DB>,
  input: { actorId: string; actorIsSecretariat: boolean; requestId: number; decision: "grant" | "refuse"; reason?: string },
  origin: string,
): Promise<JoinDecisionResult> {
  return decideInstitutionRequest(
    db,
    "join",
    input,
    {
      authorize: async (trx, req) => input.actorIsSecretariat || (await isInstitutionAdmin(trx, input.actorId, req.institution_id)),
      onGrant: async (trx, req) => {
        if (!(await isInstitutionMember(trx, req.user_id, req.institution_id))) {
          await setInstitutionRoleIn(trx, { actorId: input.actorId, targetId: req.user_id, institutionId: req.institution_id, role: "member" });
        }
      },
    },
    origin,
  );
}
