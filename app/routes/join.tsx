/**
 * /join — create an account. Every submission that passes validation ends on
 * the same "check your inbox" page: a new address gets a verification link,
 * an address that already has an account gets a note saying so, so this page
 * does not reveal who has an account. Throttled per address and per client.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { text } from "~/utils/input";
import { registerAccount } from "~/features/accounts/account.server";
import { requireAnonymous } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { consumeRateLimit } from "~/utils/rate-limit.server";
import { clientAddress, linkOrigin } from "~/utils/request.server";
import { redirectWithToast } from "~/utils/toast.server";
import { DisplayNameSchema, EmailSchema, PASSWORD_MIN, PasswordSchema } from "~/features/accounts/user-validation";
import { retryAfterHeaders } from "~/utils/headers";
import { ErrorList, Field, HoneypotField, FORM_VALIDATION } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const formSchema = z
  .object({
    displayName: DisplayNameSchema,
    email: EmailSchema,
    password: PasswordSchema,
    confirmPassword: text({ required_error: "Type the password again" }),
  })
  .superRefine((v, ctx) => {
    if (v.password !== v.confirmPassword) {
      ctx.addIssue({ path: ["confirmPassword"], code: "custom", message: "The two passwords differ" });
    }
  });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await readFormData(request);
  checkHoneypot(formData);
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  const { email, displayName, password } = submission.value;
  await consumeRateLimit("join", { ip: clientAddress(context), account: email });
  await registerAccount(getDb(), { email, displayName, password }, linkOrigin(request));
  return redirectWithToast(`/verify-email?${new URLSearchParams({ sent: email })}`, {
    kind: "success",
    message: "Almost done: confirm your email address with the link we sent.",
  });
}

export default function JoinPage() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "join",
    lastResult,
    constraint: getZodConstraint(formSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: formSchema }),
  });
  return (
    <section className="narrow">
      <h1>Create an account</h1>
      <p className="meta">Researchers of ECO member-state universities and research centres join to find partners and take part in joint projects.</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <HoneypotField />
        <Field meta={fields.displayName} label="Your name" autoComplete="name" />
        <Field meta={fields.email} label="Email" type="email" autoComplete="email" help="We send a link to confirm it." />
        <Field meta={fields.password} label="Password" type="password" autoComplete="new-password" help={`At least ${PASSWORD_MIN} characters.`} />
        <Field meta={fields.confirmPassword} label="Password again" type="password" autoComplete="new-password" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          Create account
        </button>
      </Form>
      <p>
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Create an account — ECO ICT Research Network" }];

export const headers = retryAfterHeaders;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
