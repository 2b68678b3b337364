/**
 * Production server: starts (or connects to) PostgreSQL and Meilisearch,
 * prepares the database on first run (migrations, real reference data, and —
 * unless DEMO_DATA=off — generated demo experts), applies search settings, runs the
 * search-sync worker in-process (unless SEARCH_WORKER=off) and serves the
 * Remix build on PORT (default 3000).
 *
 * Run with `npm start` (builds first). Stops cleanly on Ctrl-C / SIGTERM.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import express from "express";
import type { ServerBuild } from "@remix-run/node";
import { startServices } from "./tooling/services";

const root = path.dirname(fileURLToPath(import.meta.url));
const t0 = performance.now();
const log = (m: string) => console.log(`[eco-ict] ${m}`);

// We own the shutdown order (worker, pool, then servers), so services must not react to signals itself.
const services = await startServices({ dataDir: process.env.DATA_DIR ?? path.join(root, ".data"), log, handleSignals: false });
process.env.DATABASE_URL = services.databaseUrl;
process.env.MEILI_URL = services.meiliUrl;
process.env.MEILI_MASTER_KEY = services.meiliKey;
process.env.NODE_ENV ??= "production";

// Imported after the variables are set: these modules read the environment.
const { getEnv } = await import("./app/utils/env.server");
const { getDb, getDbHandle } = await import("./app/utils/db.server");
const { prepareDatabase } = await import("./app/utils/bootstrap.server");
const { ensureIndexes, prepareIndexes } = await import("./app/search/sync.server");
const { reindex } = await import("./app/search/reindex.server");
const { runWorker } = await import("./app/search/worker.server");
const { installHttpPolicies, appLoadContext } = await import("./app/utils/http-middleware.server");
const { cookieSecure, devMailboxEnabled } = await import("./app/utils/env.server");
// Remix's Express handler, but writing bodies with backpressure (see the module).
const { createRequestHandler } = await import("./app/utils/remix-handler.server");

const env = getEnv();
const db = getDb();
const prepared = await prepareDatabase(db, log);
if (prepared.imported && env.DEMO_DATA === "auto") {
  // A fresh database gets demo experts so the app is never empty; a database that has (or had)
  // real profiles never does. DEMO_DATA=off for production; `npm run seed:demo -- --remove` undoes it.
  const { n } = await db.selectFrom("experts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  if (Number(n) === 0) {
    const { seedDemo } = await import("./tooling/demo/demo");
    const r = await seedDemo(db);
    log(`Loaded ${r.created} generated demo experts (marked as demo; DEMO_DATA=off skips this).`);
    const { seedDemoCollaboration } = await import("./tooling/demo/demo-proposals");
    const c = await seedDemoCollaboration(db);
    log(`Loaded ${c.calls} demo calls and ${c.proposals} demo proposals with their histories.`);
  }
}
try {
  if (prepared.imported) {
    await ensureIndexes();
    log("Building search indexes…");
    const counts = await reindex(db, { log });
    log(`Indexed ${JSON.stringify(counts)}`);
  } else {
    // Indexes built under another folding or settings version are rebuilt while the site serves
    // (the old ones answer until the swap; changes wait in the outbox meanwhile).
    const outdated = await prepareIndexes();
    if (outdated.length) {
      log(`Rebuilding search indexes built by an older version: ${outdated.join(", ")}…`);
      reindex(db, { only: outdated, onlyOutdated: true }).then(
        (counts) => log(`Rebuilt search indexes ${JSON.stringify(counts)}`),
        (err) => log(`Rebuilding search indexes failed (${(err as Error).message}); run npm run search:reindex.`),
      );
    }
  }
} catch (err) {
  // The app still serves from PostgreSQL; the outbox catches the index up later.
  log(`Meilisearch not ready (${(err as Error).message}); search will catch up when it is.`);
}

const worker = new AbortController();
const workerDone = env.SEARCH_WORKER === "inline" ? runWorker(db, worker.signal, { listen: getDbHandle().sql }) : Promise.resolve();

if (devMailboxEnabled(env)) {
  log(`No SMTP_HOST: emails are written to ${path.resolve(env.MAIL_DIR)} and listed at /dev/mail` +
    (env.NODE_ENV === "production" ? " (for clients on this machine only)." : "."));
}
if (env.NODE_ENV === "production" && !env.APP_ORIGIN) {
  log("APP_ORIGIN is not set: links in emails use the origin of the request that caused them.");
}
log(`Session cookies ${cookieSecure(env) ? "carry" : "do not carry"} the Secure attribute (COOKIE_SECURE).`);

const { degradeWhenSearchDown } = await import("./app/search/unavailable.server");
const { showControlsVisibly } = await import("./app/utils/visible-controls.server");
// Every route answers 503 + Retry-After (not 500) when a search it needs does not answer, and
// no page shows a refused value's control characters raw (U+0001 → ␁).
const build = showControlsVisibly(degradeWhenSearchDown((await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild));
const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy, TRUST_PROXY makes req.ip the client's address (rate limits, session list).
if (env.TRUST_PROXY) app.set("trust proxy", /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY);
// Security headers with a per-request CSP nonce, CSRF (403) and 405 + Allow: before static files and Remix,
// so no non-GET request from another site reaches any handler. The same module serves tests (they start this file).
installHttpPolicies(app, build);
app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({
    build,
    mode: env.NODE_ENV,
    getLoadContext: appLoadContext,
  }),
);

const server = app.listen(env.PORT, () => {
  log(`Ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: http://localhost:${env.PORT}`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) process.exit(1); // a second Ctrl-C: stop waiting (the exit hook still kills the servers)
  stopping = true;
  log(`${signal}: shutting down…`);
  worker.abort();
  server.close();
  await workerDone.catch(() => {});
  await getDbHandle().close().catch(() => {});
  await services.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
