/**
 * /join — create an account. Every submission that passes validation ends on
 * the same "check your inbox" page: a new address gets a verification link,
 * an address that already has an account gets a note saying so, so this page
 * does not reveal who has an account. Throttled per address and per client.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { registerAccount } from "~/features/accounts/account.server";
import { requireAnonymous } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { consumeRateLimit } from "~/utils/rate-limit.server";
import { clientAddress, linkOrigin } from "~/utils/request.server";
import { redirectWithToast } from "~/utils/toast.server";
import { ConfirmPasswordSchema, DisplayNameSchema, EmailSchema, PASSWORD_MIN, PASSWORDS_DIFFER, PasswordSchema } from "~/features/accounts/user-validation";
import { retryAfterHeaders } from "~/utils/headers";
import { ErrorList, Field, HoneypotField, FORM_VALIDATION } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useTranslation } from "react-i18next";
import { msg } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";

export const handle = { i18n: ["accounts"] };

export const formSchema = z
  .object({
    displayName: DisplayNameSchema,
    email: EmailSchema,
    password: PasswordSchema,
    confirmPassword: ConfirmPasswordSchema,
  })
  .superRefine((v, ctx) => {
    if (v.password !== v.confirmPassword) {
      ctx.addIssue({ path: ["confirmPassword"], code: "custom", message: PASSWORDS_DIFFER });
    }
  });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return json({ title: pageTitle(serverT(await requestLanguage(request), "accounts"), "join.metaTitle") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await readFormData(request);
  checkHoneypot(formData);
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  const { email, displayName, password } = submission.value;
  await consumeRateLimit("join", { ip: clientAddress(context), account: email });
  // The sign-up's language: the account's emails speak it until the person chooses another.
  const language = await requestLanguage(request);
  await registerAccount(getDb(), { email, displayName, password, language }, linkOrigin(request));
  return redirectWithToast(`/verify-email?${new URLSearchParams({ sent: email })}`, {
    kind: "success",
    message: msg("accounts:toast.almostDone"),
  });
}

export default function JoinPage() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("accounts");
  const [form, fields] = useForm({
    id: "join",
    lastResult,
    constraint: getZodConstraint(formSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: formSchema }),
  });
  return (
    <section className="narrow">
      <h1>{t("join.title")}</h1>
      <p className="meta">{t("join.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <HoneypotField />
        <Field meta={fields.displayName} label={t("fields.yourName")} autoComplete="name" />
        <Field meta={fields.email} label={t("fields.email")} type="email" autoComplete="email" help={t("join.emailHelp")} />
        <Field
          meta={fields.password}
          label={t("fields.password")}
          type="password"
          autoComplete="new-password"
          help={t("fields.passwordHelp", { count: PASSWORD_MIN })}
        />
        <Field meta={fields.confirmPassword} label={t("fields.passwordAgain")} type="password" autoComplete="new-password" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("join.submit")}
        </button>
      </Form>
      <p>
        {t("join.haveAccount")} <Link to="/login">{t("login.title")}</Link>
      </p>
    </section>
  );
}

export const meta = titleMeta;

export const headers = retryAfterHeaders;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
