/**
 * /reset-password?token=… — choose a new password with an emailed link.
 * GET only checks the link; the POST uses it up, sets the password, ends
 * every session of the account and signs the person in with a new one.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { text } from "~/utils/input";
import { resetPassword } from "~/features/accounts/account.server";
import { peekEmailToken } from "~/features/accounts/email-token.server";
import { restartSessions } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { redirectWithToast } from "~/utils/toast.server";
import { ConfirmPasswordSchema, PASSWORD_MIN, PASSWORDS_DIFFER, PasswordSchema } from "~/features/accounts/user-validation";
import { ErrorList, Field, HoneypotField, QueryIssues, FORM_VALIDATION } from "~/components/forms";
import { parseSearchParams } from "~/utils/search-params";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Trans, useTranslation } from "react-i18next";
import { msg, translateMessage } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { signInResponse } from "~/features/accounts/account-language.server";

export const handle = { i18n: ["accounts"] };

export const formSchema = z
  .object({
    token: text({ required_error: msg("accounts:validation.linkIncomplete") }).max(100),
    password: PasswordSchema,
    confirmPassword: ConfirmPasswordSchema,
  })
  .superRefine((v, ctx) => {
    if (v.password !== v.confirmPassword) ctx.addIssue({ path: ["confirmPassword"], code: "custom", message: PASSWORDS_DIFFER });
  });

const EXPIRED = msg("accounts:reset.expired");

/** GET `?token=`: the emailed link. */
export const querySchema = z.object({ token: text().default("") });

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseSearchParams(querySchema, new URL(request.url).searchParams, []);
  const title = pageTitle(serverT(await requestLanguage(request), "accounts"), "reset.metaTitle");
  // A damaged link (e.g. U+0000 in it): named on the page, which offers to ask for a new one.
  if (!parsed.ok) return json({ valid: false as const, token: "", email: null, issues: parsed.issues, title }, { status: 400 });
  const { token } = parsed.value;
  const issues: Array<{ param: string; message: string }> = [];
  const owner = token ? await peekEmailToken(getDb(), token, "reset") : null;
  if (!owner) return json({ valid: false as const, token: "", email: null, issues, title }, { status: token ? 410 : 200 });
  return json({ valid: true as const, token, email: owner.email, issues, title });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  checkHoneypot(formData);
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  const user = await resetPassword(getDb(), submission.value.token, submission.value.password);
  if (!user) return json(submission.reply({ formErrors: [EXPIRED], hideFields: ["password", "confirmPassword"] }), { status: 400 });
  // Whoever knew the old password is signed out everywhere; this browser continues.
  const cookie = await restartSessions(user.id, request, context);
  const { headers } = await signInResponse(getDb(), user.id, cookie, request);
  return redirectWithToast("/account", { kind: "success", message: msg("accounts:toast.passwordReset") }, { headers });
}

export default function ResetPasswordPage() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("accounts");
  const [form, fields] = useForm({
    id: "reset-password",
    lastResult,
    constraint: getZodConstraint(formSchema),
    defaultValue: { token: data.token },
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: formSchema }),
  });
  if (!data.valid) {
    return (
      <section className="narrow">
        <h1>{t("reset.title")}</h1>
        <QueryIssues issues={data.issues} />
        <p className="error" role="alert">
          {translateMessage(t, EXPIRED)}
        </p>
        <p>
          <Link to="/forgot-password">{t("reset.askNew")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>{t("reset.title")}</h1>
      <p>
        <Trans t={t} i18nKey="reset.for" values={{ email: data.email }} components={{ strong: <strong />, bdi: <bdi /> }} />
      </p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <HoneypotField />
        <input {...getInputProps(fields.token, { type: "hidden" })} key={fields.token.key} />
        <Field
          meta={fields.password}
          label={t("reset.newPassword")}
          type="password"
          autoComplete="new-password"
          help={t("fields.passwordHelp", { count: PASSWORD_MIN })}
        />
        <Field meta={fields.confirmPassword} label={t("reset.newPasswordAgain")} type="password" autoComplete="new-password" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("reset.submit")}
        </button>
      </Form>
    </section>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
