/**
 * Which of the candidate topics found for a free-text request are recognised
 * (the ranking described in topic-recognition.server.ts's module comment):
 * the candidates' shape, the threshold and the pure selection. Split from the
 * server module, which finds the candidates in the topics index.
 */

/** Lowest `_rankingScore` of a recognised topic (bench:relevance sweep, docs/matching.md). */
export const RECOGNITION_THRESHOLD = 0.3;
/** Topics recognised in one text, at most. */
export const MAX_RECOGNISED = 3;
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
   * Content words of the topic's name that the text's units (textUnits: its
   * glossary terms, each counted once, and its other words) have, one typo
   * per long word allowed, each weighted by how rare it is among topic names
   * (ln(topics / topics whose name has it): "rfid" 6.5, "systems" 2.0).
   */
  nameHits: number;
  /**
   * Weights (as nameHits) of the name's words the text does not have, generic
   * ones ("Applications", "Systems") left out: what the topic adds to the
   * request. "machine learning" leaves "materials" of Machine Learning in
   * Materials Science, nothing of Machine Learning and Algorithms.
   */
  leftover: number;
  /**
   * Pairs of adjacent content words of the text (or of its English rendering)
   * that the topic's name has adjacent too, in the same order, one typo per
   * long word allowed ("netwrok security": Network Security …; stop words are
   * skipped on both sides, so "security of wireless" pairs with "Security in
   * Wireless").
   */
  phrases: number;
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
 * The recognised topics among `candidates` (see the module comment of topic-recognition.server.ts), best
 * first: only topics whose name shares a word with the text; ranked as that
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
    .sort(
      (a, b) =>
        Number(b.spelled) - Number(a.spelled) ||
        b.phrases - a.phrases ||
        b.nameHits - a.nameHits ||
        b.covered - a.covered ||
        a.leftover - b.leftover ||
        Number(b.leads) - Number(a.leads) ||
        b.score - a.score ||
        a.id.localeCompare(b.id),
    );
  if (open.length === 0 || open[0].score < threshold) return [];
  // A topic picked by hand takes its place in the ranking (the text stands for it: no second guess).
  return [open[0], ...open.slice(1).filter((c) => c.spelled)].filter((c) => !given.has(c.id)).slice(0, MAX_RECOGNISED);
}
