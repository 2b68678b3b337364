/**
 * /forgot-password — ask for a password-reset link. The answer is the same
 * whether or not the address has an account. Throttled per address and per
 * client (429 with Retry-After).
 */
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
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

export const formSchema = z.object({ email: EmailSchema });

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  checkHoneypot(formData);
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const { email } = submission.value;
  await consumeRateLimit("mail", { ip: clientAddress(context), account: email });
  await requestPasswordReset(getDb(), email, linkOrigin(request));
  return redirectWithToast("/login", {
    kind: "info",
    message: `If ${email} has an account, a link to choose a new password is on its way. It works for one hour.`,
  });
}

export default function ForgotPasswordPage() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "forgot-password",
    lastResult,
    constraint: getZodConstraint(formSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: formSchema }),
  });
  return (
    <section className="narrow">
      <h1>Forgot your password?</h1>
      <p>Enter the email address of your account and we will send you a link to choose a new password.</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <HoneypotField />
        <Field meta={fields.email} label="Email" type="email" autoComplete="email" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          Send the link
        </button>
      </Form>
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Forgot password — ECO ICT Research Network" }];

export const headers = retryAfterHeaders;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
