/**
 * Candidate retrieval for partner matching: which Meilisearch requests fetch
 * the candidates that ranking.server.ts then rescores, and running them.
 *
 * Per index (institutions, experts): a text search for the free text, a topic
 * tier of documents sharing a query topic (fetched by filter), and, only when
 * that tier does not fill the candidate count, a second tier of documents
 * having a topic related to one of the query topics. Every filter carries the
 * query's filters and exclusions (candidateFilters). Only the fields scoring
 * and the result need are retrieved; the text searches also retrieve the
 * fields that matching.server.ts highlights for the returned page.
 */
import { getMeili, indexUid } from "~/search/client.server";
import { meiliApiError } from "~/search/http.server";
import { buildAnyOf, buildExclusion, buildFilter } from "~/search/filter";
import { expertsIndex } from "~/search/indexes/experts.server";
import { institutionsIndex } from "~/search/indexes/institutions.server";
import type { PartnerQuery, PartnerType } from "~/features/matching/partner-query";

/**
 * Candidates fetched per retrieval query before rescoring, per kind. Fewer
 * institutions than experts: an institution document carries its whole topic
 * profile (often 50+ topics with weights), so 300 of them were about 330 KB per
 * query at 10k institutions and most of a topic query's time (bench).
 */
export const CANDIDATES: Record<PartnerType, number> = { institution: 100, expert: 300 };
/**
 * Candidates per free-text query: half the topic tier's. Text is a quarter of
 * the score, and the best text matches rank first in Meilisearch, so the
 * tail adds little (bench:relevance unchanged) and costs payload.
 */
const TEXT_CANDIDATES: Record<PartnerType, number> = { institution: 50, expert: 150 };

// Only what scoring and the result need: full documents (bios, descriptions) were 0.5 MB per
// request at 600 candidates and most of findPartners' time (bench, docs "Performance").
const INST_RETRIEVE = ["id", "name", "country", "topicIds", "topicWeights"];
const EXP_RETRIEVE = ["id", "fullName", "country", "topicIds", "institutionId", "institutionName"];
/** Fields whose matches are highlighted in a result's explanation (retrieved by the text queries only). */
// Every searchable field but identifiers and e-mail, so a result the text matched says where
// (a review found bio-only matches listed without a reason). Not the `folded` copies: the
// highlighter folds the fields as typed itself (text-match.ts), and shows them as typed.
export const INST_FIELDS = ["name", "altNames", "acronyms", "labelsFa", "labelsTr", "labelsRu", "city", "topicNames", "description"];
export const EXP_FIELDS = ["fullName", "nameVariants", "keywords", "topicNames", "institutionName", "institutionAcronyms", "position"];
// topicNames are the taxonomy names of topicIds (indexes.server.ts), so they are rebuilt from the
// taxonomy rather than retrieved: an institution's run to 50+ names, most of the payload.
const INST_TEXT_RETRIEVE = [...new Set([...INST_RETRIEVE, ...INST_FIELDS])].filter((f) => f !== "topicNames");
const EXP_TEXT_RETRIEVE = [...new Set([...EXP_RETRIEVE, ...EXP_FIELDS])].filter((f) => f !== "topicNames");

/** A Meilisearch filter: AND of its entries, an array entry an OR group. */
export type Filter = Array<string | string[]>;

/** One candidate retrieval: a topic tier (documents by filter) or a free-text search. */
export interface Retrieval {
  type: PartnerType;
  kind: "topic" | "text";
  uid: string;
  filter: Filter;
  limit: number;
  fields: string[];
  /** Free text (kind "text"). */
  q?: string;
}

/** The filters every retrieval of one kind carries: the query's filters and every exclusion. */
export interface CandidateFilters {
  institution: Filter;
  expert: Filter;
}

const filterable = (type: PartnerType) => (type === "institution" ? institutionsIndex.filterable : expertsIndex.filterable);
const uidOf = (type: PartnerType) => indexUid(type === "institution" ? "institutions" : "experts");

/**
 * The query's filters per kind: member states, kinds, open-to values, and
 * every exclusion in one place (`left`: the asking institution, the asking
 * user's profiles and institutions, the consortium; with `onlyNewCountries`,
 * the `represented` member states).
 */
export function candidateFilters(query: PartnerQuery, left: { institutionIds: number[]; expertIds: number[] }, represented: string[]): CandidateFilters {
  const inst = institutionsIndex.filterable;
  const exp = expertsIndex.filterable;
  return {
    institution: [
      ...buildFilter({ country: query.country, kind: query.kind }, inst),
      ...buildExclusion("id", left.institutionIds, inst),
      ...(query.onlyNewCountries ? buildExclusion("country", represented, inst) : []),
    ],
    expert: [
      ...buildFilter({ country: query.country, institutionKind: query.kind, openTo: query.openTo }, exp),
      ...buildExclusion("institutionId", left.institutionIds, exp),
      ...buildExclusion("id", left.expertIds, exp),
      ...(query.onlyNewCountries ? buildExclusion("country", represented, exp) : []),
    ],
  };
}

/**
 * The free-text searches, one per kind, with the fields findPartners
 * highlights for the page it returns (about 3 ms more payload than the
 * scoring fields alone, against a 10–18 ms highlighting round trip; bench).
 */
export function textRetrievals(types: PartnerType[], searchedText: string, filters: CandidateFilters): Retrieval[] {
  return types.map((type) => ({
    type,
    kind: "text",
    uid: uidOf(type),
    q: searchedText,
    filter: filters[type],
    limit: TEXT_CANDIDATES[type],
    fields: type === "institution" ? INST_TEXT_RETRIEVE : EXP_TEXT_RETRIEVE,
  }));
}

/** The first topic tier: per kind, documents having one of the query topics `qIds` (none without topics). */
export function sharedTopicRetrievals(types: PartnerType[], qIds: string[], filters: CandidateFilters): Retrieval[] {
  if (!qIds.length) return [];
  return types.map((type) => ({
    type,
    kind: "topic",
    uid: uidOf(type),
    filter: [...filters[type], buildAnyOf({ topicIds: qIds }, filterable(type))],
    limit: CANDIDATES[type],
    fields: type === "institution" ? INST_RETRIEVE : EXP_RETRIEVE,
  }));
}

/**
 * The second topic tier: for each topic tier of `retrievals` whose hits
 * (`hitLists`, same order) did not fill its candidate count, documents having
 * a topic related to a query topic (`relIds`) and none of the query topics
 * (`qIds`). One query over both tiers returned an arbitrary 300 of thousands
 * at 100k experts, so candidates sharing topics could be crowded out by
 * subfield-only ones.
 */
export function relatedTopicRetrievals(
  retrievals: Retrieval[],
  hitLists: unknown[][],
  qIds: string[],
  relIds: string[],
  filters: CandidateFilters,
): Retrieval[] {
  return retrievals.flatMap((r, i) => {
    if (r.kind !== "topic" || relIds.length === 0 || hitLists[i].length >= CANDIDATES[r.type]) return [];
    return [relatedTier(r, qIds, relIds, filters)];
  });
}

/**
 * The second-tier retrieval of topic tier `r` (see relatedTopicRetrievals);
 * also what ranking.server.ts requests ahead, beside the first tier, when the
 * first is expected to come back short (topic-counts.server.ts).
 */
export function relatedTier(r: Retrieval, qIds: string[], relIds: string[], filters: CandidateFilters): Retrieval {
  const allowed = filterable(r.type);
  return { ...r, filter: [...filters[r.type], buildAnyOf({ topicIds: relIds }, allowed), ...buildExclusion("topicIds", qIds, allowed)] };
}

/**
 * Runs the retrievals concurrently, each its own request (Meilisearch runs the
 * queries of one multi-search one after another; bench: p95 77 → 70 ms);
 * returns their hits in the order given. A topic tier is rescored here, so it
 * needs no ranking and is a documents fetch by filter: as a placeholder search
 * Meilisearch ranked every candidate, 5–7 ms of its time per 100–300 (bench:
 * matching p50 32 → 22 ms, p95 56 → 46 ms). Institutions come most prominent
 * first, as their placeholder search ranked them (in index order while no
 * document carries `prominence`, which the documents API cannot sort by);
 * experts in index order, as theirs did. A text search returns
 * `_rankingScore` with each hit.
 */
export async function retrieveConcurrently(retrievals: Retrieval[]): Promise<any[][]> {
  const meili = getMeili();
  return Promise.all(
    retrievals.map(async (r) => {
      if (r.kind === "topic") {
        const fetch = (sort?: string[]) =>
          meili.index(r.uid).getDocuments({ filter: r.filter, limit: r.limit, fields: r.fields, ...(sort ? { sort } : {}) } as any);
        if (r.type !== "institution") return (await fetch()).results;
        try {
          return (await fetch(["prominence:desc"])).results;
        } catch (err) {
          // Meilisearch refuses to sort by a sortable attribute that no document carries yet (an
          // index before its first sync); there is then no prominence to order by.
          if (meiliApiError(err)?.cause?.code !== "invalid_document_sort") throw err;
          return (await fetch()).results;
        }
      }
      const query = { indexUid: r.uid, q: r.q, filter: r.filter, limit: r.limit, showRankingScore: true, attributesToRetrieve: r.fields };
      return (await meili.multiSearch({ queries: [query] })).results[0].hits;
    }),
  );
}

/** The bios of experts `ids` (id → { bio }), fetched for the few whose match is only in their bio. */
export async function expertBios(ids: number[]): Promise<Map<number, { bio: unknown }>> {
  const { results } = await getMeili()
    .index(indexUid("experts"))
    .getDocuments({ filter: buildFilter({ id: ids }, expertsIndex.filterable), fields: ["id", "bio"], limit: ids.length });
  return new Map(results.map((d) => [d.id as number, { bio: d.bio as unknown }]));
}
