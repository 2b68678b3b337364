/**
 * Meilisearch client for MEILI_URL / MEILI_MASTER_KEY. The master key stays on
 * the server: nothing here is ever sent to the browser.
 */
import { Meilisearch, type EnqueuedTaskPromise, type Task } from "meilisearch";
import { getEnv } from "~/utils/env.server";
import { meiliHttpClient } from "~/search/http.server";
import type { IndexName } from "~/search/outbox.server";

declare global {
  var __ecoMeili: { key: string; client: Meilisearch } | undefined;
}

/** The shared client; re-created when MEILI_URL or the key changes (tests). */
export function getMeili(): Meilisearch {
  const env = getEnv();
  const key = `${env.MEILI_URL}|${env.MEILI_MASTER_KEY}`;
  if (!globalThis.__ecoMeili || globalThis.__ecoMeili.key !== key) {
    globalThis.__ecoMeili = {
      key,
      // httpClient: see http.server.ts (fetch costs ~40 ms per call here).
      client: new Meilisearch({ host: env.MEILI_URL, apiKey: env.MEILI_MASTER_KEY || undefined, timeout: 5_000, httpClient: meiliHttpClient }),
    };
  }
  return globalThis.__ecoMeili.client;
}

/** The Meilisearch uid of a logical index, with MEILI_INDEX_PREFIX applied. */
export function indexUid(name: IndexName): string {
  return `${getEnv().MEILI_INDEX_PREFIX}${name}`;
}

/**
 * Awaits a Meilisearch task and throws when it failed (the client resolves
 * failed tasks instead of rejecting). Timeout in ms (default 60 s).
 *
 * Polls `GET /tasks/:uid` itself, every 5 ms at first, backing off to 20 ms
 * for the first 2 s and to 100 ms after: a one-document update at 100k
 * experts is indexed in 0.1–0.5 s, and this wait is part of every sync (a
 * change committed meanwhile waits for the next drain; the bench's sync lag).
 * Not the client's waitTask: it adds an abort listener per poll to one shared
 * signal and keeps them until the wait ends (MaxListenersExceededWarning on
 * long waits).
 * @throws Error naming the task when it failed or was canceled, or on timeout.
 */
export async function settle(task: EnqueuedTaskPromise, timeout = 60_000): Promise<Task> {
  const { taskUid } = await task;
  const started = Date.now();
  const deadline = started + timeout;
  let interval = 5;
  for (;;) {
    const done = await getMeili().tasks.getTask(taskUid);
    if (done.status === "succeeded") return done;
    if (done.status === "failed" || done.status === "canceled") {
      throw new Error(`Meilisearch task ${done.uid} (${done.type}) ${done.status}: ${done.error?.message ?? "no detail"}`);
    }
    if (Date.now() > deadline) throw new Error(`Meilisearch task ${taskUid} still ${done.status} after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, interval));
    interval = Math.min(Date.now() - started < 2000 ? 20 : 100, Math.ceil(interval * 1.5));
  }
}
