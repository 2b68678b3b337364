/**
 * Shared loader/action steps of the proposal pages: load a proposal the
 * signed-in viewer may see (404 otherwise: existence never leaks) and run a
 * workflow intent through applyTransition, mapping its result kind to a
 * response through the one map (app/utils/result-response.server.ts).
 */
import { json } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod";
import { requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { requireIdParam } from "~/utils/input";
import { redirectWithToast } from "~/utils/toast.server";
import { TransitionSchema, ACTION_LABELS } from "~/features/proposals/proposal-schema";
import { refusalResponse, statusOf } from "~/utils/result-response.server";
import { workflowActorOf } from "~/features/proposals/access.server";
import { getProposalForViewer } from "~/features/proposals/details.server";
import { applyTransition, eligibilityInputOf } from "~/features/proposals/transitions.server";
import type { ProposalPageData } from "~/features/proposals/types";
import { CONFIRMED_ACTIONS, availableActions, checkEligibility, type ProposalState } from "~/domain/proposal-workflow";

/** The answer to a proposal that is missing or that the viewer may not see (the same: existence never leaks). */
export const NO_SUCH_PROPOSAL = { kind: "not_found", message: "No such proposal." } as const;

/**
 * The proposal `idParam` as the signed-in viewer may see it.
 * @throws 302 to /login when anonymous; 404 when missing or not visible to this user
 */
export async function requireVisibleProposal(request: Request, idParam: string | undefined) {
  const user = await requireUser(request);
  const p = await getProposalForViewer(getDb(), requireIdParam(idParam, "No such proposal."), user.id);
  if (!p) throw refusalResponse(NO_SUCH_PROPOSAL);
  return { user, p };
}

/** What the proposal page shows: details, buttons for the viewer's actions and the current eligibility problems. */
export async function proposalPageData(request: Request, idParam: string | undefined): Promise<ProposalPageData> {
  const { user, p } = await requireVisibleProposal(request, idParam);
  const state = p.proposal.status as ProposalState;
  const actions = [
    ...new Set([
      ...availableActions(state, p.access.leadAdmin ? "lead_admin" : "other"),
      ...availableActions(state, p.access.secretariat ? "secretariat" : "other"),
    ]),
  ];
  const problems =
    state === "draft" || state === "revision_requested" || state === "submitted" || state === "under_review"
      ? checkEligibility(await eligibilityInputOf(getDb(), p.proposal.id), new Date())
      : [];
  return { user: { id: user.id }, ...p, actions, problems, actor: workflowActorOf(p.access) };
}

/**
 * Runs the workflow intent posted to a proposal page; redirects to `back` on success.
 * A final decision (CONFIRMED_ACTIONS) posted without `confirm=yes` changes nothing: when every
 * check passes it answers 200 with `confirm` ({ intent, version, comment, to }) for the page's
 * confirmation form; a failing check answers as the real decision would (400/403/409).
 */
export async function handleTransition(request: Request, idParam: string | undefined, back: (id: number) => string) {
  const { user, p } = await requireVisibleProposal(request, idParam);
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: TransitionSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), problems: [] as string[] }, { status: 400 });
  const { intent, version, comment, confirm } = submission.value;
  // A final decision without confirm=yes only runs the checks; the page then shows the confirmation form.
  const dryRun = CONFIRMED_ACTIONS.includes(intent) && confirm !== "yes";
  const r = await applyTransition(getDb(), {
    proposalId: p.proposal.id,
    action: intent,
    actorId: user.id,
    expectedVersion: version,
    comment: comment ?? null,
    origin: new URL(request.url).origin,
    dryRun,
  });
  if (r.ok && "dryRun" in r) {
    return json({ result: submission.reply(), problems: [] as string[], confirm: { intent, version, comment: comment ?? "", to: r.status } });
  }
  if (r.ok) {
    return redirectWithToast(back(p.proposal.id), {
      kind: "success",
      message: `${ACTION_LABELS[intent]}: done.${r.referenceCode ? ` Reference ${r.referenceCode}.` : ""}`,
    });
  }
  if (r.kind === "not_found") throw refusalResponse(r);
  const fieldErrors = r.kind === "invalid" && /comment/i.test(r.message) ? { comment: [r.message] } : undefined;
  return json(
    {
      result: submission.reply({ formErrors: fieldErrors ? [] : [r.message], fieldErrors }),
      problems: r.kind === "ineligible" ? r.problems.map((x) => x.message) : [],
    },
    { status: statusOf(r.kind) },
  );
}
