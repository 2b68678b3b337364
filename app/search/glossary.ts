/**
 * Multilingual glossary of the ICT taxonomy's key terms (issue 12): lets text
 * typed in Russian, Persian, Turkish, Azerbaijani, Uzbek or Kazakh reach the
 * English OpenAlex topic names and keywords.
 *
 * Data: `db/data/glossary.json`, written by the project team (see its
 * `source` and db/data/README.md). Shape:
 *   { source, licence, languages, notes,
 *     concepts: [{ id, en: string[], ru: string[], fa: string[], tr: string[],
 *                  az?: string[], uz?: string[], kk?: string[],
 *                  topics?: string[],   // OpenAlex topic ids, e.g. "T10020"
 *                  source?: string }] } // only on entries taken from a named reference
 *
 * Pure module (no server-only imports): used by topic recognition, the
 * search query text (glossary-query.ts) and tests alike. The JSON is parsed and validated once, on
 * first use; a malformed file throws a ZodError then.
 */
import { z } from "zod";
import data from "~db/data/glossary.json";
import { normalizeSearchText } from "~/search/normalize";

/** Languages of the glossary, English first. */
export const GLOSSARY_LANGUAGES = ["en", "ru", "fa", "tr", "az", "uz", "kk"] as const;
export type GlossaryLanguage = (typeof GLOSSARY_LANGUAGES)[number];

const terms = z.array(z.string().trim().min(1)).min(1);

const conceptSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "kebab-case id"),
    en: terms,
    ru: terms,
    fa: terms,
    tr: terms,
    az: terms.optional(),
    uz: terms.optional(),
    kk: terms.optional(),
    topics: z.array(z.string().regex(/^T\d+$/)).optional(),
    source: z.string().min(1).optional(),
  })
  .strict();

/** Zod schema of db/data/glossary.json. */
export const glossarySchema = z
  .object({
    source: z.string().min(1),
    licence: z.string().min(1),
    languages: z.record(z.enum(GLOSSARY_LANGUAGES), z.string()),
    notes: z.string().optional(),
    concepts: z.array(conceptSchema).min(1),
  })
  .strict()
  .superRefine((g, ctx) => {
    const ids = new Set<string>();
    g.concepts.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["concepts", i, "id"], message: `duplicate id ${c.id}` });
      ids.add(c.id);
    });
  });

export type Glossary = z.infer<typeof glossarySchema>;
export type GlossaryConcept = Glossary["concepts"][number];

let parsed: Glossary | undefined;

/** The parsed, validated glossary (parsed once). Throws a ZodError if the data file is malformed. */
export function getGlossary(): Glossary {
  parsed ??= glossarySchema.parse(data);
  return parsed;
}

/** The terms of one concept in one language ([] where the language is not given). */
export function conceptTerms(concept: GlossaryConcept, lang: GlossaryLanguage): string[] {
  return concept[lang] ?? [];
}

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

interface Token {
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

function tokenize(text: string): Token[] {
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
  ("а я о е ы и у ю ь ом ем ам ям ах ях ами ями ов ев еи ои ыи ии ая яя ое ее ые ие ого его ому ему ым им ых их ыми ими " +
    "ую юю ью ия ию ием иям иях иями ья ье ьи ьев ьям ьях ьями")
    .split(" "),
);
const RU_ENDINGS_BY_LENGTH = [...RU_ENDINGS].sort((a, b) => b.length - a.length);

// Suffix chains allowed after a short (< 5 letters) Turkic stem; longer stems take any ending of ≤ 8 letters.
const TR_AZ_SHORT = new Set(
  ("i u si su in un nin nun sin sun yi yu ni nu a e ya ye na ne sa se da de ta te dan den tan ten nda nde ndan nden " +
    "daki deki taki teki la le yla yle ile ler lar leri lari lerin larin lere lara lerde larda lerden lardan lerle larla " +
    "lerinde larinda lerini larini lerine larina sini sunu sine suna sinde sunda siyle suyla lerinin larinin")
    .split(" "),
);
const UZ_SHORT = new Set(
  "i si ni ning ga ka qa da dan dagi lar lari larni larning larga larda lardan laridan lardagi ning imiz ingiz".split(" "),
);
const KK_SHORT = new Set(
  ("ы и сы си ны ни нын нин дын дин тын тин га ге ка ке на не а е да де та те дан ден тан тен нан нен мен бен пен " +
    "лар лер дар дер тар тер лары лери дары дери тары тери ларды лерди дарды дерди тарды терди дагы деги тагы теги " +
    "ларда лерде дарда дерде тарда терде ларын лерин дарын дерин")
    .split(" "),
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

interface WordMatcher {
  form: string;
  lang: GlossaryLanguage;
  /** Russian stem (form minus its ending), or null when the form is too short to strip. */
  ruStem: string | null;
}

function wordMatcher(form: string, lang: GlossaryLanguage): WordMatcher {
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

function wordMatches(word: string, m: WordMatcher): boolean {
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

// ---------------------------------------------------------------------------
// Compiled entries

interface Entry {
  /** The glossary term as written. */
  term: string;
  lang: GlossaryLanguage;
  words: WordMatcher[];
  concept: number;
}

/** Spellings of a term to match: as written, and for Persian with ZWNJ also with a space in its place. */
function spellings(term: string, lang: GlossaryLanguage): string[] {
  return lang === "fa" && term.includes("\u200C") ? [term, term.replace(/\u200C/g, " ")] : [term];
}

let compiled: { entries: Entry[]; byFirstChar: Map<string, Entry[]> } | undefined;

const bucketKey = (form: string) => (form.length >= 3 ? form.slice(0, 2) : form.slice(0, 1));

function compile() {
  if (compiled) return compiled;
  const entries: Entry[] = [];
  const seen = new Set<string>();
  getGlossary().concepts.forEach((c, concept) => {
    for (const lang of GLOSSARY_LANGUAGES) {
      for (const term of conceptTerms(c, lang)) {
        for (const spelling of spellings(term, lang)) {
          const forms = glossaryTokens(spelling);
          const key = `${concept}\u0000${lang}\u0000${forms.join(" ")}`;
          if (forms.length === 0 || seen.has(key)) continue;
          seen.add(key);
          entries.push({ term, lang, concept, words: forms.map((f) => wordMatcher(f, lang)) });
        }
      }
    }
  });
  // Entries by the first two letters of their first word (one letter for words of 1–2 letters,
  // which inflection or softening may change in the second): a text word's inflected forms keep them.
  const byFirstChar = new Map<string, Entry[]>();
  for (const e of entries) {
    const k = bucketKey(e.words[0].form);
    const list = byFirstChar.get(k);
    if (list) list.push(e);
    else byFirstChar.set(k, [e]);
  }
  compiled = { entries, byFirstChar };
  return compiled;
}

function occursIn(words: WordMatcher[], toks: string[]): boolean {
  if (words.length === 0) return false;
  for (let i = 0; i + words.length <= toks.length; i++) {
    if (words.every((w, j) => wordMatches(toks[i + j], w))) return true;
  }
  return false;
}

/**
 * True when `term` (a glossary term of language `lang`) occurs in `text` as
 * consecutive words, with that language's inflection tolerance (as in
 * englishTermsIn).
 */
export function termOccursIn(term: string, lang: GlossaryLanguage, text: string): boolean {
  return occursIn(
    glossaryTokens(term).map((f) => wordMatcher(f, lang)),
    glossaryTokens(text),
  );
}

/** Forms an English text word may have when it matches the glossary word `f` (see wordMatches). */
function englishVariants(f: string): string[] {
  const v = [f, `${f}s`, `${f}es`];
  if (f.endsWith("y")) v.push(`${f.slice(0, -1)}ies`);
  if (f.endsWith("ies")) v.push(`${f.slice(0, -3)}y`);
  if (f.endsWith("s") && f.length > 3) v.push(f.slice(0, -1));
  return v;
}

// Per list of topics: tokens of each name, and word → topics whose names have it.
const topicIndexCache = new WeakMap<object, { toks: string[][]; byWord: Map<string, number[]> }>();
function topicIndex(topics: ReadonlyArray<{ name: string }>) {
  let index = topicIndexCache.get(topics);
  if (!index) {
    const toks = topics.map((t) => glossaryTokens(t.name));
    const byWord = new Map<string, number[]>();
    toks.forEach((words, i) => {
      for (const w of new Set(words)) {
        const list = byWord.get(w);
        if (list) list.push(i);
        else byWord.set(w, [i]);
      }
    });
    index = { toks, byWord };
    topicIndexCache.set(topics, index);
  }
  return index;
}

/**
 * Ids of the topics whose names contain one of the concept's English terms
 * (the `topics` field of the data, recomputed by scripts/glossary-topics.ts),
 * in the order of `topics`. Pass the same array again to reuse its index.
 */
export function topicsOfConcept(concept: Pick<GlossaryConcept, "en">, topics: ReadonlyArray<{ id: string; name: string }>): string[] {
  const { toks, byWord } = topicIndex(topics);
  const hits = new Set<number>();
  for (const term of concept.en) {
    const words = glossaryTokens(term).map((f) => wordMatcher(f, "en"));
    if (words.length === 0) continue;
    for (const first of englishVariants(words[0].form)) {
      for (const i of byWord.get(first) ?? []) if (!hits.has(i) && occursIn(words, toks[i])) hits.add(i);
    }
  }
  return topics.filter((_, i) => hits.has(i)).map((t) => t.id);
}

// ---------------------------------------------------------------------------
// Public matching

/** One glossary term found in free text. */
export interface GlossaryMatch {
  /** The words of the text that matched, as typed. */
  term: string;
  /** English equivalents (all `en` terms of the matched concepts, first term first). */
  en: string[];
  /** Language of the glossary term that matched (the first in GLOSSARY_LANGUAGES order when several did). */
  lang: GlossaryLanguage;
  /** Ids of the matched concepts (more than one only for a deliberately ambiguous term). */
  concepts: string[];
  /** Character offsets of `term` in the text. */
  start: number;
  end: number;
}

/** Texts longer than this many words are cut: this is meant for queries and titles, not documents. */
export const MAX_MATCH_WORDS = 300;

/**
 * Glossary terms in free text of any glossary language, with their English
 * equivalents, in text order. The longest match wins: the text is split into
 * glossary terms so that as many words as possible are covered by as few terms
 * as possible (ties go to the longer term on the left), so "تشخیص نفوذ در
 * شبکه" gives "intrusion detection" + "network", not "detection" + … .
 * Words are compared in folded form (glossaryFold) with cheap inflection
 * tolerance: Russian case endings on the stem, Turkic suffix chains (with
 * k→ğ-type softening), Persian plural/ezafe suffixes, English plurals.
 * Never throws; returns [] for text without glossary terms.
 */
export function englishTermsIn(text: string): GlossaryMatch[] {
  const { byFirstChar } = compile();
  const concepts = getGlossary().concepts;
  const toks = tokenize(text).slice(0, MAX_MATCH_WORDS);
  const n = toks.length;
  // matchesAt[i]: length → entries matching toks[i..i+length)
  const matchesAt: Array<Map<number, Entry[]>> = toks.map((t, i) => {
    const found = new Map<number, { distance: number; entries: Entry[] }>();
    const candidates = [...(byFirstChar.get(t.form.slice(0, 2)) ?? []), ...(t.form.length >= 2 ? (byFirstChar.get(t.form[0]) ?? []) : [])];
    for (const e of candidates) {
      const len = e.words.length;
      if (i + len > n) continue;
      if (!e.words.every((w, j) => wordMatches(toks[i + j].form, w))) continue;
      // Among terms over the same words keep the closest (least inflected): "analitik" is
      // Turkish for analytics exactly, not "analiz" (analysis) plus an ending.
      const distance = e.words.reduce((d, w, j) => d + Math.abs(toks[i + j].form.length - w.form.length), 0);
      const cur = found.get(len);
      if (!cur || distance < cur.distance) found.set(len, { distance, entries: [e] });
      else if (distance === cur.distance) cur.entries.push(e);
    }
    return new Map([...found].map(([len, v]) => [len, v.entries]));
  });
  // best[i] = [words covered, -terms used] for toks[i..n); choice[i] = length taken (0 = skip).
  const best: Array<[number, number]> = new Array(n + 1);
  const choice: number[] = new Array(n + 1).fill(0);
  best[n] = [0, 0];
  const better = (a: [number, number], b: [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
  for (let i = n - 1; i >= 0; i--) {
    best[i] = best[i + 1];
    // Longest first; a term taken here beats skipping on a tie (leftmost-longest), a shorter one must be strictly better.
    for (const len of [...matchesAt[i].keys()].sort((a, b) => b - a)) {
      const cand: [number, number] = [len + best[i + len][0], best[i + len][1] - 1];
      if (choice[i] === 0 ? !better(best[i], cand) : better(cand, best[i])) {
        best[i] = cand;
        choice[i] = len;
      }
    }
  }
  const out: GlossaryMatch[] = [];
  for (let i = 0; i < n; ) {
    const len = choice[i];
    if (len === 0) {
      i++;
      continue;
    }
    const entries = matchesAt[i].get(len) ?? [];
    const ids = [...new Set(entries.map((e) => e.concept))];
    const en = [...new Set(ids.flatMap((c) => concepts[c].en))];
    const lang = GLOSSARY_LANGUAGES.find((l) => entries.some((e) => e.lang === l)) ?? "en";
    const start = toks[i].start;
    const end = toks[i + len - 1].end;
    out.push({ term: text.slice(start, end), en, lang, concepts: ids.map((c) => concepts[c].id), start, end });
    i += len;
  }
  return out;
}
