/**
 * `npm run worker`: the search-sync worker as its own process, for deployments
 * that run the web server with SEARCH_WORKER=off. On start it rebuilds the
 * indexes built by an older folding/settings version (sync.server.ts
 * prepareIndexes). Stops on SIGINT/SIGTERM.
 */
import { connect } from "../db/connect";

const { prepareIndexes } = await import("../app/search/sync.server");
const { reindex } = await import("../app/search/reindex.server");
const { runWorker } = await import("../app/search/worker.server");
const handle = connect(process.env.DATABASE_URL ?? "", { max: 4 });
const stop = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => stop.abort());
try {
  // Indexes built under another folding or settings version are rebuilt first (fresh index, swap).
  const outdated = await prepareIndexes();
  if (outdated.length) {
    console.log(`Rebuilding search indexes built by an older version: ${outdated.join(", ")}…`);
    console.log(`Rebuilt search indexes ${JSON.stringify(await reindex(handle.db, { only: outdated, onlyOutdated: true }))}`);
  }
} catch (err) {
  console.error(`Meilisearch not ready: ${(err as Error).message}`);
}
console.log("Search-sync worker running; Ctrl-C to stop.");
await runWorker(handle.db, stop.signal, { log: (m) => console.error(m), listen: handle.sql });
await handle.close();
// postgres.js keeps the LISTEN connection open after unlisten and close(), which kept this process
// running after Ctrl-C / SIGTERM (tests/index-version.test.ts); server.ts ends the same way.
process.exit(0);
