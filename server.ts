/**
 * The app's server: connects to PostgreSQL and Meilisearch, prepares the
 * database on first run (migrations, real reference data), applies search
 * settings, runs the search-sync worker in-process (unless SEARCH_WORKER=off)
 * and serves the Remix build on PORT (default 3000).
 *
 * Everything about local servers and demo data comes from ONE optional start-up
 * hook, tooling/startup.ts (contract: app/utils/startup-hook.ts): in a clone it
 * starts the embedded PostgreSQL/Meilisearch for unset DATABASE_URL/MEILI_URL and
 * seeds demo experts into a fresh database (unless DEMO_DATA=off); without
 * tooling/ the environment must name both servers.
 *
 * `npm start` builds first and runs this file in production mode. `npm run dev`
 * runs it under `remix dev --manual` (NODE_ENV=development, REMIX_DEV_ORIGIN set):
 * the same services stay up while each rebuild is re-imported and announced to
 * the dev server (broadcastDevReady), which reloads the browser.
 * Stops cleanly on Ctrl-C / SIGTERM.
 */
import { existsSync, watch } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import express from "express";
import type { ServerBuild } from "@remix-run/node";
import { environmentOnly, type StartupHook } from "./app/utils/startup-hook";

const root = path.dirname(fileURLToPath(import.meta.url));
const t0 = performance.now();
const log = (m: string) => console.log(`[eco-ict] ${m}`);
const BUILD_DIR = path.join(root, "build");

/** tooling/startup.ts when this installation has it, else the environment-only hook. */
async function loadStartupHook(): Promise<StartupHook> {
  const file = path.join(root, "tooling", "startup.ts");
  if (!existsSync(file)) return environmentOnly;
  return ((await import(pathToFileURL(file).href)) as { default: StartupHook }).default;
}

const started = await (await loadStartupHook()).start({ dataDir: process.env.DATA_DIR ?? path.join(root, ".data"), log });
process.env.NODE_ENV ??= "production";
const development = process.env.NODE_ENV === "development" && !!process.env.REMIX_DEV_ORIGIN;

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
await started.afterPrepare(db, prepared);
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
  log(
    `No SMTP_HOST: emails are written to ${path.resolve(env.MAIL_DIR)} and listed at /dev/mail` +
      (env.NODE_ENV === "production" ? " (for clients on this machine only)." : "."),
  );
}
if (env.NODE_ENV === "production" && !env.APP_ORIGIN) {
  log("APP_ORIGIN is not set: links in emails use the origin of the request that caused them.");
}
log(`Session cookies ${cookieSecure(env) ? "carry" : "do not carry"} the Secure attribute (COOKIE_SECURE).`);

const { degradeWhenSearchDown } = await import("./app/search/unavailable.server");
const { showControlsVisibly } = await import("./app/utils/visible-controls.server");
// Every route answers 503 + Retry-After (not 500) when a search it needs does not answer, and
// no page shows a refused value's control characters raw (U+0001 → ␁).
/** The server build, wrapped; `version` busts the module cache so a rebuild is imported afresh (development). */
const loadBuild = async (version = "") =>
  showControlsVisibly(degradeWhenSearchDown((await import(pathToFileURL(path.join(BUILD_DIR, "index.js")).href + version)) as ServerBuild));
let build = await loadBuild();
const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy, TRUST_PROXY makes req.ip the client's address (rate limits, session list).
if (env.TRUST_PROXY) app.set("trust proxy", /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY);
// Security headers with a per-request CSP nonce, CSRF (403) and 405 + Allow: before static files and Remix,
// so no non-GET request from another site reaches any handler. The same module serves tests (they start this file).
installHttpPolicies(app, development ? () => build : build);
app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
// Every file in public/ has an extension: an address without one (every page) skips the lookup,
// which cost a failed stat() per page request (0.6–0.7 ms of CPU in the profile, issue 17).
const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h" });
app.use((req, res, next) => (/\.[^/]*$/.test(req.path) ? publicFiles(req, res, next) : next()));
app.all(
  "*",
  createRequestHandler({
    // In development each request takes the latest build (see watchBuild below).
    build: development ? async () => build : build,
    mode: env.NODE_ENV,
    getLoadContext: appLoadContext,
  }),
);

const server = app.listen(env.PORT, () => {
  log(`Ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: http://localhost:${env.PORT}`);
  if (development) void announce();
});

/** Tells `remix dev` that the server runs `build` (it then reloads the browser). */
async function announce() {
  const { broadcastDevReady } = await import("@remix-run/node");
  await broadcastDevReady(build).catch((err: Error) => log(`Could not reach the Remix dev server: ${err.message}`));
}

/**
 * Development: the compiler writes build/version.txt last after every rebuild;
 * re-import the build then (PostgreSQL, Meilisearch and the worker stay up).
 * The 405 method guard re-reads the routes of each new build.
 */
function watchBuild() {
  let pending: NodeJS.Timeout | undefined;
  return watch(BUILD_DIR, (_event, file) => {
    if (file !== "version.txt") return;
    clearTimeout(pending);
    pending = setTimeout(async () => {
      try {
        build = await loadBuild(`?t=${Date.now()}`);
        await announce();
        log("Rebuilt: serving the new build.");
      } catch (err) {
        log(`Could not load the new build: ${(err as Error).message}`);
      }
    }, 50);
  });
}
const buildWatcher = development ? watchBuild() : undefined;

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) process.exit(1); // a second Ctrl-C: stop waiting (the exit hook still kills the servers)
  stopping = true;
  log(`${signal}: shutting down…`);
  worker.abort();
  buildWatcher?.close();
  server.close();
  await workerDone.catch(() => {});
  await getDbHandle()
    .close()
    .catch(() => {});
  await started.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
