/**
 * ISO 639-1 language codes of institution names ("fa", "ps", "kk", …),
 * checked against the Unicode CLDR language names shipped with the
 * JavaScript runtime (Intl.DisplayNames), so no list of our own goes stale.
 * Runs on the server and in the browser (the edit form validates as you type).
 * Names of languages for people: `languageName(code, lng)` in the viewer's
 * language — call it in loaders (Node's CLDR), not in components, so the
 * browser's own CLDR never changes the text on hydration.
 */
import { msg } from "~/i18n/message";

const names = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
const namesIn = new Map<string, Intl.DisplayNames>([["en", names]]);

/** One Intl.DisplayNames per viewer language per process (they are costly to build). */
function displayNames(lng: string): Intl.DisplayNames {
  let n = namesIn.get(lng);
  if (!n) {
    n = new Intl.DisplayNames([lng, "en"], { type: "language", fallback: "none" });
    namesIn.set(lng, n);
  }
  return n;
}

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

/**
 * Name of language `code` in language `lng` (default English: "fa" → "Persian";
 * in Russian "персидский", in Persian "فارسی"); the code itself when unknown, "" for null.
 */
export function languageName(code: string | null, lng = "en"): string {
  if (!code) return "";
  try {
    return displayNames(lng).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Message (catalogue key, `experts` namespace) shown next to a language field
 * holding something else than a code; English: "Enter a two-letter ISO 639-1
 * language code, such as fa (Persian), ps (Pashto), kk (Kazakh) or tr (Turkish)."
 */
export const LANGUAGE_CODE_MESSAGE = msg("experts:validation.languageCode", { standard: "ISO 639-1" });
