/**
 * Reading conversations as a participant: the /messages list (latest
 * activity first, unread marked), one conversation with its messages, and
 * marking it read together with the notifications about it. A non-participant
 * gets null/false (callers answer 404, so existence does not leak).
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { conversationPath, participantConversation, type Db } from "~/features/messaging/messaging.server";

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
    db
      .selectFrom("messages")
      .select(["id", "sender_id", "body", "created_at"])
      .where("conversation_id", "=", conversationId)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("message_reports")
      .select("id")
      .where("conversation_id", "=", conversationId)
      .where("reporter_id", "=", userId)
      .where("status", "=", "open")
      .executeTakeFirst(),
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
    await trx
      .updateTable("conversations")
      .set({ [column]: c.last_message_at })
      .where("id", "=", conversationId)
      .execute();
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
