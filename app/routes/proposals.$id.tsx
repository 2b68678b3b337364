/**
 * /proposals/:id — a proposal for its consortium (lead and partner admins,
 * team members) and the secretariat; 404 for everyone else, whatever the
 * state. Workflow buttons post an `intent`; the server re-checks everything.
 * While editable, the lead's admins also see "Suggested partners", each with
 * a one-step Invite form posted to /proposals/:id/partners.
 */
import { TransitionSchema } from "~/features/proposals/proposal-schema";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { handleTransition, proposalPageData, proposalsT } from "~/features/proposals/proposal-route.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { suggestionsForProposal } from "~/features/matching/suggestions.server";
import { canEditAsLead, EDITABLE_STATES, type ProposalState } from "~/domain/proposal-workflow";
import { getDb } from "~/utils/db.server";
import { ProposalView } from "~/components/proposal-view";
import { SuggestedPartners } from "~/components/suggested-partners";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useTranslation } from "react-i18next";

/** The workflow buttons (intent, version, comment). */
export const formSchema = TransitionSchema;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const d = await proposalPageData(request, params.id);
  const suggests = canEditAsLead(d.access) && EDITABLE_STATES.includes(d.proposal.status as ProposalState);
  // undefined: not offered to this viewer; null: search unavailable.
  const suggested = suggests ? await suggestionsForProposal(getDb(), d, { askingUserId: d.user.id }) : undefined;
  const { t } = await proposalsT(request);
  return json({ ...d, suggested, title: pageTitle(t, "page.proposalTitle", { title: d.proposal.title }) });
}

/** The suggested-partners list is the matching area's component (namespace `matching`). */
export const handle = { i18n: ["proposals", "matching"] };

export async function action({ request, params }: ActionFunctionArgs) {
  return handleTransition(request, params.id, (id) => `/proposals/${id}`);
}

export default function ProposalPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("proposals");
  return (
    <>
      <ProposalView d={d} actionData={actionData as any} />
      {d.suggested !== undefined ? (
        <section aria-labelledby="suggested-h">
          <h2 id="suggested-h">{t("view.suggested")}</h2>
          <SuggestedPartners suggested={d.suggested} invite={{ proposalId: d.proposal.id }} />
        </section>
      ) : null}
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
