/**
 * The search sync loop of the web process (server.ts) and of
 * `npm run worker` (scripts/worker.ts): drains the outbox (sync.server.ts)
 * as soon as a change commits, and retries the waiting changes at once when
 * Meilisearch comes back after an outage.
 */
import type { Kysely } from "kysely";
import type postgres from "postgres";
import type { DB } from "~db/types";
import { meiliErrorMessage } from "~/search/http.server";
import { OUTBOX_CHANNEL, retryWaitingNow } from "~/search/outbox.server";
import { drainOutbox, forgetAppliedSettings, meiliAvailable } from "~/search/sync.server";

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
export async function runWorker(db: Kysely<DB>, signal: AbortSignal, opts: { idleMs?: number; log?: (m: string) => void; listen?: postgres.Sql } = {}) {
  const idleMs = opts.idleMs ?? (opts.listen ? 1000 : 200);
  const log = opts.log ?? ((m: string) => console.error(m));
  let lastError = "";
  // Unknown at start, so treated as "down": the first pass probes /health and, when it answers,
  // makes due at once the changes an earlier process left waiting with backoff (an outage before
  // a restart of the app), instead of letting them sit out up to MAX_BACKOFF_S (sync.server.ts).
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
