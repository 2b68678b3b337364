/**
 * /messages — the signed-in member's conversations, latest activity first,
 * unread ones marked, each by the other side's display name (never an email
 * address); and the "accept messages" switch (on by default): off, nobody can
 * write to you and your profile shows no Contact button.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { msg, translateMessage } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { SENDER_STOPPED_MESSAGE } from "~/features/messaging/message-schema";
import { MESSAGES_PER_HOUR, MESSAGE_CONVERSATIONS_PER_DAY } from "~/utils/rate-limit.server";
import { messagingStatus, setAcceptsMessages } from "~/features/messaging/messaging.server";
import { listConversations } from "~/features/messaging/conversations.server";
import { formatInZone } from "~/i18n/dates";
import { shownName } from "~/features/accounts/former-member";
import { GeneralErrorBoundary } from "~/components/error-boundary";

/** Turn "accept messages" on or off. */
export const formSchema = z.object({ intent: z.literal("settings"), accept: z.enum(["on", "off"], { message: msg("messaging:list.chooseOnOff") }) });

export const handle = { i18n: ["messaging"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const [conversations, status, lng] = await Promise.all([listConversations(db, user.id), messagingStatus(db, user.id), requestLanguage(request)]);
  return json(
    {
      // Dates as text made here: the browser's ICU may format a calendar differently (hydration).
      // A deleted account's name ("Former member") in the viewer's words.
      conversations: conversations.map((c) => ({
        ...c,
        otherName: shownName(serverT(lng), c.otherName),
        lastMessageText: formatInZone(c.lastMessageAt, "UTC", lng),
      })),
      status,
      limits: { conversationsPerDay: MESSAGE_CONVERSATIONS_PER_DAY, messagesPerHour: MESSAGES_PER_HOUR },
      title: pageTitle(serverT(lng, "messaging"), "list.metaTitle"),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const on = submission.value.accept === "on";
  await setAcceptsMessages(getDb(), user.id, on);
  return redirectWithToast("/messages", {
    kind: "success",
    message: msg(on ? "messaging:toast.on" : "messaging:toast.off"),
  });
}

export default function MessagesPage() {
  const { conversations, status, limits } = useLoaderData<typeof loader>();
  const unread = conversations.filter((c) => c.unread).length;
  const { t } = useTranslation("messaging");
  return (
    <>
      <h1>{unread ? t("list.titleUnread", { count: unread }) : t("list.title")}</h1>
      {status.stopped ? (
        <p className="error" role="alert">
          {translateMessage(t, SENDER_STOPPED_MESSAGE)}
        </p>
      ) : null}
      {conversations.length ? (
        <ul className="results conversations">
          {conversations.map((c) => (
            <li key={c.id} className={c.unread ? "unread" : "read"} data-testid="conversation">
              <h2>
                {c.unread ? (
                  <>
                    <span className="badge">{t("list.new")}</span>{" "}
                  </>
                ) : null}
                <Link to={`/messages/${c.id}`}>
                  <bdi>{c.otherName}</bdi>
                </Link>
              </h2>
              <p className="meta" dir="auto">
                {c.lastFromMe ? t("list.you") : null}
                {c.excerpt}
              </p>
              <p className="meta">
                <time dateTime={c.lastMessageAt}>{c.lastMessageText}</time>
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("list.empty")}</p>
      )}
      <section aria-labelledby="settings-h" className="card" style={{ marginTop: "1.5rem" }}>
        <h2 id="settings-h">{t("list.acceptTitle")}</h2>
        <p>{status.acceptsMessages ? t("list.acceptOn") : t("list.acceptOff")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="settings" />
          <button type="submit" name="accept" value={status.acceptsMessages ? "off" : "on"} className={status.acceptsMessages ? "secondary" : undefined}>
            {status.acceptsMessages ? t("list.turnOff") : t("list.turnOn")}
          </button>
        </Form>
        <p className="meta">{t("list.limits", { conversations: limits.conversationsPerDay, messages: limits.messagesPerHour })}</p>
      </section>
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
