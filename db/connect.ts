/**
 * Opens a Kysely instance over one `postgres` (postgres.js) connection pool.
 * The same `sql` pool is handed to Lucia's PostgresJsAdapter (auth issue), so
 * the app keeps a single pool per process.
 */
import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import type { DB } from "./types";

export interface DbHandle {
  db: Kysely<DB>;
  sql: postgres.Sql;
  url: string;
  /** Closes the pool; the handle is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * @param url a PostgreSQL connection URL (postgres://user:pass@host:port/db)
 * @param opts.max pool size (default 10)
 */
export function connect(url: string, opts: { max?: number } = {}): DbHandle {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    // int8 (bigint) as JS number: our bigint columns are counters and outbox ids, far below 2^53.
    types: {
      bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
    },
  });
  const db = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: sql }) });
  return {
    db,
    sql,
    url,
    async close() {
      await db.destroy();
    },
  };
}

/** Replaces the database name in a PostgreSQL URL (used to clone test databases). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
