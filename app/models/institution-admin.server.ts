/**
 * What an institution's administrators change: its description, website and
 * declared topics (one transaction with the search outbox), and its members
 * (through the audited membership model in role.server). The last admin of an
 * institution can neither leave nor step down to member.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "../../db/types";
import { enqueueIndexChange } from "../search/outbox.server";
import { removeInstitutionMemberIn, setInstitutionRoleIn } from "./role.server";
import { getUserByEmail } from "./user.server";
import type { InstitutionRole } from "../utils/user-validation";

import { MAX_DECLARED_TOPICS } from "../domain/institution-limits";
export { MAX_DECLARED_TOPICS };

export const LAST_ADMIN_MESSAGE =
  "You are this institution's only administrator: make someone else an administrator first.";
export const NO_SUCH_ACCOUNT_MESSAGE = "No account has that email";

/** The institution as its edit form needs it (declared topics, members with role); null when absent. */
export async function getInstitutionForEdit(db: Kysely<DB>, id: number) {
  const inst = await db.selectFrom("institutions").select(["id", "name", "description", "website", "status"]).where("id", "=", id).executeTakeFirst();
  if (!inst) return null;
  const [topics, members] = await Promise.all([
    db
      .selectFrom("institution_topics")
      .innerJoin("topics", "topics.id", "institution_topics.topic_id")
      .select(["topics.id", "topics.name", "topics.subfield"])
      .where("institution_topics.institution_id", "=", id)
      .where("institution_topics.source", "=", "declared")
      .orderBy("topics.name")
      .execute(),
    db
      .selectFrom("institution_members")
      .innerJoin("users", "users.id", "institution_members.user_id")
      .select(["users.id", "users.email", "users.display_name as displayName", "institution_members.role"])
      .where("institution_members.institution_id", "=", id)
      .orderBy("institution_members.role")
      .orderBy("users.display_name")
      .execute(),
  ]);
  return { ...inst, topics, members };
}

/**
 * Replaces description, website and declared topics (rows with source
 * 'declared'; topics from other sources stay) and queues the institution's
 * search document (and its dependents), all in one transaction. Callers check
 * that the topic ids exist (a foreign-key failure rolls everything back).
 * @returns false when no institution has that id (nothing written)
 */
export async function updateInstitutionDetails(
  db: Kysely<DB>,
  id: number,
  input: { description: string; website: string | null; topicIds: string[] },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable("institutions")
      .set({ description: input.description, website: input.website, updated_at: sql`now()` })
      .where("id", "=", id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await trx.deleteFrom("institution_topics").where("institution_id", "=", id).where("source", "=", "declared").execute();
    const topicIds = [...new Set(input.topicIds)];
    if (topicIds.length) {
      await trx
        .insertInto("institution_topics")
        .values(topicIds.map((topic_id) => ({ institution_id: id, topic_id, source: "declared" })))
        .onConflict((oc) => oc.columns(["institution_id", "topic_id"]).doNothing())
        .execute();
    }
    await enqueueIndexChange(trx, "institutions", [id]);
    return true;
  });
}

export type MemberChange = "done" | "unchanged" | "no-such-user" | "last-admin" | "not-a-member";

/**
 * Runs a membership change in one transaction that first locks the
 * institution's row, so two concurrent changes cannot both pass the
 * last-admin check.
 */
async function withMembershipLock<T>(db: Kysely<DB>, institutionId: number, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom("institutions").select("id").where("id", "=", institutionId).forNoKeyUpdate().execute();
    return fn(trx);
  });
}

async function adminCount(db: Transaction<DB>, institutionId: number): Promise<number> {
  const r = await db
    .selectFrom("institution_members")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("institution_id", "=", institutionId)
    .where("role", "=", "admin")
    .executeTakeFirstOrThrow();
  return r.n;
}

async function roleOf(db: Transaction<DB>, institutionId: number, userId: string): Promise<InstitutionRole | null> {
  const row = await db
    .selectFrom("institution_members")
    .select("role")
    .where("institution_id", "=", institutionId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return (row?.role as InstitutionRole | undefined) ?? null;
}

/**
 * Adds the account with `email` as member or admin (or changes its role when
 * it already belongs), audited. Demoting the last admin is refused.
 */
export async function addInstitutionMember(
  db: Kysely<DB>,
  input: { actorId: string; institutionId: number; email: string; role: InstitutionRole },
): Promise<MemberChange> {
  const user = await getUserByEmail(db, input.email.trim().normalize("NFC").toLowerCase());
  if (!user) return "no-such-user";
  return setMemberRole(db, { actorId: input.actorId, institutionId: input.institutionId, userId: user.id, role: input.role, allowNew: true });
}

/**
 * Changes the role of a member (audited). Refuses to demote the last admin;
 * adds non-members only with `allowNew`.
 */
export async function setMemberRole(
  db: Kysely<DB>,
  input: { actorId: string; institutionId: number; userId: string; role: InstitutionRole; allowNew?: boolean },
): Promise<MemberChange> {
  return withMembershipLock(db, input.institutionId, async (trx) => {
    const before = await roleOf(trx, input.institutionId, input.userId);
    if (!before && !input.allowNew) return "not-a-member";
    if (before === input.role) return "unchanged";
    if (before === "admin" && (await adminCount(trx, input.institutionId)) <= 1) return "last-admin";
    const changed = await setInstitutionRoleIn(trx, { actorId: input.actorId, targetId: input.userId, institutionId: input.institutionId, role: input.role });
    return changed ? "done" : "unchanged";
  });
}

/** Removes a member (audited); the last admin of an institution cannot be removed. */
export async function removeMember(
  db: Kysely<DB>,
  input: { actorId: string; institutionId: number; userId: string },
): Promise<MemberChange> {
  return withMembershipLock(db, input.institutionId, async (trx) => {
    const before = await roleOf(trx, input.institutionId, input.userId);
    if (!before) return "not-a-member";
    if (before === "admin" && (await adminCount(trx, input.institutionId)) <= 1) return "last-admin";
    return (await removeInstitutionMemberIn(trx, { actorId: input.actorId, targetId: input.userId, institutionId: input.institutionId })) ? "done" : "not-a-member";
  });
}
