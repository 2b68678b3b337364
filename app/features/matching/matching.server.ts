/**
 * Partner matching, the public entry: institutions and experts ranked by one
 * documented score, each result explaining itself. Used by /partners,
 * /api/v1/partners, the "Suggested partners" of expert profiles, calls and
 * proposal drafts (suggestions.server.ts). `findPartners(db, query)` here;
 * consortium building in consortium.server.ts.
 *
 * Score (scoring.ts; docs "Partner matching"), every component in [0, 1]:
 *
 *   score = 0.45·shared + 0.20·related + 0.25·text + 0.10·newCountry
 *
 * Q, the query topics, are the given topics plus topics recognised in the free
 * text through the Meilisearch topics index, in any of the region's languages
 * (topic-recognition.server.ts; never those in `dropTopics`). The modules, in
 * the order a query runs through them:
 * - ranking.server.ts: checks the query, finds Q, ranks every candidate;
 * - retrieval.server.ts: candidates from Meilisearch, per index: documents
 *   sharing a topic of Q (then, when those are fewer than the candidate count,
 *   documents having a topic related to one of Q) fetched by filter, and a
 *   text search (a text naming subjects in another language is searched in
 *   English, glossary-query.ts);
 * - scoring.ts: the score and explanation of each candidate, and the order
 *   (score, then institutions before experts, then id: deterministic);
 * - here: one page of the ranking, its matches of the free text highlighted
 *   (text-match.ts) and each result's topics filled in.
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { SAFE_SYNONYM_PAIRS } from "~/search/index-definition";
import { normalizeSearchText } from "~/search/normalize";
import { getTaxonomy, type TopicInfo } from "~/features/topics/topics.server";
import { contentWords, highlightFields, knownWords } from "~/features/matching/text-match";
import { rankPartners } from "~/features/matching/ranking.server";
import { EXP_FIELDS, INST_FIELDS, expertBios } from "~/features/matching/retrieval.server";
import type { PartnerQuery, PartnerResult, PartnerSearchResult } from "~/features/matching/partner-query";

/** Long fields, cut to this many words around their first match (bios: fetched when needed, findPartners). */
const CROP = { description: 24, bio: 24 };

const vocabularies = new WeakMap<TopicInfo[], string[]>();
/** The topic names and keywords of `topics` (one array per taxonomy read, so knownWords caches it). */
function vocabulary(topics: TopicInfo[]): string[] {
  let v = vocabularies.get(topics);
  if (!v) vocabularies.set(topics, (v = topics.flatMap((t) => [t.name, ...t.keywords])));
  return v;
}

/** SAFE_SYNONYM_PAIRS prepared once: both sides' content words. */
const SYNONYMS = SAFE_SYNONYM_PAIRS.map(([short, long]) => ({
  shortWords: contentWords(short),
  longWords: contentWords(long),
}));

/**
 * `words` plus the words of their SAFE_SYNONYM_PAIRS partners, which the
 * indexes match too ("iot" ↔ "internet of things"), first so that the text's
 * own last word stays last (it also matches as a prefix).
 */
function withSynonyms(words: string[]): string[] {
  const extra: string[] = [];
  const has = (ws: string[]) => ws.length > 0 && ws.every((w) => words.includes(w));
  for (const { shortWords, longWords } of SYNONYMS) {
    if (has(shortWords)) extra.push(...longWords);
    if (has(longWords)) extra.push(...shortWords);
  }
  return [...new Set(extra.filter((w) => !words.includes(w))), ...words];
}

/**
 * The words highlighted in results: those of the text as typed and as
 * searched in English (a Russian request's matches are the English words its
 * glossary terms stand for), with their synonyms; the searched text's last
 * word last (it also matches as a prefix, text-match.ts).
 */
function highlightWords(text: string | undefined, searchedText: string): string[] {
  const typed = normalizeSearchText((text ?? "").trim());
  const searched = contentWords(searchedText);
  return withSynonyms([...new Set([...contentWords(typed).filter((w) => !searched.includes(w)), ...searched])]);
}

/** Sets `r`'s matched terms and highlighted fields. */
function explainText(r: PartnerResult, found: { matchedTerms: string[]; highlighted: Record<string, string> }): void {
  r.explanation.matchedTerms = found.matchedTerms;
  r.explanation.highlighted = found.highlighted;
}

/**
 * Ranked partners for `query` (see the module comment for the score).
 * @returns one page of results (default 20 per page) with explanations.
 * @throws PartnerQueryError for unknown topic ids, non-member countries or an
 *   unknown excluded institution; Meilisearch errors when search is down
 *   (routes answer 503 for them: app/search/unavailable.server.ts).
 */
export async function findPartners(db: Kysely<DB>, query: PartnerQuery): Promise<PartnerSearchResult> {
  const perPage = query.perPage ?? 20;
  const page = query.page ?? 1;
  const { docs, topicById, searchedText, ...all } = await rankPartners(db, query);
  const results = all.results.slice((page - 1) * perPage, page * perPage);
  // Words of the taxonomy's names and keywords are spelled right: highlighted as typed, not with typos.
  const known = knownWords(vocabulary(await getTaxonomy(db)));
  const words = highlightWords(query.text, searchedText);
  for (const r of results) {
    const doc = docs.get(r);
    const ids: string[] = doc.topicIds ?? [];
    const weights: number[] | undefined = r.type === "institution" ? doc.topicWeights : undefined;
    r.topics = ids.flatMap((id, i) => {
      const t = topicById.get(id);
      return t ? [{ id, name: t.name, weight: weights?.[i] ?? 1, subfieldId: t.subfieldId }] : [];
    });
    // Highlighted here, for the page only, from the fields the text query retrieved (text-match.ts
    // says why not by Meilisearch). Only text candidates have those fields, and only they can match.
    if (r.breakdown.text === 0 || words.length === 0) continue;
    const fields = { ...doc, topicNames: r.topics.map((t) => t.name) };
    explainText(r, highlightFields(fields, r.type === "institution" ? INST_FIELDS : EXP_FIELDS, words, CROP, known));
  }
  // Experts the text matched in none of those fields matched in their bio: fetch the bios of
  // these few only (retrieving all 150 candidates' bios was 60 KB and ~2.5 ms per text query).
  const unexplained = results.filter((r) => r.type === "expert" && r.breakdown.text > 0 && Object.keys(r.explanation.highlighted).length === 0);
  if (unexplained.length && words.length) {
    const bioOf = await expertBios(unexplained.map((r) => r.id));
    for (const r of unexplained) explainText(r, highlightFields(bioOf.get(r.id) ?? {}, ["bio"], words, CROP, known));
  }
  return { ...all, results, page, perPage };
}
