/**
 * /join-requests — membership requests (issue 14, item 3). Every signed-in
 * user sees their own requests and their outcome; an institution's admins see
 * the pending requests to join it, the secretariat sees all of them, and
 * either grants (the requester becomes a member, audited) or refuses (a
 * reason is required: the requester is told why). The requester is notified
 * in-app and by email. Deciding a request one may not decide answers 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { requireUser } from "~/features/accounts/auth.server";
import { hasRole } from "~/features/accounts/permissions.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { idField, text } from "~/utils/input";
import { linkOrigin } from "~/utils/request.server";
import { redirectWithToast } from "~/utils/toast.server";
import { decideJoinRequest, listDecidableJoinRequests, listOwnJoinRequests } from "~/features/institutions/join-request.server";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const REASON_REQUIRED = "Give a reason: the requester is told why.";
const requestId = idField("Unknown request.");

/** Grant / refuse a pending request (refusing needs a reason). */
export const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("grant"), requestId, reason: text().trim().max(1000, "At most 1,000 characters.").optional() }),
  z.object({
    intent: z.literal("refuse"),
    requestId,
    reason: text({ required_error: REASON_REQUIRED }).trim().min(3, REASON_REQUIRED).max(1000, "At most 1,000 characters."),
  }),
]);

const STATUS_TEXT: Record<string, string> = { pending: "waiting for a decision", granted: "granted: you are a member", refused: "refused" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const [own, decidable] = await Promise.all([
    listOwnJoinRequests(db, user.id),
    listDecidableJoinRequests(db, { id: user.id, secretariat: hasRole(user, "secretariat") }),
  ]);
  return json({ own, decidable, secretariat: hasRole(user, "secretariat") });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: formSchema });
  const target = String(formData.get("requestId") ?? "");
  if (submission.status !== "success") return json({ result: submission.reply(), target }, { status: 400 });
  const v = submission.value;
  const r = await decideJoinRequest(
    getDb(),
    { actorId: user.id, actorIsSecretariat: hasRole(user, "secretariat"), requestId: v.requestId, decision: v.intent, reason: v.reason },
    linkOrigin(request),
  );
  invariantResponse(r !== "not-found", "No request has that id.", 404);
  if (r === "already-decided") return redirectWithToast("/join-requests", { kind: "info", message: "Someone has already decided on that request." });
  return redirectWithToast("/join-requests", {
    kind: "success",
    message: v.intent === "grant" ? "Request granted: they are now a member and can draft proposals." : "Request refused; they are told why.",
  });
}

export default function JoinRequestsPage() {
  const { own, decidable, secretariat } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorsFor = (id: number) => (actionData && actionData.target === String(id) ? (actionData.result.error ?? {}) : {});
  return (
    <>
      <h1>Membership requests</h1>
      {decidable.length || secretariat ? (
        <section aria-labelledby="decide-h">
          <h2 id="decide-h">{secretariat ? "Requests to join an institution" : "Requests to join your institutions"}</h2>
          {decidable.length ? (
            <ol className="results">
              {decidable.map((r) => {
                const errors = errorsFor(r.id);
                return (
                  <li key={r.id}>
                    <p>
                      <strong>{r.display_name}</strong> ({r.email}, {r.email_verified_at ? "confirmed" : "not confirmed"}) asks to join{" "}
                      <Link to={`/institutions/${r.institution_id}`}>{r.institution_name}</Link>, on {r.created_at.slice(0, 10)}
                      {r.expert_id ? (
                        <>
                          {" "}
                          · <Link to={`/experts/${r.expert_id}`}>expert profile</Link>
                        </>
                      ) : (
                        " · no expert profile"
                      )}
                    </p>
                    {r.message ? (
                      <blockquote style={{ whiteSpace: "pre-line" }} dir="auto">
                        {r.message}
                      </blockquote>
                    ) : null}
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="requestId" value={r.id} />
                      <label htmlFor={`join-reason-${r.id}`}>Reason</label>
                      <input
                        id={`join-reason-${r.id}`}
                        name="reason"
                        size={40}
                        placeholder="Required to refuse"
                        maxLength={1000}
                        aria-invalid={errors.reason ? true : undefined}
                        aria-describedby={errors.reason ? `join-reason-${r.id}-error` : undefined}
                      />
                      <button type="submit" name="intent" value="grant" aria-label={`Grant ${r.display_name}'s request to join ${r.institution_name}`}>
                        Grant
                      </button>
                      <button
                        type="submit"
                        name="intent"
                        value="refuse"
                        className="secondary"
                        aria-label={`Refuse ${r.display_name}'s request to join ${r.institution_name}`}
                      >
                        Refuse
                      </button>
                    </Form>
                    <ErrorList id={`join-reason-${r.id}-error`} errors={errors.reason ?? errors[""] ?? null} />
                  </li>
                );
              })}
            </ol>
          ) : (
            <p className="empty">No request waits for a decision.</p>
          )}
        </section>
      ) : null}
      <section aria-labelledby="own-h">
        <h2 id="own-h">Your requests</h2>
        {own.length ? (
          <ul className="plain">
            {own.map((r) => (
              <li key={r.id}>
                <Link to={`/institutions/${r.institution_id}`}>{r.institution_name}</Link>: {STATUS_TEXT[r.status] ?? r.status}
                {r.reason ? <> — “{r.reason}”</> : null} <span className="meta">({(r.decided_at ?? r.created_at).slice(0, 10)})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">You have not asked to join an institution.</p>
        )}
        <p>
          <Link to="/join-requests/new">Ask to join your institution</Link> · <Link to="/institutions/new">Register an institution</Link>
        </p>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Membership requests — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
