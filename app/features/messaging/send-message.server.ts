/**
 * Sending a message (first message from an expert profile, or a reply):
 * refused when the recipient does not accept messages, the sender was
 * stopped, or past the sender's quotas (consumeMessageQuota); otherwise the
 * message, its conversation (one per pair of accounts) and the recipient's
 * notification are written in one transaction, the email sent after commit.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { consumeMessageQuota } from "~/utils/rate-limit.server";
import { msg } from "~/i18n/message";
import { SENDER_STOPPED_MESSAGE, notAcceptingMessage } from "~/features/messaging/message-schema";
import { deliverEmails, notify, type PendingEmail } from "~/features/messaging/notification.server";
import { contactTarget, conversationBetween, conversationPath, participantConversation, type Db } from "~/features/messaging/messaging.server";

export type SendRefusal =
  | { ok: false; reason: "not-found" }
  | { ok: false; reason: "self" | "stopped" | "not-accepting"; message: string }
  | { ok: false; reason: "quota"; message: string; retryAfter: number };
export type SendResult = { ok: true; conversationId: number; created: boolean } | SendRefusal;

/**
 * The refusal for `senderId` writing to `recipientId`, or null when allowed
 * (the quota is counted separately, once everything else passes).
 */
async function refusalFor(db: Db, senderId: string, recipientId: string): Promise<SendRefusal | null> {
  if (senderId === recipientId) return { ok: false, reason: "self", message: msg("messaging:errors.self") };
  const [sender, recipient] = await Promise.all([
    db.selectFrom("users").select(["messaging_stopped_at"]).where("id", "=", senderId).executeTakeFirst(),
    db.selectFrom("users").select(["display_name", "accepts_messages"]).where("id", "=", recipientId).executeTakeFirst(),
  ]);
  if (!sender || !recipient) return { ok: false, reason: "not-found" };
  if (sender.messaging_stopped_at) return { ok: false, reason: "stopped", message: SENDER_STOPPED_MESSAGE };
  if (!recipient.accepts_messages) return { ok: false, reason: "not-accepting", message: notAcceptingMessage(recipient.display_name) };
  return null;
}

/**
 * Writes message `body` from `senderId` into the conversation with
 * `recipientId` (created when there is none), notifies the recipient in the
 * app and by email after commit. The notification is skipped while the
 * recipient still has an unread one for this conversation, so a burst of
 * messages sends one email.
 */
async function writeMessage(
  db: Kysely<DB>,
  m: { senderId: string; recipientId: string; body: string; expertId: number | null; origin: string },
): Promise<{ conversationId: number; created: boolean }> {
  let emails: PendingEmail[] = [];
  const out = await db.transaction().execute(async (trx) => {
    // Two first messages of one pair at once: the pair index decides, the loser joins the winner's conversation.
    await sql`select pg_advisory_xact_lock(hashtext(least(${m.senderId}::text, ${m.recipientId}::text) || '|' || greatest(${m.senderId}::text, ${m.recipientId}::text)))`.execute(
      trx,
    );
    const existing = await conversationBetween(trx, m.senderId, m.recipientId);
    const conversationId =
      existing?.id ??
      (
        await trx
          .insertInto("conversations")
          .values({ starter_id: m.senderId, recipient_id: m.recipientId, expert_id: m.expertId })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const written = await trx
      .insertInto("messages")
      .values({ conversation_id: conversationId, sender_id: m.senderId, body: m.body })
      .returning("created_at")
      .executeTakeFirstOrThrow();
    // The sender has read everything up to their own message.
    await trx
      .updateTable("conversations")
      .set((eb) => ({
        last_message_at: written.created_at,
        last_sender_id: m.senderId,
        starter_read_at: eb.case().when("starter_id", "=", m.senderId).then(written.created_at).else(eb.ref("starter_read_at")).end(),
        recipient_read_at: eb.case().when("recipient_id", "=", m.senderId).then(written.created_at).else(eb.ref("recipient_read_at")).end(),
      }))
      .where("id", "=", conversationId)
      .execute();
    const url = conversationPath(conversationId);
    const pending = await trx
      .selectFrom("notifications")
      .select("id")
      .where("user_id", "=", m.recipientId)
      .where("url", "=", url)
      .where("read_at", "is", null)
      .executeTakeFirst();
    if (!pending) {
      const sender = await trx.selectFrom("users").select("display_name").where("id", "=", m.senderId).executeTakeFirstOrThrow();
      emails = await notify(trx, [m.recipientId], {
        kind: "message",
        title: msg("messaging:notification.newMessageTitle", { name: sender.display_name }),
        body: msg("messaging:notification.newMessageBody", { name: sender.display_name }),
        url,
      });
    }
    return { conversationId, created: !existing };
  });
  await deliverEmails(emails, m.origin);
  return out;
}

/**
 * Sends the first message to the owner of expert profile `expertId` (or adds
 * it to the conversation the two already have).
 * @returns ok with the conversation id, or why not: "not-found" (no such
 *   profile, or one without a real account), "self", "stopped" (the sender),
 *   "not-accepting" (the recipient), "quota" (with the wait in seconds)
 * @throws Error on database or rate-limit store failures
 */
export async function startConversation(db: Kysely<DB>, input: { senderId: string; expertId: number; body: string; origin: string }): Promise<SendResult> {
  const target = await contactTarget(db, input.expertId);
  if (!target) return { ok: false, reason: "not-found" };
  const refusal = await refusalFor(db, input.senderId, target.userId);
  if (refusal) return refusal;
  const existing = await conversationBetween(db, input.senderId, target.userId);
  const quota = await consumeMessageQuota(input.senderId, { newConversation: !existing });
  if (quota) return { ok: false, reason: "quota", ...quota };
  const r = await writeMessage(db, { senderId: input.senderId, recipientId: target.userId, body: input.body, expertId: target.expertId, origin: input.origin });
  return { ok: true, ...r };
}

/**
 * A reply by participant `senderId` in conversation `conversationId`.
 * @returns as startConversation; "not-found" also when the sender is not a participant
 */
export async function replyInConversation(
  db: Kysely<DB>,
  input: { senderId: string; conversationId: number; body: string; origin: string },
): Promise<SendResult> {
  const c = await participantConversation(db, input.conversationId, input.senderId);
  if (!c) return { ok: false, reason: "not-found" };
  const otherId = c.starter_id === input.senderId ? c.recipient_id : c.starter_id;
  const refusal = await refusalFor(db, input.senderId, otherId);
  if (refusal) return refusal;
  const quota = await consumeMessageQuota(input.senderId, { newConversation: false });
  if (quota) return { ok: false, reason: "quota", ...quota };
  const r = await writeMessage(db, { senderId: input.senderId, recipientId: otherId, body: input.body, expertId: null, origin: input.origin });
  return { ok: true, ...r };
}
