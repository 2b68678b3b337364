/**
 * Words of the multilingual glossary (glossary.ts) and of the text searched
 * for its terms: the folded matching form of a word (glossaryFold), the words
 * of a text (tokenize), and the cheap inflection tolerance by which a glossary
 * word matches a text word of its language (wordMatches). Pure module; used
 * by glossary-match.ts.
 */
import { normalizeSearchText } from "~/search/normalize";
import type { GlossaryLanguage } from "~/search/glossary";

// ---------------------------------------------------------------------------
// Folding and tokens

/** Kazakh letters folded to their Russian look-alikes (Kazakh is often typed on a Russian layout). */
const KAZAKH_FOLD: Record<string, string> = { ә: "а", ғ: "г", қ: "к", ң: "н", ө: "о", ұ: "у", ү: "у", һ: "х", і: "и" };

/**
 * Matching form of a text: normalizeSearchText (Persian/Arabic letter forms,
 * ZWNJ, digits, Turkish ı/İ, Uzbek apostrophes), lower case, diacritics
 * removed (ş→s, ö→o, ё→е, й→и, آ→ا), Azerbaijani ə→e, Kazakh-specific
 * letters → Russian ones, apostrophes dropped (oʻqitish = oqitish). Used on
 * both the glossary terms and the searched text, so they meet in the middle.
 */
export function glossaryFold(text: string): string {
  const s = normalizeSearchText(text)
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/\u06D5/g, "\u0647") // ۀ decomposes to ە + hamza: back to Persian ه
    .replace(/ə/g, "e")
    .replace(/[әғқңөұүһі]/g, (ch) => KAZAKH_FOLD[ch] ?? ch)
    .replace(/['`´\u02B9\u02BB\u02BC\u2018\u2019]/g, "");
  // Decomposition can expose Arabic yeh (ئ → ي + hamza): fold letter forms once more.
  return normalizeSearchText(s);
}

/** Words of a text: runs of letters, marks, digits, ZWNJ and apostrophes (hyphens and punctuation separate). */
const WORD = /[\p{L}\p{M}\p{N}\u200C'`´\u2018\u2019]+/gu;

/** One word of a text: its folded form and its character offsets. */
export interface Token {
  form: string;
  start: number;
  end: number;
}

// Folded words, memoised: the same words recur in queries, terms and topic names.
const foldedWords = new Map<string, string>();
function foldWord(word: string): string {
  let form = foldedWords.get(word);
  if (form === undefined) {
    if (foldedWords.size >= 50_000) foldedWords.clear();
    form = glossaryFold(word);
    foldedWords.set(word, form);
  }
  return form;
}

/** The words of `text` with their folded forms and offsets (see glossaryFold). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const form = foldWord(m[0]);
    if (form) out.push({ form, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  return out;
}

/** The matching forms of the words of a text (see glossaryFold). */
export function glossaryTokens(text: string): string[] {
  return tokenize(text).map((t) => t.form);
}

// ---------------------------------------------------------------------------
// Inflection tolerance: a glossary word matches a text word when the text word
// is the glossary word, or its stem plus an ending of the glossary word's
// language. Cheap rules, folded forms (й→и, ı→i, ğ→g, ə→e, ң→н …).

// Russian case/number endings (nouns and adjectives), folded.
const RU_ENDINGS = new Set(
  (
    "а я о е ы и у ю ь ом ем ам ям ах ях ами ями ов ев еи ои ыи ии ая яя ое ее ые ие ого его ому ему ым им ых их ыми ими " +
    "ую юю ью ия ию ием иям иях иями ья ье ьи ьев ьям ьях ьями"
  ).split(" "),
);
const RU_ENDINGS_BY_LENGTH = [...RU_ENDINGS].sort((a, b) => b.length - a.length);

// Suffix chains allowed after a short (< 5 letters) Turkic stem; longer stems take any ending of ≤ 8 letters.
const TR_AZ_SHORT = new Set(
  (
    "i u si su in un nin nun sin sun yi yu ni nu a e ya ye na ne sa se da de ta te dan den tan ten nda nde ndan nden " +
    "daki deki taki teki la le yla yle ile ler lar leri lari lerin larin lere lara lerde larda lerden lardan lerle larla " +
    "lerinde larinda lerini larini lerine larina sini sunu sine suna sinde sunda siyle suyla lerinin larinin"
  ).split(" "),
);
const UZ_SHORT = new Set("i si ni ning ga ka qa da dan dagi lar lari larni larning larga larda lardan laridan lardagi ning imiz ingiz".split(" "));
const KK_SHORT = new Set(
  (
    "ы и сы си ны ни нын нин дын дин тын тин га ге ка ке на не а е да де та те дан ден тан тен нан нен мен бен пен " +
    "лар лер дар дер тар тер лары лери дары дери тары тери ларды лерди дарды дерди тарды терди дагы деги тагы теги " +
    "ларда лерде дарда дерде тарда терде ларын лерин дарын дерин"
  ).split(" "),
);
const FA_SUFFIXES = ["", "ها", "های", "هایی", "ی", "ای", "یی", "ان", "ات", "اش", "هایش"];
// Final consonants softened before a vowel-initial suffix (folded: ğ→g, ғ→г).
const MUTATIONS: Partial<Record<GlossaryLanguage, Record<string, string[]>>> = {
  tr: { k: ["g"], p: ["b"], t: ["d"] },
  az: { k: ["g", "y"], q: ["g"], p: ["b"], t: ["d"] },
  uz: { k: ["g"], q: ["g"], p: ["b"] },
  kk: { к: ["г"], п: ["б"] },
};
const VOWEL = /^[aeiouyаеиоуыэюяё]/;

/** A glossary word prepared for matching text words of its language (wordMatches). */
export interface WordMatcher {
  form: string;
  lang: GlossaryLanguage;
  /** Russian stem (form minus its ending), or null when the form is too short to strip. */
  ruStem: string | null;
}

/** The matcher of the folded glossary word `form` of language `lang`. */
export function wordMatcher(form: string, lang: GlossaryLanguage): WordMatcher {
  let ruStem: string | null = null;
  if (lang === "ru") {
    for (const e of RU_ENDINGS_BY_LENGTH) {
      if (form.endsWith(e) && form.length - e.length >= 3) {
        ruStem = form.slice(0, -e.length);
        break;
      }
    }
    ruStem ??= form.length >= 3 ? form : null;
  }
  return { form, lang, ruStem };
}

function turkicMatch(word: string, form: string, lang: GlossaryLanguage): boolean {
  const short = lang === "uz" ? UZ_SHORT : lang === "kk" ? KK_SHORT : TR_AZ_SHORT;
  const fits = (stem: string, ext: string) => (stem.length >= 5 ? ext.length <= 8 : short.has(ext));
  if (word.startsWith(form) && fits(form, word.slice(form.length))) return true;
  const soft = MUTATIONS[lang]?.[form.slice(-1)];
  if (!soft) return false;
  for (const s of soft) {
    const stem = form.slice(0, -1) + s;
    const ext = word.slice(stem.length);
    if (word.startsWith(stem) && VOWEL.test(ext) && fits(stem, ext)) return true;
  }
  return false;
}

/** True when the folded text word `word` is `m`'s word or an inflected form of it. */
export function wordMatches(word: string, m: WordMatcher): boolean {
  if (word === m.form) return true;
  const f = m.form;
  switch (m.lang) {
    case "en":
      return (
        word === `${f}s` ||
        word === `${f}es` ||
        (f.endsWith("y") && word === `${f.slice(0, -1)}ies`) ||
        (f.endsWith("ies") && word === `${f.slice(0, -3)}y`) ||
        (f.endsWith("s") && f.length > 3 && word === f.slice(0, -1))
      );
    case "ru":
      return m.ruStem !== null && word.startsWith(m.ruStem) && RU_ENDINGS.has(word.slice(m.ruStem.length));
    case "fa":
      return word.startsWith(f) && FA_SUFFIXES.includes(word.slice(f.length));
    default:
      return turkicMatch(word, f, m.lang);
  }
}

/** True when `words` (one glossary term) occur as consecutive words of `toks` (folded forms). */
export function occursIn(words: WordMatcher[], toks: string[]): boolean {
  if (words.length === 0) return false;
  for (let i = 0; i + words.length <= toks.length; i++) {
    if (words.every((w, j) => wordMatches(toks[i + j], w))) return true;
  }
  return false;
}

/** Forms an English text word may have when it matches the glossary word `f` (see wordMatches). */
export function englishVariants(f: string): string[] {
  const v = [f, `${f}s`, `${f}es`];
  if (f.endsWith("y")) v.push(`${f.slice(0, -1)}ies`);
  if (f.endsWith("ies")) v.push(`${f.slice(0, -3)}y`);
  if (f.endsWith("s") && f.length > 3) v.push(f.slice(0, -1));
  return v;
}
