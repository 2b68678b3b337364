/**
 * Topic recognition in free text through the Meilisearch `topics` index
 * (issue 12): which OpenAlex taxonomy topics a partner request such as
 * "intrusion detection in industrial control systems" or "تشخیص نفوذ در شبکه"
 * stands for. Used by partner matching (matching.server.ts findPartners, when
 * `q` is given) and, through `searchTopicIndex`, by the topic picker.
 *
 * How (README "Partner matching"):
 * 1. The text is searched in the topics index (name, keywords, description,
 *    subfield, field, ranked in that order; English stop words;
 *    SAFE_SYNONYM_PAIRS as synonyms) with `showRankingScore`, and so is
 *    its rendering by the multilingual glossary (glossary.ts englishTermsIn:
 *    the English term of each glossary term found, in any of the region's
 *    languages, English included, so "распознавание речи" and "Persian speech
 *    recognition" both become "speech recognition"), in one multi-search. A
 *    topic's score is its best `_rankingScore` of the two.
 * 2. Only topics whose name shares a content word with the text or its
 *    rendering count (a match in keywords or the description alone ranked
 *    unrelated topics first: "Transportation Systems and Safety" for speech
 *    recognition). They are ranked by how many words of their name the text
 *    has, then by score; the first is recognised when its score reaches
 *    RECOGNITION_THRESHOLD (chosen by sweeping it on the judged free-text
 *    requests of bench:relevance).
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
import { getMeili, indexUid } from "./client.server";
import { meiliApiError } from "./http.server";
import { englishTermsIn } from "./glossary";
import { normalizeSearchText } from "./normalize";
import { searchQueryText } from "./glossary-query";
import { contentWords, wordMatch } from "../models/text-match";

/** Lowest `_rankingScore` of a recognised topic (bench:relevance sweep, README "Partner matching"). */
export const RECOGNITION_THRESHOLD = 0.3;
/** Topics recognised in one text, at most. */
export const MAX_RECOGNISED = 3;
/** Hits fetched per query (the candidates selection then ranks and cuts). */
const CANDIDATE_HITS = 20;
/** How long the name-word weights are reused before the topics index is read again (ms). */
const WEIGHTS_TTL_MS = 60_000;

/** One topic recognised in free text. */
export interface RecognisedTopic {
  id: string;
  name: string;
  subfieldId: string;
  /** Best Meilisearch `_rankingScore` of the topic for the text or its English rendering, in [0, 1]. */
  score: number;
  /** True when the text spells out the topic's name (kept whatever the score). */
  spelled: boolean;
  /**
   * Content words of the topic's name that the text (or its rendering) has,
   * one typo per long word allowed, each weighted by how rare it is among
   * topic names (ln(topics / topics whose name has it): "rfid" 6.5,
   * "systems" 2.0).
   */
  nameHits: number;
  /** Distinct content words of the text (and its rendering) found in the topic's name or keywords. */
  covered: number;
  /** The topic's name has the text's first content word (a request usually names its field first: "cloud resource scheduling"). */
  leads: boolean;
}

export interface RecognitionOptions {
  /** Topic ids never recognised (removed by the user: `dropTopics`). */
  drop?: readonly string[];
  /** Topic ids already in the query (picked by hand): not returned. */
  given?: readonly string[];
  /** Override of RECOGNITION_THRESHOLD (bench sweeps). */
  threshold?: number;
}

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

/**
 * Every candidate topic for `text` with its score and whether the text spells
 * out its name, best first (ties by id), before selection: the
 * bench sweeps thresholds over these. [] for text without content words.
 */
export async function topicCandidates(text: string): Promise<RecognisedTopic[]> {
  const q = normalizeSearchText(text.trim());
  if (contentWords(q).length === 0) return [];
  const english = englishRendering(q);
  const uid = indexUid("topics");
  const query = (s: string) => ({
    indexUid: uid,
    q: s,
    limit: CANDIDATE_HITS,
    showRankingScore: true,
    attributesToRetrieve: ["id", "name", "subfieldId", "keywords"],
  });
  let results;
  try {
    // A rendering equal to the text (English glossary terms as typed) would be the same search twice.
    ({ results } = await getMeili().multiSearch({ queries: english && english !== q ? [query(q), query(english)] : [query(q)] }));
  } catch (err) {
    if (meiliApiError(err)?.cause?.code === "index_not_found") return [];
    throw err;
  }
  const words = new Set([...contentWords(q), ...contentWords(english)]);
  const weight = await nameWordWeights();
  const first = contentWords(q)[0];
  const byId = new Map<string, RecognisedTopic>();
  for (const r of results) {
    for (const hit of r.hits as Array<{ id: string; name: string; subfieldId: string; keywords?: string[]; _rankingScore?: number }>) {
      const score = hit._rankingScore ?? 0;
      const cur = byId.get(hit.id);
      if (cur && cur.score >= score) continue;
      const nameWords = contentWords(hit.name);
      const has = (n: string) => words.has(n) || [...words].some((w) => wordMatch(w, n));
      const hitWords = nameWords.filter(has);
      const nameHits = hitWords.reduce((sum, w) => sum + (weight.get(w) ?? weight.get("") ?? 1), 0);
      const spelled = nameWords.length > 0 && hitWords.length === nameWords.length;
      const topicWords = new Set([...nameWords, ...(hit.keywords ?? []).flatMap(contentWords)]);
      const covered = [...words].filter((w) => topicWords.has(w) || [...topicWords].some((t) => wordMatch(w, t))).length;
      const leads = first !== undefined && nameWords.some((n) => n === first || wordMatch(first, n));
      byId.set(hit.id, { id: hit.id, name: hit.name, subfieldId: hit.subfieldId, score, spelled, nameHits, covered, leads });
    }
  }
  return [...byId.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
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
 * The recognised topics among `candidates` (see the module comment), best
 * first: only topics whose name shares a word with the text; ranked as the
 * module comment says; the first kept when it
 * scores at least the threshold, and after it only topics whose whole name
 * the text spells out. Pure.
 */
export function selectRecognised(candidates: readonly RecognisedTopic[], opts: RecognitionOptions = {}): RecognisedTopic[] {
  const threshold = opts.threshold ?? RECOGNITION_THRESHOLD;
  const given = new Set(opts.given ?? []);
  const drop = new Set((opts.drop ?? []).filter((id) => !given.has(id))); // picked by hand beats removed
  // A match in keywords or the description alone (a text of generic words) scored as high as
  // the right topic in the bench: the name must share a word with the text.
  const open = candidates
    .filter((c) => !drop.has(c.id) && c.nameHits > 0)
    .sort((a, b) => b.nameHits - a.nameHits || b.covered - a.covered || Number(b.leads) - Number(a.leads) || b.score - a.score || a.id.localeCompare(b.id));
  if (open.length === 0 || open[0].score < threshold) return [];
  // A topic picked by hand takes its place in the ranking (the text stands for it: no second guess).
  return [open[0], ...open.slice(1).filter((c) => c.spelled)].filter((c) => !given.has(c.id)).slice(0, MAX_RECOGNISED);
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
 * @throws Meilisearch errors but a missing topics index ([]).
 */
export async function searchTopicIndex(text: string, limit = 25): Promise<Array<{ id: string; name: string; subfield: string }>> {
  if (contentWords(normalizeSearchText(text.trim())).length === 0) return [];
  try {
    const res = await getMeili()
      .index(indexUid("topics"))
      .search(searchQueryText(text.trim()), { limit, attributesToRetrieve: ["id", "name", "subfield"] });
    return res.hits as Array<{ id: string; name: string; subfield: string }>;
  } catch (err) {
    if (meiliApiError(err)?.cause?.code === "index_not_found") return [];
    throw err;
  }
}
