/**
 * Institution topic profiles: what an institution works on, combining the
 * topics its admins declare (`institution_topics`) with the topics of its
 * experts (`expert_topics` of experts affiliated with it), weighted by how many
 * experts share each topic.
 *
 * The profile is derived on read from PostgreSQL (no copy to keep in step):
 * the institution page reads it here, and the institutions search mapper
 * builds documents from it. What must be kept current is the search document:
 * every write that changes an expert's topics or affiliation calls
 * `touchInstitutionProfiles` in the same transaction, which enqueues the
 * affected institution documents in the search outbox.
 *
 * Weight of a topic (0 < w ≤ 1): `min(1, declared + expertCount / 3)` with
 * declared = 1 for an admin-declared topic, else 0 — a declared topic, or one
 * that three or more of its experts work on, counts fully; one expert gives 1/3.
 */
import type { Kysely, Transaction } from "kysely";
import { sql } from "kysely";
import type { DB } from "~db/types";
import { enqueueIndexChange } from "~/search/outbox.server";

type Db = Kysely<DB> | Transaction<DB>;

/** Experts at which a topic counts fully towards an institution's profile. */
export const FULL_WEIGHT_EXPERTS = 3;

export interface ProfileTopic {
  id: string;
  name: string;
  subfieldId: string;
  subfield: string;
  /** Declared by the institution's admins. */
  declared: boolean;
  /** Affiliated experts who list the topic. */
  expertCount: number;
  /** min(1, (declared ? 1 : 0) + expertCount / FULL_WEIGHT_EXPERTS), rounded to 3 decimals. */
  weight: number;
}

/** Weight of a profile topic (see the module comment). */
export function profileWeight(declared: boolean, expertCount: number): number {
  return Math.round(Math.min(1, (declared ? 1 : 0) + expertCount / FULL_WEIGHT_EXPERTS) * 1000) / 1000;
}

/**
 * Topic profiles of `institutionIds`: per institution, its topics by weight
 * (heaviest first, then name, then id). Institutions without topics map to [].
 */
export async function getInstitutionTopicProfiles(db: Db, institutionIds: number[]): Promise<Map<number, ProfileTopic[]>> {
  const out = new Map<number, ProfileTopic[]>(institutionIds.map((id) => [id, []]));
  if (institutionIds.length === 0) return out;
  const rows = await sql<{ institution_id: number; topic_id: string; declared: boolean; expert_count: number }>`
    select institution_id, topic_id, bool_or(declared) as declared, sum(n)::int as expert_count
    from (
      select institution_id, topic_id, true as declared, 0 as n
      from institution_topics where institution_id = any(${institutionIds}::int[])
      union all
      select e.institution_id, et.topic_id, false, count(*)::int
      from expert_topics et join experts e on e.id = et.expert_id
      where e.institution_id = any(${institutionIds}::int[])
      group by e.institution_id, et.topic_id
    ) p
    group by institution_id, topic_id`.execute(db);
  if (rows.rows.length === 0) return out;
  const topics = await db
    .selectFrom("topics")
    .select(["id", "name", "subfield_id", "subfield"])
    .where("id", "in", [...new Set(rows.rows.map((r) => r.topic_id))])
    .execute();
  const byId = new Map(topics.map((t) => [t.id, t]));
  for (const r of rows.rows) {
    const t = byId.get(r.topic_id);
    if (!t) continue;
    out.get(r.institution_id)?.push({
      id: t.id,
      name: t.name,
      subfieldId: t.subfield_id,
      subfield: t.subfield,
      declared: r.declared,
      expertCount: r.expert_count,
      weight: profileWeight(r.declared, r.expert_count),
    });
  }
  for (const list of out.values()) {
    list.sort((a, b) => b.weight - a.weight || b.expertCount - a.expertCount || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }
  return out;
}

/**
 * Enqueues the search documents of institutions whose topic profile changed
 * (an expert's topics or affiliation changed). Call with the transaction that
 * made the change. Dependent expert documents are not re-enqueued: a profile
 * is not copied into them. Nulls are ignored.
 */
export async function touchInstitutionProfiles(trx: Db, institutionIds: Array<number | null | undefined>): Promise<void> {
  const ids = [...new Set(institutionIds.filter((i): i is number => typeof i === "number"))];
  await enqueueIndexChange(trx, "institutions", ids, { dependents: false });
}
