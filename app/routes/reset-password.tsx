/**
 * /reset-password?token=… — choose a new password with an emailed link.
 * GET only checks the link; the POST uses it up, sets the password, ends
 * every session of the account and signs the person in with a new one.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { resetPassword } from "~/models/account.server";
import { peekEmailToken } from "~/models/email-token.server";
import { endOtherSessions, startSession } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { redirectWithToast } from "~/utils/toast.server";
import { PASSWORD_MIN, PasswordSchema } from "~/utils/user-validation";
import { ErrorList, Field, HoneypotField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const ResetSchema = z
  .object({
    token: z.string({ required_error: "The link is incomplete" }).max(100),
    password: PasswordSchema,
    confirmPassword: z.string({ required_error: "Type the password again" }),
  })
  .superRefine((v, ctx) => {
    if (v.password !== v.confirmPassword) ctx.addIssue({ path: ["confirmPassword"], code: "custom", message: "The two passwords differ" });
  });

const EXPIRED = "This link has expired or has already been used.";

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const owner = token ? await peekEmailToken(getDb(), token, "reset") : null;
  if (!owner) return json({ valid: false as const, token: "", email: null }, { status: token ? 410 : 200 });
  return json({ valid: true as const, token, email: owner.email });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  checkHoneypot(formData);
  const submission = parseWithZod(formData, { schema: ResetSchema });
  if (submission.status !== "success") return json(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  const user = await resetPassword(getDb(), submission.value.token, submission.value.password);
  if (!user) return json(submission.reply({ formErrors: [EXPIRED], hideFields: ["password", "confirmPassword"] }), { status: 400 });
  // Whoever knew the old password is signed out everywhere.
  await endOtherSessions(user.id, null);
  const cookie = await startSession(user.id, request, context);
  return redirectWithToast(
    "/account",
    { kind: "success", message: "Your new password is set. Every other session of your account has been signed out." },
    { headers: { "Set-Cookie": cookie } },
  );
}

export default function ResetPasswordPage() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "reset-password",
    lastResult,
    constraint: getZodConstraint(ResetSchema),
    defaultValue: { token: data.token },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetSchema }),
  });
  if (!data.valid) {
    return (
      <section className="narrow">
        <h1>Choose a new password</h1>
        <p className="error" role="alert">{EXPIRED}</p>
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>Choose a new password</h1>
      <p>
        For <strong>{data.email}</strong>. Setting it signs your account out everywhere else.
      </p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <HoneypotField />
        <input {...getInputProps(fields.token, { type: "hidden" })} key={fields.token.key} />
        <Field meta={fields.password} label="New password" type="password" autoComplete="new-password" help={`At least ${PASSWORD_MIN} characters.`} />
        <Field meta={fields.confirmPassword} label="New password again" type="password" autoComplete="new-password" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <button type="submit" disabled={navigation.state === "submitting"}>Set new password</button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Choose a new password — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
