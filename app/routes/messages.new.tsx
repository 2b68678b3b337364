/**
 * /messages/new?expert=:id — write to the person behind an expert profile
 * (the profile's Contact button). Signed-in members only. 404 for unknown
 * profiles and for profiles that belong to no account (generated demo
 * profiles). The form is refused with a clear message when the recipient does
 * not accept messages, when the secretariat stopped the sender, and past the
 * sender's quotas (429 with Retry-After). Sending to someone you already
 * have a conversation with adds to it. Neither side's email address is shown.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { msg, translateMessage } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";

import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { idField } from "~/utils/input";
import { SENDER_STOPPED_MESSAGE, messageBody, notAcceptingMessage } from "~/features/messaging/message-schema";
import { requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { linkOrigin } from "~/utils/request.server";
import { redirectWithToast } from "~/utils/toast.server";
import { retryAfterHeaders } from "~/utils/headers";
import { contactTarget, conversationPath, messagingStatus } from "~/features/messaging/messaging.server";
import { startConversation } from "~/features/messaging/send-message.server";
import { MessageForm } from "~/components/message-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const NO_PROFILE = msg("messaging:new.noProfile");
const expertId = idField(msg("messaging:new.chooseExpert"));

export const handle = { i18n: ["messaging"] };

export const querySchema = z.object({ expert: expertId });
export const formSchema = z.object({ expertId, body: messageBody });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = querySchema.safeParse({ expert: new URL(request.url).searchParams.get("expert") ?? undefined });
  invariantResponse(parsed.success, NO_PROFILE, 404);
  const db = getDb();
  const target = await contactTarget(db, parsed.data.expert);
  invariantResponse(target, NO_PROFILE, 404);
  const me = await messagingStatus(db, user.id);
  const refusal =
    target.userId === user.id
      ? msg("messaging:errors.self")
      : me.stopped
        ? SENDER_STOPPED_MESSAGE
        : !target.acceptsMessages
          ? notAcceptingMessage(target.fullName)
          : null;
  const title = pageTitle(serverT(await requestLanguage(request), "messaging"), "new.metaTitle", { name: target.fullName });
  return json({ expert: { id: target.expertId, fullName: target.fullName }, refusal, title }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const r = await startConversation(getDb(), {
    senderId: user.id,
    expertId: submission.value.expertId,
    body: submission.value.body,
    origin: linkOrigin(request),
  });
  if (r.ok) return redirectWithToast(conversationPath(r.conversationId), { kind: "success", message: msg("messaging:toast.sent") });
  invariantResponse(r.reason !== "not-found", NO_PROFILE, 404);
  const headers: Record<string, string> = r.reason === "quota" ? { "Retry-After": String(r.retryAfter) } : {};
  return json(submission.reply({ formErrors: [r.message] }), { status: r.reason === "quota" ? 429 : 403, headers });
}

export default function NewMessagePage() {
  const { expert, refusal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const kept = typeof result?.initialValue?.body === "string" ? result.initialValue.body : undefined;
  const { t } = useTranslation("messaging");
  return (
    <section className="narrow">
      <p className="meta">
        <Link to="/messages">{t("list.title")}</Link> › {t("new.crumb")}
      </p>
      <h1>
        {t("new.title")} <bdi>{expert.fullName}</bdi>
      </h1>
      {/* After a refused send the form stays, with the text and why (nothing typed is lost). */}
      {refusal && !result ? (
        <p className="error" role="alert">
          {translateMessage(t, refusal)}
        </p>
      ) : (
        <>
          <p className="meta">{t("new.explain", { name: expert.fullName })}</p>
          <MessageForm
            label={t("new.label")}
            submitLabel={t("new.submit")}
            hidden={{ expertId: String(expert.id) }}
            kept={kept}
            fieldErrors={result?.error?.body}
            formErrors={result?.error?.[""]}
          />
        </>
      )}
      <p>
        <Link to={`/experts/${expert.id}`}>{t("new.back")}</Link>
      </p>
    </section>
  );
}

export const meta = titleMeta;

export const headers = retryAfterHeaders;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
