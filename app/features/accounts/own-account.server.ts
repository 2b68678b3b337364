/**
 * What a signed-in person does with their own account on /account (issue 14,
 * item 9): change the display name or the password (the current one checked),
 * download their data, delete the account. Sessions are restarted by the
 * route (utils/auth.server.ts), as after a password reset.
 *
 * Deletion keeps the `users` row — proposal events, the role audit, messages
 * and published reports point at it — but anonymises it: the email becomes
 * `deleted-<id>@deleted.invalid` (RFC 2606: never deliverable, still unique),
 * the name "Former member", `deleted_at` is set; the password, sessions,
 * email links, roles, memberships and notifications go; the expert profile is
 * deleted with its search document (outbox, same transaction). The emails
 * copied into the role audit become "Former member" too. proposal_events is
 * append-only (a trigger refuses UPDATE): its rows keep the recorded name and
 * listEvents shows "Former member" for an actor whose account is deleted.
 * Published reports are immutable public snapshots and keep the publisher's
 * name as printed.
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { hashPassword, verifyPassword } from "~/features/accounts/password.server";
import { deleteExpertProfileIn, getOwnExpertProfile } from "~/features/experts/expert-profile.server";

/** How a deleted account is shown wherever its name was (shown translated: former-member.ts `shownName`). */
export { FORMER_MEMBER } from "~/features/accounts/former-member";
import { FORMER_MEMBER } from "~/features/accounts/former-member";

/** Sets the display name (already validated: DisplayNameSchema). */
export async function changeDisplayName(db: Kysely<DB>, userId: string, displayName: string): Promise<void> {
  await db.updateTable("users").set({ display_name: displayName }).where("id", "=", userId).where("deleted_at", "is", null).execute();
}

async function passwordMatches(db: Kysely<DB>, userId: string, password: string): Promise<boolean> {
  const row = await db.selectFrom("user_passwords").select("hash").where("user_id", "=", userId).executeTakeFirst();
  return verifyPassword(row?.hash ?? null, password);
}

/**
 * Replaces the password when `current` is right. The caller then ends every
 * session and starts a new one for this browser.
 * @returns false (nothing changed) when `current` is wrong
 */
export async function changePassword(db: Kysely<DB>, userId: string, current: string, next: string): Promise<boolean> {
  if (!(await passwordMatches(db, userId, current))) return false;
  const hash = await hashPassword(next);
  await db
    .insertInto("user_passwords")
    .values({ user_id: userId, hash })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ hash }))
    .execute();
  return true;
}

/**
 * Everything the network holds about `userId` that is theirs: the account
 * (email, name, dates, roles, memberships), the expert profile, the proposals
 * they lead (created, or PI on the team) with their events, and their
 * conversations with every message. Dates as ISO 8601 strings once serialised.
 */
export async function exportAccountData(db: Kysely<DB>, userId: string) {
  const account = await db
    .selectFrom("users")
    .select([
      "id",
      "email",
      "display_name as displayName",
      "created_at as createdAt",
      "email_verified_at as emailVerifiedAt",
      "accepts_messages as acceptsMessages",
    ])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  const [roles, memberships, profile] = await Promise.all([
    db.selectFrom("user_roles").select("role").where("user_id", "=", userId).execute(),
    db
      .selectFrom("institution_members as m")
      .innerJoin("institutions as i", "i.id", "m.institution_id")
      .select(["i.id as institutionId", "i.name as institution", "m.role"])
      .where("m.user_id", "=", userId)
      .execute(),
    getOwnExpertProfile(db, userId),
  ]);
  const led = await db
    .selectFrom("proposals as p")
    .select([
      "p.id",
      "p.reference_code as referenceCode",
      "p.title",
      "p.acronym",
      "p.abstract",
      "p.objectives",
      "p.status",
      "p.lead_institution_id as leadInstitutionId",
      "p.created_at as createdAt",
      "p.submitted_at as submittedAt",
      "p.decided_at as decidedAt",
    ])
    .where((eb) =>
      eb.or([
        eb("p.created_by", "=", userId),
        eb.exists(
          eb
            .selectFrom("proposal_team as t")
            .innerJoin("experts as e", "e.id", "t.expert_id")
            .select("t.proposal_id")
            .whereRef("t.proposal_id", "=", "p.id")
            .where("t.role", "=", "pi")
            .where("e.user_id", "=", userId),
        ),
      ]),
    )
    .orderBy("p.id")
    .execute();
  const events = led.length
    ? await db
        .selectFrom("proposal_events")
        .select(["proposal_id as proposalId", "action", "from_status as from", "to_status as to", "comment", "actor_name as actor", "at"])
        .where(
          "proposal_id",
          "in",
          led.map((p) => p.id),
        )
        .orderBy("id")
        .execute()
    : [];
  const conversations = await db
    .selectFrom("conversations as c")
    .innerJoin("users as s", "s.id", "c.starter_id")
    .innerJoin("users as r", "r.id", "c.recipient_id")
    .select(["c.id", "c.created_at as createdAt", "s.display_name as starter", "r.display_name as recipient"])
    .where((eb) => eb.or([eb("c.starter_id", "=", userId), eb("c.recipient_id", "=", userId)]))
    .orderBy("c.id")
    .execute();
  const messages = conversations.length
    ? await db
        .selectFrom("messages as m")
        .innerJoin("users as u", "u.id", "m.sender_id")
        .select(["m.conversation_id as conversationId", "u.display_name as sender", "m.sender_id as senderId", "m.body", "m.created_at as sentAt"])
        .where(
          "m.conversation_id",
          "in",
          conversations.map((c) => c.id),
        )
        .orderBy("m.id")
        .execute()
    : [];
  return {
    exportedAt: new Date().toISOString(),
    account: { ...account, roles: roles.map((r) => r.role), memberships },
    profile,
    proposalsYouLead: led.map((p) => ({ ...p, events: events.filter((e) => e.proposalId === p.id) })),
    conversations: conversations.map((c) => ({
      ...c,
      messages: messages.filter((m) => m.conversationId === c.id).map(({ senderId, ...m }) => ({ ...m, fromYou: senderId === userId })),
    })),
  };
}

/** Why an account cannot be deleted yet: the institutions it alone administers and their open drafts. */
export interface HandoverNeeded {
  institutions: Array<{ id: number; name: string; drafts: number }>;
}

/**
 * Institutions whose only admin is `userId`, each with its proposals still in
 * draft or sent back for revision (which only an admin can submit): the
 * person must make someone else admin first.
 */
export async function handoverNeeded(db: Kysely<DB>, userId: string): Promise<HandoverNeeded | null> {
  const sole = await db
    .selectFrom("institution_members as m")
    .innerJoin("institutions as i", "i.id", "m.institution_id")
    .select(["i.id", "i.name"])
    .select((eb) =>
      eb
        .selectFrom("proposals as p")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("p.lead_institution_id", "=", "i.id")
        .where("p.status", "in", ["draft", "revision_requested"])
        .as("drafts"),
    )
    .where("m.user_id", "=", userId)
    .where("m.role", "=", "admin")
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("institution_members as o")
            .select("o.user_id")
            .whereRef("o.institution_id", "=", "m.institution_id")
            .where("o.role", "=", "admin")
            .where("o.user_id", "!=", userId),
        ),
      ),
    )
    .orderBy("i.name")
    .execute();
  return sole.length ? { institutions: sole.map((s) => ({ id: s.id, name: s.name, drafts: Number(s.drafts ?? 0) })) } : null;
}

export type DeleteAccountResult = { ok: true } | { ok: false; reason: "password" } | { ok: false; reason: "handover"; handover: HandoverNeeded };

/**
 * Deletes `userId`'s account as described at the top of this module, in one
 * transaction, after checking `password` and that no institution is left
 * without an admin (nothing is written otherwise). The caller ends the
 * browser's session (its row is already gone) and clears the cookie.
 */
export async function deleteOwnAccount(db: Kysely<DB>, userId: string, password: string): Promise<DeleteAccountResult> {
  if (!(await passwordMatches(db, userId, password))) return { ok: false, reason: "password" };
  return db.transaction().execute(async (trx) => {
    // Under the row lock: a concurrent "make X admin"/"remove X" is seen before the check.
    await trx.selectFrom("users").select("id").where("id", "=", userId).forUpdate().executeTakeFirst();
    const handover = await handoverNeeded(trx, userId);
    if (handover) return { ok: false as const, reason: "handover" as const, handover };
    await deleteExpertProfileIn(trx, userId);
    for (const table of ["user_passwords", "sessions", "email_tokens", "user_roles", "institution_members", "notifications"] as const) {
      await trx.deleteFrom(table).where("user_id", "=", userId).execute();
    }
    // Requests still waiting have no one to answer; decided ones stay as the secretariat's record.
    await trx.deleteFrom("institution_admin_requests").where("user_id", "=", userId).where("status", "=", "pending").execute();
    await trx
      .updateTable("users")
      .set({
        email: `deleted-${userId.toLowerCase()}@deleted.invalid`,
        display_name: FORMER_MEMBER,
        email_verified_at: null,
        accepts_messages: false,
        deleted_at: new Date(),
      })
      .where("id", "=", userId)
      .execute();
    await trx.updateTable("role_audit").set({ actor_email: FORMER_MEMBER }).where("actor_id", "=", userId).execute();
    await trx.updateTable("role_audit").set({ target_email: FORMER_MEMBER }).where("target_id", "=", userId).execute();
    return { ok: true as const };
  });
}
