/**
 * Full rebuild of search indexes from PostgreSQL: each index is built into a
 * fresh uid and swapped in (no empty window), then its version is recorded
 * (index-version.server.ts). Holds the sync lock (sync.server.ts SYNC_LOCK)
 * for the whole build, so a change made meanwhile stays queued in the outbox
 * and is applied after the swap. Used at start-up for outdated indexes
 * (server.ts, scripts/worker.ts), by `npm run search:reindex` and the bench.
 */
import { bumpDataVersion } from "~/search/data-version.server";
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { forgetRecognitionCache } from "~/features/matching/topic-recognition.server";
import { getMeili, indexUid, settle } from "~/search/client.server";
import { meiliApiError } from "~/search/http.server";
import { INDEXES } from "~/search/indexes.server";
import { outdatedIndexes, recordIndexVersion } from "~/search/index-version.server";
import type { IndexName } from "~/search/outbox.server";
import { SYNC_LOCK, createIndexIfMissing, ensureIndex } from "~/search/sync.server";

/** Document batches a reindex may have enqueued in Meilisearch and not yet seen indexed. */
const REINDEX_IN_FLIGHT = 4;

/**
 * Rebuilds the named indexes (default: all) from PostgreSQL into fresh uids,
 * swaps them in, deletes the old ones and records their version. With
 * `onlyOutdated`, an index whose version is current once the lock is held is
 * skipped (another process rebuilt it meanwhile). Returns documents indexed
 * per index rebuilt. Throws when Meilisearch fails; the live index is untouched in that case.
 */
export async function reindex(
  db: Kysely<DB>,
  opts: { only?: IndexName[]; onlyOutdated?: boolean; batchSize?: number; log?: (msg: string) => void } = {},
): Promise<Record<string, number>> {
  const log = opts.log ?? (() => {});
  const batchSize = opts.batchSize ?? 2000;
  const meili = getMeili();
  const counts: Record<string, number> = {};
  const reserved = await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${SYNC_LOCK})`.execute(conn);
    try {
      for (const def of Object.values(INDEXES)) {
        if (!def || (opts.only && !opts.only.includes(def.name))) continue;
        if (opts.onlyOutdated && (await outdatedIndexes([def.name])).length === 0) continue;
        const live = indexUid(def.name);
        const fresh = `${live}__build_${Date.now()}`;
        // Swap needs both sides to exist; the live side gets the fresh one's settings by the swap.
        await createIndexIfMissing(live);
        await ensureIndex(def, fresh);
        let after: string | null = null;
        let n = 0;
        // Batches are enqueued without waiting for each to be indexed: Meilisearch then merges
        // consecutive additions into one indexing batch (autobatching), which at 100k documents
        // is several times faster than settling 50 batches one by one. A few tasks stay in
        // flight at most, so a failure stops the build early and memory stays bounded.
        const inFlight: Array<Promise<void>> = [];
        for (;;) {
          const ids = await def.pageIds(conn as Kysely<DB>, after, batchSize);
          if (ids.length === 0) break;
          const docs = await def.load(conn as Kysely<DB>, ids);
          if (docs.length) {
            const task = addWithRetry(fresh, docs);
            task.catch(() => {}); // awaited below; this only avoids an unhandled rejection meanwhile
            inFlight.push(task);
            if (inFlight.length >= REINDEX_IN_FLIGHT) await inFlight.shift();
          }
          n += docs.length;
          after = ids[ids.length - 1];
          log(`  ${def.name}: ${n} documents sent`);
        }
        for (const task of inFlight) await task;
        // No `rename` field: Meilisearch before 1.18 refuses it, and its default (false, a swap) is what we want,
        // so the same request works on every supported version (docs/deployment.md). The client's type requires it.
        await settle(meili.swapIndexes([{ indexes: [live, fresh] } as Parameters<typeof meili.swapIndexes>[0][number]]));
        await settle(meili.deleteIndex(fresh)); // after the swap `fresh` holds the old documents
        await recordIndexVersion(def);
        await bumpDataVersion(conn as Kysely<DB>); // the swapped-in index may answer differently
        if (def.name === "topics") forgetRecognitionCache(); // recognition keeps what it found in the old one
        counts[def.name] = n;
      }
    } finally {
      await sql`select pg_advisory_unlock(${SYNC_LOCK})`.execute(conn);
    }
    return counts;
  });
  return reserved;
}

/**
 * Sends one reindex batch and waits until it is indexed. The upload is retried (up to 3
 * attempts, 1 s apart) when the request itself fails: under load, Meilisearch busy indexing the
 * previous batches can answer an upload after the client's 5 s timeout (seen in the bench).
 * Re-sending is safe: documents are upserted by primary key.
 */
async function addWithRetry(uid: string, docs: unknown[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let enqueued;
    try {
      enqueued = getMeili()
        .index(uid)
        .addDocuments(docs as Record<string, unknown>[], { primaryKey: "id" });
      await enqueued;
    } catch (err) {
      if (attempt >= 3 || meiliApiError(err)) throw err;
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    await settle(enqueued, 600_000);
    return;
  }
}
