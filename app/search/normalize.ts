/**
 * Text normalisation applied identically when indexing and when querying, so
 * spelling variants across scripts meet in the middle:
 * - Arabic letter forms → Persian (ي/ى → ی, ك → ک), ة → ه, hamza-carrying
 *   alef forms kept; tatweel removed;
 * - Arabic-Indic and Persian digits → ASCII digits;
 * - ZWNJ (U+200C) → nothing, so "دانشگاه‌ها" and "دانشگاهها" match;
 * - Turkish dotless ı and dotted İ → i (Meilisearch folds other diacritics itself);
 * - Uzbek Latin ʻ/ʼ and typographic quotes ‘ ’ → ASCII apostrophe (Oʻzbekiston = O'zbekiston).
 * Returns a string of the same meaning; never throws.
 */
export function normalizeSearchText(input: string): string {
  return input
    .replace(/[\u064A\u0649]/g, "\u06CC")
    .replace(/\u0643/g, "\u06A9")
    .replace(/\u0629/g, "\u0647")
    .replace(/\u0640/g, "")
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u200C/g, "")
    .replace(/\u0130/g, "I")
    .replace(/\u0131/g, "i")
    .replace(/[\u02BB\u02BC\u2018\u2019\u02B9]/g, "'")
    .normalize("NFC");
}

/** True when normalising changes the text (then the normalised form is indexed too). */
export function needsNormalizedCopy(input: string): boolean {
  return normalizeSearchText(input) !== input;
}
