/**
 * /calls/:id — one call: kind, dates with their time zone and UTC offset,
 * topics, eligibility, funding. Draft calls exist only for their
 * institution's admins (404 for everyone else, on GET and POST alike). Those
 * admins open, close or cancel the call here (intent buttons). "Suggested partners": institutions
 * and experts having the call's topics first, then those matching its text or
 * related topics (posting institution and the viewer's own profile and
 * institutions left out), and a suggested consortium for its min_countries.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { getUser } from "~/features/accounts/auth.server";
import { requireInstitutionAdmin } from "~/features/accounts/permissions.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { requireIdParam } from "~/utils/input";
import { redirectWithToast } from "~/utils/toast.server";
import { type CallStatus } from "~/features/calls/call-schema";
import { CALL_KIND_LABELS, type CallKind } from "~/domain/call-kinds";
import { formatInZone } from "~/i18n/dates";
import { getCallForViewer, setCallStatus } from "~/features/calls/call.server";
import { suggestionsForCall } from "~/features/matching/suggestions.server";
import { SuggestedPartners } from "~/components/suggested-partners";
import { countryName } from "~/domain/member-states";
import { GeneralErrorBoundary } from "~/components/error-boundary";

/** The status buttons' form. */
export const formSchema = z.object({ intent: z.enum(["open", "close", "cancel"], { message: "Choose open, close or cancel." }) });
const NEXT: Record<string, { to: CallStatus; from: CallStatus[] }> = {
  open: { to: "open", from: ["draft", "closed"] },
  close: { to: "closed", from: ["open"] },
  cancel: { to: "cancelled", from: ["draft", "open", "closed"] },
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const found = await getCallForViewer(getDb(), requireIdParam(params.id, "No such call."), user?.id);
  invariantResponse(found, "No such call.", 404);
  const { call, manages } = found;
  const now = new Date();
  const suggestions = await suggestionsForCall(getDb(), call, { askingUserId: user?.id ?? null });
  return json({ call, manages, signedIn: Boolean(user), deadlinePassed: now > call.deadline, suggestions });
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Visibility first, as in the loader: a draft answers 404 to outsiders whatever the method.
  const found = await getCallForViewer(getDb(), requireIdParam(params.id, "No such call."), (await getUser(request))?.id);
  invariantResponse(found, "No such call.", 404);
  const { call } = found;
  await requireInstitutionAdmin(request, call.institution_id);
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const next = NEXT[submission.value.intent];
  invariantResponse(next.from.includes(call.status as CallStatus), `A ${call.status} call cannot be ${next.to === "open" ? "opened" : next.to}.`, 400);
  await setCallStatus(getDb(), call.id, next.to);
  return redirectWithToast(`/calls/${call.id}`, { kind: "success", message: `The call is ${next.to}.` });
}

export default function CallPage() {
  const { call, manages, signedIn, deadlinePassed, suggestions } = useLoaderData<typeof loader>();
  const shownStatus = call.status === "open" && deadlinePassed ? "closed" : call.status;
  return (
    <article>
      <p className="meta">
        {/* An open call past its deadline reads as closed, as in /calls (judged when the page is read). */}
        {CALL_KIND_LABELS[call.kind as CallKind]} · <span className={`badge status-${shownStatus}`}>{shownStatus}</span>
        {call.is_demo ? <span className="badge">demo</span> : null}
      </p>
      <h1>{call.title}</h1>
      <p className="meta">
        Posted by <Link to={`/institutions/${call.institution_id}`}>{call.institution_name}</Link>, {countryName(call.country_code)}
      </p>
      <dl className="facts card">
        {call.opens_at ? (
          <>
            <dt>Opens</dt>
            <dd>{formatInZone(call.opens_at, call.deadline_zone)}</dd>
          </>
        ) : null}
        <dt>Deadline</dt>
        <dd>
          <time dateTime={call.deadline}>{formatInZone(call.deadline, call.deadline_zone)}</time>
          {call.deadline_zone !== "UTC" ? <span className="meta"> = {formatInZone(call.deadline, "UTC")}</span> : null}
          {deadlinePassed ? <strong> — passed</strong> : null}
        </dd>
        <dt>Eligible member states</dt>
        <dd>{call.eligible_countries.length ? call.eligible_countries.map(countryName).join(", ") : "All ten ECO member states"}</dd>
        <dt>Consortium</dt>
        <dd>
          at least {call.min_partners} partner institution{call.min_partners === 1 ? "" : "s"} besides the lead, from at least {call.min_countries} member
          states
        </dd>
        {call.funding_note ? (
          <>
            <dt>Funding</dt>
            <dd>{call.funding_note}</dd>
          </>
        ) : null}
      </dl>
      {call.summary ? <p className="lead">{call.summary}</p> : null}
      {call.body ? (
        <div className="prose" style={{ whiteSpace: "pre-wrap" }}>
          {call.body}
        </div>
      ) : null}
      {call.topics.length ? (
        <p className="topics">
          {call.topics.map((t) => (
            <span key={t.id} className="tag">
              {t.name}
            </span>
          ))}
        </p>
      ) : null}
      {call.status === "open" && !deadlinePassed ? (
        <p>
          <Link className="button" to={`/proposals/new?call=${call.id}`}>
            {signedIn ? "Draft a proposal answering this call" : "Sign in to draft a proposal"}
          </Link>
        </p>
      ) : null}
      <section aria-labelledby="suggested-h">
        <h2 id="suggested-h">Suggested partners</h2>
        <SuggestedPartners suggested={suggestions ? suggestions.partners : null} />
        {suggestions?.experts.length ? (
          <>
            <h3>Experts working on the call's topics</h3>
            <SuggestedPartners suggested={suggestions.experts} />
          </>
        ) : null}
        {suggestions ? (
          <p data-testid="suggested-consortium">
            <strong>Suggested consortium:</strong>{" "}
            {suggestions.consortium ? (
              <>
                {suggestions.consortium.members.length ? (
                  <>
                    {suggestions.consortium.members.map((m, i) => (
                      <span key={m.institution.id}>
                        {i ? ", " : ""}
                        <Link to={`/institutions/${m.institution.id}`}>{m.institution.name}</Link> ({m.country.name})
                      </span>
                    ))}
                    .{" "}
                  </>
                ) : null}
                {suggestions.consortium.note}
              </>
            ) : (
              "this call names no topics, so no consortium can be suggested."
            )}
          </p>
        ) : null}
      </section>
      {manages ? (
        <Form method="post" className="card actions">
          <Link to={`/calls/${call.id}/edit`}>Edit</Link>{" "}
          {NEXT.open.from.includes(call.status as CallStatus) ? (
            <button name="intent" value="open">
              Open for proposals
            </button>
          ) : null}{" "}
          {NEXT.close.from.includes(call.status as CallStatus) ? (
            <button name="intent" value="close">
              Close
            </button>
          ) : null}{" "}
          {NEXT.cancel.from.includes(call.status as CallStatus) ? (
            <button name="intent" value="cancel" className="danger">
              Cancel call
            </button>
          ) : null}
        </Form>
      ) : null}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.call.title ?? "Call"} — ECO ICT Research Network` }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
