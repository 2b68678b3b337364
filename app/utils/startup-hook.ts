/**
 * The contract between the product's server (server.ts) and the optional
 * start-up hook that tooling provides (tooling/startup.ts): the one place
 * where the running app reaches into tooling/.
 *
 * A clone of the repository has the hook: it starts the embedded PostgreSQL and
 * Meilisearch for whichever of DATABASE_URL / MEILI_URL is unset and seeds demo
 * data into a fresh database (DEMO_DATA=auto). A deployment without tooling/
 * gets {@link environmentOnly}: the servers named by the environment, no demo data.
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";

/** Progress lines for the console (never secrets). */
export type StartupLog = (message: string) => void;

/** What the hook started; server.ts calls `afterPrepare` once and `stop` last on shutdown. */
export interface StartedHook {
  /**
   * Runs once the database is migrated and, when `imported`, freshly filled with
   * reference data (app/utils/bootstrap.server.ts), before the search indexes are built.
   */
  afterPrepare(db: Kysely<DB>, prepared: { imported: boolean }): Promise<void>;
  /** Stops whatever `start` started. Idempotent; never rejects. */
  stop(): Promise<void>;
}

/** The default export of tooling/startup.ts. */
export interface StartupHook {
  /**
   * Called first, before any app module reads the environment: afterwards
   * DATABASE_URL, MEILI_URL and MEILI_MASTER_KEY name servers that answer.
   * @param opts.dataDir where local servers keep their data (DATA_DIR, default `<root>/.data`)
   * @throws Error when a server is needed and cannot be started (the message names the variable to set)
   */
  start(opts: { dataDir: string; log: StartupLog }): Promise<StartedHook>;
}

/**
 * The hook of a deployment without tooling/: nothing started, nothing seeded.
 * @throws Error at `start` when DATABASE_URL or MEILI_URL is unset.
 */
export const environmentOnly: StartupHook = {
  async start() {
    const missing = ["DATABASE_URL", "MEILI_URL"].filter((k) => !process.env[k]);
    if (missing.length) throw new Error(`Set ${missing.join(" and ")}: this installation has no tooling/ to start local servers.`);
    return { afterPrepare: async () => {}, stop: async () => {} };
  },
};
