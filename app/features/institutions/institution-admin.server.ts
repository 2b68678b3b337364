/**
 * What an institution's administrators change: its description, website and
 * declared topics (one transaction with the search outbox), and its members
 * (through the audited membership model in role.server). The last admin of an
 * institution can neither leave nor step down to member.
 *
 * New members are invited by email and join only by accepting the emailed
 * link while signed in with that address: the admin gets the same answer
 * whether or not the address has an account (and the member list changes
 * only on acceptance), so the form cannot test which addresses have accounts.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~db/types";
import { enqueueIndexChange } from "~/search/outbox.server";
import { removeInstitutionMemberIn, setInstitutionRoleIn } from "~/features/accounts/role.server";
import { hashToken, isTokenShaped, newToken } from "~/features/accounts/email-token.server";
import { deliverEmails } from "~/features/messaging/notification.server";
import { normalizeEmail } from "~/features/accounts/user-validation";
import { type InstitutionRole } from "~/domain/roles";
import { normalizeSearchText } from "~/search/normalize";
import { msg } from "~/i18n/message";
import { serverT } from "~/i18n/i18n.server";
import { emailLanguage } from "~/features/accounts/account-language.server";

import { MAX_DECLARED_TOPICS } from "~/domain/institution-limits";
export { MAX_DECLARED_TOPICS };

/** Refusals shown at the form (catalogue keys, app/i18n/message.ts). */
export const LAST_ADMIN_MESSAGE = msg("institutions:edit.lastAdmin");
export const ALREADY_MEMBER_MESSAGE = msg("institutions:edit.alreadyMember");
/** How long an invitation link works. */
export const INVITATION_TTL_DAYS = 7;
/** What the admin is told after inviting, whether or not the address has an account (a catalogue key with parameters). */
export function invitationSentMessage(email: string): string {
  return msg("institutions:edit.invitationSent", { email, days: INVITATION_TTL_DAYS });
}

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

export type MemberChange = "done" | "unchanged" | "last-admin" | "not-a-member";

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

// ---------------------------------------------------------------------------
// Invitations by email

/**
 * Invites `email` to join institution `institutionId` as `role` and emails the
 * address a single-use link (/accept-invitation?token=…, valid
 * INVITATION_TTL_DAYS days; a newer invitation of the same address to the
 * same institution retires older ones). The same happens, and the same email
 * goes out, whether or not the address has an account.
 * @param origin absolute origin for the link in the email
 * @returns "already-member" (nothing sent) when the address is a member's
 *   already: the admin sees the member list with its addresses anyway
 */
export async function inviteInstitutionMember(
  db: Kysely<DB>,
  input: { actorId: string; institutionId: number; email: string; role: InstitutionRole },
  origin: string,
): Promise<"sent" | "already-member"> {
  const email = normalizeEmail(input.email);
  const token = newToken();
  const sent = await db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom("institution_members as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select("m.role")
      .where("m.institution_id", "=", input.institutionId)
      .where("u.email", "=", email)
      .executeTakeFirst();
    if (member) return null;
    await trx
      .updateTable("institution_invitations")
      .set({ used_at: sql`now()` })
      .where("institution_id", "=", input.institutionId)
      .where("email", "=", email)
      .where("used_at", "is", null)
      .execute();
    await trx
      .insertInto("institution_invitations")
      .values({
        token_hash: hashToken(token),
        institution_id: input.institutionId,
        email,
        role: input.role,
        invited_by: input.actorId,
        expires_at: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
      })
      .execute();
    const [institution, inviter] = await Promise.all([
      trx.selectFrom("institutions").select("name").where("id", "=", input.institutionId).executeTakeFirstOrThrow(),
      trx.selectFrom("users").select("display_name").where("id", "=", input.actorId).executeTakeFirstOrThrow(),
    ]);
    const account = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    return { institution: institution.name, inviter: inviter.display_name, accountId: account?.id ?? null };
  });
  if (!sent) return "already-member";
  // In the invitee's language when the address has an account, else in the inviter's.
  const t = serverT(await emailLanguage(db, sent.accountId ?? input.actorId), ["institutions", "common"]);
  const site = t("common:site.name");
  const link = `${origin}/accept-invitation?${new URLSearchParams({ token })}`;
  await deliverEmails(
    [
      {
        to: email,
        subject: t("email.invitation.subject", { institution: sent.institution, site }),
        text: [
          t("email.invitation.hello"),
          "",
          t(input.role === "admin" ? "email.invitation.invitesAdmin" : "email.invitation.invitesMember", {
            inviter: sent.inviter,
            institution: sent.institution,
            site,
          }),
          t("email.invitation.toAccept"),
          "",
          link,
          "",
          t("email.invitation.noAccount", { joinUrl: `${origin}/join` }),
          t("email.invitation.linkWorks", { count: INVITATION_TTL_DAYS }),
        ].join("\n"),
      },
    ],
    origin,
  );
  return "sent";
}

/** Invitations of an institution still waiting for an answer, newest first (for its admins). */
export async function listOpenInvitations(db: Kysely<DB>, institutionId: number) {
  return db
    .selectFrom("institution_invitations")
    .select(["email", "role", "expires_at as expiresAt"])
    .where("institution_id", "=", institutionId)
    .where("used_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .orderBy("created_at", "desc")
    .execute();
}

/** The still-valid invitation behind `token` (to a verified institution), without using it; null otherwise. */
export async function peekInvitation(db: Kysely<DB> | Transaction<DB>, token: string) {
  if (!isTokenShaped(token)) return null;
  const row = await db
    .selectFrom("institution_invitations as v")
    .innerJoin("institutions as i", "i.id", "v.institution_id")
    .select(["v.id", "v.email", "v.role", "v.invited_by", "v.institution_id as institutionId", "i.name as institutionName"])
    .where("v.token_hash", "=", hashToken(token))
    .where("v.used_at", "is", null)
    .where("v.expires_at", ">", sql<Date>`now()`)
    .where("i.status", "=", "verified")
    .executeTakeFirst();
  return row ? { ...row, role: row.role as InstitutionRole } : null;
}

export type AcceptInvitationResult =
  { ok: true; institutionId: number; institutionName: string; role: InstitutionRole; changed: boolean } | { ok: false; reason: "invalid" | "wrong-account" };

/**
 * `user` accepts the invitation behind `token`: they become a member (or
 * admin) of its institution, audited with the inviter as actor, and the token
 * is used up. Refused as "invalid" when the token is unknown, used, expired,
 * or its inviter no longer administers the institution; "wrong-account" when
 * the user's email is not the invited address (nothing used up). An
 * invitation never demotes: an admin invited as member stays admin.
 */
export async function acceptInvitation(db: Kysely<DB>, input: { token: string; user: { id: string; email: string } }): Promise<AcceptInvitationResult> {
  const invitation = await peekInvitation(db, input.token);
  if (!invitation) return { ok: false, reason: "invalid" };
  if (normalizeEmail(input.user.email) !== invitation.email) return { ok: false, reason: "wrong-account" };
  return withMembershipLock(db, invitation.institutionId, async (trx): Promise<AcceptInvitationResult> => {
    // Used up by a concurrent acceptance meanwhile: the first one wins.
    const used = await trx
      .updateTable("institution_invitations")
      .set({ used_at: sql`now()`, accepted_by: input.user.id })
      .where("id", "=", invitation.id)
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) === 0) return { ok: false, reason: "invalid" };
    if ((await roleOf(trx, invitation.institutionId, invitation.invited_by)) !== "admin") return { ok: false, reason: "invalid" };
    const before = await roleOf(trx, invitation.institutionId, input.user.id);
    const changed =
      before !== "admin" &&
      before !== invitation.role &&
      (await setInstitutionRoleIn(trx, {
        actorId: invitation.invited_by,
        targetId: input.user.id,
        institutionId: invitation.institutionId,
        role: invitation.role,
      }));
    return { ok: true, institutionId: invitation.institutionId, institutionName: invitation.institutionName, role: invitation.role, changed };
  });
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
export async function removeMember(db: Kysely<DB>, input: { actorId: string; institutionId: number; userId: string }): Promise<MemberChange> {
  return withMembershipLock(db, input.institutionId, async (trx) => {
    const before = await roleOf(trx, input.institutionId, input.userId);
    if (!before) return "not-a-member";
    if (before === "admin" && (await adminCount(trx, input.institutionId)) <= 1) return "last-admin";
    return (await removeInstitutionMemberIn(trx, { actorId: input.actorId, targetId: input.userId, institutionId: input.institutionId }))
      ? "done"
      : "not-a-member";
  });
}

// ---------------------------------------------------------------------------
// Name variants (issue 14, item 1 b)

/** At most this many names added by administrators per institution. */
export const MAX_ADMIN_NAMES = 30;
export const DUPLICATE_NAME_MESSAGE = msg("institutions:names.duplicate");
export const TOO_MANY_NAMES_MESSAGE = msg("institutions:names.tooMany", { max: MAX_ADMIN_NAMES });

/** One name of an institution as the edit page lists it. */
export interface InstitutionNameRow {
  id: number;
  name: string;
  /** ISO 639-1 code, or null when not recorded (ROR aliases, short forms). */
  lang: string | null;
  /** 'label' (a name in a language), 'alias' (ROR's other names), 'short' (a short form people type). */
  kind: string;
  /** 'ror' (replaced by each ROR import), 'curated' (the project's list), 'admin' (added on the edit page). */
  source: string;
}

/** Every name of institution `id` (all sources), ROR's first, then curated, then added ones; oldest first. */
export async function listInstitutionNames(db: Kysely<DB>, id: number): Promise<InstitutionNameRow[]> {
  return db
    .selectFrom("institution_names")
    .select(["id", "name", "lang", "kind", "source"])
    .where("institution_id", "=", id)
    .orderBy(sql`array_position(array['ror', 'curated', 'admin'], source)`)
    .orderBy("id")
    .execute();
}

/** Case, spacing and letter variants (normalize.ts) removed, to tell whether two names are the same. */
function sameNameKey(name: string): string {
  return normalizeSearchText(name).toLocaleLowerCase("tr").replace(/\s+/g, " ").trim();
}

/**
 * Adds a name variant (source 'admin') to an institution and queues its search
 * document in the same transaction (variants are searched like ROR labels).
 * The institution's row is locked so two concurrent additions cannot both
 * pass the count check.
 * @returns "added"; "duplicate" when the institution already has that name
 *   (its main name, an acronym or any other name, ignoring case and letter
 *   variants); "too-many" at MAX_ADMIN_NAMES; "not-found" without the institution
 */
export async function addInstitutionName(
  db: Kysely<DB>,
  input: { institutionId: number; actorId: string; name: string; lang: string | null; kind: "label" | "short" },
): Promise<"added" | "duplicate" | "too-many" | "not-found"> {
  return db.transaction().execute(async (trx) => {
    const inst = await trx.selectFrom("institutions").select(["name", "acronyms"]).where("id", "=", input.institutionId).forNoKeyUpdate().executeTakeFirst();
    if (!inst) return "not-found";
    const names = await trx.selectFrom("institution_names").select(["name", "source"]).where("institution_id", "=", input.institutionId).execute();
    const key = sameNameKey(input.name);
    if ([inst.name, ...inst.acronyms, ...names.map((n) => n.name)].some((n) => sameNameKey(n) === key)) return "duplicate";
    if (names.filter((n) => n.source === "admin").length >= MAX_ADMIN_NAMES) return "too-many";
    await trx
      .insertInto("institution_names")
      .values({ institution_id: input.institutionId, name: input.name, lang: input.lang, kind: input.kind, source: "admin", created_by: input.actorId })
      .execute();
    await enqueueIndexChange(trx, "institutions", [input.institutionId], { dependents: false });
    return "added";
  });
}

/**
 * Removes a name added on the edit page (source 'admin') and queues the
 * institution's search document in the same transaction. ROR's and the
 * curated names are not removed here: the next import would bring them back.
 * @returns "removed", or "not-found" when the institution has no such added name
 */
export async function removeInstitutionName(db: Kysely<DB>, input: { institutionId: number; nameId: number }): Promise<"removed" | "not-found"> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .deleteFrom("institution_names")
      .where("id", "=", input.nameId)
      .where("institution_id", "=", input.institutionId)
      .where("source", "=", "admin")
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return "not-found";
    await enqueueIndexChange(trx, "institutions", [input.institutionId], { dependents: false });
    return "removed";
  });
}
