/**
 * `npm run search:reindex [-- institutions experts …]`: rebuilds the named
 * indexes (default all) from PostgreSQL into fresh indexes and swaps them in.
 */
import { connect } from "../db/connect";
import type { IndexName } from "../app/search/outbox.server";

const { reindex } = await import("../app/search/reindex.server");
const handle = connect(process.env.DATABASE_URL ?? "", { max: 4 });
const only = process.argv.slice(2).filter((a) => !a.startsWith("-")) as IndexName[];
const t0 = performance.now();
try {
  const counts = await reindex(handle.db, { only: only.length ? only : undefined, log: (m) => console.log(m) });
  console.log(`Reindexed ${JSON.stringify(counts)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} catch (err) {
  console.error(`Reindex failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
