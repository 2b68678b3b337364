/**
 * The start-up hook of server.ts (contract: app/utils/startup-hook.ts), used by
 * `npm start` and `npm run dev`:
 *
 * - `start`: starts the embedded PostgreSQL and Meilisearch (tooling/services.ts)
 *   for whichever of DATABASE_URL / MEILI_URL is unset, data in DATA_DIR (default
 *   `.data`), and points DATABASE_URL, MEILI_URL and MEILI_MASTER_KEY at them.
 * - `afterPrepare`: a freshly imported database with no experts gets the generated
 *   demo experts, calls and proposals (tooling/demo/), unless DEMO_DATA=off.
 *   A database that has (or had) real profiles never does.
 */
import type { StartupHook } from "../app/utils/startup-hook";
import { startServices } from "./services";

const startup: StartupHook = {
  async start({ dataDir, log }) {
    // server.ts owns the shutdown order (worker, pool, then servers): services must not react to signals themselves.
    const services = await startServices({ dataDir, log, handleSignals: false });
    process.env.DATABASE_URL = services.databaseUrl;
    process.env.MEILI_URL = services.meiliUrl;
    process.env.MEILI_MASTER_KEY = services.meiliKey;
    return {
      async afterPrepare(db, prepared) {
        // Imported here: the environment is set by now, and these modules read it.
        const { getEnv } = await import("../app/utils/env.server");
        if (!prepared.imported || getEnv().DEMO_DATA !== "auto") return;
        const { n } = await db
          .selectFrom("experts")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow();
        if (Number(n) !== 0) return;
        // `npm run seed:demo -- --remove` undoes this; DEMO_DATA=off (production) skips it.
        const { seedDemo } = await import("./demo/demo");
        const r = await seedDemo(db);
        log(`Loaded ${r.created} generated demo experts (marked as demo; DEMO_DATA=off skips this).`);
        const { seedDemoCollaboration } = await import("./demo/demo-proposals");
        const c = await seedDemoCollaboration(db);
        log(`Loaded ${c.calls} demo calls and ${c.proposals} demo proposals with their histories.`);
      },
      stop: () => services.stop(),
    };
  },
};
export default startup;
