/**
 * Transactional outbox for search sync. Call `enqueueIndexChange` with the same
 * transaction (`trx`) that writes the domain rows, so "the index must change"
 * commits or rolls back together with the write. The drainer (sync.server.ts)
 * re-reads the current rows and upserts or deletes documents. Also the
 * outbox's state for /healthz (`outboxStats`) and `retryWaitingNow`, which
 * the sync loop (worker.server.ts) calls when Meilisearch is back.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~db/types";
import { numericIds } from "~/search/index-definition";

/** Names of the logical indexes (before any test/tenant prefix). */
export type IndexName = "institutions" | "experts" | "calls" | "projects" | "topics";

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Documents of other indexes that copy data from a document of this index
 * (an expert document carries its institution's name and country). Enqueueing
 * a change of the source enqueues these too, in the same transaction, so no
 * caller can forget them. Rows are looked up now: enqueue BEFORE deleting a
 * source row, or the dependents can no longer be found.
 */
const DEPENDENTS: Partial<Record<IndexName, Array<{ index: IndexName; ids(db: Db, ids: string[]): Promise<string[]> }>>> = {
  institutions: [
    {
      index: "experts",
      async ids(db, ids) {
        const numeric = numericIds(ids);
        if (numeric.length === 0) return [];
        const rows = await db.selectFrom("experts").select("id").where("institution_id", "in", numeric).execute();
        return rows.map((r) => String(r.id));
      },
    },
    {
      // A call document carries its institution's name and country.
      index: "calls",
      async ids(db, ids) {
        const numeric = numericIds(ids);
        if (numeric.length === 0) return [];
        const rows = await db.selectFrom("calls").select("id").where("institution_id", "in", numeric).execute();
        return rows.map((r) => String(r.id));
      },
    },
  ],
};

/** The PostgreSQL LISTEN/NOTIFY channel `enqueueIndexChange` signals and `runWorker` listens on. */
export const OUTBOX_CHANNEL = "search_outbox";

/**
 * Records that documents `ids` of `index` (and the documents that depend on
 * them, see DEPENDENTS, unless `opts.dependents` is false) must be re-read and re-indexed.
 * One row per document: enqueueing again bumps its `generation` and makes it
 * due now, so a drain that applied the older generation will not delete it.
 *
 * Every row of one call (sources and dependents) is written in one sorted
 * order, (index name, doc id): two transactions enqueueing overlapping rows
 * (an institution edit enqueues the institution and its experts; an expert
 * edit, the expert and then the institution) then lock them in the same order
 * instead of deadlocking (40P01). Whatever ordering cannot cover (several
 * calls in one transaction, the domain rows' own locks) is retried by the
 * transaction (db/connect.ts).
 */
export async function enqueueIndexChange(db: Db, index: IndexName, ids: Array<string | number>, opts: { dependents?: boolean } = {}): Promise<void> {
  if (ids.length === 0) return;
  const keys = new Map<IndexName, Set<string>>();
  await collect(db, keys, index, [...new Set(ids.map(String))], opts.dependents !== false);
  const rows = [...keys]
    .flatMap(([index_name, docIds]) => [...docIds].map((doc_id) => ({ index_name, doc_id })))
    .sort((a, b) => compare(a.index_name, b.index_name) || compare(a.doc_id, b.doc_id));
  if (rows.length === 0) return;
  for (let i = 0; i < rows.length; i += 1000) {
    // A multi-row INSERT takes its row locks in VALUES order, so the sort above is the lock order.
    await db
      .insertInto("search_outbox")
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) =>
        // enqueued_at keeps the first enqueue: /healthz's "oldest age" must show how long a change has waited.
        oc.columns(["index_name", "doc_id"]).doUpdateSet({
          generation: sql`search_outbox.generation + 1`,
          next_attempt_at: sql`now()`,
          attempts: 0,
        }),
      )
      .execute();
  }
  // Wakes a listening worker when this transaction commits (PostgreSQL delivers NOTIFY at
  // commit and folds repeats within a transaction), so sync lag is not an idle-poll interval.
  await sql`select pg_notify(${OUTBOX_CHANNEL}, '')`.execute(db);
}

/** Code-unit order: the same in every process (unlike localeCompare), which is all a lock order needs. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Adds `ids` of `index` to `keys` and, when `dependents`, the documents that
 * depend on them (transitively). Lookups only read, so they take no outbox locks.
 * `dependents: false` when only derived fields of the source change (an institution's
 * topic profile after an expert edit): the copies in dependent documents stay valid.
 */
async function collect(db: Db, keys: Map<IndexName, Set<string>>, index: IndexName, ids: string[], dependents: boolean): Promise<void> {
  const seen = keys.get(index) ?? new Set<string>();
  keys.set(index, seen);
  const fresh = ids.filter((id) => !seen.has(id));
  for (const id of fresh) seen.add(id);
  if (!dependents || fresh.length === 0) return;
  for (const dep of DEPENDENTS[index] ?? []) {
    for (let i = 0; i < fresh.length; i += 5000) {
      await collect(db, keys, dep.index, await dep.ids(db, fresh.slice(i, i + 5000)), true);
    }
  }
}

/**
 * Outbox state for /healthz: rows waiting, the age in seconds of the oldest
 * waiting change (null when none), rows that failed at least once and are
 * waiting for a retry, and the most recent error message (null when none).
 */
export async function outboxStats(db: Kysely<DB>): Promise<{ backlog: number; oldestAgeSeconds: number | null; retrying: number; lastError: string | null }> {
  const r = await db
    .selectFrom("search_outbox")
    .select([
      sql<number>`count(*)::int`.as("backlog"),
      sql<number | null>`extract(epoch from now() - min(enqueued_at))::float`.as("age"),
      sql<number>`count(*) filter (where attempts > 0)::int`.as("retrying"),
    ])
    .executeTakeFirstOrThrow();
  const last = r.retrying
    ? await db.selectFrom("search_outbox").select("last_error").where("attempts", ">", 0).orderBy("next_attempt_at", "desc").limit(1).executeTakeFirst()
    : undefined;
  return {
    backlog: r.backlog,
    oldestAgeSeconds: r.age === null ? null : Math.round(r.age * 10) / 10,
    retrying: r.retrying,
    lastError: last?.last_error ?? null,
  };
}

/**
 * Makes every change waiting for a retry due now (used when Meilisearch is
 * back after an outage). Returns the number of rows made due.
 */
export async function retryWaitingNow(db: Kysely<DB>): Promise<number> {
  const r = await db
    .updateTable("search_outbox")
    .set({ next_attempt_at: sql`now()` })
    .where("attempts", ">", 0)
    .where("next_attempt_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
