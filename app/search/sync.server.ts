/**
 * Keeps Meilisearch in step with PostgreSQL: the drain of the outbox and the
 * declared settings of every index.
 * - `drainOutbox` applies queued changes idempotently: it re-reads current rows
 *   through the index's mapper, upserts what exists and deletes what does not,
 *   waits for Meilisearch to confirm, then removes exactly the outbox rows it
 *   read (a row re-enqueued meanwhile survives). On failure rows are retried with
 *   exponential backoff (1 s doubling, capped at 5 min); writes never wait for it.
 * - A batch that fails while Meilisearch answers /health is retried document by
 *   document, so one document Meilisearch refuses cannot hold back the others.
 * - `ensureIndex(es)` creates missing indexes and applies their settings;
 *   `prepareIndexes` at start-up names the indexes built under another version
 *   (index-version.server.ts), to rebuild with `reindex` (reindex.server.ts).
 * Drain and reindex exclude each other with a PostgreSQL advisory lock
 * (SYNC_LOCK), so a change made during a reindex stays queued and is applied
 * after the swap. The loop that drains continuously is `runWorker`
 * (worker.server.ts).
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { getMeili, indexUid, settle } from "~/search/client.server";
import { meiliErrorMessage } from "~/search/http.server";
import type { IndexDefinition } from "~/search/index-definition";
import { INDEXES } from "~/search/indexes.server";
import { outdatedIndexes, recordIndexVersion } from "~/search/index-version.server";
import type { IndexName } from "~/search/outbox.server";
import { bumpDataVersion } from "~/search/data-version.server";

/** Advisory lock key shared by drainers and reindex (reindex.server.ts). */
export const SYNC_LOCK = 727_001;
const MAX_BACKOFF_S = 300;

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
    await Promise.all(
      [...byIndex].map(async ([name, group]) => {
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
            .where(
              "id",
              "in",
              rows.map((g) => g.id),
            )
            .execute();
        };
        try {
          if (!def) throw new Error(`Unknown index ${name}`);
          await applyDocuments(
            db,
            def,
            group.map((g) => g.doc_id),
          );
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
      }),
    );
    // Meilisearch has confirmed these changes: public API answers get new ETags from now on.
    if (applied > 0) await bumpDataVersion(trx);
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
export async function createIndexIfMissing(uid: string): Promise<boolean> {
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
