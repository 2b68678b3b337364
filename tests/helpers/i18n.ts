/**
 * Reading server messages in tests: actions return catalogue keys
 * (app/i18n/message.ts `msg`); `english(m)` turns one into the English text a
 * viewer reads (plain text passes through), `inLanguage(lng, m)` into another
 * language's.
 */
import { serverT } from "../../app/i18n/i18n.server";
import { NAMESPACES } from "../../app/i18n/languages";
import { translateMessage } from "../../app/i18n/message";

/** Message `m` (a key made by `msg`, or text) as shown in `lng`. */
export function inLanguage(lng: string, m: string): string {
  return translateMessage(serverT(lng, NAMESPACES), m);
}

/** Message `m` as an English-speaking viewer reads it. */
export function english(m: string): string {
  return inLanguage("en", m);
}
