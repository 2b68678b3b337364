/**
 * /secretariat/proposals/:id — the secretariat's view of one proposal: the
 * consortium, eligibility summary, history and the decision form.
 */
import { TransitionSchema } from "~/features/proposals/proposal-schema";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/features/accounts/permissions.server";
import { handleTransition, proposalPageData } from "~/features/proposals/proposal-route.server";
import { ProposalView } from "~/components/proposal-view";
import { GeneralErrorBoundary } from "~/components/error-boundary";

/** The decision form (intent, version, comment). */
export const formSchema = TransitionSchema;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "secretariat");
  return json(await proposalPageData(request, params.id));
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireRole(request, "secretariat");
  return handleTransition(request, params.id, (id) => `/secretariat/proposals/${id}`);
}

export default function SecretariatProposalPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/secretariat/proposals">← Proposal queue</Link>
      </p>
      <ProposalView d={d} actionData={actionData as any} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Review: ${data?.proposal.title ?? "Proposal"} — ECO ICT Research Network` }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
