/**
 * /verify-email — confirm an email address.
 * GET ?token=… shows whose address the link confirms and a button; only the
 * POST uses the token (loaders change nothing, and mail scanners that open
 * links cannot use them up). Confirming signs the person in with a new session
 * and opens /me/profile with an invitation to build the expert profile (the
 * home page when the account has a profile already).
 * GET without a token: "check your inbox", with a form to send the link again.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { text } from "~/utils/input";
import { sendVerificationMail, verifyEmail } from "~/features/accounts/account.server";
import { peekEmailToken } from "~/features/accounts/email-token.server";
import { getUserByEmail, hasExpertProfile } from "~/features/accounts/user.server";
import { startSession } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { consumeRateLimit } from "~/utils/rate-limit.server";
import { clientAddress, linkOrigin } from "~/utils/request.server";
import { redirectWithToast } from "~/utils/toast.server";
import { EmailSchema } from "~/features/accounts/user-validation";
import { retryAfterHeaders } from "~/utils/headers";
import { ErrorList, Field, HoneypotField, QueryIssues, FORM_VALIDATION } from "~/components/forms";
import { parseSearchParams } from "~/utils/search-params";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Trans, useTranslation } from "react-i18next";
import { msg, translateMessage } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { signInResponse } from "~/features/accounts/account-language.server";

export const handle = { i18n: ["accounts"] };

const ConfirmSchema = z.object({ intent: z.literal("confirm"), token: text({ required_error: msg("accounts:validation.linkIncomplete") }).max(100) });
const ResendSchema = z.object({ intent: z.literal("resend"), email: EmailSchema });
export const formSchema = z.discriminatedUnion("intent", [ConfirmSchema, ResendSchema]);

const EXPIRED = msg("accounts:verify.expired");

/** GET `?token=` (the emailed link) or `?sent=` (the address just mailed, shown back). */
export const querySchema = z.object({ token: text().optional(), sent: text().optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseSearchParams(querySchema, url.searchParams, []);
  const title = pageTitle(serverT(await requestLanguage(request), "accounts"), "verify.metaTitle");
  // A damaged link (e.g. U+0000 in it): named on the page, which offers to send a new one.
  if (!parsed.ok) return json({ mode: "expired" as const, sent: null, email: null, token: null, issues: parsed.issues, title }, { status: 400 });
  const { token } = parsed.value;
  const sent = parsed.value.sent?.slice(0, 254) ?? null;
  const issues: Array<{ param: string; message: string }> = [];
  if (!token) return json({ mode: "inbox" as const, sent, email: null, token: null, issues, title });
  const owner = await peekEmailToken(getDb(), token, "verify");
  if (!owner) return json({ mode: "expired" as const, sent, email: null, token: null, issues, title }, { status: 410 });
  return json({ mode: "confirm" as const, sent, email: owner.email, token, issues, title });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  checkHoneypot(formData);
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const db = getDb();
  if (submission.value.intent === "confirm") {
    const userId = await verifyEmail(db, submission.value.token);
    if (!userId) return json(submission.reply({ formErrors: [EXPIRED] }), { status: 400 });
    const cookie = await startSession(userId, request, context);
    const { headers, lng } = await signInResponse(db, userId, cookie, request);
    // Translated here: the next page does not load the `accounts` catalogue.
    const t = serverT(lng, "accounts");
    // A new account's first page invites it to build its expert profile (issue 14, item 3).
    if (!(await hasExpertProfile(db, userId))) {
      return redirectWithToast("/me/profile", { kind: "success", message: t("toast.confirmedBuildProfile") }, { headers });
    }
    return redirectWithToast("/", { kind: "success", message: t("toast.confirmed") }, { headers });
  }
  const { email } = submission.value;
  await consumeRateLimit("mail", { ip: clientAddress(context), account: email });
  const user = await getUserByEmail(db, email);
  if (user && !user.emailVerifiedAt) await sendVerificationMail(db, user, linkOrigin(request));
  // Same answer whether or not the address has an account.
  return redirectWithToast(`/verify-email?${new URLSearchParams({ sent: email })}`, {
    kind: "info",
    message: msg("accounts:toast.verifyResent"),
  });
}

export default function VerifyEmailPage() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const intent = (lastResult?.initialValue as { intent?: string } | undefined)?.intent;
  const [confirmForm, confirmFields] = useForm({
    id: "confirm-email",
    lastResult: intent === "confirm" ? lastResult : undefined,
    defaultValue: { intent: "confirm", token: data.token ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConfirmSchema }),
  });
  const [resendForm, resendFields] = useForm({
    id: "resend-email",
    lastResult: intent === "resend" ? lastResult : undefined,
    defaultValue: { intent: "resend", email: data.sent ?? "" },
    constraint: getZodConstraint(ResendSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResendSchema }),
  });
  const confirmFailed = Boolean(confirmForm.errors?.length);
  const { t } = useTranslation("accounts");
  return (
    <section className="narrow">
      <h1>{t("verify.title")}</h1>
      <QueryIssues issues={data.issues} />
      {data.mode === "confirm" && !confirmFailed ? (
        <Form method="post" {...getFormProps(confirmForm)} className="stack">
          <p>
            <Trans t={t} i18nKey="verify.confirmThat" values={{ email: data.email }} components={{ strong: <strong />, bdi: <bdi /> }} />
          </p>
          <input {...getInputProps(confirmFields.intent, { type: "hidden" })} key={confirmFields.intent.key} />
          <input {...getInputProps(confirmFields.token, { type: "hidden" })} key={confirmFields.token.key} />
          <button type="submit">{t("verify.confirm")}</button>
        </Form>
      ) : data.mode === "expired" || confirmFailed ? (
        <p className="error" role="alert">
          {translateMessage(t, EXPIRED)}
        </p>
      ) : (
        <p>
          {data.sent ? (
            <>
              <Trans t={t} i18nKey="verify.sentTo" values={{ email: data.sent }} components={{ strong: <strong />, bdi: <bdi /> }} />{" "}
            </>
          ) : null}
          {t("verify.openLink")}
        </p>
      )}
      {data.mode !== "confirm" || confirmFailed ? (
        <Form method="post" {...getFormProps(resendForm)} className="stack">
          <h2>{t("verify.resendTitle")}</h2>
          <HoneypotField />
          <input {...getInputProps(resendFields.intent, { type: "hidden" })} key={resendFields.intent.key} />
          <Field meta={resendFields.email} label={t("fields.email")} type="email" autoComplete="email" />
          <ErrorList id={resendForm.errorId} errors={resendForm.errors} />
          <button type="submit" className="secondary">
            {t("verify.resend")}
          </button>
        </Form>
      ) : null}
      <p>
        <Link to="/login">{t("login.title")}</Link>
      </p>
    </section>
  );
}

export const meta = titleMeta;

export const headers = retryAfterHeaders;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
