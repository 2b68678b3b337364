/**
 * /accept-invitation?token=… — accept an emailed invitation to join an
 * institution (sent from /institutions/:id/edit). GET only shows the
 * invitation (to whoever holds the link: its addressee); the POST, by the
 * signed-in account whose email is the invited address, uses the link up and
 * makes the account a member or administrator. Anonymous visitors are asked
 * to sign in with that address, or to create an account with it first.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { acceptInvitation, peekInvitation } from "~/features/institutions/institution-admin.server";
import { getUser, requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { loginPath } from "~/utils/redirect";
import { redirectWithToast } from "~/utils/toast.server";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { text } from "~/utils/input";

const AcceptSchema = z.object({ intent: z.literal("accept"), token: text({ required_error: "The link is incomplete." }).max(100) });

const EXPIRED = "This invitation has expired, has been used, or was replaced by a newer one. Ask the institution's administrator to invite you again.";

function roleName(role: string): string {
  return role === "admin" ? "an administrator" : "a member";
}

/** The query (the emailed link's token) and the form this route reads. */
export const querySchema = z.object({ token: text().optional() });
export const formSchema = AcceptSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const token = url.searchParams.get("token") ?? "";
  if (!token) return json({ mode: "none" as const });
  const invitation = await peekInvitation(getDb(), token);
  if (!invitation) return json({ mode: "expired" as const }, { status: 410 });
  const user = await getUser(request);
  return json({
    mode: "invitation" as const,
    token,
    email: invitation.email,
    role: invitation.role,
    institution: { id: invitation.institutionId, name: invitation.institutionName },
    signedInAs: user?.email ?? null,
    login: loginPath(url),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: AcceptSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const r = await acceptInvitation(getDb(), { token: submission.value.token, user });
  if (!r.ok) {
    const message = r.reason === "wrong-account" ? "This invitation is for another email address: sign in with that address to accept it." : EXPIRED;
    return json(submission.reply({ formErrors: [message] }), { status: r.reason === "wrong-account" ? 403 : 400 });
  }
  return redirectWithToast(`/institutions/${r.institutionId}`, {
    kind: "success",
    message: r.changed ? `You are now ${roleName(r.role)} of ${r.institutionName}.` : `You already belong to ${r.institutionName}.`,
  });
}

export default function AcceptInvitationPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>Invitation to an institution</h1>
      {data.mode === "none" ? (
        <p>Open the link in your invitation email to see the invitation.</p>
      ) : data.mode === "expired" ? (
        <p className="error" role="alert">
          {EXPIRED}
        </p>
      ) : (
        <>
          <p>
            <strong>{data.email}</strong> is invited to join <Link to={`/institutions/${data.institution.id}`}>{data.institution.name}</Link> as{" "}
            {roleName(data.role)}.
          </p>
          {data.signedInAs === data.email ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="token" value={data.token} />
              <ErrorList errors={result?.error?.[""] ?? null} />
              <button type="submit">Join {data.institution.name}</button>
            </Form>
          ) : data.signedInAs ? (
            <p>
              You are signed in as {data.signedInAs}. Sign out, then sign in with {data.email} to accept.
            </p>
          ) : (
            <>
              <p>
                <Link to={data.login}>Sign in with {data.email}</Link> to accept.
              </p>
              <p className="meta">
                No account with this address yet? <Link to="/join">Create one</Link> with {data.email}, confirm it, then open the link in your invitation email
                again.
              </p>
            </>
          )}
        </>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Invitation — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
