/**
 * /proposals/:id/partners — the lead's admins invite and remove partner
 * institutions; a partner institution's admins accept (naming a contact
 * expert) or decline. Outsiders get 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { idField } from "~/utils/input";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { NO_SUCH_PROPOSAL, requireVisibleProposal } from "~/features/proposals/proposal-route.server";
import { contactCandidates, invitePartner, partnerCandidates, removePartner, respondToInvitation } from "~/features/proposals/partners.server";
import { refusalResponse, statusOf } from "~/utils/result-response.server";
import { canEditAsLead, EDITABLE_STATES, type ProposalState } from "~/domain/proposal-workflow";
import { countryName } from "~/domain/member-states";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const id = idField("Choose an institution.");
/** Invite / remove (lead's admins), accept / decline (the partner's admins). */
export const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), institutionId: id }),
  z.object({ intent: z.literal("remove"), institutionId: id }),
  z.object({ intent: z.literal("accept"), institutionId: id, contactExpertId: idField("Choose a contact expert from the list.").optional() }),
  z.object({ intent: z.literal("decline"), institutionId: id }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { p } = await requireVisibleProposal(request, params.id);
  const db = getDb();
  const taken = [p.lead.id, ...p.partners.map((x) => x.institution_id)];
  const [candidates, contacts] = await Promise.all([
    canEditAsLead(p.access) ? partnerCandidates(db, taken) : Promise.resolve([]),
    p.access.partnerAdminOf.length ? contactCandidates(db, p.access.partnerAdminOf) : Promise.resolve([]),
  ]);
  return json({ p, candidates, contacts, editable: EDITABLE_STATES.includes(p.proposal.status as ProposalState) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, p } = await requireVisibleProposal(request, params.id);
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const v = submission.value;
  const db = getDb();
  const origin = new URL(request.url).origin;
  const r =
    v.intent === "invite"
      ? await invitePartner(db, p.proposal.id, user.id, v.institutionId, origin)
      : v.intent === "remove"
        ? await removePartner(db, p.proposal.id, user.id, v.institutionId)
        : await respondToInvitation(db, {
            proposalId: p.proposal.id,
            userId: user.id,
            institutionId: v.institutionId,
            accept: v.intent === "accept",
            contactExpertId: v.intent === "accept" ? v.contactExpertId : null,
          });
  if (!r.ok) {
    if (r.kind === "not_found") throw refusalResponse(NO_SUCH_PROPOSAL);
    const reply = r.field ? submission.reply({ fieldErrors: { [r.field]: [r.message] } }) : submission.reply({ formErrors: [r.message] });
    return json(reply, { status: statusOf(r.kind) });
  }
  const message = { invite: "Invitation sent.", remove: "Partner removed.", accept: "Invitation accepted.", decline: "Invitation declined." }[v.intent];
  return redirectWithToast(`/proposals/${p.proposal.id}/partners`, { kind: "success", message });
}

export default function PartnersPage() {
  const { p, candidates, contacts, editable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // An invitation's problems are shown at the invite field; the other forms' at the top.
  const inviting = (result?.initialValue as { intent?: string } | undefined)?.intent === "invite";
  const inviteErrors = inviting ? (result?.error?.institutionId ?? null) : null;
  return (
    <>
      <p>
        <Link to={`/proposals/${p.proposal.id}`}>← Back to the proposal</Link>
      </p>
      <h1>Partners of “{p.proposal.title}”</h1>
      <ErrorList errors={result?.error?.[""] ?? (inviting ? null : result?.error?.institutionId) ?? null} />
      <p>
        Lead: {p.lead.name}, {countryName(p.lead.country_code)}
      </p>
      <ul className="results">
        {p.partners.map((x) => (
          <li key={x.institution_id}>
            <strong>{x.name}</strong>, {countryName(x.country_code)} — <em>{x.status}</em>
            {x.contact_name ? ` · contact ${x.contact_name}` : ""}
            {editable && p.access.partnerAdminOf.includes(x.institution_id) ? (
              <Form method="post" className="inline-form" aria-label={`Answer for ${x.name}`}>
                <input type="hidden" name="institutionId" value={x.institution_id} />
                <label htmlFor={`contact-${x.institution_id}`}>Contact expert</label>{" "}
                <select id={`contact-${x.institution_id}`} name="contactExpertId">
                  <option value="">—</option>
                  {contacts
                    .filter((c) => c.institution_id === x.institution_id)
                    .map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.full_name}
                      </option>
                    ))}
                </select>{" "}
                <button name="intent" value="accept">
                  Accept
                </button>{" "}
                <button name="intent" value="decline" className="danger">
                  Decline
                </button>
              </Form>
            ) : null}
            {editable && canEditAsLead(p.access) ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="institutionId" value={x.institution_id} />
                <button name="intent" value="remove" className="small">
                  Remove
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {editable && canEditAsLead(p.access) ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="invite" />
          <label htmlFor="institutionId">Invite a verified institution</label>{" "}
          <select
            id="institutionId"
            name="institutionId"
            aria-invalid={inviteErrors ? true : undefined}
            aria-describedby={inviteErrors ? "institutionId-error" : undefined}
          >
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.country_code} — {c.name}
              </option>
            ))}
          </select>{" "}
          <button type="submit">Invite</button>
          <ErrorList id="institutionId-error" errors={inviteErrors} />
        </Form>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Partners — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
