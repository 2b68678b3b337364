/**
 * /proposals/:id/edit — the lead institution's admins edit a draft (or a
 * proposal sent back for revision): fields, topics, and the team (experts of
 * the lead and partner institutions with role PI / co-PI / researcher).
 * Saving checks the version the form was loaded with: a concurrent change is
 * reported and the user's input stays in the form.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { ProposalDraftSchema, versionField } from "~/features/proposals/proposal-schema";
import { idField } from "~/utils/input";
import { topicOptions } from "~/features/topics/topics.server";
import { proposalsT, requireVisibleProposal } from "~/features/proposals/proposal-route.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { LEAD_ONLY_MESSAGE, notEditableMessage } from "~/features/proposals/messages";
import { msg } from "~/i18n/message";
import { useTranslation } from "react-i18next";
import { listOpenCalls } from "~/features/calls/call.server";
import { updateDraft } from "~/features/proposals/drafts.server";
import { setTeamMember, teamCandidates } from "~/features/proposals/team.server";
import { refusalResponse, statusOf } from "~/utils/result-response.server";
import { canEditAsLead, EDITABLE_STATES, type ProposalState } from "~/domain/proposal-workflow";
import { ProposalFormFields } from "~/components/proposal-form";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const TeamSchema = z.object({
  intent: z.literal("team"),
  expertId: idField(msg("proposals:validation.chooseExpert")),
  role: z.enum(["pi", "co_pi", "researcher", "remove"], { message: msg("proposals:validation.chooseRole") }),
});

const SaveSchema = ProposalDraftSchema.and(z.object({ intent: z.literal("save"), version: versionField }));
/** The draft form (`intent=save`) and the team form (`intent=team`). */
export const formSchema = z.union([SaveSchema, TeamSchema]);

async function requireEditable(request: Request, id: string | undefined) {
  const { user, p } = await requireVisibleProposal(request, id);
  if (!canEditAsLead(p.access)) throw refusalResponse({ kind: "forbidden", message: LEAD_ONLY_MESSAGE });
  if (!EDITABLE_STATES.includes(p.proposal.status as ProposalState)) throw refusalResponse({ kind: "invalid", message: notEditableMessage(p.proposal.status) });
  return { user, p };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { p } = await requireEditable(request, params.id);
  const institutionIds = [p.lead.id, ...p.partners.filter((x) => x.status !== "declined").map((x) => x.institution_id)];
  const experts = await teamCandidates(getDb(), institutionIds);
  const { t } = await proposalsT(request);
  return json({ p, experts, calls: await listOpenCalls(getDb()), topics: await topicOptions(getDb()), title: pageTitle(t, "page.edit") });
}

export const handle = { i18n: ["proposals"] };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, p } = await requireEditable(request, params.id);
  const formData = await readFormData(request);
  if (formData.get("intent") === "team") {
    const submission = parseWithZod(formData, { schema: TeamSchema });
    if (submission.status !== "success") return json({ form: "team" as const, result: submission.reply() }, { status: 400 });
    const { expertId, role } = submission.value;
    const r = await setTeamMember(getDb(), p.proposal.id, user.id, expertId, role === "remove" ? null : role);
    if (!r.ok) return json({ form: "team" as const, result: submission.reply({ formErrors: [r.message] }) }, { status: statusOf(r.kind) });
    return redirectWithToast(`/proposals/${p.proposal.id}/edit`, { kind: "success", message: msg("proposals:toast.teamUpdated") });
  }
  const submission = parseWithZod(formData, { schema: SaveSchema });
  if (submission.status !== "success") return json({ form: "draft" as const, result: submission.reply() }, { status: 400 });
  const { version, intent: _i, ...draft } = submission.value;
  const r = await updateDraft(getDb(), p.proposal.id, user.id, version, draft);
  if (!r.ok) return json({ form: "draft" as const, result: submission.reply({ formErrors: [r.message] }) }, { status: statusOf(r.kind) });
  return redirectWithToast(`/proposals/${p.proposal.id}`, { kind: "success", message: msg("proposals:toast.draftSaved") });
}

export default function EditProposalPage() {
  const { p, experts, calls, topics } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("proposals");
  const x = p.proposal;
  return (
    <>
      <p>
        <Link to={`/proposals/${x.id}`}>{t("edit.back")}</Link>
      </p>
      <h1>{t("edit.heading", { title: x.title })}</h1>
      <ProposalFormFields
        lastResult={actionData?.form === "draft" ? actionData.result : undefined}
        institutions={null}
        calls={
          p.call && !calls.some((c) => c.id === p.call!.id)
            ? [...calls, { id: p.call.id, title: p.call.title, deadline: p.call.deadline, deadline_zone: p.call.deadline_zone }]
            : calls
        }
        topics={topics}
        submitLabel={t("form.save")}
        defaults={{
          callId: x.call_id ? String(x.call_id) : "",
          title: x.title,
          acronym: x.acronym ?? "",
          abstract: x.abstract,
          objectives: x.objectives,
          topicIds: p.topics.map((t) => t.id),
          durationMonths: x.duration_months ? String(x.duration_months) : "",
          budgetAmount: x.budget_amount ?? "",
          budgetCurrency: x.budget_currency ?? "",
          version: String(x.version),
        }}
      />
      <section className="card stack">
        <h2>{t("view.team")}</h2>
        <ul>
          {p.team.map((m) => (
            <li key={m.expert_id}>
              <bdi>{m.full_name}</bdi> — {t(`teamRole.${m.role}`)}
            </li>
          ))}
        </ul>
        <Form method="post" aria-label={t("edit.teamMember")}>
          <input type="hidden" name="intent" value="team" />
          <ErrorList errors={actionData?.form === "team" ? (actionData.result.error?.[""] ?? actionData.result.error?.expertId ?? null) : null} />
          <label htmlFor="expertId">{t("edit.expert")}</label>{" "}
          <select id="expertId" name="expertId">
            {experts.map((e) => (
              <option key={e.id} value={e.id}>
                {e.full_name} — {e.institution_name}
              </option>
            ))}
          </select>{" "}
          <label htmlFor="role">{t("edit.role")}</label>{" "}
          <select id="role" name="role" defaultValue="researcher">
            <option value="pi">{t("teamRole.pi")}</option>
            <option value="co_pi">{t("teamRole.co_pi")}</option>
            <option value="researcher">{t("teamRole.researcher")}</option>
            <option value="remove">{t("edit.remove")}</option>
          </select>{" "}
          <button type="submit">{t("edit.set")}</button>
        </Form>
      </section>
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
