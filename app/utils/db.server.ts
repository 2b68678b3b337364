/**
 * The app's database handle: one postgres.js pool + Kysely per process,
 * kept on globalThis so Remix dev rebuilds do not open new pools. A changed
 * DATABASE_URL (tests clone one database per file) opens a new handle.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import { connect, type DbHandle } from "~db/connect";
import type { DB } from "~db/types";
import { getEnv } from "~/utils/env.server";

/** A database handle or an open transaction: what a query function runs on. */
export type Db = Kysely<DB> | Transaction<DB>;

declare global {
  var __ecoDb: DbHandle | undefined;
}

/** The current handle for DATABASE_URL; throws when DATABASE_URL is missing. */
export function getDbHandle(): DbHandle {
  const url = getEnv().DATABASE_URL;
  if (!globalThis.__ecoDb || globalThis.__ecoDb.url !== url) {
    const stale = globalThis.__ecoDb;
    globalThis.__ecoDb = connect(url, { max: getEnv().WEB_DB_POOL });
    if (stale) void stale.close().catch(() => {});
  }
  return globalThis.__ecoDb;
}

/** Kysely instance for the current DATABASE_URL. */
export function getDb() {
  return getDbHandle().db;
}

/** Whether PostgreSQL answers a trivial query on `db` (false on any error; for /healthz). */
export async function databaseAnswers(db: Db): Promise<boolean> {
  return sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
}
