/**
 * Opens a Kysely instance over one `postgres` (postgres.js) connection pool.
 * The same `sql` pool is handed to Lucia's PostgresJsAdapter (auth issue), so
 * the app keeps a single pool per process.
 */
import { Kysely, type TransactionBuilder } from "kysely";
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
  const db = new RetryingKysely<DB>({ dialect: new PostgresJSDialect({ postgres: sql }) });
  return {
    db,
    sql,
    url,
    async close() {
      await db.destroy();
    },
  };
}

/**
 * SQLSTATEs after which PostgreSQL has rolled the transaction back and running
 * it again is the documented remedy: 40P01 deadlock_detected (two writers
 * locking the same rows in different orders), 40001 serialization_failure.
 */
const RETRYABLE = new Set(["40P01", "40001"]);
/** Runs of one transaction at most (the first and up to four retries). */
export const TRANSACTION_ATTEMPTS = 5;

/** True for an error after which the whole transaction may simply run again. */
export function isRetryableTransactionError(err: unknown): boolean {
  return RETRYABLE.has((err as { code?: string } | null)?.code ?? "");
}

/**
 * Kysely whose `transaction().execute(cb)` runs `cb` again, in a fresh
 * transaction, when PostgreSQL aborts it with a deadlock or a serialization
 * failure (up to TRANSACTION_ATTEMPTS runs, after a short random pause so the
 * two parties do not collide again); any other error, or the last one, is
 * thrown. This is the one place every transaction of the app runs, so no
 * request answers 500 for losing a lock race. Hence a transaction callback
 * must act only through its `trx` (it may run more than once): send emails
 * and call Meilisearch after it returns.
 */
class RetryingKysely<T> extends Kysely<T> {
  override transaction(): TransactionBuilder<T> {
    return retrying(super.transaction());
  }
}

function retrying<T>(builder: TransactionBuilder<T>): TransactionBuilder<T> {
  return new Proxy(builder, {
    get(target, prop) {
      if (prop === "execute") {
        return async <R>(callback: Parameters<TransactionBuilder<T>["execute"]>[0]): Promise<R> => {
          for (let attempt = 1; ; attempt++) {
            try {
              return (await target.execute(callback)) as R;
            } catch (err) {
              if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableTransactionError(err)) throw err;
              await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
            }
          }
        };
      }
      if (prop === "setIsolationLevel" || prop === "setAccessMode") {
        return (value: never) => retrying(target[prop](value));
      }
      // The builder keeps its state in #private fields: its own methods must see the real object.
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Replaces the database name in a PostgreSQL URL (used to clone test databases). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
