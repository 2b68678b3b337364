/**
 * /notifications — the signed-in user's notifications, newest first; mark
 * one or all as read.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { idField } from "~/utils/input";
import { requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { listNotifications, markRead } from "~/features/messaging/notification.server";
import { formatInZone } from "~/i18n/dates";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: idField("Unknown notification.") }),
  z.object({ intent: z.literal("read-all") }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ items: await listNotifications(getDb(), user.id) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  await markRead(getDb(), user.id, submission.value.intent === "read-all" ? "all" : submission.value.id);
  return redirectWithToast("/notifications", { kind: "success", message: "Marked as read." });
}

export default function NotificationsPage() {
  const { items } = useLoaderData<typeof loader>();
  const unread = items.filter((n) => !n.read_at).length;
  return (
    <>
      <h1>Notifications</h1>
      {unread ? (
        <Form method="post">
          <button name="intent" value="read-all">
            Mark all {unread} as read
          </button>
        </Form>
      ) : null}
      {items.length ? (
        <ul className="results">
          {items.map((n) => (
            <li key={String(n.id)} className={n.read_at ? "read" : "unread"}>
              <h2>
                {n.read_at ? null : <span className="badge">new</span>} {n.url ? <Link to={n.url}>{n.title}</Link> : n.title}
              </h2>
              <p style={{ whiteSpace: "pre-wrap" }}>{n.body}</p>
              <p className="meta">{formatInZone(n.created_at, "UTC")}</p>
              {n.read_at ? null : (
                <Form method="post">
                  <input type="hidden" name="id" value={String(n.id)} />
                  <button name="intent" value="read" className="small">
                    Mark as read
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">No notifications.</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Notifications — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
