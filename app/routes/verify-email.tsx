/**
 * /verify-email — confirm an email address.
 * GET ?token=… shows whose address the link confirms and a button; only the
 * POST uses the token (loaders change nothing, and mail scanners that open
 * links cannot use them up). Confirming signs the person in with a new session
 * and opens /me/profile with an invitation to build the expert profile (the
 * home page when the account has a profile already).
 * GET without a token: "check your inbox", with a form to send the link again.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
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

const ConfirmSchema = z.object({ intent: z.literal("confirm"), token: text({ required_error: "The link is incomplete" }).max(100) });
const ResendSchema = z.object({ intent: z.literal("resend"), email: EmailSchema });
export const formSchema = z.discriminatedUnion("intent", [ConfirmSchema, ResendSchema]);

/** The welcome on the first page after sign-up: the expert profile form. */
const FIRST_PAGE_INVITATION =
  "Your email address is confirmed. Welcome! Start by building your expert profile below: your institution and research topics let partners find you.";

const EXPIRED = "This link has expired or has already been used. Ask for a new one below.";

/** GET `?token=` (the emailed link) or `?sent=` (the address just mailed, shown back). */
export const querySchema = z.object({ token: text().optional(), sent: text().optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseSearchParams(querySchema, url.searchParams, []);
  // A damaged link (e.g. U+0000 in it): named on the page, which offers to send a new one.
  if (!parsed.ok) return json({ mode: "expired" as const, sent: null, email: null, token: null, issues: parsed.issues }, { status: 400 });
  const { token } = parsed.value;
  const sent = parsed.value.sent?.slice(0, 254) ?? null;
  const issues: Array<{ param: string; message: string }> = [];
  if (!token) return json({ mode: "inbox" as const, sent, email: null, token: null, issues });
  const owner = await peekEmailToken(getDb(), token, "verify");
  if (!owner) return json({ mode: "expired" as const, sent, email: null, token: null, issues }, { status: 410 });
  return json({ mode: "confirm" as const, sent, email: owner.email, token, issues });
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
    // A new account's first page invites it to build its expert profile (issue 14, item 3).
    if (!(await hasExpertProfile(db, userId))) {
      return redirectWithToast("/me/profile", { kind: "success", message: FIRST_PAGE_INVITATION }, { headers: { "Set-Cookie": cookie } });
    }
    return redirectWithToast("/", { kind: "success", message: "Your email address is confirmed. Welcome!" }, { headers: { "Set-Cookie": cookie } });
  }
  const { email } = submission.value;
  await consumeRateLimit("mail", { ip: clientAddress(context), account: email });
  const user = await getUserByEmail(db, email);
  if (user && !user.emailVerifiedAt) await sendVerificationMail(db, user, linkOrigin(request));
  // Same answer whether or not the address has an account.
  return redirectWithToast(`/verify-email?${new URLSearchParams({ sent: email })}`, {
    kind: "info",
    message: "If that address has an account waiting for confirmation, a new link is on its way.",
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
  return (
    <section className="narrow">
      <h1>Confirm your email address</h1>
      <QueryIssues issues={data.issues} />
      {data.mode === "confirm" && !confirmFailed ? (
        <Form method="post" {...getFormProps(confirmForm)} className="stack">
          <p>
            Confirm that <strong>{data.email}</strong> is your email address.
          </p>
          <input {...getInputProps(confirmFields.intent, { type: "hidden" })} key={confirmFields.intent.key} />
          <input {...getInputProps(confirmFields.token, { type: "hidden" })} key={confirmFields.token.key} />
          <button type="submit">Confirm my email address</button>
        </Form>
      ) : data.mode === "expired" || confirmFailed ? (
        <p className="error" role="alert">
          {EXPIRED}
        </p>
      ) : (
        <p>
          {data.sent ? (
            <>
              We have sent a link to <strong>{data.sent}</strong>.{" "}
            </>
          ) : null}
          Open the link in that email to confirm your address and sign in. It can take a minute to arrive; check the spam folder too.
        </p>
      )}
      {data.mode !== "confirm" || confirmFailed ? (
        <Form method="post" {...getFormProps(resendForm)} className="stack">
          <h2>Send the link again</h2>
          <HoneypotField />
          <input {...getInputProps(resendFields.intent, { type: "hidden" })} key={resendFields.intent.key} />
          <Field meta={resendFields.email} label="Email" type="email" autoComplete="email" />
          <ErrorList id={resendForm.errorId} errors={resendForm.errors} />
          <button type="submit" className="secondary">
            Send a new link
          </button>
        </Form>
      ) : null}
      <p>
        <Link to="/login">Sign in</Link>
      </p>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Confirm your email — ECO ICT Research Network" }];

export const headers = retryAfterHeaders;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
