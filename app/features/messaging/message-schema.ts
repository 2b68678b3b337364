/**
 * Form pieces of the messaging pages (issue 14, item 2): the message text and
 * the report reason, built on the one input guard (`text` from ./input).
 * Pure (no server imports).
 */
import { text } from "~/utils/input";

/** Longest message, in characters (the database checks the same bound). */
export const MESSAGE_MAX = 5000;
/** Longest report reason, in characters. */
export const REPORT_REASON_MAX = 1000;

export const MESSAGE_REQUIRED = "Write a message before sending.";

/** The text of a message: required, trimmed, at most MESSAGE_MAX characters. */
export const messageBody = text({ required_error: MESSAGE_REQUIRED })
  .trim()
  .min(1, MESSAGE_REQUIRED)
  .max(MESSAGE_MAX, `At most ${MESSAGE_MAX.toLocaleString("en")} characters: shorten the message.`);

/** Why a conversation is reported: optional, at most REPORT_REASON_MAX characters. */
export const reportReason = text()
  .trim()
  .max(REPORT_REASON_MAX, `At most ${REPORT_REASON_MAX.toLocaleString("en")} characters.`)
  .optional();

/** Shown to a sender the secretariat stopped (pages and refused sends). */
export const SENDER_STOPPED_MESSAGE =
  "The secretariat has stopped your account from sending messages after a report. If you think this is a mistake, write to the secretariat.";

/** Shown when the recipient turned "accept messages" off. */
export const notAcceptingMessage = (name: string) => `${name} does not accept messages at the moment, so yours cannot be sent.`;
