/**
 * The partner matching score and the explanation of each result: pure
 * functions over the candidates retrieval.server.ts fetched.
 *
 *   score = 0.45·shared + 0.20·related + 0.25·text + 0.10·newCountry
 *
 * every component in [0, 1] (Q = query topics, T = candidate topics):
 * - shared = Σ_{q ∈ Q∩T} w(q) / |Q|, w = topic-profile weight for
 *   institutions, 1 for experts;
 * - related = |{q ∈ Q \ T : related(q) ∩ T ≠ ∅}| / |Q|, related(q) = the
 *   topics measured as related to q (topic-relatedness.server.ts);
 * - text = Meilisearch `_rankingScore` of the candidate for the free text (0
 *   without text);
 * - newCountry = 1 when the candidate's member state is not yet represented.
 * Components and score are rounded to 4 decimals. Candidates with no shared
 * topic, no related topic and no text match are left out.
 */
import { countryName } from "~/domain/member-states";
import type { TopicInfo } from "~/features/topics/topics.server";
import type { RelatedTopic } from "~/features/matching/topic-relatedness.server";
import type { Retrieval } from "~/features/matching/retrieval.server";
import type { PartnerResult, PartnerType, QueryTopic, TopicRef } from "~/features/matching/partner-query";

/** Weights of the score components (sum 1). */
export const SCORE_WEIGHTS = { shared: 0.45, related: 0.2, text: 0.25, newCountry: 0.1 } as const;

const round = (x: number) => Math.round(x * 10000) / 10000;

/** A candidate: its Meilisearch document (the text search's when it has one) and its text score (0–1). */
export interface Candidate {
  type: PartnerType;
  doc: any;
  text: number;
}

/**
 * The distinct candidates of all hit lists (`hitLists[i]` answered
 * `retrievals[i]`), keyed by kind and id, in first-seen order. A text hit
 * brings its `_rankingScore` and its document, which carries the fields to
 * highlight.
 */
export function mergeCandidates(retrievals: Retrieval[], hitLists: any[][]): Candidate[] {
  const cands = new Map<string, Candidate>();
  hitLists.forEach((hits, i) => {
    const s = retrievals[i];
    for (const hit of hits) {
      const key = `${s.type}:${hit.id}`;
      const c = cands.get(key) ?? { type: s.type, doc: hit, text: 0 };
      if (s.kind === "text") {
        c.text = hit._rankingScore ?? 0;
        c.doc = hit;
      }
      cands.set(key, c);
    }
  });
  return [...cands.values()];
}

/** What scoring a candidate needs to know of the query. */
export interface ScoringContext {
  topicById: Map<string, TopicInfo>;
  queryTopics: QueryTopic[];
  /** Per query topic, its related topics that are not query topics (best first). */
  relatedOfQuery: Map<string, RelatedTopic[]>;
  /** Member states already represented (newCountry = 0 for them). */
  represented: string[];
  /** Leave out candidates from a represented member state (or with none). */
  onlyNewCountries: boolean;
}

/** The query-dependent sets of a context, computed once per query (scoreCandidate's third argument). */
export function topicSets(ctx: ScoringContext): { qSet: Set<string>; relSet: Set<string> } {
  return {
    qSet: new Set(ctx.queryTopics.map((t) => t.id)),
    relSet: new Set([...ctx.relatedOfQuery.values()].flat().map((r) => r.id)),
  };
}

/**
 * The candidate's shared topics (with weights) and, per query topic it lacks,
 * the most related of that topic's related topics it has.
 */
function topicMatches(c: Candidate, ctx: ScoringContext, sets: { qSet: Set<string>; relSet: Set<string> }) {
  const ids: string[] = c.doc.topicIds ?? [];
  const weights: number[] | undefined = c.type === "institution" ? c.doc.topicWeights : undefined;
  // One pass over the candidate's topics (institutions carry 50+): the shared ones, and the
  // ones related to a query topic.
  const sharedTopics: Array<TopicRef & { weight: number }> = [];
  const hasRelated = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    // The sets first: most of an institution's topics are in neither, and need no name.
    const id = ids[i];
    if (sets.qSet.has(id)) {
      const t = ctx.topicById.get(id);
      if (t) sharedTopics.push({ id, name: t.name, weight: weights?.[i] ?? 1 });
    } else if (sets.relSet.has(id) && ctx.topicById.has(id)) hasRelated.add(id);
  }
  const relatedTopics: PartnerResult["explanation"]["relatedTopics"] = [];
  for (const q of ctx.queryTopics) {
    if (sharedTopics.some((t) => t.id === q.id)) continue;
    // The most related of q's related topics the candidate has.
    const match: RelatedTopic | undefined = hasRelated.size ? ctx.relatedOfQuery.get(q.id)!.find((r) => hasRelated.has(r.id)) : undefined;
    if (match) relatedTopics.push({ query: { id: q.id, name: q.name }, match: { id: match.id, name: match.name }, reason: match.reason, why: match.why });
  }
  return { sharedTopics, relatedTopics };
}

/**
 * The scored result of candidate `c`, or null when it is left out (nothing
 * matches, or `onlyNewCountries` and its member state is represented). The
 * result's `topics`, matched terms and highlights are empty: findPartners
 * fills them for the page it returns.
 */
export function scoreCandidate(c: Candidate, ctx: ScoringContext, sets: { qSet: Set<string>; relSet: Set<string> }): PartnerResult | null {
  const d = c.doc;
  const isInst = c.type === "institution";
  const { sharedTopics, relatedTopics } = topicMatches(c, ctx, sets);
  const n = ctx.queryTopics.length;
  const shared = n ? sharedTopics.reduce((s, t) => s + t.weight, 0) / n : 0;
  const related = n ? relatedTopics.length / n : 0;
  const country: string | null = d.country ?? null;
  if (ctx.onlyNewCountries && (!country || ctx.represented.includes(country))) return null;
  if (shared === 0 && related === 0 && c.text === 0) return null;
  const newCountry = country && !ctx.represented.includes(country) ? 1 : 0;
  const score = round(SCORE_WEIGHTS.shared * shared + SCORE_WEIGHTS.related * related + SCORE_WEIGHTS.text * c.text + SCORE_WEIGHTS.newCountry * newCountry);
  return {
    type: c.type,
    id: d.id,
    name: isInst ? d.name : d.fullName,
    country,
    countryName: country ? countryName(country) : null,
    url: isInst ? `/institutions/${d.id}` : `/experts/${d.id}`,
    institution: !isInst && d.institutionId != null ? { id: d.institutionId, name: d.institutionName } : null,
    score,
    breakdown: { shared: round(shared), related: round(related), text: round(c.text), newCountry },
    explanation: {
      sharedTopics,
      relatedTopics,
      matchedTerms: [],
      highlighted: {},
      country: country ? { code: country, name: countryName(country), new: newCountry === 1 } : null,
    },
    topics: [],
  };
}

/** Result order: score descending, then institutions before experts, then id (deterministic). */
export function compareResults(a: PartnerResult, b: PartnerResult): number {
  return b.score - a.score || (a.type === b.type ? 0 : a.type === "institution" ? -1 : 1) || a.id - b.id;
}
