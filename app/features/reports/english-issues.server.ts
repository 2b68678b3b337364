/**
 * The JSON API and CSV downloads of the report figures stay English
 * (machine-readable codes, English messages): their query issues, whose
 * messages may be catalogue keys (app/i18n/message.ts), as English text.
 */
import { serverT } from "~/i18n/i18n.server";
import { translateMessage } from "~/i18n/message";

/** `issues` with each message in English (plain text passes unchanged). */
export function englishIssues<I extends { message: string }>(issues: I[]): I[] {
  const t = serverT("en", ["reports", "common"]);
  return issues.map((i) => ({ ...i, message: translateMessage(t, i.message) }));
}
