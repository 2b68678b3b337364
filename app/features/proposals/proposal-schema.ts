/**
 * Proposal form schemas, shared by client and server. Drafts save partially:
 * only the title is required here; completeness is checked on submit
 * (checkEligibility), which lists every missing field at once. Messages are
 * catalogue keys of the `proposals` namespace (msg), shown by ErrorList.
 */
import { z } from "zod";
import { AMOUNT_PATTERN, isCurrency, normalizeAmount } from "~/domain/currency";
import { PROPOSAL_ACTIONS } from "~/domain/proposal-workflow";
import { MAX_ID, idField, listOf, optionalText, text, wholeNumber } from "~/utils/input";
import { topicIdField } from "~/utils/input";
import { msg } from "~/i18n/message";

/** The version a form was loaded with (optimistic locking): a positive whole number within the database's integer. */
export const versionField = wholeNumber({ min: 1, max: MAX_ID, message: msg("proposals:validation.outOfDate") });

/** "At most N characters." (N as `count`, so the catalogue picks the plural). */
const atMostChars = (count: number) => msg("proposals:validation.atMostChars", { count });

export const ProposalDraftSchema = z
  .object({
    title: text({ required_error: msg("proposals:validation.titleRequired") })
      .trim()
      .min(1, msg("proposals:validation.titleRequired"))
      .max(300, atMostChars(300)),
    acronym: text()
      .trim()
      .max(20, atMostChars(20))
      .regex(/^[\p{L}\p{N}\- ]*$/u, msg("proposals:validation.acronymChars"))
      .optional(),
    abstract: optionalText(5000),
    objectives: optionalText(5000),
    topicIds: listOf(topicIdField(msg("proposals:validation.unknownTopic")), { max: 20, tooMany: msg("proposals:validation.tooManyTopics", { count: 20 }) })
      .optional()
      .default([]),
    durationMonths: wholeNumber({
      min: 1,
      max: 120,
      message: msg("proposals:validation.months"),
      tooSmall: msg("proposals:validation.monthsAtLeast", { count: 1 }),
      tooLarge: msg("proposals:validation.monthsAtMost", { count: 120 }),
    }).optional(),
    budgetAmount: text()
      .trim()
      .transform(normalizeAmount)
      .refine((v) => v === "" || AMOUNT_PATTERN.test(v), msg("proposals:validation.amount"))
      .optional(),
    budgetCurrency: text().trim().toUpperCase().refine(isCurrency, msg("proposals:validation.currency")).optional(),
    callId: idField(msg("proposals:validation.chooseCall")).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.budgetAmount && !v.budgetCurrency) ctx.addIssue({ code: "custom", path: ["budgetCurrency"], message: msg("proposals:validation.currencyOfAmount") });
  });

export const NewProposalSchema = ProposalDraftSchema.and(z.object({ leadInstitutionId: idField(msg("proposals:validation.chooseLead")) }));

export const TransitionSchema = z.object({
  intent: z.enum(PROPOSAL_ACTIONS, { message: msg("proposals:validation.unknownAction") }),
  version: versionField,
  comment: text().trim().max(5000, atMostChars(5000)).optional(),
  /** "yes" on the second submit of a final decision (CONFIRMED_ACTIONS); anything else asks first. */
  confirm: z.literal("yes").optional().catch(undefined),
});
