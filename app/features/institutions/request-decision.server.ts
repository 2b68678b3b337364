/**
 * Deciding a user's request about an institution — to join it as a member
 * (`institution_join_requests`, issue 14 item 3) or to administer it
 * (`institution_admin_requests`) — and telling the requester: one in-app
 * notification and one email (issue 14, items 3 and 4). Both tables have the
 * same columns (user_id, institution_id, status pending/granted/refused,
 * decided_by, decided_at, reason).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~db/types";
import { deliverEmails, notify, type PendingEmail } from "~/features/messaging/notification.server";
import { msg } from "~/i18n/message";

export type RequestDecisionResult = "done" | "not-found" | "already-decided";

interface RequestRow {
  id: number;
  user_id: string;
  institution_id: number;
  status: string;
}

/**
 * Decides a pending request in one transaction: locks its row; `authorize`
 * (when given) may answer false, reported as "not-found" like an unknown id;
 * a decided request is left alone ("already-decided": of two concurrent
 * decisions the first wins); records decision, decider, time and reason;
 * runs `onGrant` when granting; notifies the requester. Emails go out after
 * the commit, with links made absolute with `origin`.
 * @param what "join" (membership, `institution_join_requests`) or "administer" (`institution_admin_requests`)
 */
export async function decideInstitutionRequest(
  db: Kysely<DB>,
  what: "join" | "administer",
  input: { actorId: string; requestId: number; decision: "grant" | "refuse"; reason?: string },
  hooks: { authorize?: (trx: Transaction<DB>, req: RequestRow) => Promise<boolean>; onGrant: (trx: Transaction<DB>, req: RequestRow) => Promise<void> },
  origin: string,
): Promise<RequestDecisionResult> {
  // The two tables share their columns; one name keeps Kysely's types simple.
  const table = (what === "join" ? "institution_join_requests" : "institution_admin_requests") as "institution_join_requests";
  let emails: PendingEmail[] = [];
  const result = await db.transaction().execute(async (trx): Promise<RequestDecisionResult> => {
    const req = await trx
      .selectFrom(table)
      .select(["id", "user_id", "institution_id", "status"])
      .where("id", "=", input.requestId)
      .forUpdate()
      .executeTakeFirst();
    if (!req) return "not-found";
    if (hooks.authorize && !(await hooks.authorize(trx, req))) return "not-found";
    if (req.status !== "pending") return "already-decided";
    const reason = input.reason?.trim() || null;
    const granted = input.decision === "grant";
    await trx
      .updateTable(table)
      .set({ status: granted ? "granted" : "refused", decided_by: input.actorId, decided_at: sql`now()`, reason })
      .where("id", "=", req.id)
      .execute();
    if (granted) await hooks.onGrant(trx, req);
    emails = await notifyRequestDecision(trx, { userId: req.user_id, institutionId: req.institution_id, what, granted, reason });
    return "done";
  });
  if (emails.length) await deliverEmails(emails, origin);
  return result;
}

/**
 * Writes the decision's notification for `userId` and returns the email to
 * send after commit.
 * @param reason the decider's reason, quoted in the message when given
 */
async function notifyRequestDecision(
  trx: Transaction<DB>,
  input: { userId: string; institutionId: number; what: "join" | "administer"; granted: boolean; reason: string | null },
): Promise<PendingEmail[]> {
  const inst = await trx.selectFrom("institutions").select("name").where("id", "=", input.institutionId).executeTakeFirstOrThrow();
  const outcome = input.granted ? (input.what === "join" ? "grantedJoin" : "grantedAdminister") : "refused";
  // Stored as catalogue messages: the email is written in the requester's language, and the
  // notifications page shows it in the language of whoever reads it.
  return notify(trx, [input.userId], {
    kind: "request_decision",
    url: `/institutions/${input.institutionId}`,
    title: msg(`institutions:notify.decision.title.${input.what}${input.granted ? "Granted" : "Refused"}`, { institution: inst.name }),
    body: msg("institutions:notify.decision.body", {
      outcome: msg(`institutions:notify.decision.${outcome}`, { institution: inst.name }),
      reason: input.reason,
      context: input.reason ? "reason" : undefined,
    }),
  });
}
