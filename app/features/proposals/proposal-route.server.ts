/**
 * Shared loader/action steps of the proposal pages: load a proposal the
 * signed-in viewer may see (404 otherwise: existence never leaks) and run a
 * workflow intent through applyTransition, mapping its result kind to a
 * response through the one map (app/utils/result-response.server.ts).
 */
import { shownName } from "~/features/accounts/former-member";
import { json } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod";
import { requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { requireIdParam } from "~/utils/input";
import { redirectWithToast } from "~/utils/toast.server";
import { TransitionSchema } from "~/features/proposals/proposal-schema";
import { refusalResponse, statusOf } from "~/utils/result-response.server";
import { workflowActorOf } from "~/features/proposals/access.server";
import { getProposalForViewer } from "~/features/proposals/details.server";
import { applyTransition, eligibilityInputOf } from "~/features/proposals/transitions.server";
import type { ProposalFormatted, ProposalPageData } from "~/features/proposals/types";
import { COMMENT_REQUIRED_MESSAGE, CONFIRMED_ACTIONS, availableActions, checkEligibility, type ProposalState } from "~/domain/proposal-workflow";
import { NO_SUCH_PROPOSAL_MESSAGE } from "~/features/proposals/messages";
import { describeProblems } from "~/features/proposals/problem-text";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { formatInZone } from "~/i18n/dates";
import { formatBudget } from "~/domain/currency";
import { msg } from "~/i18n/message";

/** The answer to a proposal that is missing or that the viewer may not see (the same: existence never leaks). */
export const NO_SUCH_PROPOSAL = { kind: "not_found", message: NO_SUCH_PROPOSAL_MESSAGE } as const;

/** The namespaces a proposal page's text comes from (routes list them in `handle.i18n`). */
export const PROPOSAL_NAMESPACES = ["proposals", "common"] as const;

/**
 * The viewer's language and a translation function for the proposal pages
 * (`proposals`, then `common`), for loaders and actions.
 */
export async function proposalsT(request: Request) {
  const lng = await requestLanguage(request);
  return { lng, t: serverT(lng, PROPOSAL_NAMESPACES) };
}

/**
 * The proposal `idParam` as the signed-in viewer may see it.
 * @throws 302 to /login when anonymous; 404 when missing or not visible to this user
 */
export async function requireVisibleProposal(request: Request, idParam: string | undefined) {
  const user = await requireUser(request);
  const p = await getProposalForViewer(getDb(), requireIdParam(idParam, NO_SUCH_PROPOSAL_MESSAGE), user.id);
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
  const { lng, t } = await proposalsT(request);
  const formatted: ProposalFormatted = {
    problems: describeProblems(t, lng, problems),
    callDeadline: p.call ? formatInZone(p.call.deadline, p.call.deadline_zone, lng) : null,
    budget: formatBudget(p.proposal.budget_amount, p.proposal.budget_currency, lng),
    submittedAt: p.proposal.submitted_at ? formatInZone(p.proposal.submitted_at, "UTC", lng) : null,
    decidedAt: p.proposal.decided_at ? formatInZone(p.proposal.decided_at, "UTC", lng) : null,
    eventAt: Object.fromEntries(p.events.map((e) => [String(e.id), formatInZone(e.at, "UTC", lng)])),
  };
  // A deleted account's name in the history ("Former member") in the viewer's words.
  const events = p.events.map((e) => ({ ...e, actor_name: e.actor_name === null ? null : shownName(t, e.actor_name) }));
  return { user: { id: user.id }, ...p, events, actions, problems, formatted, actor: workflowActorOf(p.access) };
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
  const { lng, t } = await proposalsT(request);
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
      message: r.referenceCode
        ? msg("proposals:toast.doneWithReference", { action: intent, ref: r.referenceCode })
        : msg("proposals:toast.done", { action: intent }),
    });
  }
  if (r.kind === "not_found") throw refusalResponse(r);
  const fieldErrors = r.kind === "invalid" && r.message === COMMENT_REQUIRED_MESSAGE ? { comment: [r.message] } : undefined;
  return json(
    {
      result: submission.reply({ formErrors: fieldErrors ? [] : [r.message], fieldErrors }),
      // Problems are sentences written here, in the viewer's language (lists and dates by Intl on the server).
      problems: r.kind === "ineligible" ? describeProblems(t, lng, r.problems) : [],
    },
    { status: statusOf(r.kind) },
  );
}
