/**
 * /secretariat/institutions — the secretariat's queue: institution
 * registrations waiting for verification (with likely duplicates) and requests
 * to administer an institution. Verify / reject (a reason is required) and
 * grant / refuse (reason required) are intent buttons; verifying makes the
 * registrant the institution's administrator in the same transaction as the
 * status change and its search-index entry. Each admin request shows the
 * evidence to weigh (confirmed email, its domain against the institution's
 * website, the expert profile, other requests); the requester is notified of
 * the decision in-app and by email.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { idField, text } from "~/utils/input";
import { countryName } from "~/domain/member-states";
import { decideRegistration, listPendingRegistrations } from "~/features/institutions/registration.server";
import { decideAdminRequest, listPendingAdminRequests } from "~/features/institutions/admin-request.server";
import { requireRole } from "~/features/accounts/permissions.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { linkOrigin } from "~/utils/request.server";
import { describeDomainEvidence } from "~/features/institutions/email-domain";
import { KIND_LABELS, type InstitutionKind } from "~/domain/institution-kinds";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const REASON_REQUIRED = "Give a reason: the registrant is told why.";
const id = idField("Unknown item.");
const reason = text().trim().max(1000, "At most 1,000 characters.").optional();

/** Verify / reject a registration, grant / refuse an admin request. */
export const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("verify"), institutionId: id, reason }),
  z.object({ intent: z.literal("reject"), institutionId: id, reason: text({ required_error: REASON_REQUIRED }).trim().min(3, REASON_REQUIRED).max(1000) }),
  z.object({ intent: z.literal("grant"), requestId: id, reason }),
  z.object({ intent: z.literal("refuse"), requestId: id, reason: text({ required_error: REASON_REQUIRED }).trim().min(3, REASON_REQUIRED).max(1000) }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "secretariat");
  const db = getDb();
  const [registrations, requests] = await Promise.all([listPendingRegistrations(db), listPendingAdminRequests(db)]);
  const adminRequests = requests.map((r) => ({ ...r, domainSentence: describeDomainEvidence(r.domain) }));
  return json({ registrations, adminRequests });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "secretariat");
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: formSchema });
  const target = formData.has("institutionId") ? `institution-${formData.get("institutionId")}` : `request-${formData.get("requestId")}`;
  if (submission.status !== "success") return json({ result: submission.reply(), target }, { status: 400 });
  const v = submission.value;
  const db = getDb();
  if (v.intent === "verify" || v.intent === "reject") {
    const r = await decideRegistration(db, { actorId: user.id, institutionId: v.institutionId, decision: v.intent, reason: v.reason });
    invariantResponse(r !== "not-found", "No institution has that id.", 404);
    if (r === "already-decided")
      return redirectWithToast("/secretariat/institutions", { kind: "info", message: "Someone has already decided on that registration." });
    return redirectWithToast("/secretariat/institutions", {
      kind: "success",
      message: v.intent === "verify" ? "Institution verified; its registrant now administers it." : "Registration rejected.",
    });
  }
  const r = await decideAdminRequest(db, { actorId: user.id, requestId: v.requestId, decision: v.intent, reason: v.reason }, linkOrigin(request));
  invariantResponse(r !== "not-found", "No request has that id.", 404);
  if (r === "already-decided") return redirectWithToast("/secretariat/institutions", { kind: "info", message: "Someone has already decided on that request." });
  return redirectWithToast("/secretariat/institutions", {
    kind: "success",
    message: v.intent === "grant" ? "Request granted: they now administer the institution." : "Request refused.",
  });
}

export default function SecretariatInstitutionsPage() {
  const { registrations, adminRequests } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorsFor = (key: string) => (actionData && actionData.target === key ? (actionData.result.error ?? {}) : {});
  return (
    <>
      <p className="meta">
        <Link to="/secretariat">Secretariat</Link> › Institutions
      </p>
      <h1>Institution registrations</h1>
      {registrations.length ? (
        <ol className="results">
          {registrations.map((r) => {
            const errors = errorsFor(`institution-${r.id}`);
            return (
              <li key={r.id}>
                <h2>
                  <Link to={`/institutions/${r.id}`}>{r.name}</Link>
                </h2>
                <p className="meta">
                  {KIND_LABELS[r.kind as InstitutionKind]} · {[r.city, r.countryName].filter(Boolean).join(", ")}
                  {r.website ? (
                    <>
                      {" "}
                      ·{" "}
                      <a href={r.website} rel="noopener noreferrer">
                        {r.website}
                      </a>
                    </>
                  ) : null}
                  {r.ror_id ? (
                    <>
                      {" "}
                      · ROR{" "}
                      <a href={`https://ror.org/${r.ror_id}`} rel="noopener noreferrer">
                        {r.ror_id}
                      </a>
                    </>
                  ) : null}
                  {r.parent_name ? <> · part of {r.parent_name}</> : null}
                </p>
                <p className="meta">
                  Registered by {r.registrant_name ?? "a deleted account"} {r.registrant_email ? `(${r.registrant_email})` : ""} on {r.created_at.slice(0, 10)}
                </p>
                {r.duplicates.length ? (
                  <div className="banner">
                    Possible duplicates:{" "}
                    {r.duplicates.map((d, n) => (
                      <span key={d.id}>
                        {n ? "; " : ""}
                        <Link to={`/institutions/${d.id}`}>{d.name}</Link> ({countryName(d.country)}, {d.reason}
                        {d.status !== "verified" ? `, ${d.status}` : ""})
                      </span>
                    ))}
                  </div>
                ) : null}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="institutionId" value={r.id} />
                  <label htmlFor={`reason-${r.id}`}>Reason</label>
                  <input id={`reason-${r.id}`} name="reason" size={40} placeholder="Required to reject" aria-invalid={errors.reason ? true : undefined} />
                  <button type="submit" name="intent" value="verify">
                    Verify
                  </button>
                  <button type="submit" name="intent" value="reject" className="secondary">
                    Reject
                  </button>
                </Form>
                <ErrorList errors={errors.reason ?? errors[""] ?? null} />
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="empty">No registration waits for verification.</p>
      )}

      <h2>Requests to administer an institution</h2>
      <p className="meta">
        Requests to join an institution as a member are on <Link to="/join-requests">Membership requests</Link>.
      </p>
      {adminRequests.length ? (
        <ol className="results">
          {adminRequests.map((r) => {
            const errors = errorsFor(`request-${r.id}`);
            return (
              <li key={r.id}>
                <p>
                  <strong>{r.display_name}</strong> ({r.email}) asks to administer <Link to={`/institutions/${r.institution_id}`}>{r.institution_name}</Link> (
                  {countryName(r.country_code)}), on {r.created_at.slice(0, 10)}
                </p>
                <ul className="evidence" aria-label={`Evidence for the request of ${r.display_name}`}>
                  <li>{r.email_verified_at ? `Email ${r.email} confirmed on ${r.email_verified_at.slice(0, 10)}.` : `Email ${r.email} not confirmed.`}</li>
                  <li>
                    <span className={r.domain.match === "same" || r.domain.match === "subdomain" ? "badge" : "badge warn"}>
                      {r.domain.match === "same" || r.domain.match === "subdomain"
                        ? "domain matches"
                        : r.domain.match === "no-website"
                          ? "no website"
                          : "domain differs"}
                    </span>{" "}
                    {r.domainSentence}
                  </li>
                  <li>{r.expert_id ? <Link to={`/experts/${r.expert_id}`}>Expert profile of {r.display_name}</Link> : "No expert profile."}</li>
                  <li>
                    {r.other_requests === 0
                      ? "No other requests to administer an institution."
                      : `${r.other_requests} other request${r.other_requests === 1 ? "" : "s"} to administer an institution (${r.other_pending} still pending).`}
                  </li>
                </ul>
                {r.message ? (
                  <blockquote style={{ whiteSpace: "pre-line" }} dir="auto">
                    {r.message}
                  </blockquote>
                ) : null}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="requestId" value={r.id} />
                  <label htmlFor={`req-reason-${r.id}`}>Reason</label>
                  <input id={`req-reason-${r.id}`} name="reason" size={40} placeholder="Required to refuse" aria-invalid={errors.reason ? true : undefined} />
                  <button type="submit" name="intent" value="grant">
                    Grant
                  </button>
                  <button type="submit" name="intent" value="refuse" className="secondary">
                    Refuse
                  </button>
                </Form>
                <ErrorList errors={errors.reason ?? errors[""] ?? null} />
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="empty">No request waits for a decision.</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Institution registrations — Secretariat — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
