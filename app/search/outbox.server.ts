/**
 * Transactional outbox for search sync. Call `enqueueIndexChange` with the same
 * transaction (`trx`) that writes the domain rows, so "the index must change"
 * commits or rolls back together with the write. The drainer (sync.server.ts)
 * re-reads the current rows and upserts or deletes documents.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "../../db/types";

/** Names of the logical indexes (before any test/tenant prefix). */
export type IndexName = "institutions" | "experts" | "calls" | "projects";

/**
 * Records that documents `ids` of `index` must be re-read and re-indexed.
 * One row per document: enqueueing again bumps its `generation` and makes it
 * due now, so a drain that applied the older generation will not delete it.
 */
export async function enqueueIndexChange(
  db: Kysely<DB> | Transaction<DB>,
  index: IndexName,
  ids: Array<string | number>,
): Promise<void> {
  if (ids.length === 0) return;
  const unique = [...new Set(ids.map(String))];
  for (let i = 0; i < unique.length; i += 1000) {
    await db
      .insertInto("search_outbox")
      .values(unique.slice(i, i + 1000).map((doc_id) => ({ index_name: index, doc_id })))
      .onConflict((oc) =>
        oc.columns(["index_name", "doc_id"]).doUpdateSet({
          enqueued_at: sql`clock_timestamp()`,
          generation: sql`search_outbox.generation + 1`,
          next_attempt_at: sql`now()`,
          attempts: 0,
        }),
      )
      .execute();
  }
}
