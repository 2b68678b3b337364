/**
 * In-app notifications (the header bell, /notifications) and the matching
 * emails. `notify` writes rows inside the caller's transaction and returns
 * the emails to send; the caller sends them with `deliverEmails` AFTER the
 * transaction commits, so a rollback never emails anyone.
 *
 * Titles and bodies are stored as catalogue messages (`msg("messaging:…",
 * params)`, app/i18n/message.ts) so that each viewer reads them in their own
 * language; rows written as plain text before issue 16 still show as they are.
 * Emails are written in each recipient's language (accountEmailLanguage).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~db/types";
import { sendMail } from "~/utils/mail.server";
import { accountEmailLanguage } from "~/features/accounts/account-language.server";
import { serverT } from "~/i18n/i18n.server";
import { NAMESPACES } from "~/i18n/languages";
import { translateMessage } from "~/i18n/message";

type Db = Kysely<DB> | Transaction<DB>;

export type NotificationKind =
  | "submission_received"
  | "review_started"
  | "decision"
  | "revision_requested"
  | "partner_invitation"
  | "partner_response"
  | "message"
  | "message_report"
  | "join_request"
  | "request_decision";

export interface PendingEmail {
  to: string;
  subject: string;
  text: string;
}

/**
 * One notification per distinct user in `userIds` (skipping `exceptUserId`,
 * the actor). `title` and `body`: catalogue messages made by `msg` (any
 * namespace), or plain text. Returns the emails to send after commit, each
 * already in its recipient's language.
 */
export async function notify(
  db: Db,
  userIds: readonly string[],
  n: { kind: NotificationKind; title: string; body: string; url: string; exceptUserId?: string | null },
): Promise<PendingEmail[]> {
  const ids = [...new Set(userIds)].filter((id) => id !== n.exceptUserId);
  if (ids.length === 0) return [];
  await db
    .insertInto("notifications")
    .values(ids.map((user_id) => ({ user_id, kind: n.kind, title: n.title, body: n.body, url: n.url })))
    .execute();
  const users = await db.selectFrom("users").select(["email", "language", "signup_language"]).where("id", "in", ids).where("is_demo", "=", false).execute();
  return users.map((u) => {
    const t = serverT(accountEmailLanguage(u), NAMESPACES);
    return { to: u.email, subject: translateMessage(t, n.title), text: `${translateMessage(t, n.body)}\n\n${n.url}` };
  });
}

/**
 * Sends emails built by `notify`. Links are made absolute with `origin`.
 * A failed email is logged and does not undo the committed change.
 */
export async function deliverEmails(emails: readonly PendingEmail[], origin: string): Promise<void> {
  for (const e of emails) {
    const text = e.text.replace(/^(\/\S*)$/m, (p) => `${origin}${p}`);
    try {
      await sendMail({ to: e.to, subject: e.subject, text });
    } catch (err) {
      console.error("notification email failed", e.to, err);
    }
  }
}

/** The user's notifications, newest first. */
export async function listNotifications(db: Db, userId: string, limit = 100) {
  return db
    .selectFrom("notifications")
    .select(["id", "kind", "title", "body", "url", "read_at", "created_at"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** How many unread notifications the user has. */
export async function unreadCount(db: Db, userId: string): Promise<number> {
  const r = await db
    .selectFrom("notifications")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return r.n;
}

/** Marks one (by id) or all of the user's notifications read. Scoped by owner. */
export async function markRead(db: Db, userId: string, id: number | "all"): Promise<number> {
  let q = db
    .updateTable("notifications")
    .set({ read_at: sql`now()` })
    .where("user_id", "=", userId)
    .where("read_at", "is", null);
  if (id !== "all") q = q.where("id", "=", id);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Ids of the users holding the secretariat role. */
export async function secretariatUserIds(db: Db): Promise<string[]> {
  return (await db.selectFrom("user_roles").select("user_id").where("role", "=", "secretariat").execute()).map((r) => r.user_id);
}

/** Ids of the admins of the given institutions. */
export async function institutionAdminIds(db: Db, institutionIds: readonly number[]): Promise<string[]> {
  if (institutionIds.length === 0) return [];
  const rows = await db
    .selectFrom("institution_members")
    .select("user_id")
    .where("institution_id", "in", [...institutionIds])
    .where("role", "=", "admin")
    .execute();
  return rows.map((r) => r.user_id);
}
