/**
 * Every candidate of a partner query, ranked (rankPartners): the query
 * checked, its topics (given and recognised in the free text), candidates
 * retrieved from Meilisearch (retrieval.server.ts), scored and sorted
 * (scoring.ts). findPartners (matching.server.ts) pages and explains the
 * result; suggestConsortium (consortium.server.ts) uses all of it.
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { MEMBER_STATE_CODES } from "~/domain/member-states";
import { normalizeSearchText } from "~/search/normalize";
import { msg } from "~/i18n/message";
import { getTaxonomy, type TopicInfo } from "~/features/topics/topics.server";
import { contentWords } from "~/features/matching/text-match";
import { getRelatedTopics, type RelatedTopics } from "~/features/matching/topic-relatedness.server";
import { partnerExclusions } from "~/features/matching/partner-exclusions.server";
import { partnerSearchText, recogniseTopics } from "~/features/matching/topic-recognition.server";
import {
  CANDIDATES,
  candidateFilters,
  relatedTier,
  relatedTopicRetrievals,
  retrieveConcurrently,
  sharedTopicRetrievals,
  textRetrievals,
  type CandidateFilters,
  type Retrieval,
} from "~/features/matching/retrieval.server";
import { estimateTierSize, peekTopicCounts } from "~/features/matching/topic-counts.server";
import { compareResults, mergeCandidates, scoreCandidate, topicSets } from "~/features/matching/scoring";
import {
  PartnerQueryError,
  type PartnerQuery,
  type PartnerQueryIssue,
  type PartnerResult,
  type PartnerSearchResult,
  type PartnerType,
  type QueryTopic,
} from "~/features/matching/partner-query";

/** Every ranked candidate, with what findPartners needs to explain a page of them. */
export type RankedPartners = Omit<PartnerSearchResult, "page" | "perPage"> & {
  /** Each result's Meilisearch document (for a result the free text matched, the text query's, with the fields to highlight). */
  docs: Map<PartnerResult, any>;
  topicById: Map<string, TopicInfo>;
  /** The text the text searches sent ("" without text). */
  searchedText: string;
};

/**
 * The problems of `query` against the taxonomy and the asking institution's
 * row (unknown topic ids, non-member countries, an unknown or unverified
 * excluded institution); empty when it is valid. Messages are catalogue keys
 * (`matching:query.*`): pages translate them, the API answers English.
 */
function queryIssues(query: PartnerQuery, topicById: Map<string, TopicInfo>, askingInst: { country_code: string } | undefined): PartnerQueryIssue[] {
  const issues: PartnerQueryIssue[] = [];
  const unknown = [...new Set(query.topicIds ?? [])].filter((id) => !topicById.has(id));
  if (unknown.length) issues.push({ param: "topics", message: msg("matching:query.unknownTopics", { ids: unknown.join(", "), count: unknown.length }) });
  const unknownDropped = (query.dropTopics ?? []).filter((id) => !topicById.has(id));
  if (unknownDropped.length)
    issues.push({ param: "dropTopics", message: msg("matching:query.unknownTopics", { ids: unknownDropped.join(", "), count: unknownDropped.length }) });
  for (const [param, codes] of [
    ["country", query.country ?? []],
    ["consortium", query.consortium ?? []],
  ] as const) {
    const bad = codes.filter((c) => !MEMBER_STATE_CODES.includes(c));
    if (bad.length) issues.push({ param, message: msg("matching:query.notMemberState", { codes: bad.join(", "), count: bad.length }) });
  }
  if (query.excludeInstitutionId != null && !askingInst)
    issues.push({ param: "exclude", message: msg("matching:query.noInstitution", { id: query.excludeInstitutionId }) });
  return issues;
}

/** The query's free text normalised, or "" when it has no content word (punctuation, "the"). */
function queryText(query: PartnerQuery): string {
  // Meilisearch would answer a text without content words like an empty query, every document
  // with a ranking score of 1.
  const rawText = normalizeSearchText((query.text ?? "").trim());
  return contentWords(rawText).length ? rawText : "";
}

/** The query topics: the given ones, then those recognised in `text` (none without text or with inferTopics false). */
async function queryTopicsOf(query: PartnerQuery, text: string, topicById: Map<string, TopicInfo>): Promise<Array<TopicInfo & { inferred: boolean }>> {
  const given = [...new Set(query.topicIds ?? [])];
  const recognised = text && query.inferTopics !== false ? await recogniseTopics(text, { given, drop: query.dropTopics }) : [];
  const inferred = recognised.flatMap((r) => topicById.get(r.id) ?? []);
  return [...given.map((id) => ({ ...topicById.get(id)!, inferred: false })), ...inferred.map((t) => ({ ...t, inferred: true }))];
}

/** Per query topic, its related topics that are not query topics themselves (best first). */
function relatedOfQueryTopics(queryTopics: TopicInfo[], relatedOf: RelatedTopics) {
  const qIds = queryTopics.map((t) => t.id);
  return new Map(queryTopics.map((q) => [q.id, (relatedOf.get(q.id) ?? []).filter((r) => !qIds.includes(r.id))]));
}

function toQueryTopic(t: TopicInfo & { inferred: boolean }): QueryTopic {
  return { id: t.id, name: t.name, subfieldId: t.subfieldId, inferred: t.inferred };
}

/**
 * A first tier whose estimate (topic-counts.server.ts) is below its candidate
 * count gets its second tier requested ahead. The estimate is exact for one
 * topic (bench data: 63 of 63, 325 of 325, 415 of 415) and ignores the
 * excluded institutions' few experts: a tier that exclusions alone make short
 * still gets its second tier after the first, as before (a margin above the
 * candidate count wasted a fetch on 325 university experts for 300 places).
 */
const AHEAD_BELOW = 1;

/** The second tiers worth requesting with the first ones (see AHEAD_BELOW); none until counts are read. */
function secondTiersAhead(
  db: Kysely<DB>,
  query: PartnerQuery,
  firstTiers: Retrieval[],
  qIds: string[],
  relIds: string[],
  filters: CandidateFilters,
  represented: string[],
): Retrieval[] {
  const counts = peekTopicCounts(db);
  if (!counts) return [];
  const scope = { countries: query.country, excludedCountries: query.onlyNewCountries ? represented : [], kinds: query.kind, openTo: query.openTo };
  return firstTiers
    .filter((r) => estimateTierSize(counts, r.type, qIds, scope) < AHEAD_BELOW * CANDIDATES[r.type])
    .map((r) => relatedTier(r, qIds, relIds, filters));
}

/**
 * Every candidate for `query`, ranked (findPartners pages this;
 * suggestConsortium uses it all). Results come without `topics`, matched
 * terms and highlights, which findPartners adds for the page it returns.
 * @throws PartnerQueryError for an invalid query (queryIssues); Meilisearch
 *   errors when search is down.
 */
export async function rankPartners(db: Kysely<DB>, query: PartnerQuery): Promise<RankedPartners> {
  // One round trip for all of it: the asking institution's row too (read after these, it was a
  // sequential query on every consortium request).
  const [topics, relatedOf, left, askingInst] = await Promise.all([
    getTaxonomy(db),
    getRelatedTopics(db),
    partnerExclusions(db, query),
    query.excludeInstitutionId == null
      ? undefined
      : // Only verified institutions: a pending one must look exactly like a missing one.
        db.selectFrom("institutions").select(["country_code"]).where("id", "=", query.excludeInstitutionId).where("status", "=", "verified").executeTakeFirst(),
  ]);
  const topicById = new Map(topics.map((t) => [t.id, t]));
  const issues = queryIssues(query, topicById, askingInst);
  if (issues.length) throw new PartnerQueryError(issues);

  const text = queryText(query);
  const types = query.types?.length ? query.types : (["institution", "expert"] as PartnerType[]);
  const represented = [...new Set([...(query.consortium ?? []), ...(askingInst ? [askingInst.country_code] : [])])].sort();
  const filters = candidateFilters(query, left, represented);
  // The text searches need no topics: they run while the topics are recognised (one round trip less).
  // What they send: glossary terms first and in English, then the other words as typed
  // (topic-recognition.server.ts partnerSearchText).
  const searchedText = text ? partnerSearchText(text) : "";
  const texts = text ? textRetrievals(types, searchedText, filters) : [];
  const textHits = retrieveConcurrently(texts);
  textHits.catch(() => {}); // awaited below; this only avoids an unhandled rejection meanwhile
  const queryTopics = await queryTopicsOf(query, text, topicById);
  const qIds = queryTopics.map((t) => t.id);
  const relatedOfQuery = relatedOfQueryTopics(queryTopics, relatedOf);
  const relIds = [...new Set([...relatedOfQuery.values()].flat().map((r) => r.id))];

  const docs = new Map<PartnerResult, any>();
  const summary = { queryTopics: queryTopics.map(toQueryTopic), representedCountries: represented, docs, topicById, searchedText };
  // Topic candidates in two tiers: those sharing a query topic first; only when they do not fill
  // the candidate list, those merely having a related topic (a second round trip).
  const retrievals = sharedTopicRetrievals(types, qIds, filters);
  if (retrievals.length === 0 && texts.length === 0) return { results: [], total: 0, ...summary };
  // A second tier the first is expected not to fill is requested beside it (one round trip instead
  // of two); whether its documents are used is still decided below on the first tier's real answer.
  const ahead = relIds.length ? secondTiersAhead(db, query, retrievals, qIds, relIds, filters, represented) : [];
  const firstHits = await retrieveConcurrently([...retrievals, ...ahead]);
  const aheadHits = new Map(ahead.map((r, i) => [r.type, firstHits[retrievals.length + i]]));
  const hitLists = [...firstHits.slice(0, retrievals.length), ...(await textHits)];
  retrievals.push(...texts);
  const second = relatedTopicRetrievals(retrievals, hitLists, qIds, relIds, filters);
  if (second.length) {
    const missing = second.filter((r) => !aheadHits.has(r.type));
    const fetched = missing.length ? await retrieveConcurrently(missing) : [];
    hitLists.push(...second.map((r) => aheadHits.get(r.type) ?? fetched[missing.indexOf(r)]));
    retrievals.push(...second);
  }

  const ctx = { topicById, queryTopics: summary.queryTopics, relatedOfQuery, represented, onlyNewCountries: !!query.onlyNewCountries };
  const sets = topicSets(ctx);
  const results: PartnerResult[] = [];
  for (const c of mergeCandidates(retrievals, hitLists)) {
    const result = scoreCandidate(c, ctx, sets);
    if (!result) continue;
    results.push(result);
    docs.set(result, c.doc);
  }
  results.sort(compareResults);
  return { results, total: results.length, ...summary };
}
