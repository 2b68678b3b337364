/**
 * How many candidates the first topic tier of a partner query will find,
 * estimated before Meilisearch is asked (issue 17). Partner matching fetches
 * documents sharing a query topic, and only when those come back fewer than
 * the candidate count a second tier of documents with a related topic
 * (retrieval.server.ts): a second round trip, the slowest part of filtered
 * and consortium queries. When the estimate says the first tier will come
 * back short, ranking.server.ts asks for the second tier at the same time.
 * The estimate only decides *when* the second tier is requested, never
 * whether its documents are used (that is still decided on the first tier's
 * real answer), so a wrong estimate costs time, never a different result.
 *
 * Data: PostgreSQL, per topic, member state and institution kind: experts
 * having the topic (affiliated with a verified institution), and verified
 * institutions having it in their topic profile (declared, or an affiliated
 * expert's topic: topic-profile.server.ts). Read in the background at most
 * every COUNTS_TTL_MS per database handle; until the first read is done
 * there is no estimate (and no request waits for one).
 */
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { DB } from "~db/types";
import type { PartnerType } from "~/features/matching/partner-query";

/** topic id → `${country}|${kind}|${openTo value, or * for all}` → documents (institutions: * only). */
export type TopicCounts = Record<PartnerType, Map<string, Map<string, number>>>;

/** How long counts are used before they are read again (ms); they move only with profile edits. */
const COUNTS_TTL_MS = 10 * 60_000;

/** The counts from PostgreSQL (two aggregates, about 1 s of PostgreSQL at 100k experts: run in the background). */
export async function loadTopicCounts(db: Kysely<DB>): Promise<TopicCounts> {
  const [experts, institutions] = await Promise.all([
    // Per openTo value too ('*': every expert), so an openTo filter is estimated as well.
    sql<{ topic_id: string; country_code: string; kind: string; open_to: string; n: number }>`
      select et.topic_id, i.country_code, i.kind, o.v as open_to, count(*)::int as n
      from expert_topics et
      join experts e on e.id = et.expert_id
      join institutions i on i.id = e.institution_id and i.status = 'verified'
      cross join lateral unnest(array_append(e.open_to, '*')) as o(v)
      group by 1, 2, 3, 4`.execute(db),
    sql<{ topic_id: string; country_code: string; kind: string; n: number }>`
      select p.topic_id, i.country_code, i.kind, count(*)::int as n
      from (
        select institution_id, topic_id from institution_topics
        union
        select e.institution_id, et.topic_id from expert_topics et join experts e on e.id = et.expert_id where e.institution_id is not null
      ) p
      join institutions i on i.id = p.institution_id and i.status = 'verified'
      group by 1, 2, 3`.execute(db),
  ]);
  const index = (rows: Array<{ topic_id: string; country_code: string; kind: string; open_to?: string; n: number }>) => {
    const byTopic = new Map<string, Map<string, number>>();
    for (const r of rows) {
      let m = byTopic.get(r.topic_id);
      if (!m) byTopic.set(r.topic_id, (m = new Map()));
      m.set(`${r.country_code}|${r.kind}|${r.open_to ?? "*"}`, r.n);
    }
    return byTopic;
  };
  return { expert: index(experts.rows), institution: index(institutions.rows) };
}

const cache = new WeakMap<Kysely<DB>, { at: number; counts?: TopicCounts; pending?: Promise<TopicCounts> }>();

/**
 * The counts of `db` when they have been read, else undefined; never waits.
 * Starts a (re)read in the background when there are none yet or they are
 * older than COUNTS_TTL_MS (the old ones are served meanwhile). A failed
 * read is forgotten and tried again on a later call.
 */
export function peekTopicCounts(db: Kysely<DB>): TopicCounts | undefined {
  let entry = cache.get(db);
  if (!entry) cache.set(db, (entry = { at: 0 }));
  if (!entry.pending && Date.now() - entry.at >= COUNTS_TTL_MS) {
    const e = entry;
    e.pending = loadTopicCounts(db);
    e.pending.then(
      (counts) => Object.assign(e, { counts, at: Date.now(), pending: undefined }),
      () => (e.pending = undefined),
    );
  }
  return entry.counts;
}

/** Waits for the read peekTopicCounts started, if any (tests). */
export async function topicCountsSettled(db: Kysely<DB>): Promise<void> {
  await cache.get(db)?.pending?.catch(() => {});
}

/** Forgets the counts of `db` (tests; after a bulk import). */
export function forgetTopicCounts(db: Kysely<DB>): void {
  cache.delete(db);
}

/** What a topic tier is narrowed by (the query's filters; exclusions of single documents are ignored). */
export interface TierScope {
  /** Member states allowed (undefined: all). */
  countries?: readonly string[];
  /** Member states left out (onlyNewCountries: those represented). */
  excludedCountries?: readonly string[];
  /** Institution kinds allowed (undefined: all). */
  kinds?: readonly string[];
  /** Experts only: openTo values, any of which an expert must have (undefined: no filter). */
  openTo?: readonly string[];
}

/**
 * Estimated documents of kind `type` having one of `topicIds` within
 * `scope`: the sum over the topics and openTo values (an upper bound of
 * their union, so a multi-topic query errs towards "full"). Exact for one
 * topic and at most one openTo value, exclusions aside.
 */
export function estimateTierSize(counts: TopicCounts, type: PartnerType, topicIds: readonly string[], scope: TierScope): number {
  const openTo = type === "expert" && scope.openTo?.length ? scope.openTo : ["*"];
  let n = 0;
  for (const id of topicIds) {
    for (const [key, k] of counts[type].get(id) ?? []) {
      const [country, kind, value] = key.split("|");
      if (!openTo.includes(value)) continue;
      if (scope.countries?.length && !scope.countries.includes(country)) continue;
      if (scope.excludedCountries?.includes(country)) continue;
      if (scope.kinds?.length && !scope.kinds.includes(kind)) continue;
      n += k;
    }
  }
  return n;
}
