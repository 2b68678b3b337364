/**
 * Granting and revoking site roles and institution memberships. Every change
 * writes a `role_audit` row (who, whom, what, when) in the same transaction.
 * `actorId` null means the command line (npm run user:create).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~db/types";
import type { InstitutionRole, SiteRole } from "~/domain/roles";

type AuditRole = SiteRole | "institution_admin" | "institution_member";

async function audit(
  trx: Transaction<DB>,
  e: { actorId: string | null; targetId: string; action: "grant" | "revoke"; role: AuditRole; institutionId?: number | null },
) {
  const emails = await trx
    .selectFrom("users")
    .select(["id", "email"])
    .where("id", "in", e.actorId ? [e.actorId, e.targetId] : [e.targetId])
    .execute();
  const email = (id: string | null) => (id ? (emails.find((u) => u.id === id)?.email ?? null) : null);
  await trx
    .insertInto("role_audit")
    .values({
      actor_id: e.actorId,
      actor_email: email(e.actorId),
      target_id: e.targetId,
      target_email: email(e.targetId) ?? "(unknown)",
      action: e.action,
      role: e.role,
      institution_id: e.institutionId ?? null,
    })
    .execute();
}

/**
 * Gives `targetId` a site role.
 * @returns false when they already had it (nothing written, no audit row)
 */
export async function grantRole(db: Kysely<DB>, input: { actorId: string | null; targetId: string; role: SiteRole }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto("user_roles")
      .values({ user_id: input.targetId, role: input.role })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await audit(trx, { actorId: input.actorId, targetId: input.targetId, action: "grant", role: input.role });
    return true;
  });
}

export type RevokeResult = "revoked" | "absent" | "last-admin";

/**
 * Takes a site role away. The last admin keeps theirs ("last-admin"): the
 * admin rows are locked first, so two admins revoking each other at once
 * cannot leave the site with none.
 */
export async function revokeRole(db: Kysely<DB>, input: { actorId: string | null; targetId: string; role: SiteRole }): Promise<RevokeResult> {
  return db.transaction().execute(async (trx) => {
    if (input.role === "admin") {
      const admins = await trx.selectFrom("user_roles").select("user_id").where("role", "=", "admin").forUpdate().execute();
      if (admins.length === 1 && admins[0].user_id === input.targetId) return "last-admin";
    }
    const r = await trx.deleteFrom("user_roles").where("user_id", "=", input.targetId).where("role", "=", input.role).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return "absent";
    await audit(trx, { actorId: input.actorId, targetId: input.targetId, action: "revoke", role: input.role });
    return "revoked";
  });
}

/**
 * Makes `targetId` an admin or member of an institution (changing the role
 * when they already belong). Audited as a revoke of the old role and a grant
 * of the new one.
 * @returns false when nothing changed
 */
export async function setInstitutionRole(
  db: Kysely<DB>,
  input: { actorId: string | null; targetId: string; institutionId: number; role: InstitutionRole },
): Promise<boolean> {
  return db.transaction().execute((trx) => setInstitutionRoleIn(trx, input));
}

/** Thrown by setInstitutionRoleIn for an institution that is not verified (callers check first, with a message). */
export class InstitutionNotVerifiedError extends Error {
  constructor(institutionId: number) {
    super(`institution ${institutionId} is not verified: it cannot have members`);
    this.name = "InstitutionNotVerifiedError";
  }
}

/**
 * setInstitutionRole inside the caller's transaction (e.g. verifying a
 * registration makes the registrant its admin in the same commit, after the
 * status change). Only verified institutions have members: membership would
 * show a pending or rejected institution to people its page answers 404.
 * @returns false when they already held that role (nothing written)
 * @throws InstitutionNotVerifiedError when the institution is missing or not verified (nothing written)
 */
export async function setInstitutionRoleIn(
  trx: Transaction<DB>,
  input: { actorId: string | null; targetId: string; institutionId: number; role: InstitutionRole },
): Promise<boolean> {
  const institution = await trx.selectFrom("institutions").select("status").where("id", "=", input.institutionId).executeTakeFirst();
  if (institution?.status !== "verified") throw new InstitutionNotVerifiedError(input.institutionId);
  const before = await trx
    .selectFrom("institution_members")
    .select("role")
    .where("user_id", "=", input.targetId)
    .where("institution_id", "=", input.institutionId)
    .forUpdate()
    .executeTakeFirst();
  if (before?.role === input.role) return false;
  await trx
    .insertInto("institution_members")
    .values({ user_id: input.targetId, institution_id: input.institutionId, role: input.role })
    .onConflict((oc) => oc.columns(["user_id", "institution_id"]).doUpdateSet({ role: input.role }))
    .execute();
  if (before) {
    await audit(trx, {
      actorId: input.actorId,
      targetId: input.targetId,
      action: "revoke",
      role: `institution_${before.role}` as AuditRole,
      institutionId: input.institutionId,
    });
  }
  await audit(trx, {
    actorId: input.actorId,
    targetId: input.targetId,
    action: "grant",
    role: `institution_${input.role}`,
    institutionId: input.institutionId,
  });
  return true;
}

/** Removes `targetId` from an institution. @returns false when they were not a member */
export async function removeInstitutionMember(db: Kysely<DB>, input: { actorId: string | null; targetId: string; institutionId: number }): Promise<boolean> {
  return db.transaction().execute((trx) => removeInstitutionMemberIn(trx, input));
}

/** removeInstitutionMember inside the caller's transaction. @returns false when they were not a member */
export async function removeInstitutionMemberIn(
  trx: Transaction<DB>,
  input: { actorId: string | null; targetId: string; institutionId: number },
): Promise<boolean> {
  const removed = await trx
    .deleteFrom("institution_members")
    .where("user_id", "=", input.targetId)
    .where("institution_id", "=", input.institutionId)
    .returning("role")
    .executeTakeFirst();
  if (!removed) return false;
  await audit(trx, {
    actorId: input.actorId,
    targetId: input.targetId,
    action: "revoke",
    role: `institution_${removed.role}` as AuditRole,
    institutionId: input.institutionId,
  });
  return true;
}

/** True when the user administers the institution. */
export async function isInstitutionAdmin(db: Kysely<DB> | Transaction<DB>, userId: string, institutionId: number): Promise<boolean> {
  return isInstitutionMember(db, userId, institutionId, "admin");
}

/** True when the user belongs to the institution, as admin or member (only as admin with `role` "admin"). */
export async function isInstitutionMember(db: Kysely<DB> | Transaction<DB>, userId: string, institutionId: number, role?: "admin"): Promise<boolean> {
  const row = await db
    .selectFrom("institution_members")
    .select(sql<number>`1`.as("one"))
    .where("user_id", "=", userId)
    .where("institution_id", "=", institutionId)
    .$if(role !== undefined, (q) => q.where("role", "=", "admin"))
    .executeTakeFirst();
  return Boolean(row);
}

/** The latest audit rows about a user, newest first. */
export async function auditTrail(db: Kysely<DB>, targetId: string, limit = 20) {
  return db
    .selectFrom("role_audit")
    .select([
      "id",
      "actor_id as actorId",
      "actor_email as actorEmail",
      "target_email as targetEmail",
      "action",
      "role",
      "institution_id as institutionId",
      "at",
    ])
    .where("target_id", "=", targetId)
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** The institutions `userId` belongs to with their role there (admin or member), by name: for /account. */
export async function listMemberships(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom("institution_members")
    .innerJoin("institutions", "institutions.id", "institution_members.institution_id")
    .select(["institutions.id", "institutions.name", "institution_members.role"])
    .where("institution_members.user_id", "=", userId)
    .orderBy("institutions.name")
    .execute();
}
