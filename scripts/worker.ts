/**
 * `npm run worker`: the search-sync worker as its own process, for deployments
 * that run the web server with SEARCH_WORKER=off. Stops on SIGINT/SIGTERM.
 */
import { connect } from "../db/connect";

const { runWorker, ensureIndexes } = await import("../app/search/sync.server");
const handle = connect(process.env.DATABASE_URL ?? "", { max: 4 });
const stop = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => stop.abort());
await ensureIndexes().catch((err) => console.error(`Meilisearch not ready: ${(err as Error).message}`));
console.log("Search-sync worker running; Ctrl-C to stop.");
await runWorker(handle.db, stop.signal, { log: (m) => console.error(m), listen: handle.sql });
await handle.close();
