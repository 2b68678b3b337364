/**
 * Keeps Meilisearch in step with PostgreSQL.
 * - `drainOutbox` applies queued changes idempotently: it re-reads current rows
 *   through the index's mapper, upserts what exists and deletes what does not,
 *   waits for Meilisearch to confirm, then removes exactly the outbox rows it
 *   read (a row re-enqueued meanwhile survives). On failure rows are retried with
 *   exponential backoff (1 s doubling, capped at 5 min); writes never wait for it.
 * - `reindex` builds every index into a fresh uid and swaps it in (no empty window),
 *   then records the index's version (index-version.server.ts); `prepareIndexes`
 *   at start-up names the indexes built under another version, to rebuild.
 * Drain and reindex exclude each other with a PostgreSQL advisory lock, so a
 * change made during a reindex stays queued and is applied after the swap.
 * - A batch that fails while Meilisearch answers /health is retried document by
 *   document, so one document Meilisearch refuses cannot hold back the others.
 * - `runWorker` notices when Meilisearch comes back after an outage and makes
 *   the waiting changes due at once instead of sitting out their backoff.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { getMeili, indexUid, settle } from "~/search/client.server";
import { meiliApiError, meiliErrorMessage } from "~/search/http.server";
import { OUTBOX_CHANNEL } from "~/search/outbox.server";
import type postgres from "postgres";
import { INDEXES, type IndexDefinition } from "~/search/indexes.server";
import { outdatedIndexes, recordIndexVersion } from "~/search/index-version.server";
import { forgetRecognitionCache } from "~/features/matching/topic-recognition.server";
import type { IndexName } from "~/search/outbox.server";

const SYNC_LOCK = 727_001; // advisory lock key shared by drainers and reindex
const MAX_BACKOFF_S = 300;
/** Document batches a reindex may have enqueued in Meilisearch and not yet seen indexed. */
const REINDEX_IN_FLIGHT = 4;

export interface DrainResult {
  /** Outbox rows applied and removed. */
  applied: number;
  /** Rows that failed and were rescheduled. */
  failed: number;
  /** True when another drainer or a reindex held the lock (nothing done). */
  busy: boolean;
}

/** Applies up to `limit` due outbox rows. Never throws for Meilisearch errors (they reschedule). */
export async function drainOutbox(db: Kysely<DB>, opts: { limit?: number } = {}): Promise<DrainResult> {
  const limit = opts.limit ?? 1000;
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${SYNC_LOCK}) as ok`.execute(trx);
    if (!lock.rows[0]?.ok) return { applied: 0, failed: 0, busy: true };
    const rows = await trx
      .selectFrom("search_outbox")
      .select(["id", "index_name", "doc_id", "generation"])
      .where("next_attempt_at", "<=", sql<Date>`now()`)
      .orderBy("id")
      .limit(limit)
      .execute();
    let applied = 0;
    let failed = 0;
    const byIndex = new Map<string, typeof rows>();
    for (const r of rows) byIndex.set(r.index_name, [...(byIndex.get(r.index_name) ?? []), r]);
    // Indexes are applied concurrently: their tasks reach Meilisearch together and the drain
    // waits once for all of them, not index after index (the bench's sync lag).
    await Promise.all([...byIndex].map(async ([name, group]) => {
      const def = INDEXES[name as IndexName];
      const done = async (rows: typeof group) => {
        // Only the generation that was read: a row re-enqueued meanwhile stays for the next drain.
        await sql`delete from search_outbox o
          using unnest(${rows.map((g) => g.id)}::bigint[], ${rows.map((g) => g.generation)}::int[]) as x(id, gen)
          where o.id = x.id and o.generation = x.gen`.execute(trx);
        applied += rows.length;
      };
      const retryLater = async (rows: typeof group, err: unknown) => {
        failed += rows.length;
        const message = meiliErrorMessage(err).slice(0, 500);
        await trx
          .updateTable("search_outbox")
          .set({
            attempts: sql`attempts + 1`,
            last_error: message,
            next_attempt_at: sql`now() + make_interval(secs => least(${MAX_BACKOFF_S}, power(2, attempts)))`,
          })
          .where("id", "in", rows.map((g) => g.id))
          .execute();
      };
      try {
        if (!def) throw new Error(`Unknown index ${name}`);
        await applyDocuments(db, def, group.map((g) => g.doc_id));
        await done(group);
      } catch (err) {
        if (!def || group.length === 1 || !(await meiliAvailable())) {
          await retryLater(group, err);
          return;
        }
        // Meilisearch is up, so the batch itself was refused: isolate the document(s) at fault.
        for (const row of group) {
          try {
            await applyDocuments(db, def, [row.doc_id]);
            await done([row]);
          } catch (oneErr) {
            await retryLater([row], oneErr);
          }
        }
      }
    }));
    return { applied, failed, busy: false };
  });
}

/**
 * Index uids whose declared settings this process has applied. Adding documents
 * to a missing index creates it WITHOUT our settings (no filterable attributes),
 * e.g. when the app started while Meilisearch was down; so the first write to
 * each uid applies the settings first. Cleared when Meilisearch comes back.
 */
const settingsApplied = new Set<string>();

/**
 * Forgets which indexes had their settings applied, so the next write to each
 * applies them again (Meilisearch came back, possibly empty; tests).
 */
export function forgetAppliedSettings(): void {
  settingsApplied.clear();
}

/** True when Meilisearch answers /health with "available" (within the client timeout). */
export async function meiliAvailable(): Promise<boolean> {
  try {
    return (await getMeili().health()).status === "available";
  } catch {
    return false;
  }
}

/** Upserts the current documents for `ids` and deletes the ids with no document. */
async function applyDocuments(db: Kysely<DB>, def: IndexDefinition<any>, ids: string[], uid = indexUid(def.name)) {
  if (!settingsApplied.has(uid)) {
    await ensureIndex(def, uid);
    settingsApplied.add(uid);
  }
  const docs = await def.load(db, ids);
  const present = new Set(docs.map((d) => String(d.id)));
  const gone = ids.filter((id) => !present.has(id));
  const index = getMeili().index(uid);
  if (docs.length) await settle(index.addDocuments(docs, { primaryKey: "id" }));
  if (gone.length) await settle(index.deleteDocuments(gone));
}

/**
 * Creates the index when missing and applies its declared settings. A live
 * index created here holds no document of an older version, so its version is
 * recorded at once (index-version.server.ts).
 */
export async function ensureIndex(def: IndexDefinition<any>, uid = indexUid(def.name)): Promise<void> {
  const created = await createIndexIfMissing(uid);
  // Both tasks enqueued before waiting: Meilisearch runs tasks one after another, so each wait is
  // a wait behind the whole queue.
  const version = created && uid === indexUid(def.name) ? recordIndexVersion(def) : null;
  version?.catch(() => {}); // awaited below; this only avoids an unhandled rejection meanwhile
  await settle(getMeili().index(uid).updateSettings(def.settings));
  await version;
}

/** Creates index `uid` (primary key `id`, default settings) unless it exists; true when created. */
async function createIndexIfMissing(uid: string): Promise<boolean> {
  const meili = getMeili();
  try {
    await meili.getIndex(uid);
    return false;
  } catch {
    await settle(meili.createIndex(uid, { primaryKey: "id" }));
    return true;
  }
}

/**
 * Start-up step of the processes that sync search (server.ts, scripts/worker.ts):
 * applies the declared settings to every index (creating missing ones) except
 * those built under another version of the folding or the settings, and
 * returns those, for `reindex(db, { only, onlyOutdated: true })`. Their live
 * index keeps answering meanwhile; the new settings are not applied to it in
 * place, which would have Meilisearch re-index documents the rebuild replaces.
 * Throws when Meilisearch fails.
 */
export async function prepareIndexes(): Promise<IndexName[]> {
  const outdated = await outdatedIndexes();
  await Promise.all(Object.values(INDEXES).map((def) => def && !outdated.includes(def.name) && ensureIndex(def)));
  return outdated;
}

/** Applies declared settings to every index (start-up). Throws when Meilisearch is unreachable. */
export async function ensureIndexes(): Promise<void> {
  await Promise.all(Object.values(INDEXES).map((def) => def && ensureIndex(def)));
}

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
        await settle(meili.swapIndexes([{ indexes: [live, fresh], rename: false }]));
        await settle(meili.deleteIndex(fresh)); // after the swap `fresh` holds the old documents
        await recordIndexVersion(def);
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
      enqueued = getMeili().index(uid).addDocuments(docs as Record<string, unknown>[], { primaryKey: "id" });
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

/**
 * Outbox state for /healthz: rows waiting, the age in seconds of the oldest
 * waiting change (null when none), rows that failed at least once and are
 * waiting for a retry, and the most recent error message (null when none).
 */
export async function outboxStats(
  db: Kysely<DB>,
): Promise<{ backlog: number; oldestAgeSeconds: number | null; retrying: number; lastError: string | null }> {
  const r = await db
    .selectFrom("search_outbox")
    .select([
      sql<number>`count(*)::int`.as("backlog"),
      sql<number | null>`extract(epoch from now() - min(enqueued_at))::float`.as("age"),
      sql<number>`count(*) filter (where attempts > 0)::int`.as("retrying"),
    ])
    .executeTakeFirstOrThrow();
  const last = r.retrying
    ? await db
        .selectFrom("search_outbox")
        .select("last_error")
        .where("attempts", ">", 0)
        .orderBy("next_attempt_at", "desc")
        .limit(1)
        .executeTakeFirst()
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

/**
 * Runs `drainOutbox` in a loop until `signal` aborts: immediately again while
 * there is work, otherwise every `idleMs` (default 200 ms; 1 s with `listen`).
 * With `listen` (the postgres.js pool of the same database) it also LISTENs on
 * OUTBOX_CHANNEL and drains as soon as a transaction that enqueued a change
 * commits, so the lag is the drain itself, not a poll interval; the poll stays
 * as a fallback (a lost connection, backoff retries coming due). After a failed
 * drain (and at start) it watches Meilisearch's /health, every poll interval;
 * when it answers again, the waiting changes are made due at once (their
 * backoff may have grown to minutes) — also those left by an earlier process.
 * Errors are logged, never thrown, so the web process keeps serving.
 */
export async function runWorker(
  db: Kysely<DB>,
  signal: AbortSignal,
  opts: { idleMs?: number; log?: (m: string) => void; listen?: postgres.Sql } = {},
) {
  const idleMs = opts.idleMs ?? (opts.listen ? 1000 : 200);
  const log = opts.log ?? ((m: string) => console.error(m));
  let lastError = "";
  // Unknown at start, so treated as "down": the first pass probes /health and, when it answers,
  // makes due at once the changes an earlier process left waiting with backoff (an outage before
  // a restart of the app), instead of letting them sit out up to MAX_BACKOFF_S.
  let searchDown = true;
  let starting = true;
  let wake: (() => void) | null = null;
  let notified = false;
  const onNotify = () => {
    notified = true;
    wake?.();
  };
  let unlisten: (() => Promise<void>) | null = null;
  if (opts.listen) {
    try {
      unlisten = (await opts.listen.listen(OUTBOX_CHANNEL, onNotify)).unlisten;
    } catch (err) {
      log(`search sync: LISTEN failed (${(err as Error).message}); polling every ${idleMs} ms`);
    }
  }
  const onAbort = () => wake?.();
  signal.addEventListener("abort", onAbort);
  try {
    await loop();
  } finally {
    signal.removeEventListener("abort", onAbort);
    await unlisten?.().catch(() => {});
  }

  async function loop() {
    while (!signal.aborted) {
      notified = false;
      let busy = false;
      try {
        if (searchDown && (await meiliAvailable())) {
          searchDown = false;
          forgetAppliedSettings(); // it may have come back empty
          const n = await retryWaitingNow(db);
          if (!starting) log(`search sync: Meilisearch is back, retrying ${n} waiting change(s) now`);
          else if (n > 0) log(`search sync: retrying ${n} change(s) left waiting by an earlier outage now`);
        }
        starting = false;
        const r = await drainOutbox(db);
        busy = r.applied > 0;
        if (r.failed > 0) {
          if (!(await meiliAvailable())) searchDown = true;
          const msg = `search sync: ${r.failed} change(s) failed, will retry${searchDown ? " when Meilisearch answers again" : ""}`;
          if (msg !== lastError) log(msg);
          lastError = msg;
        } else if (r.applied > 0) lastError = "";
      } catch (err) {
        const msg = `search sync error: ${meiliErrorMessage(err)}`;
        if (msg !== lastError) log(msg);
        lastError = msg;
      }
      if (!busy && !notified && !signal.aborted) {
        await new Promise<void>((r) => {
          const t = setTimeout(done, idleMs);
          function done() {
            clearTimeout(t);
            wake = null;
            r();
          }
          wake = done;
        });
      }
    }
  }
}
