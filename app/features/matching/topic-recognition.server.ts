/**
 * Topic recognition in free text through the Meilisearch `topics` index
 * (issue 12): which OpenAlex taxonomy topics a partner request such as
 * "intrusion detection in industrial control systems" or "تشخیص نفوذ در شبکه"
 * stands for. Used by partner matching (matching.server.ts findPartners, when
 * `q` is given) and, through `searchTopicIndex`, by the topic picker.
 *
 * How (docs/matching.md):
 * 1. The text is searched in the topics index (name, keywords, description,
 *    subfield, field, ranked in that order; English stop words;
 *    SAFE_SYNONYM_PAIRS as synonyms) with `showRankingScore`, as typed
 *    (matchingStrategy "last" and "frequency") and as rendered by the
 *    multilingual glossary (glossary.ts englishTermsIn: the English term of
 *    each glossary term found, in any of the region's languages, English
 *    included, so "распознавание речи" and "Persian speech recognition" both
 *    become "speech recognition"), in one multi-search. A topic's score is its
 *    best `_rankingScore` of the three.
 * 2. Only topics whose name shares a content word with the text's units
 *    (textUnits: its glossary terms and other words) count (a match in
 *    keywords or the description alone ranked unrelated topics first:
 *    "Transportation Systems and Safety" for speech recognition). They are
 *    ranked: a topic whose whole name the text spells out first; then by how
 *    many of the text's word pairs its name has side by side, in the text's
 *    order (phrases: an exact match beats a partial one, so "network
 *    security" is Network Security and Intrusion Detection, not Security in
 *    Wireless Sensor Networks, which has both words and fewer others; the
 *    glossary links a term to exactly the topics whose names hold it as a
 *    phrase); then by the weight of the name words the text has (nameHits);
 *    then by how many of the text's words its name and keywords have; then
 *    by name coverage — the fewer name words the text lacks the better
 *    (leftover: a broad "artificial intelligence" is Artificial Intelligence
 *    Applications, not Artificial Intelligence in Games; "cybersecurity"
 *    Information and Cyber Security, not Cybersecurity and Cyber Warfare
 *    Studies); then by score.
 *    The first is recognised when its score reaches RECOGNITION_THRESHOLD
 *    (chosen by sweeping it on the judged free-text requests of
 *    bench:relevance).
 * 3. Plus the exact-phrase rule of the former in-memory recogniser that still
 *    helps: further topics whose whole name the text spells out (every content
 *    word, any order, one typo per long word), at most MAX_RECOGNISED in all.
 * Topics in `drop` (the user removed them) are never recognised; topics in
 * `given` (picked by hand) are not repeated, and when the best topic is one of
 * them no other takes its place.
 *
 * Errors: Meilisearch failures are thrown (routes answer 503,
 * search/unavailable.server.ts), except a missing topics index (a deployment
 * before its first start-up rebuild), which recognises nothing.
 */
import { getMeili, indexUid } from "~/search/client.server";
import { meiliApiError } from "~/search/http.server";
import { englishTermsIn } from "~/search/glossary-match";
import { normalizeSearchText } from "~/search/normalize";
import { searchQueryText } from "~/search/glossary-query";
import { contentWords as allContentWords, wordMatch } from "~/features/matching/text-match";
import { TOPIC_STOP_WORDS } from "~/search/indexes/topics.server";
import { selectRecognised, type RecognisedTopic, type RecognitionOptions } from "~/features/matching/topic-selection";

export { MAX_RECOGNISED, RECOGNITION_THRESHOLD, selectRecognised, type RecognisedTopic, type RecognitionOptions } from "~/features/matching/topic-selection";

const STOP = new Set<string>(TOPIC_STOP_WORDS);
/** contentWords without the topics index's stop words ("during" of "Healthcare during COVID-19 Pandemic" is no match). */
const contentWords = (text: string) => allContentWords(text).filter((w) => !STOP.has(w));

/** Hits fetched per query (the candidates selection then ranks and cuts). */
const CANDIDATE_HITS = 20;
/** How long the name-word weights are reused before the topics index is read again (ms). */
const WEIGHTS_TTL_MS = 60_000;

/**
 * The rendering of `text` by the glossary: the English term of each glossary
 * term found (English ones too: "AI" → "artificial intelligence"), in text
 * order; "" when there is none.
 */
export function englishRendering(text: string): string {
  return englishTermsIn(text)
    .map((m) => m.en[0])
    .join(" ");
}

/** `text` without the spans of `matches` (glossary terms, in text order), the gaps joined by spaces. */
function outside(text: string, matches: ReadonlyArray<{ start: number; end: number }>): string {
  const rest: string[] = [];
  let at = 0;
  for (const m of matches) {
    rest.push(text.slice(at, m.start));
    at = m.end;
  }
  rest.push(text.slice(at));
  return rest.join(" ");
}

/**
 * The partner search text for `text` (the experts and institutions text
 * queries of matching.server.ts): its glossary terms first, those of the
 * region's other languages in English ("электронное правительство" →
 * "e-government", so it finds the partners the English request finds:
 * Meilisearch's multi-word synonyms did not), English ones as typed; then
 * its other words, as typed. Meilisearch's matchingStrategy "last" lets the
 * last words go first when too few documents have them all, so a leading
 * word outside the topic no longer empties the result ("Persian speech
 * recognition" is searched as "speech recognition Persian"). `text`
 * unchanged when it has no glossary term. Pure.
 */
export function partnerSearchText(text: string): string {
  const matches = englishTermsIn(text);
  if (matches.length === 0) return text;
  const terms = matches.map((m) => (m.lang === "en" ? m.term : m.en[0]));
  const others = outside(text, matches)
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  return [...terms, ...others].join(" ");
}

/**
 * What the text says, unit by unit, for name coverage: each glossary term
 * found (englishTermsIn; its concept's English terms, each as content words)
 * and each other content word of the text (one one-word term). A unit counts
 * once however many of its terms a topic name has ("cybersecurity" and "cyber
 * security" are one unit). Pure.
 */
export function textUnits(text: string): string[][][] {
  const matches = englishTermsIn(text);
  const units: string[][][] = matches.map((m) => m.en.map(contentWords).filter((ws) => ws.length > 0));
  // Words outside every glossary term, as typed (English words the glossary lacks: "persian", "tweets").
  for (const w of new Set(contentWords(outside(text, matches)))) units.push([[w]]);
  return units.filter((u) => u.length > 0);
}

/**
 * Name coverage of a topic for the text's units (see RecognisedTopic): per
 * unit, its term matching the most weight of name words; `hits` the summed
 * weights of those name words, `leftover` the weights of the name's other
 * words (GENERIC_NAME_WORDS weigh nothing). Pure.
 */
function nameCoverage(nameWords: string[], units: string[][][], weight: (w: string) => number): { hits: number; leftover: number; matched: number } {
  const marked = new Set<number>();
  let hits = 0;
  for (const unit of units) {
    let best: { sum: number; idx: number[] } = { sum: 0, idx: [] };
    for (const term of unit) {
      const idx = nameWords.flatMap((n, i) => (term.some((w) => w === n || wordMatch(w, n)) ? [i] : []));
      const sum = idx.reduce((s, i) => s + weight(nameWords[i]), 0);
      if (sum > best.sum) best = { sum, idx };
    }
    hits += best.sum;
    for (const i of best.idx) marked.add(i);
  }
  const leftover = nameWords.reduce((s, n, i) => (marked.has(i) || GENERIC_NAME_WORDS.has(n) ? s : s + weight(n)), 0);
  return { hits, leftover, matched: marked.size };
}

/**
 * Words of topic names that do not narrow a topic ("Artificial Intelligence
 * Applications" is the general AI topic, "… in Games" a narrow one): they
 * are no leftover in name coverage. contentWords' form.
 */
const GENERIC_NAME_WORDS = new Set(
  "advance advanced application algorithm approach method methodology practice system technique technology tool trend study studies issue challenge solution development innovation"
    .split(" ")
    .flatMap(contentWords),
);

/**
 * Every candidate topic for `text` with its score and whether the text spells
 * out its name, best first (ties by id), before selection: the
 * bench sweeps thresholds over these. [] for text without content words.
 * The text as typed is searched twice, with Meilisearch's default
 * matchingStrategy "last" (its last words let go first) and with "frequency"
 * (its commonest words let go first: "deep learning speech recognition"
 * then still finds Speech Recognition and Synthesis, which lacks "learning";
 * "last" alone kept only topics with "deep learning"), and its rendering
 * once, in one multi-search.
 */
export async function topicCandidates(text: string): Promise<RecognisedTopic[]> {
  const q = normalizeSearchText(text.trim());
  if (contentWords(q).length === 0) return [];
  const english = englishRendering(q);
  const uid = indexUid("topics");
  const query = (s: string, matchingStrategy: "last" | "frequency" = "last") => ({
    indexUid: uid,
    q: s,
    limit: CANDIDATE_HITS,
    showRankingScore: true,
    matchingStrategy,
    attributesToRetrieve: ["id", "name", "subfieldId", "keywords"],
  });
  // Requested with the search, not after it: once a minute the weights are read again, and that
  // was a third sequential round trip before the topic candidates (issue 17).
  const weightsRead = nameWordWeights();
  weightsRead.catch(() => {}); // awaited below; this only avoids an unhandled rejection meanwhile
  let results;
  try {
    // A rendering equal to the text (English glossary terms as typed) would be the same search twice.
    const queries = [query(q), query(q, "frequency"), ...(english && english !== q ? [query(english)] : [])];
    ({ results } = await getMeili().multiSearch({ queries }));
  } catch (err) {
    if (meiliApiError(err)?.cause?.code === "index_not_found") return [];
    throw err;
  }
  const words = new Set([...contentWords(q), ...contentWords(english)]);
  const units = textUnits(q);
  const weights = await weightsRead;
  const weight = (w: string) => weights.get(w) ?? weights.get("") ?? 1;
  const first = contentWords(q)[0];
  const pairs = textPairs([q, english]);
  const byId = new Map<string, RecognisedTopic>();
  for (const r of results) {
    for (const hit of r.hits as Array<{ id: string; name: string; subfieldId: string; keywords?: string[]; _rankingScore?: number }>) {
      const score = hit._rankingScore ?? 0;
      const cur = byId.get(hit.id);
      if (cur && cur.score >= score) continue;
      const nameWords = contentWords(hit.name);
      const { hits: nameHits, leftover, matched } = nameCoverage(nameWords, units, weight);
      const spelled = nameWords.length > 0 && matched === nameWords.length;
      const topicWords = new Set([...nameWords, ...(hit.keywords ?? []).flatMap(contentWords)]);
      const covered = [...words].filter((w) => topicWords.has(w) || [...topicWords].some((t) => wordMatch(w, t))).length;
      const leads = first !== undefined && nameWords.some((n) => n === first || wordMatch(first, n));
      const phrases = pairs.filter(([a, b]) => nameWords.some((n, i) => i + 1 < nameWords.length && wordMatch(a, n) && wordMatch(b, nameWords[i + 1]))).length;
      byId.set(hit.id, { id: hit.id, name: hit.name, subfieldId: hit.subfieldId, score, spelled, nameHits, leftover, phrases, covered, leads });
    }
  }
  return [...byId.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/** Adjacent pairs of the content words of each of `texts`, in order, each pair once ([] when none has two words). Pure. */
function textPairs(texts: readonly string[]): Array<[string, string]> {
  const seen = new Set<string>();
  const out: Array<[string, string]> = [];
  for (const ws of texts.map(contentWords))
    for (let i = 0; i + 1 < ws.length; i++) {
      const key = `${ws[i]} ${ws[i + 1]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push([ws[i], ws[i + 1]]);
    }
  return out;
}

let weightsCache: { at: number; uid: string; weights: Promise<Map<string, number>> } | undefined;

/**
 * ln(N / n_w) for each content word w of the N topic names in the topics
 * index (n_w: names having it); under "" the weight of a word in no name
 * (ln N). Read at most once a minute.
 */
function nameWordWeights(): Promise<Map<string, number>> {
  const uid = indexUid("topics");
  if (weightsCache && weightsCache.uid === uid && Date.now() - weightsCache.at < WEIGHTS_TTL_MS) return weightsCache.weights;
  const weights = getMeili()
    .index(uid)
    .getDocuments({ fields: ["name"], limit: 10_000 })
    .then(({ results }) => {
      const df = new Map<string, number>();
      for (const d of results) for (const w of new Set(contentWords(String(d.name)))) df.set(w, (df.get(w) ?? 0) + 1);
      const n = Math.max(1, results.length);
      const out = new Map([...df].map(([w, k]) => [w, Math.log(n / k)]));
      out.set("", Math.log(n));
      return out;
    });
  weightsCache = { at: Date.now(), uid, weights };
  weights.catch(() => (weightsCache = undefined)); // a failed read is not cached
  return weights;
}

/**
 * Topics `text` stands for, best first, at most MAX_RECOGNISED (module
 * comment). Never returns a topic of `opts.drop` or `opts.given`.
 * @throws Meilisearch errors but a missing topics index.
 */
export async function recogniseTopics(text: string, opts: RecognitionOptions = {}): Promise<RecognisedTopic[]> {
  return selectRecognised(await cachedCandidates(text), opts);
}

/** Texts whose candidates are kept (least recently used dropped first), and for how long (ms). */
const CANDIDATES_CACHE_SIZE = 1000;
const CANDIDATES_TTL_MS = 60_000;
const candidatesCache = new Map<string, { at: number; candidates: Promise<RecognisedTopic[]> }>();

/**
 * topicCandidates, kept per topics index and normalised text: /partners
 * repeats a request's text for each page, filter and removed chip, and the
 * recognition is a round trip before the topic candidates can be fetched.
 * The topics index changes only with the taxonomy (`npm run db:import`,
 * through the outbox or a rebuild; a rebuild calls forgetRecognitionCache in
 * its process, anything else is seen within CANDIDATES_TTL_MS, as with the
 * name-word weights). A failed search is not kept. Selection (drop, given, threshold) is applied
 * to the kept candidates afresh each time.
 */
function cachedCandidates(text: string): Promise<RecognisedTopic[]> {
  const key = `${indexUid("topics")}\u0000${normalizeSearchText(text.trim())}`;
  const hit = candidatesCache.get(key);
  candidatesCache.delete(key); // re-inserted last: the Map's order is the recency order
  if (hit && Date.now() - hit.at < CANDIDATES_TTL_MS) {
    candidatesCache.set(key, hit);
    return hit.candidates;
  }
  const candidates = topicCandidates(text);
  candidatesCache.set(key, { at: Date.now(), candidates });
  if (candidatesCache.size > CANDIDATES_CACHE_SIZE) candidatesCache.delete(candidatesCache.keys().next().value!);
  candidates.catch(() => {
    if (candidatesCache.get(key)?.candidates === candidates) candidatesCache.delete(key);
  });
  return candidates;
}

/** Forgets the kept recognition candidates and name-word weights (after the topics index is rebuilt). */
export function forgetRecognitionCache(): void {
  candidatesCache.clear();
  weightsCache = undefined;
}

/**
 * Topic picker search over the topics index: topics matching `text` (name,
 * keywords, description, subfield; typos; in the region's languages through
 * the glossary, glossary-query.ts), Meilisearch's ranking. Empty text → [].
 * @throws Meilisearch errors; a missing topics index too with
 *   `throwWhenMissing` (callers with a fallback), else it gives [].
 */
export async function searchTopicIndex(
  text: string,
  limit = 25,
  opts: { throwWhenMissing?: boolean } = {},
): Promise<Array<{ id: string; name: string; subfield: string }>> {
  const q = normalizeSearchText(text.trim());
  if (contentWords(q).length === 0) return [];
  try {
    const res = await getMeili()
      .index(indexUid("topics"))
      .search(searchQueryText(text.trim()), { limit, attributesToRetrieve: ["id", "name", "subfield"] });
    return res.hits as Array<{ id: string; name: string; subfield: string }>;
  } catch (err) {
    if (!opts.throwWhenMissing && meiliApiError(err)?.cause?.code === "index_not_found") return [];
    throw err;
  }
}
