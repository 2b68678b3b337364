/**
 * Word-level text matching for partner matching (matching.server.ts): the
 * content words of a text, a capped edit distance, and the highlighting of a
 * result's fields against the free text of the query.
 *
 * Highlighting is done here rather than by Meilisearch: asking Meilisearch to
 * highlight was a second round trip per /partners request after ranking (or,
 * over all text candidates, 80–180 ms of its time per query at 10k
 * institutions; docs/performance.md). The rules follow the experts and
 * institutions index settings closely enough for an explanation: words are
 * compared normalised (normalize.ts), lower-case and without diacritics; the
 * last query word also matches as a prefix; a query word of 4+ letters
 * allows one typo and of 8+ letters two (`minWordSizeForTypos`). Pure.
 */
import { HL_POST, HL_PRE } from "~/utils/highlight";
import { normalizeSearchText } from "~/search/normalize";

const STOPWORDS = new Set(
  "a an and are as at by for from in into of on or the to with its their using based via experts expert researchers research partner partners".split(" "),
);

/** Normalised (normalize.ts), lower-case, diacritics removed. */
function fold(text: string): string {
  return normalizeSearchText(text).toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
}

/** A folded word with the plural "s" of a 5+ letter word dropped ("networks" → "network"; not "class"). */
function singular(w: string): string {
  return w.length > 4 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w;
}

/** Lower-case, diacritics folded, normalised (normalize.ts) word list without stop words. */
export function contentWords(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
    .map(singular);
}

// Rows of editDistance, reused across calls: it runs for every (query word, taxonomy word)
// pair of a text, thousands per call, and allocating rows was most of inferTopics' time.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/** Optimal-string-alignment distance (a transposition is one edit), capped: returns cap+1 once above `cap`. */
export function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  if (b.length + 1 > rowA.length) {
    const n = 2 * (b.length + 1);
    [rowA, rowB, rowC] = [new Int32Array(n), new Int32Array(n), new Int32Array(n)];
  }
  let prev2 = rowA; // row i-2
  let prev = rowB; // row i-1
  let cur = rowC;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return cap + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length];
}

/** The word rule of topic recognition and highlighting: equal, or both of 5+ letters within one edit (two when both have 8+). */
export function wordMatch(q: string, t: string): boolean {
  if (q === t) return true;
  if (q.length < 5 || t.length < 5) return false;
  const cap = Math.min(q.length, t.length) >= 8 ? 2 : 1;
  return editDistance(q, t, cap) <= cap;
}

/** One word in the comparison form of contentWords: normalised, lower-case, diacritics removed, a plural "s" of 5+ letter words dropped. */
export function foldWord(word: string): string {
  // Plain ASCII (most field words) needs none of the script normalisation.
  return singular(/^[\x20-\x7e]*$/.test(word) ? word.toLowerCase() : fold(word));
}

/** Typos a query word of `length` letters may carry (the indexes' minWordSizeForTypos: oneTypo 4, twoTypos 8). */
function typosFor(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/**
 * Whether the folded field word `word` matches query word `q` (folded):
 * equal, a prefix when `q` is the query's last word, or within q's typos
 * unless `exact` (a query word spelled right is not a typo of another word:
 * "sensor" is no "senior").
 */
export function matchesQueryWord(word: string, q: string, isLast: boolean, exact = false): boolean {
  if (word === q) return true;
  if (isLast && word.startsWith(q)) return true;
  if (exact) return false;
  const cap = typosFor(q.length);
  return cap > 0 && editDistance(q, word, cap) <= cap;
}

const knownCache = new WeakMap<object, Set<string>>();

/**
 * The vocabulary of `texts` (e.g. the taxonomy's topic names and keywords)
 * as contentWords, cached per array: words a query spells right, which
 * highlighting then does not stretch to their typo neighbours.
 */
export function knownWords(texts: readonly string[]): ReadonlySet<string> {
  let set = knownCache.get(texts);
  if (!set) {
    set = new Set(texts.flatMap(contentWords));
    knownCache.set(texts, set);
  }
  return set;
}

// A word of a field value: letters and digits, with combining marks and ZWNJ inside Persian words.
// The Uzbek ʻ/ʼ (and ʹ) are modifier letters but fold to an apostrophe, which separates the query's
// words (contentWords), so they separate a value's words too: "Qoʻqon" is matched as "Qo" "qon".
const WORD = /((?:(?![\u02B9\u02BB\u02BC])[\p{L}\p{N}])(?:(?![\u02B9\u02BB\u02BC])[\p{L}\p{N}\p{M}\u200C])*)/u;

/**
 * `value` with the words matching `queryWords` (from contentWords of the
 * query text) wrapped in HL_PRE…HL_POST, or null when none matches. With
 * `crop`, a value longer than `crop` words is cut to `crop` words around its
 * first match, "…" marking each cut. `terms` are the matched words as written
 * in the value, lower-case. Query words in `known` (correctly spelled words
 * of the domain, see knownWords) match only as typed or as a prefix, never
 * within typos.
 */
export function highlightValue(value: string, queryWords: string[], crop?: number, known?: ReadonlySet<string>): { text: string; terms: string[] } | null {
  if (queryWords.length === 0 || !value) return null;
  const parts = value.split(WORD); // odd indexes are words
  const terms: string[] = [];
  let first = -1;
  let wordCount = 0;
  const last = queryWords.length - 1;
  for (let i = 1; i < parts.length; i += 2) {
    const w = foldWord(parts[i]);
    if (queryWords.some((q, k) => matchesQueryWord(w, q, k === last, known?.has(q)))) {
      if (first === -1) first = wordCount;
      terms.push(parts[i].toLowerCase());
      parts[i] = `${HL_PRE}${parts[i]}${HL_POST}`;
    }
    wordCount++;
  }
  if (first === -1) return null;
  if (crop === undefined || wordCount <= crop) return { text: parts.join(""), terms };
  // Cut to `crop` words: a third before the first match, the rest after it.
  const start = Math.max(0, Math.min(first - Math.floor(crop / 3), wordCount - crop));
  const from = start === 0 ? 0 : 2 * start + 1;
  const to = start + crop === wordCount ? parts.length - 1 : 2 * (start + crop) - 1; // the window's last word (or the end)
  const text = parts.slice(from, to + 1).join("");
  return { text: `${start > 0 ? "…" : ""}${text}${start + crop < wordCount ? "…" : ""}`, terms };
}

/**
 * Highlights `fields` of `doc` (string or string[] values) against the query
 * words: per field with a match, its matching values joined with " · ";
 * `matchedTerms` are the distinct matched words, lower-case, sorted. Fields in
 * `crop` are cut to that many words around the match; `known` as in
 * highlightValue.
 */
export function highlightFields(
  doc: Record<string, unknown>,
  fields: readonly string[],
  queryWords: string[],
  crop: Record<string, number> = {},
  known?: ReadonlySet<string>,
): { matchedTerms: string[]; highlighted: Record<string, string> } {
  const terms = new Set<string>();
  const highlighted: Record<string, string> = {};
  for (const f of fields) {
    const v = doc[f];
    const values = Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : [];
    const hits = values.map((x) => highlightValue(x, queryWords, crop[f], known)).filter((h) => h !== null);
    if (hits.length === 0) continue;
    highlighted[f] = hits.map((h) => h.text).join(" · ");
    for (const h of hits) for (const t of h.terms) terms.add(t);
  }
  return { matchedTerms: [...terms].sort(), highlighted };
}

/**
 * The highlighted form of a search hit's field `value` for display:
 * Meilisearch's highlighted `formatted` value, unless folding (normalize.ts)
 * changes `value`. Meilisearch then found the document through the field's
 * folded copy (indexes.server.ts) and compares the query with the value as
 * typed, so it misses the words written with letter variants ("Xəzər" for
 * the query "Xezer"); those values are marked here by highlightValue, which
 * compares folded words. `queryWords`: contentWords of the query. `crop`:
 * words to cut a long value to (as the search's cropLength). Falls back to
 * `formatted`, then `value`, when nothing is marked.
 */
export function searchHighlight(value: string, formatted: string | undefined, queryWords: string[], crop?: number): string {
  if (normalizeSearchText(value) !== value) {
    const own = highlightValue(value, queryWords, crop);
    if (own) return own.text;
  }
  return formatted ?? value;
}
