/**
 * ISO 639-1 language codes of institution names ("fa", "ps", "kk", …),
 * checked against the Unicode CLDR language names shipped with the
 * JavaScript runtime (Intl.DisplayNames), so no list of our own goes stale.
 * Runs on the server and in the browser (the edit form validates as you type).
 */
import { msg } from "~/i18n/message";

const names = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });

/**
 * True for a current two-letter ISO 639-1 code in lower case that CLDR names
 * ("fa", "ps"); false for unknown ones ("xx"), three-letter or regional codes
 * ("fas", "fa-IR") and deprecated ones that have a replacement ("iw" → "he").
 */
export function isLanguageCode(code: string): boolean {
  if (!/^[a-z]{2}$/.test(code)) return false;
  try {
    if (Intl.getCanonicalLocales(code)[0] !== code) return false;
  } catch {
    return false;
  }
  return names.of(code) !== undefined;
}

/** Name of a language code in the interface language `lng` ("fa" → "Persian"; "فارسی" for lng "fa"); the code itself when unknown, null → "". */
export function languageName(code: string | null, lng = "en"): string {
  if (!code) return "";
  try {
    return (lng === "en" ? names : new Intl.DisplayNames([lng], { type: "language", fallback: "none" })).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Message (a catalogue key, app/i18n/message.ts) shown next to a language field holding something else than a code. */
export const LANGUAGE_CODE_MESSAGE = msg("institutions:errors.languageCode");
