/**
 * /login — sign in with email and password. A wrong email and a wrong
 * password get the same message; attempts are throttled per account and per
 * client address (429 with Retry-After). After signing in: `redirectTo` when
 * it is a path on this site, else the start page.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { text } from "~/utils/input";
import { checkCredentials, sendVerificationMail } from "~/features/accounts/account.server";
import { requireAnonymous, startSession } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { clearAccountLimit, consumeRateLimit } from "~/utils/rate-limit.server";
import { safeRedirect } from "~/utils/redirect";
import { clientAddress, linkOrigin } from "~/utils/request.server";
import { redirectWithToast } from "~/utils/toast.server";
import { EmailSchema, PASSWORD_MAX } from "~/features/accounts/user-validation";
import { retryAfterHeaders } from "~/utils/headers";
import { ErrorList, Field, HoneypotField, FORM_VALIDATION } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useTranslation } from "react-i18next";
import { msg } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { signInResponse } from "~/features/accounts/account-language.server";

export const handle = { i18n: ["accounts"] };

/** GET `?redirectTo=`: read by the page (into the form's hidden field), not by the loader. */
export const querySchema = z.object({ redirectTo: text().optional() });

export const formSchema = z.object({
  email: EmailSchema,
  // No minimum here: the rules for new passwords may change; old ones still sign in.
  password: text({ required_error: msg("accounts:validation.passwordEnter") }).max(PASSWORD_MAX, msg("accounts:validation.passwordTooLongSignIn")),
  redirectTo: text().optional(),
});

const WRONG = msg("accounts:login.wrong");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return json({ title: pageTitle(serverT(await requestLanguage(request), "accounts"), "login.metaTitle") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await readFormData(request);
  checkHoneypot(formData);
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { email, password, redirectTo } = submission.value;
  const ip = clientAddress(context);
  await consumeRateLimit("login", { ip, account: email });
  const db = getDb();
  const check = await checkCredentials(db, email, password);
  if (check.status === "invalid") return json(submission.reply({ formErrors: [WRONG], hideFields: ["password"] }), { status: 400 });
  if (check.status === "unverified") {
    // The password was right, so saying so leaks nothing. Resend the link unless mail for this address is throttled.
    const mayMail = await consumeRateLimit("mail", { ip, account: email }).then(
      () => true,
      () => false,
    );
    if (mayMail) await sendVerificationMail(db, check.user, linkOrigin(request));
    return json(
      submission.reply({
        formErrors: [msg(mayMail ? "accounts:login.unverifiedResent" : "accounts:login.unverified", { email: check.user.email })],
        hideFields: ["password"],
      }),
      { status: 403 },
    );
  }
  await clearAccountLimit("login", email);
  const cookie = await startSession(check.user.id, request, context);
  // The account's language comes back with the session; the toast speaks it (translated here: the next page may not load `accounts`).
  const { headers, lng } = await signInResponse(db, check.user.id, cookie, request);
  return redirectWithToast(
    safeRedirect(redirectTo, "/"),
    { kind: "success", message: serverT(lng, "accounts")("toast.signedIn", { email: check.user.email }) },
    { headers },
  );
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useTranslation("accounts");
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(formSchema),
    ...FORM_VALIDATION,
    defaultValue: { redirectTo: searchParams.get("redirectTo") ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: formSchema }),
  });
  return (
    <section className="narrow">
      <h1>{t("login.title")}</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <HoneypotField />
        <input {...getInputProps(fields.redirectTo, { type: "hidden" })} key={fields.redirectTo.key} />
        <Field meta={fields.email} label={t("fields.email")} type="email" autoComplete="email" />
        <Field meta={fields.password} label={t("fields.password")} type="password" autoComplete="current-password" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link> · {t("login.newHere")} <Link to="/join">{t("login.createAccount")}</Link>
      </p>
    </section>
  );
}

export const meta = titleMeta;

export const headers = retryAfterHeaders;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
