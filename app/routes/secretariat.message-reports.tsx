/**
 * /secretariat/message-reports — the secretariat's queue of reported
 * conversations, oldest first: who reported whom, the reason, the reported
 * account's messages in that conversation and how often it was reported.
 * Dismiss a report, or stop the sender from sending messages (closes every
 * open report against them); stopped senders are listed with "Let send again".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { idField, text } from "~/utils/input";
import { requireRole } from "~/features/accounts/permissions.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { decideReport, listOpenReports, listStoppedSenders, restoreSender } from "~/features/messaging/message-reports.server";
import { formatInZone } from "~/i18n/dates";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const QUEUE = "/secretariat/message-reports";
const reportId = idField("Unknown report.");

/** Dismiss a report, stop its sender, let a stopped sender send again. */
export const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("dismiss"), reportId }),
  z.object({ intent: z.literal("stop"), reportId }),
  z.object({ intent: z.literal("restore"), userId: text({ required_error: "Which account?" }).regex(/^[a-z2-7]{10,40}$/, "Unknown account.") }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "secretariat");
  const db = getDb();
  const [reports, stopped] = await Promise.all([listOpenReports(db), listStoppedSenders(db)]);
  return json({ reports, stopped }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "secretariat");
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const v = submission.value;
  const db = getDb();
  if (v.intent === "restore") {
    invariantResponse(await restoreSender(db, v.userId), "That account is not stopped from sending.", 404);
    return redirectWithToast(QUEUE, { kind: "success", message: "They can send messages again." });
  }
  const r = await decideReport(db, { reportId: v.reportId, actorId: user.id, decision: v.intent });
  invariantResponse(r !== "not-found", "No report has that id.", 404);
  if (r === "already-decided") return redirectWithToast(QUEUE, { kind: "info", message: "Someone has already decided on that report." });
  return redirectWithToast(QUEUE, {
    kind: "success",
    message: v.intent === "dismiss" ? "Report dismissed." : "Sender stopped: they can no longer send messages. Their other open reports are closed.",
  });
}

export default function MessageReportsPage() {
  const { reports, stopped } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p className="meta">
        <Link to="/secretariat">Secretariat</Link> › Message reports
      </p>
      <h1>Reported conversations</h1>
      <ErrorList
        errors={
          result?.error
            ? Object.values(result.error)
                .flat()
                .filter((e): e is string => typeof e === "string")
            : null
        }
      />
      {reports.length ? (
        <ol className="results">
          {reports.map((r) => (
            <li key={r.id} data-testid="message-report">
              <h2>
                {r.reporterName} reported {r.reportedName}
              </h2>
              <p className="meta">
                On {formatInZone(r.createdAt, "UTC")} ·{" "}
                {r.reportsAgainst === 1 ? "first report against this account" : `${r.reportsAgainst} reports against this account in all`}
                {r.reportedStopped ? " · already stopped from sending" : ""}
              </p>
              {r.reason ? (
                <blockquote style={{ whiteSpace: "pre-line" }} dir="auto">
                  {r.reason}
                </blockquote>
              ) : (
                <p className="meta">No reason given.</p>
              )}
              <h3>What {r.reportedName} wrote in this conversation</h3>
              {r.messages.length ? (
                <ol className="messages">
                  {r.messages.map((m) => (
                    <li key={m.id}>
                      <p className="meta">
                        <time dateTime={m.createdAt}>{formatInZone(m.createdAt, "UTC")}</time>
                      </p>
                      <p style={{ whiteSpace: "pre-wrap" }} dir="auto">
                        {m.body}
                      </p>
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="meta">They have not written in it.</p>
              )}
              <Form method="post" className="inline-form">
                <input type="hidden" name="reportId" value={r.id} />
                <button type="submit" name="intent" value="dismiss" className="secondary">
                  Dismiss
                </button>
                <button type="submit" name="intent" value="stop">
                  Stop {r.reportedName} from sending messages
                </button>
              </Form>
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">No report waits for a decision.</p>
      )}
      <h2>Stopped from sending</h2>
      {stopped.length ? (
        <ul className="results">
          {stopped.map((s) => (
            <li key={s.id}>
              {s.name} <span className="meta">since {formatInZone(s.stoppedAt, "UTC")}</span>{" "}
              <Form method="post" className="inline-form">
                <input type="hidden" name="userId" value={s.id} />
                <button type="submit" name="intent" value="restore" className="secondary small">
                  Let send again
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">Nobody is stopped from sending messages.</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Message reports — Secretariat — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
