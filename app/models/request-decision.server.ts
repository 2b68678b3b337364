/**
 * Telling a requester the secretariat's or an admin's decision on their
 * request to join an institution (as member) or to administer it: one in-app
 * notification and one email (issue 14, items 3 and 4). Runs inside the
 * deciding transaction; the caller sends the returned emails after commit.
 */
import type { Transaction } from "kysely";
import type { DB } from "../../db/types";
import { notify, type PendingEmail } from "./notification.server";

/**
 * Writes the notification for `userId` and returns the email to send.
 * @param what "join" (membership) or "administer" (administration rights)
 * @param reason the decider's reason, quoted in the message when given
 */
export async function notifyRequestDecision(
  trx: Transaction<DB>,
  input: { userId: string; institutionId: number; what: "join" | "administer"; granted: boolean; reason: string | null },
): Promise<PendingEmail[]> {
  const inst = await trx.selectFrom("institutions").select("name").where("id", "=", input.institutionId).executeTakeFirstOrThrow();
  const asked = input.what === "join" ? `to join ${inst.name}` : `to administer ${inst.name}`;
  const outcome = input.granted
    ? input.what === "join"
      ? `You are now a member of ${inst.name}: you can draft proposals with it as lead institution (its administrators submit them).`
      : `You now administer ${inst.name}: you can edit it, post calls and submit proposals for it.`
    : "You can ask again with more detail, or register your institution if it is a different one.";
  return notify(trx, [input.userId], {
    kind: "request_decision",
    title: `Your request ${asked} was ${input.granted ? "granted" : "refused"}`,
    body: `${outcome}${input.reason ? `\n\nReason given: ${input.reason}` : ""}\n\nInstitution page:`,
    url: `/institutions/${input.institutionId}`,
  });
}
