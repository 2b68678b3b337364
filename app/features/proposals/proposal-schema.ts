/**
 * Proposal form schemas, shared by client and server. Drafts save partially:
 * only the title is required here; completeness is checked on submit
 * (checkEligibility), which lists every missing field at once.
 */
import { z } from "zod";
import { AMOUNT_PATTERN, isCurrency } from "~/domain/currency";
import { PROPOSAL_ACTIONS } from "~/domain/proposal-workflow";
import { MAX_ID, idField, listOf, optionalText, text, wholeNumber } from "~/utils/input";
import { topicIdField } from "~/utils/input";

/** The version a form was loaded with (optimistic locking): a positive whole number within the database's integer. */
export const versionField = wholeNumber({ min: 1, max: MAX_ID, message: "The form is out of date: reload the page." });

export const ProposalDraftSchema = z
  .object({
    title: text({ required_error: "Give the proposal a working title." })
      .trim()
      .min(1, "Give the proposal a working title.")
      .max(300, "At most 300 characters."),
    acronym: text()
      .trim()
      .max(20, "At most 20 characters.")
      .regex(/^[\p{L}\p{N}\- ]*$/u, "Letters, digits and hyphens only.")
      .optional(),
    abstract: optionalText(5000),
    objectives: optionalText(5000),
    topicIds: listOf(topicIdField("Unknown topic."), { max: 20, tooMany: "At most 20 topics." }).optional().default([]),
    durationMonths: wholeNumber({
      min: 1,
      max: 120,
      message: "A whole number of months.",
      tooSmall: "At least 1 month.",
      tooLarge: "At most 120 months.",
    }).optional(),
    budgetAmount: text().trim().regex(AMOUNT_PATTERN, "An amount such as 150000 or 2500.50 (a dot before at most two decimals).").optional(),
    budgetCurrency: text().trim().toUpperCase().refine(isCurrency, "Choose an ISO 4217 currency from the list.").optional(),
    callId: idField("Choose one of the listed calls.").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.budgetAmount && !v.budgetCurrency) ctx.addIssue({ code: "custom", path: ["budgetCurrency"], message: "Choose the currency of the amount." });
  });

export const NewProposalSchema = ProposalDraftSchema.and(z.object({ leadInstitutionId: idField("Choose the lead institution.") }));

export const TransitionSchema = z.object({
  intent: z.enum(PROPOSAL_ACTIONS, { message: "Unknown action." }),
  version: versionField,
  comment: text().trim().max(5000, "At most 5000 characters.").optional(),
  /** "yes" on the second submit of a final decision (CONFIRMED_ACTIONS); anything else asks first. */
  confirm: z.literal("yes").optional().catch(undefined),
});

export const STATUS_LABELS: Record<string, string> = {
  draft: "Draft",
  submitted: "Submitted",
  under_review: "Under review",
  revision_requested: "Revision requested",
  approved: "Approved",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
};
export const ACTION_LABELS: Record<string, string> = {
  submit: "Submit",
  start_review: "Start review",
  approve: "Approve",
  reject: "Reject",
  request_revision: "Request revision",
  resubmit: "Resubmit",
  withdraw: "Withdraw",
};
