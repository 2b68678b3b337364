/**
 * /proposals/:id/partners — the lead's admins invite and remove partner
 * institutions; a partner institution's admins accept (naming a contact
 * expert) or decline. Outsiders get 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { idField } from "~/utils/input";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { NO_SUCH_PROPOSAL, proposalsT, requireVisibleProposal } from "~/features/proposals/proposal-route.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { msg } from "~/i18n/message";
import { Trans, useTranslation } from "react-i18next";
import { contactCandidates, invitePartner, partnerCandidates, removePartner, respondToInvitation } from "~/features/proposals/partners.server";
import { refusalResponse, statusOf } from "~/utils/result-response.server";
import { canEditAsLead, EDITABLE_STATES, type ProposalState } from "~/domain/proposal-workflow";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const id = idField(msg("proposals:validation.chooseInstitution"));
/** Invite / remove (lead's admins), accept / decline (the partner's admins). */
export const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), institutionId: id }),
  z.object({ intent: z.literal("remove"), institutionId: id }),
  z.object({ intent: z.literal("accept"), institutionId: id, contactExpertId: idField(msg("proposals:validation.chooseContact")).optional() }),
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
  const { t } = await proposalsT(request);
  return json({ p, candidates, contacts, editable: EDITABLE_STATES.includes(p.proposal.status as ProposalState), title: pageTitle(t, "page.partners") });
}

export const handle = { i18n: ["proposals"] };

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
  return redirectWithToast(`/proposals/${p.proposal.id}/partners`, { kind: "success", message: msg(`proposals:toast.${v.intent}`) });
}

export default function PartnersPage() {
  const { p, candidates, contacts, editable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("proposals");
  const country = (code: string) => t(`common:country.${code}`, { defaultValue: code });
  // An invitation's problems are shown at the invite field; the other forms' at the top.
  const inviting = (result?.initialValue as { intent?: string } | undefined)?.intent === "invite";
  const inviteErrors = inviting ? (result?.error?.institutionId ?? null) : null;
  return (
    <>
      <p>
        <Link to={`/proposals/${p.proposal.id}`}>{t("edit.back")}</Link>
      </p>
      <h1>{t("partnersPage.heading", { title: p.proposal.title })}</h1>
      <ErrorList errors={result?.error?.[""] ?? (inviting ? null : result?.error?.institutionId) ?? null} />
      <p>
        <Trans t={t} i18nKey="partnersPage.lead" values={{ name: p.lead.name, country: country(p.lead.country_code) }} components={{ bdi: <bdi /> }} />
      </p>
      <ul className="results">
        {p.partners.map((x) => (
          <li key={x.institution_id}>
            <Trans
              t={t}
              i18nKey="partnersPage.partner"
              values={{ name: x.name, country: country(x.country_code), status: t(`partnerStatus.${x.status}`) }}
              components={{ strong: <strong />, em: <em /> }}
            />
            {x.contact_name ? (
              <>
                {" · "}
                <Trans t={t} i18nKey="view.contact" values={{ name: x.contact_name }} components={{ bdi: <bdi /> }} />
              </>
            ) : null}
            {editable && p.access.partnerAdminOf.includes(x.institution_id) ? (
              <Form method="post" className="inline-form" aria-label={t("partnersPage.answerFor", { name: x.name })}>
                <input type="hidden" name="institutionId" value={x.institution_id} />
                <label htmlFor={`contact-${x.institution_id}`}>{t("partnersPage.contactExpert")}</label>{" "}
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
                  {t("partnersPage.accept")}
                </button>{" "}
                <button name="intent" value="decline" className="danger">
                  {t("partnersPage.decline")}
                </button>
              </Form>
            ) : null}
            {editable && canEditAsLead(p.access) ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="institutionId" value={x.institution_id} />
                <button name="intent" value="remove" className="small">
                  {t("partnersPage.remove")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {editable && canEditAsLead(p.access) ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="invite" />
          <label htmlFor="institutionId">{t("partnersPage.inviteLabel")}</label>{" "}
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
          <button type="submit">{t("partnersPage.invite")}</button>
          <ErrorList id="institutionId-error" errors={inviteErrors} />
        </Form>
      ) : null}
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
