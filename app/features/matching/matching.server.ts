/**
 * Partner matching: institutions and experts ranked by one documented score,
 * each result explaining itself. Used by /partners, /api/v1/partners, the
 * "Suggested partners" block of expert profiles, and (after merge) calls and
 * proposal drafts: `findPartners(db, query)` and `suggestConsortium(db, query)`.
 *
 * Score (README "Partner matching"), every component in [0, 1]:
 *
 *   score = 0.45·shared + 0.20·related + 0.25·text + 0.10·newCountry
 *
 * - shared = Σ_{q ∈ Q∩T} w(q) / |Q|   (Q = query topics, T = candidate topics;
 *   w = topic-profile weight for institutions, 1 for experts)
 * - related = |{q ∈ Q \ T : related(q) ∩ T ≠ ∅}| / |Q|, related(q) = the topics
 *   measured as related to q (topic-relatedness.server.ts: shared keywords
 *   and co-occurrence in profiles, with a threshold; at most 3 per topic)
 * - text = Meilisearch `_rankingScore` of the candidate for the free text (0 without text;
 *   a text naming subjects in another language is searched in English, glossary-query.ts)
 * - newCountry = 1 when the candidate's member state is not yet in the consortium
 *   (asking institution's country + `consortium`), else 0
 *
 * Q is the given topics plus topics recognised in the free text through the
 * Meilisearch topics index, in any of the region's languages
 * (search/topic-recognition.server.ts; never those in `dropTopics`).
 * Candidates come from Meilisearch, per index: documents
 * sharing a topic of Q (then, when those are fewer than the candidate count,
 * documents having a topic related to one of Q) fetched by filter, and a text search; they are
 * rescored here and sorted by score, then institutions before experts, then id
 * (deterministic). The returned page's matches of the free text are
 * highlighted here (text-match.ts).
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { MEMBER_STATE_CODES, countryName } from "~/domain/member-states";
import { getMeili, indexUid } from "~/search/client.server";
import { isSearchFailure, meiliApiError } from "~/search/http.server";
import { buildAnyOf, buildExclusion, buildFilter } from "~/search/filter";
import { SAFE_SYNONYM_PAIRS } from "~/search/index-definition";
import { expertsIndex } from "~/search/indexes/experts.server";
import { institutionsIndex } from "~/search/indexes/institutions.server";
import { normalizeSearchText } from "~/search/normalize";
import { contentWords, highlightFields, knownWords } from "~/features/matching/text-match";
import { getRelatedTopics, type RelatedTopic } from "~/features/matching/topic-relatedness.server";
import { partnerExclusions } from "~/features/matching/partner-exclusions.server";
import { partnerSearchText, recogniseTopics, searchTopicIndex } from "~/features/matching/topic-recognition.server";
import type { InstitutionKind } from "~/utils/search-params";
import type { OpenTo } from "~/features/experts/expert-schema";

/** Weights of the score components (sum 1). */
export const SCORE_WEIGHTS = { shared: 0.45, related: 0.2, text: 0.25, newCountry: 0.1 } as const;

/**
 * Candidates fetched per retrieval query before rescoring, per kind. Fewer
 * institutions than experts: an institution document carries its whole topic
 * profile (often 50+ topics with weights), so 300 of them were about 330 KB per
 * query at 10k institutions and most of a topic query's time (bench).
 */
const CANDIDATES: Record<PartnerType, number> = { institution: 100, expert: 300 };
/**
 * Candidates per free-text query: half the topic tier's. Text is a quarter of
 * the score, and the best text matches rank first in Meilisearch, so the
 * tail adds little (bench:relevance unchanged) and costs payload.
 */
const TEXT_CANDIDATES: Record<PartnerType, number> = { institution: 50, expert: 150 };

export type PartnerType = "institution" | "expert";

export interface PartnerQuery {
  /** Free text (any script; normalised like the index). */
  text?: string;
  /** Taxonomy topic ids (e.g. "T10020"). Unknown ids are an error. */
  topicIds?: string[];
  /** Only these member states. */
  country?: string[];
  /** Only institutions of these kinds (experts: of institutions of these kinds). */
  kind?: InstitutionKind[];
  /** Experts open to any of these (institutions are not filtered by it). */
  openTo?: OpenTo[];
  /** The asking institution: excluded with its experts; its country counts as represented. */
  excludeInstitutionId?: number | null;
  /** An expert to leave out (the profile asking for suggestions). */
  excludeExpertId?: number | null;
  /** More institutions to leave out with their experts (e.g. already in a proposal's consortium); their countries are not counted. */
  excludeInstitutionIds?: number[];
  /** The signed-in user asking: their own expert profiles and their institutions (with those institutions' experts) are left out. */
  askingUserId?: string | null;
  /** Member states already in the consortium (ISO codes). */
  consortium?: string[];
  /** Only candidates from member states not yet represented (asking institution's + consortium). */
  onlyNewCountries?: boolean;
  /** Which kinds of result (default both). */
  types?: PartnerType[];
  /** Recognise topics in `text` (default true; search/topic-recognition.server.ts). */
  inferTopics?: boolean;
  /** Topic ids never recognised in `text` (the user removed them); a topic of `topicIds` stays. */
  dropTopics?: string[];
  page?: number;
  perPage?: number;
}

export interface TopicRef {
  id: string;
  name: string;
}

export interface PartnerResult {
  type: PartnerType;
  id: number;
  name: string;
  country: string | null;
  countryName: string | null;
  url: string;
  /** Experts: their institution. */
  institution: { id: number; name: string } | null;
  score: number;
  breakdown: { shared: number; related: number; text: number; newCountry: number };
  explanation: {
    sharedTopics: Array<TopicRef & { weight: number }>;
    /** Query topics the candidate lacks but has a related topic of; `reason` says why they are related. */
    relatedTopics: Array<{ query: TopicRef; match: TopicRef; reason: string }>;
    /** Words of the free text found in the candidate (lower-case, distinct). */
    matchedTerms: string[];
    /** Fields with matches between HL_PRE/HL_POST (render with components/highlight.tsx). */
    highlighted: Record<string, string>;
    country: { code: string; name: string; new: boolean } | null;
  };
  /** Candidate topics with weights (for consortium building). */
  topics: Array<TopicRef & { weight: number; subfieldId: string }>;
}

export interface PartnerSearchResult {
  results: PartnerResult[];
  total: number;
  page: number;
  perPage: number;
  /** The query topics: given and recognised in the text. */
  queryTopics: Array<TopicRef & { subfieldId: string; inferred: boolean }>;
  /** Member states counted as represented (newCountry = 0 for them). */
  representedCountries: string[];
}

/** Thrown for invalid queries; `issues` name the parameter (API: 400). */
export class PartnerQueryError extends Error {
  constructor(public issues: Array<{ param: string; message: string }>) {
    super(issues.map((i) => `${i.param}: ${i.message}`).join("; "));
    this.name = "PartnerQueryError";
  }
}

// ---------------------------------------------------------------------------
// Topics recognised in free text

export { contentWords };

interface TopicInfo {
  id: string;
  name: string;
  subfieldId: string;
  subfield: string;
  keywords: string[];
}

/** How long the topic taxonomy is reused before it is read again (ms). */
const TOPICS_TTL_MS = 60_000;
const topicCache = new WeakMap<Kysely<DB>, { at: number; topics: Promise<TopicInfo[]> }>();

/**
 * The topic taxonomy (645 OpenAlex topics), read at most once a minute per
 * database handle: it changes only with `npm run db:import`, and reading it on
 * every matching call was a fixed cost of each /partners request (bench).
 */
function loadTopics(db: Kysely<DB>): Promise<TopicInfo[]> {
  const hit = topicCache.get(db);
  if (hit && Date.now() - hit.at < TOPICS_TTL_MS) return hit.topics;
  const topics = db
    .selectFrom("topics")
    .select(["id", "name", "subfield_id", "subfield", "keywords"])
    .orderBy("id")
    .execute()
    .then((rows) => rows.map((r) => ({ id: r.id, name: r.name, subfieldId: r.subfield_id, subfield: r.subfield, keywords: r.keywords })));
  topicCache.set(db, { at: Date.now(), topics });
  topics.catch(() => topicCache.delete(db)); // a failed read is not cached
  return topics;
}

const vocabularies = new WeakMap<TopicInfo[], string[]>();
/** The topic names and keywords of `topics` (one array per taxonomy read, so knownWords caches it). */
function vocabulary(topics: TopicInfo[]): string[] {
  let v = vocabularies.get(topics);
  if (!v) vocabularies.set(topics, (v = topics.flatMap((t) => [t.name, ...t.keywords])));
  return v;
}

// ---------------------------------------------------------------------------
// Matching

const round = (x: number) => Math.round(x * 10000) / 10000;

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
  // The words searched: as typed and as rendered in English (a Russian request's matches are the
  // English words its glossary terms stand for).
  const typed = normalizeSearchText((query.text ?? "").trim());
  // Words of the taxonomy's names and keywords are spelled right: highlighted as typed, not with typos.
  const known = knownWords(vocabulary(await loadTopics(db)));
  const searched = contentWords(searchedText);
  // The searched text's last word last: it also matches as a prefix (text-match.ts).
  const words = withSynonyms([...new Set([...contentWords(typed).filter((w) => !searched.includes(w)), ...searched])]);
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
    const { matchedTerms, highlighted } =
      highlightFields(fields, r.type === "institution" ? INST_FIELDS : EXP_FIELDS, words, CROP, known);
    r.explanation.matchedTerms = matchedTerms;
    r.explanation.highlighted = highlighted;
  }
  // Experts the text matched in none of those fields matched in their bio: fetch the bios of
  // these few only (retrieving all 150 candidates' bios was 60 KB and ~2.5 ms per text query).
  const unexplained = results.filter((r) => r.type === "expert" && r.breakdown.text > 0 && Object.keys(r.explanation.highlighted).length === 0);
  if (unexplained.length && words.length) {
    const ids = unexplained.map((r) => r.id);
    const { results: bios } = await getMeili()
      .index(indexUid("experts"))
      .getDocuments({ filter: buildFilter({ id: ids }, expertsIndex.filterable), fields: ["id", "bio"], limit: ids.length });
    const bioOf = new Map(bios.map((d) => [d.id as number, { bio: d.bio as unknown }]));
    for (const r of unexplained) {
      const { matchedTerms, highlighted } = highlightFields(bioOf.get(r.id) ?? {}, ["bio"], words, CROP, known);
      r.explanation.matchedTerms = matchedTerms;
      r.explanation.highlighted = highlighted;
    }
  }
  return { ...all, results, page, perPage };
}

// Only what scoring and the result need: full documents (bios, descriptions) were 0.5 MB per
// request at 600 candidates and most of findPartners' time (bench, README "Performance").
const INST_RETRIEVE = ["id", "name", "country", "topicIds", "topicWeights"];
const EXP_RETRIEVE = ["id", "fullName", "country", "topicIds", "institutionId", "institutionName"];
/** Fields whose matches are highlighted in a result's explanation (retrieved by the text queries only). */
// Every searchable field but identifiers and e-mail, so a result the text matched says where
// (a review found bio-only matches listed without a reason). Not the `folded` copies: the
// highlighter folds the fields as typed itself (text-match.ts), and shows them as typed.
const INST_FIELDS = ["name", "altNames", "acronyms", "labelsFa", "labelsTr", "labelsRu", "city", "topicNames", "description"];
const EXP_FIELDS = ["fullName", "nameVariants", "keywords", "topicNames", "institutionName", "institutionAcronyms", "position"];
/** Long fields, cut to this many words around their first match (bios: fetched when needed, findPartners). */
const CROP = { description: 24, bio: 24 };
// topicNames are the taxonomy names of topicIds (indexes.server.ts), so they are rebuilt from the
// taxonomy rather than retrieved: an institution's run to 50+ names, most of the payload.
const INST_TEXT_RETRIEVE = [...new Set([...INST_RETRIEVE, ...INST_FIELDS])].filter((f) => f !== "topicNames");
const EXP_TEXT_RETRIEVE = [...new Set([...EXP_RETRIEVE, ...EXP_FIELDS])].filter((f) => f !== "topicNames");

/** One candidate retrieval: a topic tier (documents by filter) or a free-text search. */
interface Retrieval {
  type: PartnerType;
  kind: "topic" | "text";
  uid: string;
  filter: Array<string | string[]>;
  limit: number;
  fields: string[];
  /** Free text (kind "text"). */
  q?: string;
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
async function retrieveConcurrently(retrievals: Retrieval[]): Promise<any[][]> {
  const meili = getMeili();
  return Promise.all(
    retrievals.map(async (r) => {
      if (r.kind === "topic") {
        const fetch = (sort?: string[]) => meili.index(r.uid).getDocuments({ filter: r.filter, limit: r.limit, fields: r.fields, ...(sort ? { sort } : {}) } as any);
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

/**
 * Every candidate, ranked (findPartners pages this; suggestConsortium uses it all).
 * Results come without `topics`, matched terms and highlights, which findPartners
 * adds for the page it returns from `docs` (each result's Meilisearch document;
 * for a result the free text matched, the text query's, with the fields to
 * highlight) and `topicById`.
 */
async function rankPartners(
  db: Kysely<DB>,
  query: PartnerQuery,
): Promise<Omit<PartnerSearchResult, "page" | "perPage"> & { docs: Map<PartnerResult, any>; topicById: Map<string, TopicInfo>; searchedText: string }> {
  const issues: Array<{ param: string; message: string }> = [];
  // One round trip for all of it: the asking institution's row too (read after these, it was a
  // sequential query on every consortium request).
  const [topics, relatedOf, left, askingInst] = await Promise.all([
    loadTopics(db),
    getRelatedTopics(db),
    partnerExclusions(db, query),
    query.excludeInstitutionId == null
      ? undefined
      : // Only verified institutions: a pending one must look exactly like a missing one.
        db
          .selectFrom("institutions")
          .select(["country_code"])
          .where("id", "=", query.excludeInstitutionId)
          .where("status", "=", "verified")
          .executeTakeFirst(),
  ]);
  const topicById = new Map(topics.map((t) => [t.id, t]));
  const given = [...new Set(query.topicIds ?? [])];
  const unknown = given.filter((id) => !topicById.has(id));
  if (unknown.length) issues.push({ param: "topics", message: `unknown topic id(s): ${unknown.join(", ")}` });
  const unknownDropped = (query.dropTopics ?? []).filter((id) => !topicById.has(id));
  if (unknownDropped.length) issues.push({ param: "dropTopics", message: `unknown topic id(s): ${unknownDropped.join(", ")}` });
  for (const [param, codes] of [["country", query.country ?? []], ["consortium", query.consortium ?? []]] as const) {
    const bad = codes.filter((c) => !MEMBER_STATE_CODES.includes(c));
    if (bad.length) issues.push({ param, message: `not an ECO member state: ${bad.join(", ")}` });
  }
  let askingCountry: string | null = null;
  if (query.excludeInstitutionId != null) {
    if (!askingInst) issues.push({ param: "exclude", message: `no institution with id ${query.excludeInstitutionId}` });
    else askingCountry = askingInst.country_code;
  }
  if (issues.length) throw new PartnerQueryError(issues);

  // Text without a content word (punctuation, "the") is no text: Meilisearch would answer it
  // like an empty query, every document with a ranking score of 1.
  const rawText = normalizeSearchText((query.text ?? "").trim());
  const text = contentWords(rawText).length ? rawText : "";
  const types = query.types?.length ? query.types : (["institution", "expert"] as PartnerType[]);
  const represented = [...new Set([...(query.consortium ?? []), ...(askingCountry ? [askingCountry] : [])])].sort();
  const instFilter: Array<string | string[]> = [
    ...buildFilter({ country: query.country, kind: query.kind }, institutionsIndex.filterable),
    // Every exclusion (asking institution, asking user's profiles and institutions, consortium) here only.
    ...buildExclusion("id", left.institutionIds, institutionsIndex.filterable),
    ...(query.onlyNewCountries ? buildExclusion("country", represented, institutionsIndex.filterable) : []),
  ];
  const expFilter: Array<string | string[]> = [
    ...buildFilter({ country: query.country, institutionKind: query.kind, openTo: query.openTo }, expertsIndex.filterable),
    ...buildExclusion("institutionId", left.institutionIds, expertsIndex.filterable),
    ...buildExclusion("id", left.expertIds, expertsIndex.filterable),
    ...(query.onlyNewCountries ? buildExclusion("country", represented, expertsIndex.filterable) : []),
  ];
  // The text searches need no topics: they run while the topics are recognised (one round trip less).
  // What the text searches send: glossary terms first and in English, then the other words as
  // typed (topic-recognition.server.ts partnerSearchText).
  const searchedText = text ? partnerSearchText(text) : "";
  const textRetrievals: Retrieval[] = text
    ? types.map((type) => {
        const isInst = type === "institution";
        // With the fields findPartners highlights for the page it returns (about 3 ms more payload
        // than INST/EXP_RETRIEVE, against a 10–18 ms highlighting round trip; bench).
        const uid = indexUid(isInst ? "institutions" : "experts");
        return { type, kind: "text", uid, q: searchedText, filter: isInst ? instFilter : expFilter, limit: TEXT_CANDIDATES[type], fields: isInst ? INST_TEXT_RETRIEVE : EXP_TEXT_RETRIEVE };
      })
    : [];
  const textHits = retrieveConcurrently(textRetrievals);
  textHits.catch(() => {}); // awaited below; this only avoids an unhandled rejection meanwhile
  const recognised = text && query.inferTopics !== false ? await recogniseTopics(text, { given, drop: query.dropTopics }) : [];
  const inferred = recognised.flatMap((r) => topicById.get(r.id) ?? []);
  const queryTopics = [
    ...given.map((id) => ({ ...topicById.get(id)!, inferred: false })),
    ...inferred.map((t) => ({ ...t, inferred: true })),
  ];
  const qIds = queryTopics.map((t) => t.id);
  // Per query topic, its related topics that are not query topics themselves (best first).
  const relatedOfQuery = new Map(queryTopics.map((q) => [q.id, (relatedOf.get(q.id) ?? []).filter((r) => !qIds.includes(r.id))]));
  const relIds = [...new Set([...relatedOfQuery.values()].flat().map((r) => r.id))];
  // Topic candidates in two tiers: those sharing a query topic first; only when they do not fill
  // the candidate list, those merely having a related topic (a second round trip). One query
  // over both returned an arbitrary 300 of thousands at 100k experts, so candidates sharing
  // topics could be crowded out by subfield-only ones.
  const sharedGroup = (allowed: readonly string[]) => buildAnyOf({ topicIds: qIds }, allowed);
  const relatedGroup = (allowed: readonly string[]) => buildAnyOf({ topicIds: relIds }, allowed);

  const retrievals: Retrieval[] = [];
  for (const type of types) {
    const isInst = type === "institution";
    const uid = indexUid(isInst ? "institutions" : "experts");
    const filter = isInst ? instFilter : expFilter;
    if (qIds.length) {
      const shared = sharedGroup(isInst ? institutionsIndex.filterable : expertsIndex.filterable);
      retrievals.push({ type, kind: "topic", uid, filter: [...filter, shared], limit: CANDIDATES[type], fields: isInst ? INST_RETRIEVE : EXP_RETRIEVE });
    }
  }
  const docs = new Map<PartnerResult, any>();
  if (retrievals.length === 0 && textRetrievals.length === 0) return { results: [], total: 0, queryTopics: queryTopics.map(toQueryTopic), representedCountries: represented, docs, topicById, searchedText };
  const hitLists = [...(await retrieveConcurrently(retrievals)), ...(await textHits)];
  retrievals.push(...textRetrievals);
  const second = retrievals.flatMap((r, i) => {
    if (r.kind !== "topic" || relIds.length === 0 || hitLists[i].length >= CANDIDATES[r.type]) return [];
    const isInst = r.type === "institution";
    const allowed = isInst ? institutionsIndex.filterable : expertsIndex.filterable;
    return [{ ...r, filter: [...(isInst ? instFilter : expFilter), relatedGroup(allowed), ...buildExclusion("topicIds", qIds, allowed)] }];
  });
  if (second.length) {
    hitLists.push(...(await retrieveConcurrently(second)));
    retrievals.push(...second);
  }

  type Cand = { type: PartnerType; doc: any; text: number };
  const cands = new Map<string, Cand>();
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

  const qSet = new Set(qIds);
  const relSet = new Set(relIds);
  const results: PartnerResult[] = [];
  for (const c of cands.values()) {
    const d = c.doc;
    const isInst = c.type === "institution";
    const ids: string[] = d.topicIds ?? [];
    const weights: number[] | undefined = isInst ? d.topicWeights : undefined;
    // One pass over the candidate's topics (institutions carry 50+): the shared ones, and the
    // ones related to a query topic.
    const sharedTopics: Array<TopicRef & { weight: number }> = [];
    const hasRelated = new Set<string>();
    for (let i = 0; i < ids.length; i++) {
      const t = topicById.get(ids[i]);
      if (!t) continue;
      if (qSet.has(t.id)) sharedTopics.push({ id: t.id, name: t.name, weight: weights?.[i] ?? 1 });
      else if (relSet.has(t.id)) hasRelated.add(t.id);
    }
    const relatedTopics: PartnerResult["explanation"]["relatedTopics"] = [];
    for (const q of queryTopics) {
      if (sharedTopics.some((t) => t.id === q.id)) continue;
      // The most related of q's related topics the candidate has.
      const match: RelatedTopic | undefined = hasRelated.size ? relatedOfQuery.get(q.id)!.find((r) => hasRelated.has(r.id)) : undefined;
      if (match) relatedTopics.push({ query: { id: q.id, name: q.name }, match: { id: match.id, name: match.name }, reason: match.reason });
    }
    const n = queryTopics.length;
    const shared = n ? sharedTopics.reduce((s, t) => s + t.weight, 0) / n : 0;
    const related = n ? relatedTopics.length / n : 0;
    const country: string | null = d.country ?? null;
    if (query.onlyNewCountries && (!country || represented.includes(country))) continue;
    const newCountry = country && !represented.includes(country) ? 1 : 0;
    const breakdown = { shared: round(shared), related: round(related), text: round(c.text), newCountry };
    const score = round(
      SCORE_WEIGHTS.shared * shared + SCORE_WEIGHTS.related * related + SCORE_WEIGHTS.text * c.text + SCORE_WEIGHTS.newCountry * newCountry,
    );
    if (shared === 0 && related === 0 && c.text === 0) continue;
    const result: PartnerResult = {
      type: c.type,
      id: d.id,
      name: isInst ? d.name : d.fullName,
      country,
      countryName: country ? countryName(country) : null,
      url: isInst ? `/institutions/${d.id}` : `/experts/${d.id}`,
      institution: !isInst && d.institutionId != null ? { id: d.institutionId, name: d.institutionName } : null,
      score,
      breakdown,
      explanation: {
        sharedTopics,
        relatedTopics,
        matchedTerms: [], // filled for the returned page by findPartners
        highlighted: {},
        country: country ? { code: country, name: countryName(country), new: newCountry === 1 } : null,
      },
      topics: [], // filled for the returned page by findPartners
    };
    results.push(result);
    docs.set(result, d);
  }
  results.sort((a, b) => b.score - a.score || (a.type === b.type ? 0 : a.type === "institution" ? -1 : 1) || a.id - b.id);
  return { results, total: results.length, queryTopics: queryTopics.map(toQueryTopic), representedCountries: represented, docs, topicById, searchedText };
}

function toQueryTopic(t: TopicInfo & { inferred: boolean }) {
  return { id: t.id, name: t.name, subfieldId: t.subfieldId, inferred: t.inferred };
}

// ---------------------------------------------------------------------------
// Consortium suggestion

export interface ConsortiumQuery {
  topicIds: string[];
  /** Distinct member states required (the asking institution's country counts). */
  minCountries: number;
  excludeInstitutionId?: number | null;
  /** Institutions already in the consortium: never suggested (with their experts). */
  excludeInstitutionIds?: number[];
  /** The signed-in user asking: their institutions are never suggested. */
  askingUserId?: string | null;
  /** Free text of the call or draft (optional; sharpens the ranking). */
  text?: string;
  /** At most this many partners (default max(minCountries, topics) + 1, capped at 10). */
  maxPartners?: number;
}

export interface ConsortiumMember {
  institution: { id: number; name: string; url: string };
  country: { code: string; name: string };
  brings: { topics: TopicRef[]; country: string; newCountry: boolean };
  score: number;
}

export interface ConsortiumSuggestion {
  members: ConsortiumMember[];
  /** Distinct member states including the asking institution's. */
  countries: string[];
  covered: TopicRef[];
  /** Query topics no eligible institution works on. */
  uncovered: TopicRef[];
  /** How many more member states would be needed (0 when satisfied). */
  missingCountries: number;
  /** True when every topic is covered and the country requirement met. */
  complete: boolean;
  /** Plain-language summary ("cannot cover …" when incomplete). */
  note: string;
}

/**
 * Greedy set cover with a country-diversity constraint. Candidates: institutions
 * ranked by findPartners for the topics (asking institution excluded). Each
 * step picks the candidate that covers the most still-uncovered topics
 * (weight-summed), preferring a member state not yet represented, then the
 * higher match score, then the lower id; at most one institution per member
 * state while the country requirement is unmet. Afterwards, while fewer than
 * `minCountries` states are represented, the best-scoring institution of a new
 * state with at least one related topic is added. Deterministic for the same
 * data. Topics are resolved by id; unknown ids are a PartnerQueryError.
 */
export async function suggestConsortium(db: Kysely<DB>, query: ConsortiumQuery): Promise<ConsortiumSuggestion> {
  if (!Number.isInteger(query.minCountries) || query.minCountries < 1 || query.minCountries > 10) {
    throw new PartnerQueryError([{ param: "minCountries", message: "must be a whole number from 1 to 10" }]);
  }
  if (query.topicIds.length === 0) throw new PartnerQueryError([{ param: "topics", message: "give at least one topic id" }]);
  const ranked = await rankPartners(db, {
    topicIds: query.topicIds,
    text: query.text,
    excludeInstitutionId: query.excludeInstitutionId,
    excludeInstitutionIds: query.excludeInstitutionIds,
    askingUserId: query.askingUserId,
    types: ["institution"],
    inferTopics: false,
  });
  const qTopics = ranked.queryTopics;
  const asking = ranked.representedCountries;
  const maxPartners = query.maxPartners ?? Math.min(10, Math.max(query.minCountries, qTopics.length) + 1);
  const countries = new Set(asking);
  const uncovered = new Set(qTopics.map((t) => t.id));
  const members: ConsortiumMember[] = [];
  const chosen = new Set<number>();
  const cands = ranked.results.filter((r) => r.country);

  const add = (r: PartnerResult, brings: TopicRef[]) => {
    const isNew = !countries.has(r.country!);
    members.push({
      institution: { id: r.id, name: r.name, url: r.url },
      country: { code: r.country!, name: r.countryName ?? r.country! },
      brings: { topics: brings, country: r.country!, newCountry: isNew },
      score: r.score,
    });
    countries.add(r.country!);
    chosen.add(r.id);
    for (const t of brings) uncovered.delete(t.id);
  };

  while (uncovered.size && members.length < maxPartners) {
    const needCountries = countries.size < query.minCountries;
    let best: { r: PartnerResult; gain: number; brings: TopicRef[]; isNew: boolean } | null = null;
    for (const r of cands) {
      if (chosen.has(r.id)) continue;
      const isNew = !countries.has(r.country!);
      if (needCountries && !isNew && members.some((m) => m.country.code === r.country)) continue;
      const brings = r.explanation.sharedTopics.filter((t) => uncovered.has(t.id));
      const gain = brings.reduce((s, t) => s + t.weight, 0);
      if (gain === 0) continue;
      const better =
        !best ||
        gain > best.gain + 1e-9 ||
        (Math.abs(gain - best.gain) <= 1e-9 && (isNew && !best.isNew || (isNew === best.isNew && (r.score > best.r.score || (r.score === best.r.score && r.id < best.r.id)))));
      if (better) best = { r, gain, brings: brings.map(({ id, name }) => ({ id, name })), isNew };
    }
    if (!best) break;
    add(best.r, best.brings);
  }
  // Country requirement: add the best-matching institution of each missing state.
  while (countries.size < query.minCountries && members.length < Math.max(maxPartners, query.minCountries)) {
    const next = cands.find((r) => !chosen.has(r.id) && !countries.has(r.country!) && (r.breakdown.shared > 0 || r.breakdown.related > 0));
    if (!next) break;
    add(next, next.explanation.sharedTopics.map(({ id, name }) => ({ id, name })));
  }
  const covered = qTopics.filter((t) => !uncovered.has(t.id)).map(({ id, name }) => ({ id, name }));
  const left = qTopics.filter((t) => uncovered.has(t.id)).map(({ id, name }) => ({ id, name }));
  const missingCountries = Math.max(0, query.minCountries - countries.size);
  const complete = left.length === 0 && missingCountries === 0;
  const note = complete
    ? `${members.length} partner(s) from ${countries.size} member state(s) cover all ${qTopics.length} topic(s).`
    : [
        left.length ? `Cannot cover: ${left.map((t) => t.name).join("; ")} (no eligible institution works on it).` : "",
        missingCountries ? `Cannot reach ${query.minCountries} member states: ${missingCountries} more needed and no institution of another state works on these topics or related ones.` : "",
      ]
        .filter(Boolean)
        .join(" ");
  return { members, countries: [...countries].sort(), covered, uncovered: left, missingCountries, complete, note };
}

// ---------------------------------------------------------------------------
// Topic picker

/**
 * Taxonomy topics for the picker, from the Meilisearch topics index (the one
 * topic recognition searches: name, keywords, description, subfield; typos;
 * the glossary's terms in the region's languages), best match first. Empty
 * text → []. At most `limit` (default 25). Throws when search is down.
 */
export async function searchTopics(_db: Kysely<DB>, text: string, limit = 25): Promise<Array<TopicRef & { subfield: string }>> {
  return searchTopicIndex(text, limit);
}

/** Names of topics `ids` (unknown ids left out), by name. */
export async function topicsByIds(db: Kysely<DB>, ids: string[]): Promise<Array<TopicRef & { subfield: string }>> {
  if (ids.length === 0) return [];
  return db.selectFrom("topics").select(["id", "name", "subfield"]).where("id", "in", ids).orderBy("name").execute();
}

/**
 * "Suggested partners" for an expert profile: the matcher with the expert's
 * topics and keywords, excluding the expert and their institution (whose
 * country then earns no new-country bonus). Top `limit` (default 5). Returns
 * null when search is unavailable, so the profile page still renders.
 */
export async function suggestedPartnersFor(
  db: Kysely<DB>,
  expert: { id: number; topics: Array<{ id: string }>; keywords: string[]; institution: { id: number } | null },
  limit = 5,
): Promise<PartnerResult[] | null> {
  if (expert.topics.length === 0 && expert.keywords.length === 0) return [];
  try {
    const r = await findPartners(db, {
      topicIds: expert.topics.map((t) => t.id),
      text: expert.keywords.slice(0, 6).join(" "),
      inferTopics: false,
      excludeInstitutionId: expert.institution?.id ?? null,
      excludeExpertId: expert.id,
      perPage: limit,
    });
    return r.results;
  } catch (err) {
    if (isSearchFailure(err)) return null;
    throw err;
  }
}
