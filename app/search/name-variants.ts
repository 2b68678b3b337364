/**
 * Search-only spellings of an institution's names, added to its search
 * document (indexes/institutions.server.ts `shortNames`, `commonName`) and never displayed:
 * - Cyrillic short forms in Latin letters, as people type them on a Latin
 *   keyboard (КазНУ → KazNU, ТАТУ → TATU, ҚазҰУ → QazUU): Meilisearch does
 *   not transliterate between scripts;
 * - the English word order people use for "University of X" (University of
 *   Tehran → Tehran University), when X is one or two words without "and" or
 *   "of" ("the" dropped: University of the Punjab → Punjab University).
 * Pure functions; never throw.
 */

/** Russian, Kazakh, Kyrgyz, Tajik and Uzbek Cyrillic letters in Latin, lower case (a common, simple romanisation). */
const CYRILLIC_LATIN: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "yo",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
  // Kazakh, Kyrgyz, Tajik, Uzbek letters
  ә: "a",
  ғ: "g",
  қ: "q",
  ң: "ng",
  ө: "o",
  ұ: "u",
  ү: "u",
  һ: "h",
  і: "i",
  ӣ: "i",
  ӯ: "u",
  ҳ: "h",
  ҷ: "j",
  ў: "o",
};

const CYRILLIC = /[\u0400-\u04FF]/;

/**
 * Latin spelling of a Cyrillic text (letters outside the table kept as they
 * are); a capital letter gives a capitalised romanisation (Ш → Sh). Null when
 * the text has no Cyrillic letter.
 */
export function latinFromCyrillic(text: string): string | null {
  if (!CYRILLIC.test(text)) return null;
  let out = "";
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const latin = CYRILLIC_LATIN[lower];
    if (latin === undefined) out += ch;
    else out += ch !== lower && latin ? latin[0].toUpperCase() + latin.slice(1) : latin;
  }
  return out;
}

/** "X University" for an English name "University of X" (see module doc); null otherwise. */
export function universityWordOrder(name: string): string | null {
  const m = /^University of (?:the )?([^,()]+)$/i.exec(name.trim());
  if (!m) return null;
  const words = m[1].trim().split(/\s+/);
  if (words.length > 2 || words.some((w) => /^(and|of|&)$/i.test(w))) return null;
  return `${words.join(" ")} University`;
}

/**
 * The short names of an institution as searched: `shortNames` (ROR acronyms,
 * curated and admin short forms) with the Latin spelling of each Cyrillic one
 * after it; duplicates removed.
 */
export function searchShortNames(shortNames: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of shortNames) {
    out.add(s);
    const latin = latinFromCyrillic(s);
    if (latin) out.add(latin);
  }
  return [...out];
}
