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
import { text } from "~/utils/input";
import { resetPassword } from "~/features/accounts/account.server";
import { peekEmailToken } from "~/features/accounts/email-token.server";
import { restartSessions } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { redirectWithToast } from "~/utils/toast.server";
import { PASSWORD_MIN, PasswordSchema } from "~/features/accounts/user-validation";
import { ErrorList, Field, HoneypotField, QueryIssues, FORM_VALIDATION } from "~/components/forms";
import { parseSearchParams } from "~/utils/search-params";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const formSchema = z
  .object({
    token: text({ required_error: "The link is incomplete" }).max(100),
    password: PasswordSchema,
    confirmPassword: text({ required_error: "Type the password again" }),
  })
  .superRefine((v, ctx) => {
    if (v.password !== v.confirmPassword) ctx.addIssue({ path: ["confirmPassword"], code: "custom", message: "The two passwords differ" });
  });

const EXPIRED = "This link has expired or has already been used.";

/** GET `?token=`: the emailed link. */
export const querySchema = z.object({ token: text().default("") });

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseSearchParams(querySchema, new URL(request.url).searchParams, []);
  // A damaged link (e.g. U+0000 in it): named on the page, which offers to ask for a new one.
  if (!parsed.ok) return json({ valid: false as const, token: "", email: null, issues: parsed.issues }, { status: 400 });
  const { token } = parsed.value;
  const issues: Array<{ param: string; message: string }> = [];
  const owner = token ? await peekEmailToken(getDb(), token, "reset") : null;
  if (!owner) return json({ valid: false as const, token: "", email: null, issues }, { status: token ? 410 : 200 });
  return json({ valid: true as const, token, email: owner.email, issues });
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
    constraint: getZodConstraint(formSchema),
    defaultValue: { token: data.token },
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: formSchema }),
  });
  if (!data.valid) {
    return (
      <section className="narrow">
        <h1>Choose a new password</h1>
        <QueryIssues issues={data.issues} />
        <p className="error" role="alert">
          {EXPIRED}
        </p>
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
        <button type="submit" disabled={navigation.state === "submitting"}>
          Set new password
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Choose a new password — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
