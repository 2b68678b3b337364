/**
 * Related topics for partner matching: a measured relatedness between the
 * taxonomy's topics, replacing "same OpenAlex subfield" (which related
 * Medical Image Segmentation to Handwritten Text Recognition).
 *
 * relatedness(a, b) = lexical(a, b) + COOC_WEIGHT · cooccurrence(a, b), in [0, 1.5]
 *
 * - lexical: cosine similarity of the topics' TF-IDF vectors over their
 *   vocabulary (data: `topics.name` and `topics.keywords`, i.e.
 *   db/data/openalex-ict-topics.json): each content word of the name (tf 2),
 *   each content word of a keyword (tf 1) and each multi-word keyword as a
 *   phrase (tf 1); idf = ln(645 / topics using the term). Words that say
 *   nothing about the subject ("advanced", "techniques", "systems",
 *   "applications" …: GENERIC_WORDS) are left out. A pair must share at
 *   least MIN_SHARED_TERMS terms, so one common word ("stability") is not
 *   enough.
 * - cooccurrence: how often the two topics are declared together in profiles
 *   (an expert's topics, `expert_topics`; an institution's declared topics,
 *   `institution_topics`): Ochiai n_ab / √(n_a · n_b), counted only from
 *   MIN_COOCCURRENCES profiles up (fewer is chance on a few hundred profiles).
 *   Computed by one SQL aggregate and kept COOCCURRENCE_TTL_MS per database
 *   handle (stale-while-revalidate: an expired value is served while the new
 *   one is computed, so no matching request waits for the aggregate after
 *   the first).
 *
 * Two topics are related when relatedness ≥ RELATED_THRESHOLD; each topic
 * keeps its MAX_RELATED best (ties: id). Each related topic carries why
 * ("both list the keyword “intrusion detection”; share the word “network”",
 * "declared together by 4 experts and 2 institutions").
 *
 * How the numbers were chosen (docs/matching.md): over the 645
 * topics, the best lexical neighbour of a topic scores 0.14 (10th
 * percentile), 0.24 (median), 0.37 (90th). Pairs sampled in the 0.15–0.19
 * band read as related in about 60 % of cases, most wrong ones sharing a
 * single word; with MIN_SHARED_TERMS = 2 and RELATED_THRESHOLD = 0.15, 547
 * topics have a related topic (1,358 pairs, ≤ 3 each; Natural Language
 * Processing ↔ Topic Modeling at 0.156 is the kind of pair 0.16 lost), and
 * the two bad examples of issue 12 score 0.03 and 0.006. Co-occurrence alone
 * passes only when strong (Ochiai ≥ 0.3 over ≥ 5 profiles): topics drawn at
 * random from one profile template stay below it.
 */
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { DB } from "~db/types";
import { contentWords } from "~/features/matching/text-match";
import { readTaxonomy } from "~/features/topics/topics.server";
import type { RelatedWhy } from "~/features/matching/partner-query";

/** Minimum relatedness for two topics to count as related. */
export const RELATED_THRESHOLD = 0.15;
/** Related topics kept per topic, at most. */
export const MAX_RELATED = 3;
/** Weight of the co-occurrence association against the lexical similarity. */
export const COOC_WEIGHT = 0.5;
/** Profiles declaring both topics before co-occurrence counts at all. */
export const MIN_COOCCURRENCES = 5;
/** Distinct vocabulary terms (words or keyword phrases) two topics must share for the lexical part. */
export const MIN_SHARED_TERMS = 2;
/** How long co-occurrence counts are reused before they are recomputed (ms). */
export const COOCCURRENCE_TTL_MS = 10 * 60_000;

/**
 * Words of topic names and keywords that do not say what a topic is about
 * (they join unrelated topics: "Advanced … Techniques and Applications").
 * Compared in contentWords' form (lower-case, plural "s" dropped).
 */
const GENERIC_WORDS = new Set(
  (
    "advanced advancement technique technology application system method methodology study approach development issue trend " +
    "recent various new novel modern related field area analysis engineering computing computer science"
  )
    .split(" ")
    .flatMap((w) => contentWords(w)),
);

/** A topic as the relatedness needs it (the taxonomy's fields). */
export interface RelatednessTopic {
  id: string;
  name: string;
  keywords: string[];
}

/** Co-occurrence counts over profiles: per topic, and per unordered pair ("a|b", a < b) with n ≥ MIN_COOCCURRENCES. */
export interface Cooccurrence {
  perTopic: Map<string, number>;
  pairs: Map<string, number>;
  /** Per pair of `pairs`: how many of its profiles are experts' and institutions' (for the explanation; absent: unknown). */
  pairKinds?: Map<string, { experts: number; institutions: number }>;
}

export interface RelatedTopic {
  id: string;
  name: string;
  /** lexical + COOC_WEIGHT · cooccurrence, rounded to 3 decimals. */
  score: number;
  /** Keyword phrases and name/keyword words both topics use, most telling first (at most 4). */
  sharedTerms: string[];
  /** Profiles declaring both topics (0 below MIN_COOCCURRENCES). */
  profiles: number;
  /** Why, in English words: "both list the keywords “…”; share the words “…”; declared together by n experts and m institutions" (reasonOf(why)). */
  reason: string;
  /** Why, as data (the page translates it). */
  why: RelatedWhy[];
}

/** Related topics per topic id (topics without any map to nothing). */
export type RelatedTopics = Map<string, RelatedTopic[]>;

interface Vector {
  /** term → tf·idf / ‖v‖ */
  weights: Map<string, number>;
  /** term → as written in the topic (first spelling met), for explanations. */
  display: Map<string, string>;
}

/** TF-IDF vectors of the topics' names and keywords (see the module comment). Pure. */
function vectors(topics: RelatednessTopic[]): Map<string, Vector> {
  const raw = new Map<string, { tf: Map<string, number>; display: Map<string, string> }>();
  const df = new Map<string, number>();
  for (const t of topics) {
    const tf = new Map<string, number>();
    const display = new Map<string, string>();
    const add = (term: string, n: number, shown: string) => {
      tf.set(term, (tf.get(term) ?? 0) + n);
      if (!display.has(term)) display.set(term, shown);
    };
    for (const w of new Set(contentWords(t.name))) if (!GENERIC_WORDS.has(w)) add(`w:${w}`, 2, w);
    for (const k of t.keywords) {
      const words = contentWords(k);
      if (words.length > 1) add(`k:${words.join(" ")}`, 1, k.toLowerCase());
      for (const w of new Set(words)) if (!GENERIC_WORDS.has(w)) add(`w:${w}`, 1, w);
    }
    raw.set(t.id, { tf, display });
    for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const n = topics.length;
  const out = new Map<string, Vector>();
  for (const [id, { tf, display }] of raw) {
    const weights = new Map<string, number>();
    let norm = 0;
    for (const [term, f] of tf) {
      const w = f * Math.log(n / df.get(term)!);
      if (w <= 0) continue; // a term every topic has tells nothing
      weights.set(term, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, w] of weights) weights.set(term, w / norm);
    out.set(id, { weights, display });
  }
  return out;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The parts of why two topics are related: the telling terms they share and who declared both (see RelatedWhy). */
function whyOf(terms: TellingTerm[], declared: { experts: number; institutions: number } | { profiles: number }): RelatedWhy[] {
  const why: RelatedWhy[] = [];
  const phrases = terms.filter((t) => t.phrase).map((t) => t.text);
  const words = terms.filter((t) => !t.phrase).map((t) => t.text);
  if (phrases.length) why.push({ kind: "keywords", terms: phrases });
  if (words.length) why.push({ kind: "words", terms: words });
  if ("profiles" in declared) {
    if (declared.profiles) why.push({ kind: "declaredByProfiles", profiles: declared.profiles });
  } else if (declared.experts || declared.institutions) why.push({ kind: "declaredBy", ...declared });
  return why;
}

const quoted = (xs: string[]) => xs.map((x) => `“${x}”`).join(", ");
const counted = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * Why two topics are related, in English words (the API's `reason`):
 * "both list the keywords “intrusion detection”; share the words “network”;
 * declared together by 4 experts and 2 institutions" (by "n profiles" when
 * the kinds are unknown).
 */
export function reasonOf(why: RelatedWhy[]): string {
  return why
    .map((w) => {
      switch (w.kind) {
        case "keywords":
          return `both list the keyword${w.terms.length === 1 ? "" : "s"} ${quoted(w.terms)}`;
        case "words":
          return `share the word${w.terms.length === 1 ? "" : "s"} ${quoted(w.terms)}`;
        case "declaredBy":
          return `declared together by ${[...(w.experts ? [counted(w.experts, "expert")] : []), ...(w.institutions ? [counted(w.institutions, "institution")] : [])].join(" and ")}`;
        case "declaredByProfiles":
          return `declared together by ${counted(w.profiles, "profile")}`;
      }
    })
    .join("; ");
}

/**
 * Related topics of every topic (see the module comment for the score,
 * threshold and explanations). Deterministic for the same input; pure.
 * Sparse dot products over an inverted index of the terms (~0.1 s for 645 topics).
 */
export function computeRelatedTopics(topics: RelatednessTopic[], cooc: Cooccurrence = { perTopic: new Map(), pairs: new Map() }): RelatedTopics {
  const vecs = vectors(topics);
  const ids = topics.map((t) => t.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  // Vectors as arrays of term numbers and weights, and an inverted index over them in flat arrays
  // (term → topics using it): only topics sharing a term are compared, without Map lookups in the
  // inner loop (with Maps a cold first call took ~1 s, a cost the first matching request paid).
  const termNo = new Map<string, number>();
  const vt: Int32Array[] = [];
  const vw: Float64Array[] = [];
  for (const id of ids) {
    const entries = [...vecs.get(id)!.weights];
    vt.push(Int32Array.from(entries, ([term]) => termNo.get(term) ?? (termNo.set(term, termNo.size), termNo.size - 1)));
    vw.push(Float64Array.from(entries, ([, w]) => w));
  }
  const start = new Int32Array(termNo.size + 1);
  for (const terms of vt) for (const t of terms) start[t + 1]++;
  for (let t = 0; t < termNo.size; t++) start[t + 1] += start[t];
  const fill = start.slice(0, termNo.size);
  const postTopic = new Int32Array(start[termNo.size]);
  const postWeight = new Float64Array(start[termNo.size]);
  vt.forEach((terms, i) =>
    terms.forEach((t, k) => {
      postTopic[fill[t]] = i;
      postWeight[fill[t]++] = vw[i][k];
    }),
  );
  // Co-occurring partners per topic (pairs are stored once).
  const coPartners = new Map<string, Map<string, number>>();
  for (const [key, n] of cooc.pairs) {
    if (n < MIN_COOCCURRENCES) continue;
    const [a, b] = key.split("|");
    for (const [x, y] of [
      [a, b],
      [b, a],
    ]) {
      let m = coPartners.get(x);
      if (!m) coPartners.set(x, (m = new Map()));
      m.set(y, n);
    }
  }
  const out: RelatedTopics = new Map();
  const dot = new Float64Array(ids.length);
  const sharedCount = new Int32Array(ids.length);
  topics.forEach((t, self) => {
    const v = vecs.get(t.id)!;
    const touched: number[] = [];
    const terms = vt[self];
    const weights = vw[self];
    for (let k = 0; k < terms.length; k++) {
      const w = weights[k];
      for (let p = start[terms[k]], end = start[terms[k] + 1]; p < end; p++) {
        const other = postTopic[p];
        if (other === self) continue;
        if (sharedCount[other] === 0) touched.push(other);
        dot[other] += w * postWeight[p];
        sharedCount[other]++;
      }
    }
    const scored: Array<{ other: number; score: number; lexical: number; profiles: number }> = [];
    const consider = (other: number) => {
      const lexical = sharedCount[other] >= MIN_SHARED_TERMS ? dot[other] : 0;
      const nab = coPartners.get(t.id)?.get(ids[other]) ?? 0;
      const na = cooc.perTopic.get(t.id) ?? 0;
      const nb = cooc.perTopic.get(ids[other]) ?? 0;
      const assoc = nab && na && nb ? Math.min(1, nab / Math.sqrt(na * nb)) : 0;
      const score = lexical + COOC_WEIGHT * assoc;
      if (score >= RELATED_THRESHOLD) scored.push({ other, score, lexical, profiles: assoc ? nab : 0 });
    };
    for (const other of touched) consider(other);
    for (const id of coPartners.get(t.id)?.keys() ?? []) {
      const other = index.get(id);
      if (other !== undefined && other !== self && sharedCount[other] === 0) consider(other);
    }
    for (const other of touched) {
      dot[other] = 0;
      sharedCount[other] = 0;
    }
    scored.sort((a, b) => b.score - a.score || ids[a.other].localeCompare(ids[b.other]));
    const kept = scored.slice(0, MAX_RELATED).map(({ other, score, lexical, profiles }): RelatedTopic => {
      const terms = lexical ? tellingTerms(v, vecs.get(ids[other])!) : [];
      const declared = (profiles && cooc.pairKinds?.get(pairKey(t.id, ids[other]))) || { profiles };
      const sharedTerms = terms.map((x) => x.text);
      const why = whyOf(terms, declared);
      return { id: ids[other], name: topics[other].name, score: Math.round(score * 1000) / 1000, sharedTerms, profiles, reason: reasonOf(why), why };
    });
    if (kept.length) out.set(t.id, kept);
  });
  return out;
}

/** A term two topics share: a keyword phrase both list, or a word both use. */
interface TellingTerm {
  text: string;
  phrase: boolean;
}

/** Terms `v` shares with `u` by contribution, as written in `v`; a word already inside a shown keyword phrase is not repeated. At most 4. */
function tellingTerms(v: Vector, u: Vector): TellingTerm[] {
  const sorted = [...v.weights].flatMap(([t, w]): Array<[string, number]> => (u.weights.has(t) ? [[t, w * u.weights.get(t)!]] : []));
  sorted.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  // Phrases first: "intrusion detection" says more than "intrusion" and "detection".
  const phrases = sorted.filter(([t]) => t.startsWith("k:")).map(([t]) => t.slice(2).split(" "));
  const shown: TellingTerm[] = sorted.filter(([t]) => t.startsWith("k:")).map(([t]) => ({ text: v.display.get(t)!, phrase: true }));
  for (const [t] of sorted) {
    if (t.startsWith("w:") && !phrases.some((p) => p.includes(t.slice(2)))) shown.push({ text: v.display.get(t)!, phrase: false });
  }
  return shown.slice(0, 4);
}

/**
 * Co-occurrence counts from PostgreSQL: profiles are experts (`expert_topics`)
 * and institutions' declared topics (`institution_topics`); per topic and per
 * pair declared together in at least MIN_COOCCURRENCES profiles. One
 * aggregate (a self-join per profile), grouped in the database.
 */
export async function loadCooccurrence(db: Kysely<DB>): Promise<Cooccurrence> {
  const profiles = sql`
    select 'e' as kind, expert_id as pid, topic_id from expert_topics
    union all
    select 'i', institution_id, topic_id from institution_topics`;
  const [perTopic, pairs] = await Promise.all([
    sql<{ topic_id: string; n: number }>`select topic_id, count(*)::int as n from (${profiles}) p group by topic_id`.execute(db),
    sql<{ a: string; b: string; n: number; ne: number }>`
      with p as (${profiles})
      select x.topic_id as a, y.topic_id as b, count(*)::int as n, (count(*) filter (where x.kind = 'e'))::int as ne
      from p x join p y on x.kind = y.kind and x.pid = y.pid and x.topic_id < y.topic_id
      group by x.topic_id, y.topic_id
      having count(*) >= ${MIN_COOCCURRENCES}`.execute(db),
  ]);
  return {
    perTopic: new Map(perTopic.rows.map((r) => [r.topic_id, r.n])),
    pairs: new Map(pairs.rows.map((r) => [pairKey(r.a, r.b), r.n])),
    pairKinds: new Map(pairs.rows.map((r) => [pairKey(r.a, r.b), { experts: r.ne, institutions: r.n - r.ne }])),
  };
}

const cache = new WeakMap<Kysely<DB>, { at: number; value: Promise<RelatedTopics>; refreshing?: boolean }>();

/**
 * Related topics of the taxonomy for `db` (topics and co-occurrence read from
 * PostgreSQL), cached per database handle for COOCCURRENCE_TTL_MS; after that
 * the cached value is served while a fresh one is computed in the
 * background. A failed computation is not cached.
 */
export function getRelatedTopics(db: Kysely<DB>): Promise<RelatedTopics> {
  const hit = cache.get(db);
  if (hit) {
    if (Date.now() - hit.at >= COOCCURRENCE_TTL_MS && !hit.refreshing) {
      hit.refreshing = true;
      const next = compute(db);
      next.then(
        () => cache.set(db, { at: Date.now(), value: next }),
        () => (hit.refreshing = false),
      );
    }
    return hit.value;
  }
  const value = compute(db);
  cache.set(db, { at: Date.now(), value });
  value.catch(() => cache.delete(db));
  return value;
}

/** Forgets the cached related topics of `db` (tests; after a bulk import). */
export function forgetRelatedTopics(db: Kysely<DB>): void {
  cache.delete(db);
}

async function compute(db: Kysely<DB>): Promise<RelatedTopics> {
  const [topics, cooc] = await Promise.all([readTaxonomy(db), loadCooccurrence(db)]);
  return computeRelatedTopics(topics, cooc);
}
