/**
 * Catalogue messages (app/i18n/message.ts) that several proposal modules
 * answer with. Shared by client and server.
 */
import { msg } from "~/i18n/message";

/** A proposal that is missing or that the viewer may not see (the same answer: existence never leaks). */
export const NO_SUCH_PROPOSAL_MESSAGE = msg("proposals:errors.noSuchProposal");

/** A lead-side change (edit, team, partners) refused to someone who is neither a lead admin nor the drafting member. */
export const LEAD_ONLY_MESSAGE = msg("proposals:errors.leadOnly");

/** "A proposal that is <state> cannot be edited." for `state` (a ProposalState). */
export function notEditableMessage(state: string): string {
  return msg("proposals:errors.notEditable", { state });
}
