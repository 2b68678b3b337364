/**
 * The search data version: a PostgreSQL sequence (migration
 * 2026_12_03_100000_search_data_version) that moves on whenever what a search
 * answers may have changed — after the outbox drain has had a batch confirmed
 * by Meilisearch (sync.server.ts drainOutbox) and after a reindex swapped an
 * index in (reindex.server.ts). Kept in PostgreSQL so every web process of a
 * cluster and every machine sees the same value. Read by the HTTP caching of
 * the public JSON API (app/utils/http-caching.server.ts): its ETags include it.
 */
import { sql } from "kysely";
import type { Db } from "~/utils/db.server";

/**
 * Moves the version on. Call only after Meilisearch has confirmed the change:
 * an ETag derived from the new version must never describe the old answer.
 */
export async function bumpDataVersion(db: Db): Promise<void> {
  await sql`select nextval('search_data_version')`.execute(db);
}

/** The current version (a positive integer; 1 before the first bump). One indexed read, no lock. */
export async function readDataVersion(db: Db): Promise<number> {
  const r = await sql<{ v: number; called: boolean }>`select last_value as v, is_called as called from search_data_version`.execute(db);
  const row = r.rows[0];
  return row.called ? Number(row.v) + 1 : 1;
}
