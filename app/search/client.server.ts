/**
 * Meilisearch client for MEILI_URL / MEILI_MASTER_KEY. The master key stays on
 * the server: nothing here is ever sent to the browser.
 */
import { MeiliSearch, type EnqueuedTaskPromise, type Task } from "meilisearch";
import { getEnv } from "../utils/env.server";
import type { IndexName } from "./outbox.server";

declare global {
  // eslint-disable-next-line no-var
  var __ecoMeili: { key: string; client: MeiliSearch } | undefined;
}

/** The shared client; re-created when MEILI_URL or the key changes (tests). */
export function getMeili(): MeiliSearch {
  const env = getEnv();
  const key = `${env.MEILI_URL}|${env.MEILI_MASTER_KEY}`;
  if (!globalThis.__ecoMeili || globalThis.__ecoMeili.key !== key) {
    globalThis.__ecoMeili = {
      key,
      client: new MeiliSearch({ host: env.MEILI_URL, apiKey: env.MEILI_MASTER_KEY || undefined, timeout: 10_000 }),
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
 */
export async function settle(task: EnqueuedTaskPromise, timeout = 60_000): Promise<Task> {
  const done = await task.waitTask({ timeout, interval: 25 });
  if (done.status !== "succeeded") {
    throw new Error(`Meilisearch task ${done.uid} (${done.type}) ${done.status}: ${done.error?.message ?? "no detail"}`);
  }
  return done;
}
