/**
 * Requests to administer an existing (verified) institution: a user asks,
 * the secretariat sees the evidence (confirmed email, its domain against the
 * institution's website, profile, other requests) and grants — the requester
 * becomes admin, audited, in the same transaction — or refuses.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { setInstitutionRoleIn } from "~/features/accounts/role.server";
import { decideInstitutionRequest, type RequestDecisionResult } from "~/features/institutions/request-decision.server";
import { emailDomainEvidence } from "~/features/institutions/email-domain";

export type AdminRequestResult = "created" | "already-admin" | "already-pending" | "not-found";

/** Asks the secretariat to make `userId` an admin of verified institution `institutionId`. */
export async function requestInstitutionAdmin(db: Kysely<DB>, input: { userId: string; institutionId: number; message: string }): Promise<AdminRequestResult> {
  const [inst, member, pending] = await Promise.all([
    db.selectFrom("institutions").select("id").where("id", "=", input.institutionId).where("status", "=", "verified").executeTakeFirst(),
    db
      .selectFrom("institution_members")
      .select("role")
      .where("user_id", "=", input.userId)
      .where("institution_id", "=", input.institutionId)
      .executeTakeFirst(),
    db
      .selectFrom("institution_admin_requests")
      .select("id")
      .where("user_id", "=", input.userId)
      .where("institution_id", "=", input.institutionId)
      .where("status", "=", "pending")
      .executeTakeFirst(),
  ]);
  if (!inst) return "not-found";
  if (member?.role === "admin") return "already-admin";
  if (pending) return "already-pending";
  const r = await db
    .insertInto("institution_admin_requests")
    .values({ user_id: input.userId, institution_id: input.institutionId, message: input.message.trim().slice(0, 2000) })
    .onConflict((oc) => oc.columns(["user_id", "institution_id"]).where("status", "=", "pending").doNothing())
    .returning("id")
    .executeTakeFirst();
  return r ? "created" : "already-pending";
}

/** The user's pending request for `institutionId`, if any. */
export async function pendingAdminRequest(db: Kysely<DB>, userId: string, institutionId: number) {
  return db
    .selectFrom("institution_admin_requests")
    .select(["id", "created_at"])
    .where("user_id", "=", userId)
    .where("institution_id", "=", institutionId)
    .where("status", "=", "pending")
    .executeTakeFirst();
}

/**
 * Grants (the requester becomes admin, audited, same transaction) or refuses
 * (reason recorded) a pending request, and tells the requester (in-app and
 * by email, sent after commit to `origin` links). A decided request is left alone.
 */
export async function decideAdminRequest(
  db: Kysely<DB>,
  input: { actorId: string; requestId: number; decision: "grant" | "refuse"; reason?: string },
  origin = "",
): Promise<RequestDecisionResult> {
  return decideInstitutionRequest(
    db,
    "administer",
    input,
    {
      onGrant: async (trx, req) => {
        await setInstitutionRoleIn(trx, { actorId: input.actorId, targetId: req.user_id, institutionId: req.institution_id, role: "admin" });
      },
    },
    origin,
  );
}

/**
 * Pending admin requests, oldest first, with requester, institution and the
 * evidence the secretariat weighs (issue 14, item 4): whether the requester's
 * email is confirmed and how its domain compares with the institution's
 * website (`domain`, see emailDomainEvidence), their expert profile id (null
 * without one) and how many other requests to administer they made (any
 * institution, any status; `otherPending` of them still open).
 */
export async function listPendingAdminRequests(db: Kysely<DB>) {
  const rows = await db
    .selectFrom("institution_admin_requests as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .innerJoin("institutions as i", "i.id", "r.institution_id")
    .leftJoin("experts as e", "e.user_id", "u.id")
    .select([
      "r.id",
      "r.message",
      "r.created_at",
      "r.user_id",
      "u.display_name",
      "u.email",
      "u.email_verified_at",
      "e.id as expert_id",
      "i.id as institution_id",
      "i.name as institution_name",
      "i.country_code",
      "i.website",
    ])
    .select((eb) => [
      eb
        .selectFrom("institution_admin_requests as o")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("o.user_id", "=", "r.user_id")
        .whereRef("o.id", "!=", "r.id")
        .as("other_requests"),
      eb
        .selectFrom("institution_admin_requests as o")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("o.user_id", "=", "r.user_id")
        .whereRef("o.id", "!=", "r.id")
        .where("o.status", "=", "pending")
        .as("other_pending"),
    ])
    .where("r.status", "=", "pending")
    .orderBy("r.created_at")
    .orderBy("r.id")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    ...r,
    created_at: new Date(r.created_at).toISOString(),
    email_verified_at: r.email_verified_at ? new Date(r.email_verified_at).toISOString() : null,
    other_requests: Number(r.other_requests ?? 0),
    other_pending: Number(r.other_pending ?? 0),
    domain: emailDomainEvidence(r.email, r.website),
  }));
}
