/**
 * Reported conversations: a participant reports one (the secretariat is
 * notified), the secretariat's queue (/secretariat/message-reports) lists open
 * reports with the reported account's messages, dismisses them or stops the
 * sender, and lets a stopped account send again.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { msg } from "~/i18n/message";
import { deliverEmails, notify, secretariatUserIds, type PendingEmail } from "~/features/messaging/notification.server";
import { participantConversation, type Db } from "~/features/messaging/messaging.server";

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
    await trx
      .insertInto("message_reports")
      .values({ conversation_id: input.conversationId, reporter_id: input.reporterId, reported_user_id: reported, reason: input.reason })
      .execute();
    emails = await notify(trx, await secretariatUserIds(trx), {
      kind: "message_report",
      title: msg("messaging:notification.reportTitle"),
      body: msg("messaging:notification.reportBody"),
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
    const report = await trx
      .selectFrom("message_reports")
      .select(["status", "reported_user_id"])
      .where("id", "=", input.reportId)
      .forUpdate()
      .executeTakeFirst();
    if (!report) return "not-found";
    if (report.status !== "open") return "already-decided";
    const decided = { decided_at: sql<Date>`now()`, decided_by: input.actorId };
    if (input.decision === "dismiss") {
      await trx
        .updateTable("message_reports")
        .set({ status: "dismissed", ...decided })
        .where("id", "=", input.reportId)
        .execute();
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
  const r = await db
    .updateTable("users")
    .set({ messaging_stopped_at: null, messaging_stopped_by: null })
    .where("id", "=", userId)
    .where("messaging_stopped_at", "is not", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
