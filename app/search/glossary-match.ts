/**
 * Glossary terms (glossary.ts) found in free text: englishTermsIn gives the
 * English equivalents of the terms a query or title names in any glossary
 * language; termOccursIn and topicsOfConcept serve the data checks and
 * scripts/glossary-topics.ts. Words are compared in folded form with
 * inflection tolerance (glossary-words.ts). Pure module.
 */
import { GLOSSARY_LANGUAGES, conceptTerms, getGlossary, type GlossaryConcept, type GlossaryLanguage } from "~/search/glossary";
import { englishVariants, glossaryTokens, occursIn, tokenize, wordMatcher, wordMatches, type WordMatcher } from "~/search/glossary-words";

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
  for (let i = 0; i < n;) {
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
