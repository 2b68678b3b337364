/**
 * /secretariat/proposals/:id — the secretariat's view of one proposal: the
 * consortium, eligibility summary, history and the decision form.
 */
import { TransitionSchema } from "~/features/proposals/proposal-schema";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/features/accounts/permissions.server";
import { handleTransition, proposalPageData, proposalsT } from "~/features/proposals/proposal-route.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { useTranslation } from "react-i18next";
import { ProposalView } from "~/components/proposal-view";
import { GeneralErrorBoundary } from "~/components/error-boundary";

/** The decision form (intent, version, comment). */
export const formSchema = TransitionSchema;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "secretariat");
  const d = await proposalPageData(request, params.id);
  const { t } = await proposalsT(request);
  return json({ ...d, title: pageTitle(t, "page.reviewTitle", { title: d.proposal.title }) });
}

export const handle = { i18n: ["proposals"] };

export async function action({ request, params }: ActionFunctionArgs) {
  await requireRole(request, "secretariat");
  return handleTransition(request, params.id, (id) => `/secretariat/proposals/${id}`);
}

export default function SecretariatProposalPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("proposals");
  return (
    <>
      <p>
        <Link to="/secretariat/proposals">{t("queue.back")}</Link>
      </p>
      <ProposalView d={d} actionData={actionData as any} />
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
