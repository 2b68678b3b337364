/**
 * The app's database handle: one postgres.js pool + Kysely per process,
 * kept on globalThis so Remix dev rebuilds do not open new pools. A changed
 * DATABASE_URL (tests clone one database per file) opens a new handle.
 */
import { connect, type DbHandle } from "~db/connect";
import { getEnv } from "~/utils/env.server";

declare global {
  var __ecoDb: DbHandle | undefined;
}

/** The current handle for DATABASE_URL; throws when DATABASE_URL is missing. */
export function getDbHandle(): DbHandle {
  const url = getEnv().DATABASE_URL;
  if (!globalThis.__ecoDb || globalThis.__ecoDb.url !== url) {
    const stale = globalThis.__ecoDb;
    globalThis.__ecoDb = connect(url);
    if (stale) void stale.close().catch(() => {});
  }
  return globalThis.__ecoDb;
}

/** Kysely instance for the current DATABASE_URL. */
export function getDb() {
  return getDbHandle().db;
}
