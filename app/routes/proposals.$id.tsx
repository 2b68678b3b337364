/**
 * /proposals/:id — a proposal for its consortium (lead and partner admins,
 * team members) and the secretariat; 404 for everyone else, whatever the
 * state. Workflow buttons post an `intent`; the server re-checks everything.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { handleTransition, proposalPageData } from "~/utils/proposal-route.server";
import { ProposalView } from "~/components/proposal-view";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return json(await proposalPageData(request, params.id));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleTransition(request, params.id, (id) => `/proposals/${id}`);
}

export default function ProposalPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return <ProposalView d={d} actionData={actionData as any} />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.proposal.title ?? "Proposal"} — ECO ICT Research Network` }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
