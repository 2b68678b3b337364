/**
 * Form pieces of the messaging pages (issue 14, item 2): the message text and
 * the report reason, built on the one input guard (`text` from ./input).
 * Pure (no server imports). Messages are catalogue keys (`messaging:errors.*`,
 * app/i18n/message.ts), shown in the viewer's language.
 */
import { text } from "~/utils/input";
import { msg } from "~/i18n/message";

/** Longest message, in characters (the database checks the same bound). */
export const MESSAGE_MAX = 5000;
/** Longest report reason, in characters. */
export const REPORT_REASON_MAX = 1000;

export const MESSAGE_REQUIRED = msg("messaging:errors.messageRequired");

/** The text of a message: required, trimmed, at most MESSAGE_MAX characters. */
export const messageBody = text({ required_error: MESSAGE_REQUIRED })
  .trim()
  .min(1, MESSAGE_REQUIRED)
  .max(MESSAGE_MAX, msg("messaging:errors.messageTooLong", { max: MESSAGE_MAX }));

/** Why a conversation is reported: optional, at most REPORT_REASON_MAX characters. */
export const reportReason = text()
  .trim()
  .max(REPORT_REASON_MAX, msg("messaging:errors.reasonTooLong", { max: REPORT_REASON_MAX }))
  .optional();

/** Shown to a sender the secretariat stopped (pages and refused sends). */
export const SENDER_STOPPED_MESSAGE = msg("messaging:errors.senderStopped");

/** Shown when the recipient turned "accept messages" off. */
export const notAcceptingMessage = (name: string) => msg("messaging:errors.notAccepting", { name });
