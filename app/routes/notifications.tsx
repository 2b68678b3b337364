/**
 * /notifications — the signed-in user's notifications, newest first; mark
 * one or all as read. Titles and bodies are stored as catalogue messages
 * (any area's namespace) and turned into the viewer's language here, in the
 * loader: the page then needs only the `messaging` catalogue. Rows stored as
 * plain text (before issue 16) show as they are.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { msg, translateMessage } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { NAMESPACES } from "~/i18n/languages";
import { pageTitle, titleMeta } from "~/i18n/meta";
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
  z.object({ intent: z.literal("read"), id: idField(msg("messaging:notifications.unknown")) }),
  z.object({ intent: z.literal("read-all") }),
]);

export const handle = { i18n: ["messaging"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [rows, lng] = await Promise.all([listNotifications(getDb(), user.id), requestLanguage(request)]);
  const t = serverT(lng, NAMESPACES);
  const items = rows.map((n) => ({
    ...n,
    title: translateMessage(t, n.title),
    body: translateMessage(t, n.body),
    // Dates as text made here: the browser's ICU may format a calendar differently (hydration).
    createdText: formatInZone(n.created_at, "UTC", lng),
  }));
  return json({ items, title: pageTitle(t, "messaging:notifications.metaTitle") });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  await markRead(getDb(), user.id, submission.value.intent === "read-all" ? "all" : submission.value.id);
  return redirectWithToast("/notifications", { kind: "success", message: msg("messaging:notifications.marked") });
}

export default function NotificationsPage() {
  const { items } = useLoaderData<typeof loader>();
  const unread = items.filter((n) => !n.read_at).length;
  const { t } = useTranslation("messaging");
  return (
    <>
      <h1>{t("notifications.title")}</h1>
      {unread ? (
        <Form method="post">
          <button name="intent" value="read-all">
            {t("notifications.markAll", { count: unread })}
          </button>
        </Form>
      ) : null}
      {items.length ? (
        <ul className="results">
          {items.map((n) => (
            <li key={String(n.id)} className={n.read_at ? "read" : "unread"}>
              <h2>
                {n.read_at ? null : <span className="badge">{t("list.new")}</span>} {n.url ? <Link to={n.url}>{n.title}</Link> : n.title}
              </h2>
              <p style={{ whiteSpace: "pre-wrap" }}>{n.body}</p>
              <p className="meta">
                <time dateTime={String(n.created_at)}>{n.createdText}</time>
              </p>
              {n.read_at ? null : (
                <Form method="post">
                  <input type="hidden" name="id" value={String(n.id)} />
                  <button name="intent" value="read" className="small">
                    {t("conversation.markRead")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("notifications.empty")}</p>
      )}
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
