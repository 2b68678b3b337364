/**
 * In-app messages between members (issue 14, item 2; docs/messaging.md).
 *
 * A conversation joins exactly two accounts (one per pair, whoever wrote
 * first). A member starts one from an expert profile that belongs to an
 * account (generated demo profiles have none); replies stay in the app. Nobody
 * is shown the other side's email address: pages carry display names only,
 * and the notification email goes to the recipient's own address with a link
 * to the conversation, never the message text.
 *
 * Sending is refused when the recipient turned "accept messages" off, when
 * the secretariat stopped the sender after a report, and past the sender's
 * quotas (consumeMessageQuota: MESSAGE_CONVERSATIONS_PER_DAY new
 * conversations, MESSAGES_PER_HOUR messages). Either participant may report a
 * conversation; reports wait in the secretariat's queue
 * (/secretariat/message-reports), which dismisses them or stops the sender.
 *
 * Data: tables conversations, messages, message_reports; users.accepts_messages,
 * users.messaging_stopped_at / _by (migration 2026_11_30_150000_messages).
 *
 * This module: the account's messaging settings, who a Contact button writes
 * to, and the conversation lookups the others share. Sending:
 * send-message.server.ts; reading: conversations.server.ts; reports and the
 * secretariat's queue: message-reports.server.ts.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~db/types";

/** A connection or the transaction a caller is in. */
export type Db = Kysely<DB> | Transaction<DB>;

/** The path of a conversation (links in pages, notifications and emails). */
export const conversationPath = (id: number) => `/messages/${id}`;

/** Whether account `userId` accepts messages and whether it may send them. */
export async function messagingStatus(db: Db, userId: string): Promise<{ acceptsMessages: boolean; stopped: boolean }> {
  const row = await db.selectFrom("users").select(["accepts_messages", "messaging_stopped_at"]).where("id", "=", userId).executeTakeFirst();
  return { acceptsMessages: row?.accepts_messages ?? false, stopped: Boolean(row?.messaging_stopped_at) };
}

/** Turns "accept messages" on or off for the account. */
export async function setAcceptsMessages(db: Db, userId: string, accepts: boolean): Promise<void> {
  await db.updateTable("users").set({ accepts_messages: accepts }).where("id", "=", userId).execute();
}

/** Whom the Contact button of expert profile `expertId` writes to. */
export interface ContactTarget {
  expertId: number;
  fullName: string;
  userId: string;
  acceptsMessages: boolean;
}

/**
 * The account behind expert profile `expertId`, or null when the profile is
 * unknown or belongs to no real account (generated demo profiles: no owner,
 * or a demo account).
 */
export async function contactTarget(db: Db, expertId: number): Promise<ContactTarget | null> {
  const row = await db
    .selectFrom("experts")
    .innerJoin("users", "users.id", "experts.user_id")
    .select(["experts.id", "experts.full_name", "users.id as user_id", "users.accepts_messages"])
    .where("experts.id", "=", expertId)
    .where("users.is_demo", "=", false)
    .executeTakeFirst();
  return row ? { expertId: row.id, fullName: row.full_name, userId: row.user_id, acceptsMessages: row.accepts_messages } : null;
}

/**
 * Of the expert profiles `expertIds`, those a Contact button may be shown for:
 * owned by a real (not demo) account that accepts messages.
 */
export async function contactableExpertIds(db: Db, expertIds: readonly number[]): Promise<Set<number>> {
  if (expertIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("experts")
    .innerJoin("users", "users.id", "experts.user_id")
    .select("experts.id")
    .where("experts.id", "in", [...expertIds])
    .where("users.is_demo", "=", false)
    .where("users.accepts_messages", "=", true)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The conversation between two accounts, whoever started it, or undefined. */
export async function conversationBetween(db: Db, a: string, b: string) {
  return db
    .selectFrom("conversations")
    .select(["id"])
    .where(
      sql<boolean>`least(starter_id, recipient_id) = least(${a}::text, ${b}::text) and greatest(starter_id, recipient_id) = greatest(${a}::text, ${b}::text)`,
    )
    .executeTakeFirst();
}

/** The conversation row when `userId` takes part in it, else undefined (callers answer 404). */
export async function participantConversation(db: Db, conversationId: number, userId: string) {
  return db
    .selectFrom("conversations")
    .selectAll()
    .where("id", "=", conversationId)
    .where((eb) => eb.or([eb("starter_id", "=", userId), eb("recipient_id", "=", userId)]))
    .executeTakeFirst();
}
