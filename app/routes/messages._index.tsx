/**
 * /messages — the signed-in member's conversations, latest activity first,
 * unread ones marked, each by the other side's display name (never an email
 * address); and the "accept messages" switch (on by default): off, nobody can
 * write to you and your profile shows no Contact button.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
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
import { GeneralErrorBoundary } from "~/components/error-boundary";

/** Turn "accept messages" on or off. */
export const formSchema = z.object({ intent: z.literal("settings"), accept: z.enum(["on", "off"], { message: "Choose on or off." }) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const [conversations, status] = await Promise.all([listConversations(db, user.id), messagingStatus(db, user.id)]);
  return json(
    { conversations, status, limits: { conversationsPerDay: MESSAGE_CONVERSATIONS_PER_DAY, messagesPerHour: MESSAGES_PER_HOUR } },
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
    message: on ? "Members can write to you again." : "Messages are off: nobody can write to you, and your profile shows no Contact button.",
  });
}

export default function MessagesPage() {
  const { conversations, status, limits } = useLoaderData<typeof loader>();
  const unread = conversations.filter((c) => c.unread).length;
  return (
    <>
      <h1>Messages{unread ? ` (${unread} unread)` : ""}</h1>
      {status.stopped ? (
        <p className="error" role="alert">
          {SENDER_STOPPED_MESSAGE}
        </p>
      ) : null}
      {conversations.length ? (
        <ul className="results conversations">
          {conversations.map((c) => (
            <li key={c.id} className={c.unread ? "unread" : "read"} data-testid="conversation">
              <h2>
                {c.unread ? (
                  <>
                    <span className="badge">new</span>{" "}
                  </>
                ) : null}
                <Link to={`/messages/${c.id}`}>{c.otherName}</Link>
              </h2>
              <p className="meta" dir="auto">
                {c.lastFromMe ? "You: " : ""}
                {c.excerpt}
              </p>
              <p className="meta">
                <time dateTime={c.lastMessageAt}>{formatInZone(c.lastMessageAt, "UTC")}</time>
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">No conversations yet. Use the Contact button on an expert's profile or in partner results to write to them.</p>
      )}
      <section aria-labelledby="settings-h" className="card" style={{ marginTop: "1.5rem" }}>
        <h2 id="settings-h">Accept messages</h2>
        <p>
          {status.acceptsMessages
            ? "On: signed-in members can write to you from your expert profile. They never see your email address unless you made it public."
            : "Off: nobody can write to you, and your profile shows no Contact button."}
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="settings" />
          <button type="submit" name="accept" value={status.acceptsMessages ? "off" : "on"} className={status.acceptsMessages ? "secondary" : undefined}>
            {status.acceptsMessages ? "Turn messages off" : "Turn messages on"}
          </button>
        </Form>
        <p className="meta">
          Each member may start {limits.conversationsPerDay} new conversations a day and send {limits.messagesPerHour} messages an hour.
        </p>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Messages — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
