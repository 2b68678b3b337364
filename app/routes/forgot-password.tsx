/**
 * /forgot-password — ask for a password-reset link. The answer is the same
 * whether or not the address has an account. Throttled per address and per
 * client (429 with Retry-After).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { requestPasswordReset } from "~/features/accounts/account.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { consumeRateLimit } from "~/utils/rate-limit.server";
import { clientAddress, linkOrigin } from "~/utils/request.server";
import { redirectWithToast } from "~/utils/toast.server";
import { EmailSchema } from "~/features/accounts/user-validation";
import { retryAfterHeaders } from "~/utils/headers";
import { ErrorList, Field, HoneypotField, FORM_VALIDATION } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useTranslation } from "react-i18next";
import { msg } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";

export const handle = { i18n: ["accounts"] };

export const formSchema = z.object({ email: EmailSchema });

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  checkHoneypot(formData);
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const { email } = submission.value;
  await consumeRateLimit("mail", { ip: clientAddress(context), account: email });
  await requestPasswordReset(getDb(), email, linkOrigin(request));
  return redirectWithToast("/login", { kind: "info", message: msg("accounts:toast.resetSent", { email }) });
}

export default function ForgotPasswordPage() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("accounts");
  const [form, fields] = useForm({
    id: "forgot-password",
    lastResult,
    constraint: getZodConstraint(formSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: formSchema }),
  });
  return (
    <section className="narrow">
      <h1>{t("login.forgot")}</h1>
      <p>{t("forgot.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <HoneypotField />
        <Field meta={fields.email} label={t("fields.email")} type="email" autoComplete="email" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("forgot.submit")}
        </button>
      </Form>
      <p>
        <Link to="/login">{t("forgot.back")}</Link>
      </p>
    </section>
  );
}

export const meta = titleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ title: pageTitle(serverT(await requestLanguage(request), "accounts"), "forgot.metaTitle") });
}

export const headers = retryAfterHeaders;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
