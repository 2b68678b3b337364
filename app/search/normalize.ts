/**
 * Text folding applied identically when indexing (every searchable field of
 * every index, as `folded.<field>` copies; document-fields.ts) and when
 * querying (the search models and partner matching), so spelling variants
 * meet in the middle. Meilisearch itself decomposes (NFKD) and drops
 * diacritics, so Turkish ğ ş ç ö ü, Turkmen ň ž ý ä, Kazakh ñ ū and the like
 * already match their plain letters there (tests/folding.test.ts checks each
 * against the real server); this folds what it does not:
 * - compatibility forms first (NFKC): Arabic presentation forms (ﻙ, from
 *   PDFs), ligatures, full-width letters become the plain letters below;
 * - Arabic letter forms → Persian (ي/ى → ی, ك → ک), ة/ۀ and Urdu ہ/ھ → ه;
 *   tatweel removed (hamza-carrying alef forms are Meilisearch's own);
 * - Arabic-Indic and Persian digits → ASCII digits;
 * - ZWNJ (U+200C) → nothing, so "دانشگاه‌ها" and "دانشگاهها" match;
 * - Turkish dotless ı and dotted İ → i / I;
 * - Azerbaijani schwa ə/Ə (and the look-alike turned e ǝ/Ǝ) → e / E, so
 *   "Xezer" finds Xəzər;
 * - Uzbek Latin ʻ/ʼ, typographic quotes ‘ ’, the prime ʹ, the backtick ` and
 *   the acute accent ´ typed for them → ASCII apostrophe (Oʻzbekiston = O'zbekiston).
 * Returns a string of the same meaning, for search only (never displayed); never throws.
 */
export function normalizeSearchText(input: string): string {
  // Most field values (English titles, bios) contain none of the characters folded below.
  if (PLAIN.test(input)) return input;
  return input
    .replace(/\u00B4/g, "'") // before NFKC, which turns it into a space and a combining accent
    .normalize("NFKC")
    .replace(FOLDED_CHARS, (c) => FOLD[c] ?? c)
    .normalize("NFC");
}

/** Printable ASCII but the backtick: text that folding leaves as it is. */
const PLAIN = /^[\t\n\r\x20-\x5f\x61-\x7e]*$/;

const FOLD: Record<string, string> = {
  "\u064A": "\u06CC", // ي Arabic yeh
  "\u0649": "\u06CC", // ى alef maksura
  "\u0643": "\u06A9", // ك Arabic kaf
  "\u0629": "\u0647", // ة teh marbuta
  "\u06C0": "\u0647", // ۀ heh with yeh above (Persian ezafe)
  "\u06C1": "\u0647", // ہ heh goal (Urdu)
  "\u06C2": "\u0647", // ۂ heh goal with hamza above
  "\u06BE": "\u0647", // ھ heh doachashmee (Urdu; also typed for initial heh)
  "\u0640": "", // tatweel
  "\u200C": "", // zero-width non-joiner
  "\u0130": "I",
  "\u0131": "i",
  "\u0259": "e", // ə
  "\u018F": "E", // Ə
  "\u01DD": "e", // ǝ turned e, typed for ə
  "\u018E": "E", // Ǝ reversed E, typed for Ə
  "\u02BB": "'", // ʻ
  "\u02BC": "'", // ʼ
  "\u2018": "'",
  "\u2019": "'",
  "\u02B9": "'",
  "\u0060": "'",
};
for (let d = 0; d <= 9; d++) {
  FOLD[String.fromCharCode(0x0660 + d)] = String(d); // Arabic-Indic
  FOLD[String.fromCharCode(0x06f0 + d)] = String(d); // Persian (and Urdu)
}
const FOLDED_CHARS = new RegExp(
  `[${Object.keys(FOLD)
    .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .join("")}]`,
  "g",
);

/**
 * Version of the folding above and of what the index mappers fold. Part of
 * every index's version (index-version.server.ts): an index built under
 * another version is rebuilt on start. Changes to the single-character
 * folding are detected by themselves (foldFingerprint); bump this for any
 * other change (a new contextual rule, a field newly folded by a mapper).
 */
export const NORMALIZATION_VERSION = 2;

let fingerprint: string | null = null;

/**
 * What normalizeSearchText does to each Basic Multilingual Plane character
 * (surrogates left out), as one string: any change to the single-character
 * folding (or to the Unicode data NFKC uses) changes it. Computed once (a few ms).
 */
export function foldFingerprint(): string {
  if (fingerprint === null) {
    const chars: string[] = [];
    // From U+0020: tab/newline/CR are kept as separators, the other C0 controls never reach an index.
    for (let c = 0x20; c <= 0xffff; c++) if (c < 0xd800 || c > 0xdfff) chars.push(String.fromCharCode(c));
    // One character per line: NFC/NFKC cannot compose across the newline.
    fingerprint = normalizeSearchText(chars.join("\n"));
  }
  return fingerprint;
}
