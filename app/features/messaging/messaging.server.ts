/**
 * In-app messages between members (issue 14, item 2; README "Messages").
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
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~db/types";
import { consumeMessageQuota } from "~/utils/rate-limit.server";
import { SENDER_STOPPED_MESSAGE, notAcceptingMessage } from "~/features/messaging/message-schema";
import { deliverEmails, notify, secretariatUserIds, type PendingEmail } from "~/features/messaging/notification.server";

type Db = Kysely<DB> | Transaction<DB>;

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

export type SendRefusal =
  | { ok: false; reason: "not-found" }
  | { ok: false; reason: "self" | "stopped" | "not-accepting"; message: string }
  | { ok: false; reason: "quota"; message: string; retryAfter: number };
export type SendResult = { ok: true; conversationId: number; created: boolean } | SendRefusal;

/** The conversation between two accounts, whoever started it, or undefined. */
async function conversationBetween(db: Db, a: string, b: string) {
  return db
    .selectFrom("conversations")
    .select(["id"])
    .where(sql<boolean>`least(starter_id, recipient_id) = least(${a}::text, ${b}::text) and greatest(starter_id, recipient_id) = greatest(${a}::text, ${b}::text)`)
    .executeTakeFirst();
}

/**
 * The refusal for `senderId` writing to `recipientId`, or null when allowed
 * (the quota is counted separately, once everything else passes).
 */
async function refusalFor(db: Db, senderId: string, recipientId: string): Promise<SendRefusal | null> {
  if (senderId === recipientId) return { ok: false, reason: "self", message: "This is your own profile: you cannot send yourself a message." };
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
    await sql`select pg_advisory_xact_lock(hashtext(least(${m.senderId}::text, ${m.recipientId}::text) || '|' || greatest(${m.senderId}::text, ${m.recipientId}::text)))`.execute(trx);
    const existing = await conversationBetween(trx, m.senderId, m.recipientId);
    const conversationId =
      existing?.id ??
      (await trx.insertInto("conversations").values({ starter_id: m.senderId, recipient_id: m.recipientId, expert_id: m.expertId }).returning("id").executeTakeFirstOrThrow()).id;
    const msg = await trx.insertInto("messages").values({ conversation_id: conversationId, sender_id: m.senderId, body: m.body }).returning("created_at").executeTakeFirstOrThrow();
    // The sender has read everything up to their own message.
    await trx
      .updateTable("conversations")
      .set((eb) => ({
        last_message_at: msg.created_at,
        last_sender_id: m.senderId,
        starter_read_at: eb.case().when("starter_id", "=", m.senderId).then(msg.created_at).else(eb.ref("starter_read_at")).end(),
        recipient_read_at: eb.case().when("recipient_id", "=", m.senderId).then(msg.created_at).else(eb.ref("recipient_read_at")).end(),
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
        title: `New message from ${sender.display_name}`,
        body:
          `${sender.display_name} sent you a message on the ECO ICT Research Network. Read it and reply in the app ` +
          `(neither of you is shown the other's email address unless it is public on their profile):`,
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
export async function startConversation(
  db: Kysely<DB>,
  input: { senderId: string; expertId: number; body: string; origin: string },
): Promise<SendResult> {
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

/** The conversation row when `userId` takes part in it, else undefined (callers answer 404). */
async function participantConversation(db: Db, conversationId: number, userId: string) {
  return db
    .selectFrom("conversations")
    .selectAll()
    .where("id", "=", conversationId)
    .where((eb) => eb.or([eb("starter_id", "=", userId), eb("recipient_id", "=", userId)]))
    .executeTakeFirst();
}

/** One line of /messages: the other side by display name, the last message's first characters, unread or not. */
export interface ConversationSummary {
  id: number;
  otherName: string;
  lastMessageAt: string;
  lastFromMe: boolean;
  excerpt: string;
  unread: boolean;
}

/** The conversations `userId` takes part in, latest activity first. */
export async function listConversations(db: Db, userId: string, limit = 200): Promise<ConversationSummary[]> {
  const rows = await db
    .selectFrom("conversations as c")
    .innerJoin("users as o", (j) => j.on(sql<boolean>`o.id = case when c.starter_id = ${userId} then c.recipient_id else c.starter_id end`))
    .select([
      "c.id",
      "c.last_message_at",
      "c.last_sender_id",
      "o.display_name as other_name",
      sql<Date | null>`case when c.starter_id = ${userId} then c.starter_read_at else c.recipient_read_at end`.as("my_read_at"),
      sql<string>`(select left(m.body, 140) from messages m where m.conversation_id = c.id order by m.created_at desc, m.id desc limit 1)`.as("excerpt"),
    ])
    .where((eb) => eb.or([eb("c.starter_id", "=", userId), eb("c.recipient_id", "=", userId)]))
    .orderBy("c.last_message_at", "desc")
    .orderBy("c.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    otherName: r.other_name,
    lastMessageAt: new Date(r.last_message_at).toISOString(),
    lastFromMe: r.last_sender_id === userId,
    excerpt: r.excerpt ?? "",
    unread: r.last_sender_id !== null && r.last_sender_id !== userId && (r.my_read_at === null || new Date(r.my_read_at) < new Date(r.last_message_at)),
  }));
}

/**
 * Conversation `conversationId` as participant `userId` sees it: the other
 * side's display name (and expert profile id, when they have one), the
 * messages oldest first, whether it holds unread messages, and what the
 * reply form must say (the other side does not accept messages, the viewer
 * was stopped, the viewer has an open report on it). Null when the viewer is
 * not a participant (callers answer 404, so existence does not leak).
 */
export async function getConversation(db: Db, conversationId: number, userId: string) {
  const c = await participantConversation(db, conversationId, userId);
  if (!c) return null;
  const otherId = c.starter_id === userId ? c.recipient_id : c.starter_id;
  const myReadAt = c.starter_id === userId ? c.starter_read_at : c.recipient_read_at;
  const [other, otherProfile, me, messages, openReport] = await Promise.all([
    db.selectFrom("users").select(["display_name", "accepts_messages"]).where("id", "=", otherId).executeTakeFirstOrThrow(),
    db.selectFrom("experts").select("id").where("user_id", "=", otherId).executeTakeFirst(),
    db.selectFrom("users").select(["messaging_stopped_at"]).where("id", "=", userId).executeTakeFirstOrThrow(),
    db.selectFrom("messages").select(["id", "sender_id", "body", "created_at"]).where("conversation_id", "=", conversationId).orderBy("created_at").orderBy("id").execute(),
    db.selectFrom("message_reports").select("id").where("conversation_id", "=", conversationId).where("reporter_id", "=", userId).where("status", "=", "open").executeTakeFirst(),
  ]);
  const readAt = myReadAt ? new Date(myReadAt) : null;
  return {
    id: c.id,
    other: { name: other.display_name, expertId: otherProfile?.id ?? null, acceptsMessages: other.accepts_messages },
    messages: messages.map((m) => ({
      id: Number(m.id),
      mine: m.sender_id === userId,
      body: m.body,
      createdAt: new Date(m.created_at).toISOString(),
      unread: m.sender_id !== userId && (readAt === null || new Date(m.created_at) > readAt),
    })),
    stopped: Boolean(me.messaging_stopped_at),
    reported: Boolean(openReport),
  };
}

export type ConversationView = NonNullable<Awaited<ReturnType<typeof getConversation>>>;

/**
 * Marks conversation `conversationId` read for participant `userId` (up to
 * its last message) and their notifications about it.
 * @returns false when the user is not a participant
 */
export async function markConversationRead(db: Kysely<DB>, conversationId: number, userId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const c = await participantConversation(trx, conversationId, userId);
    if (!c) return false;
    const column = c.starter_id === userId ? "starter_read_at" : "recipient_read_at";
    await trx.updateTable("conversations").set({ [column]: c.last_message_at }).where("id", "=", conversationId).execute();
    await trx
      .updateTable("notifications")
      .set({ read_at: sql`now()` })
      .where("user_id", "=", userId)
      .where("url", "=", conversationPath(conversationId))
      .where("read_at", "is", null)
      .execute();
    return true;
  });
}

/**
 * Participant `reporterId` reports conversation `conversationId` (the other
 * side is the reported sender) with an optional reason; the secretariat is
 * notified (in the app and by email, with a link to the queue). A second
 * report while one of the reporter's is still open is not added.
 * @returns "not-found" for a non-participant, "already-reported", or "reported"
 */
export async function reportConversation(
  db: Kysely<DB>,
  input: { conversationId: number; reporterId: string; reason: string; origin: string },
): Promise<"not-found" | "already-reported" | "reported"> {
  let emails: PendingEmail[] = [];
  const r = await db.transaction().execute(async (trx) => {
    const c = await participantConversation(trx, input.conversationId, input.reporterId);
    if (!c) return "not-found" as const;
    await sql`select pg_advisory_xact_lock(hashtext('message_report|' || ${input.conversationId}::text || '|' || ${input.reporterId}::text))`.execute(trx);
    const open = await trx
      .selectFrom("message_reports")
      .select("id")
      .where("conversation_id", "=", input.conversationId)
      .where("reporter_id", "=", input.reporterId)
      .where("status", "=", "open")
      .executeTakeFirst();
    if (open) return "already-reported" as const;
    const reported = c.starter_id === input.reporterId ? c.recipient_id : c.starter_id;
    await trx.insertInto("message_reports").values({ conversation_id: input.conversationId, reporter_id: input.reporterId, reported_user_id: reported, reason: input.reason }).execute();
    emails = await notify(trx, await secretariatUserIds(trx), {
      kind: "message_report",
      title: "A conversation was reported",
      body: "A member reported a conversation. Review it in the message reports queue:",
      url: "/secretariat/message-reports",
      exceptUserId: input.reporterId,
    });
    return "reported" as const;
  });
  await deliverEmails(emails, input.origin);
  return r;
}

/**
 * Open reports for the secretariat, oldest first: who reported whom (display
 * names), the reason, the reported account's messages in that conversation
 * (at most the last 20), and how many reports against that account exist in all.
 */
export async function listOpenReports(db: Db) {
  const reports = await db
    .selectFrom("message_reports as r")
    .innerJoin("users as reporter", "reporter.id", "r.reporter_id")
    .innerJoin("users as reported", "reported.id", "r.reported_user_id")
    .select([
      "r.id",
      "r.conversation_id",
      "r.reason",
      "r.created_at",
      "r.reported_user_id",
      "reporter.display_name as reporter_name",
      "reported.display_name as reported_name",
      "reported.messaging_stopped_at",
      sql<number>`(select count(*)::int from message_reports x where x.reported_user_id = r.reported_user_id)`.as("reports_against"),
    ])
    .where("r.status", "=", "open")
    .orderBy("r.created_at")
    .orderBy("r.id")
    .limit(200)
    .execute();
  const messages = reports.length
    ? await db
        .selectFrom("messages")
        .select(["id", "conversation_id", "sender_id", "body", "created_at"])
        .where("conversation_id", "in", [...new Set(reports.map((r) => r.conversation_id))])
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .execute()
    : [];
  return reports.map((r) => ({
    id: r.id,
    reason: r.reason,
    createdAt: new Date(r.created_at).toISOString(),
    reporterName: r.reporter_name,
    reportedName: r.reported_name,
    reportedStopped: Boolean(r.messaging_stopped_at),
    reportsAgainst: r.reports_against,
    messages: messages
      .filter((m) => m.conversation_id === r.conversation_id && m.sender_id === r.reported_user_id)
      .slice(0, 20)
      .reverse()
      .map((m) => ({ id: Number(m.id), body: m.body, createdAt: new Date(m.created_at).toISOString() })),
  }));
}

/**
 * The secretariat's decision on report `reportId`: "dismiss" closes it;
 * "stop" stops the reported account from sending messages and closes every
 * open report against it.
 * @returns "not-found", "already-decided", or "done"
 */
export async function decideReport(
  db: Kysely<DB>,
  input: { reportId: number; actorId: string; decision: "dismiss" | "stop" },
): Promise<"not-found" | "already-decided" | "done"> {
  return db.transaction().execute(async (trx) => {
    const report = await trx.selectFrom("message_reports").select(["status", "reported_user_id"]).where("id", "=", input.reportId).forUpdate().executeTakeFirst();
    if (!report) return "not-found";
    if (report.status !== "open") return "already-decided";
    const decided = { decided_at: sql<Date>`now()`, decided_by: input.actorId };
    if (input.decision === "dismiss") {
      await trx.updateTable("message_reports").set({ status: "dismissed", ...decided }).where("id", "=", input.reportId).execute();
      return "done";
    }
    await trx
      .updateTable("users")
      .set({ messaging_stopped_at: sql`coalesce(messaging_stopped_at, now())`, messaging_stopped_by: input.actorId })
      .where("id", "=", report.reported_user_id)
      .execute();
    await trx
      .updateTable("message_reports")
      .set({ status: "sender_stopped", ...decided })
      .where("reported_user_id", "=", report.reported_user_id)
      .where("status", "=", "open")
      .execute();
    return "done";
  });
}

/** Accounts currently stopped from sending, latest first (for the queue's "let send again"). */
export async function listStoppedSenders(db: Db) {
  const rows = await db
    .selectFrom("users")
    .select(["id", "display_name", "messaging_stopped_at"])
    .where("messaging_stopped_at", "is not", null)
    .orderBy("messaging_stopped_at", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name, stoppedAt: new Date(r.messaging_stopped_at!).toISOString() }));
}

/** Lets a stopped account send messages again. @returns false when it was not stopped */
export async function restoreSender(db: Db, userId: string): Promise<boolean> {
  const r = await db.updateTable("users").set({ messaging_stopped_at: null, messaging_stopped_by: null }).where("id", "=", userId).where("messaging_stopped_at", "is not", null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
