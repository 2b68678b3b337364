/**
 * /messages/:id — one conversation, for its two participants only (anyone
 * else gets 404, so its existence does not leak): the messages oldest first,
 * new ones marked, a reply box, and "Report this conversation" (to the
 * secretariat's queue). Opening it marks it read through a POST (loaders
 * never write): by script right away, or the "Mark as read" button without
 * JavaScript; replying marks it read too. Display names only, never email
 * addresses.
 */
import { useEffect } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { msg, translateMessage } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";

import { json } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { requireIdParam } from "~/utils/input";
import { SENDER_STOPPED_MESSAGE, messageBody, notAcceptingMessage, reportReason, REPORT_REASON_MAX } from "~/features/messaging/message-schema";
import { requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { linkOrigin } from "~/utils/request.server";
import { redirectWithToast } from "~/utils/toast.server";
import { retryAfterHeaders } from "~/utils/headers";
import { conversationPath } from "~/features/messaging/messaging.server";
import { getConversation, markConversationRead } from "~/features/messaging/conversations.server";
import { replyInConversation } from "~/features/messaging/send-message.server";
import { reportConversation } from "~/features/messaging/message-reports.server";
import { formatInZone } from "~/i18n/dates";
import { MessageForm } from "~/components/message-form";
import { ErrorList } from "~/components/forms";
import { shownName } from "~/features/accounts/former-member";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const NOT_FOUND = msg("messaging:conversation.notFound");

export const handle = { i18n: ["messaging"] };

/** Reply, mark read, report. */
export const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("reply"), body: messageBody }),
  z.object({ intent: z.literal("read") }),
  z.object({ intent: z.literal("report"), reason: reportReason }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = requireIdParam(params.id, NOT_FOUND);
  const conversation = await getConversation(getDb(), id, user.id);
  invariantResponse(conversation, NOT_FOUND, 404);
  const lng = await requestLanguage(request);
  // Dates as text made here: the browser's ICU may format a calendar differently (hydration).
  const messages = conversation.messages.map((m) => ({ ...m, createdText: formatInZone(m.createdAt, "UTC", lng) }));
  // A deleted account's name ("Former member") in the viewer's words.
  const other = { ...conversation.other, name: shownName(serverT(lng), conversation.other.name) };
  const title = pageTitle(serverT(lng, "messaging"), "conversation.metaTitle", { name: other.name });
  return json({ conversation: { ...conversation, other, messages }, title }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = requireIdParam(params.id, NOT_FOUND);
  const db = getDb();
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: formSchema });
  // Participants only, before anything else is said about the request.
  invariantResponse(await getConversation(db, id, user.id), NOT_FOUND, 404);
  if (submission.status !== "success") return json({ ...submission.reply(), intent: String(formData.get("intent") ?? "") }, { status: 400 });
  const v = submission.value;
  if (v.intent === "read") {
    await markConversationRead(db, id, user.id);
    return json({ ...submission.reply(), intent: v.intent });
  }
  if (v.intent === "report") {
    const r = await reportConversation(db, { conversationId: id, reporterId: user.id, reason: v.reason ?? "", origin: linkOrigin(request) });
    invariantResponse(r !== "not-found", NOT_FOUND, 404);
    return redirectWithToast(conversationPath(id), {
      kind: r === "reported" ? "success" : "info",
      message: msg(r === "reported" ? "messaging:toast.reported" : "messaging:toast.alreadyReported"),
    });
  }
  const r = await replyInConversation(db, { senderId: user.id, conversationId: id, body: v.body, origin: linkOrigin(request) });
  if (r.ok) return redirectWithToast(conversationPath(id), { kind: "success", message: msg("messaging:toast.replySent") });
  invariantResponse(r.reason !== "not-found", NOT_FOUND, 404);
  const headers: Record<string, string> = r.reason === "quota" ? { "Retry-After": String(r.retryAfter) } : {};
  return json({ ...submission.reply({ formErrors: [r.message] }), intent: v.intent }, { status: r.reason === "quota" ? 429 : 403, headers });
}

export default function ConversationPage() {
  const { conversation: c } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const reader = useFetcher();
  const unread = c.messages.some((m) => m.unread);
  // With JavaScript, opening the conversation marks it read (a POST: loaders never write).
  useEffect(() => {
    if (unread && reader.state === "idle" && !reader.data) reader.submit({ intent: "read" }, { method: "post" });
  }, [unread, reader]);
  const replyResult = result?.intent === "reply" ? result : undefined;
  const reportResult = result?.intent === "report" ? result : undefined;
  const kept = typeof replyResult?.initialValue?.body === "string" ? replyResult.initialValue.body : undefined;
  // After a refused reply the form stays, with the text and why (nothing typed is lost).
  const refusal = replyResult ? null : c.stopped ? "stopped" : !c.other.acceptsMessages ? "off" : null;
  const { t } = useTranslation("messaging");
  return (
    <section className="narrow">
      <p className="meta">
        <Link to="/messages">{t("list.title")}</Link> › <bdi>{c.other.name}</bdi>
      </p>
      <h1>
        {t("conversation.title")}{" "}
        {c.other.expertId ? (
          <Link to={`/experts/${c.other.expertId}`}>
            <bdi>{c.other.name}</bdi>
          </Link>
        ) : (
          <bdi>{c.other.name}</bdi>
        )}
      </h1>
      {unread ? (
        <Form method="post">
          <input type="hidden" name="intent" value="read" />
          <button type="submit" className="secondary small">
            {t("conversation.markRead")}
          </button>
        </Form>
      ) : null}
      <ol className="messages" aria-label={t("list.title")}>
        {c.messages.map((m) => (
          <li key={m.id} className={m.mine ? "mine" : "theirs"} data-testid="message">
            <p className="meta">
              <bdi>{m.mine ? t("conversation.you") : c.other.name}</bdi> · <time dateTime={m.createdAt}>{m.createdText}</time>
              {m.unread ? (
                <>
                  {" "}
                  <span className="badge">{t("list.new")}</span>
                </>
              ) : null}
            </p>
            <p style={{ whiteSpace: "pre-wrap" }} dir="auto">
              {m.body}
            </p>
          </li>
        ))}
      </ol>
      {refusal === "stopped" ? (
        <p className="error" role="alert">
          {translateMessage(t, SENDER_STOPPED_MESSAGE)}
        </p>
      ) : refusal === "off" ? (
        <p className="error" role="alert">
          {translateMessage(t, notAcceptingMessage(c.other.name))}
        </p>
      ) : (
        <MessageForm
          label={t("conversation.reply")}
          submitLabel={t("conversation.sendReply")}
          hidden={{ intent: "reply" }}
          kept={kept}
          fieldErrors={replyResult?.error?.body}
          formErrors={replyResult?.error?.[""]}
          resetKey={c.messages.length}
        />
      )}
      <details className="report" open={Boolean(reportResult)}>
        <summary>{t("conversation.report")}</summary>
        {c.reported ? (
          <p className="meta">{t("conversation.reportedPending")}</p>
        ) : (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="report" />
            <p className="meta">{t("conversation.reportExplain", { name: c.other.name })}</p>
            <div className="field">
              <label htmlFor="report-reason">{t("conversation.why")}</label>
              <textarea
                id="report-reason"
                name="reason"
                rows={3}
                maxLength={REPORT_REASON_MAX}
                defaultValue={typeof reportResult?.initialValue?.reason === "string" ? reportResult.initialValue.reason : ""}
              />
              <ErrorList errors={reportResult?.error?.reason} />
            </div>
            <button type="submit" className="secondary">
              {t("conversation.reportSubmit")}
            </button>
          </Form>
        )}
      </details>
    </section>
  );
}

export const meta = titleMeta;

export const headers = retryAfterHeaders;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
