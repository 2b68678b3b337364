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
 *
 * All cores: `WEB_CONCURRENCY` web processes (default: os.availableParallelism();
 * always 1 under `npm run dev`). With 1 this process serves, as before. With
 * more, this process is the cluster's primary (node:cluster): it starts the
 * services, prepares the database and indexes and runs the search-sync worker
 * once, then forks the web workers, which only serve (this same file, taking
 * the resolved DATABASE_URL / MEILI_URL / MEILI_MASTER_KEY from the
 * environment; they never migrate, seed or reindex). A web worker that dies is
 * forked again after 1 s, doubling up to 30 s while they keep dying.
 * Stops cleanly on Ctrl-C / SIGTERM: web workers finish their in-flight
 * requests, then the sync worker stops, then the pool, the services last.
 */
import cluster, { type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import { existsSync, watch } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import express from "express";
import type { ServerBuild } from "@remix-run/node";
import { environmentOnly, type StartupHook } from "./app/utils/startup-hook";

const root = path.dirname(fileURLToPath(import.meta.url));
const t0 = performance.now();
const role = cluster.isWorker ? `web ${cluster.worker!.id}` : "";
const log = (m: string) => console.log(`[eco-ict${role ? ` ${role}` : ""}] ${m}`);
const BUILD_DIR = path.join(root, "build");

/** tooling/startup.ts when this installation has it, else the environment-only hook. */
async function loadStartupHook(): Promise<StartupHook> {
  const file = path.join(root, "tooling", "startup.ts");
  if (!existsSync(file)) return environmentOnly;
  return ((await import(pathToFileURL(file).href)) as { default: StartupHook }).default;
}

// A web worker of the cluster: the primary resolved the services and prepared everything.
const started = cluster.isWorker ? null : await (await loadStartupHook()).start({ dataDir: process.env.DATA_DIR ?? path.join(root, ".data"), log });
// Unset or empty (as `NODE_ENV= npm start` leaves it): production, never development by accident.
if (!process.env.NODE_ENV) process.env.NODE_ENV = "production";
const development = process.env.NODE_ENV === "development" && !!process.env.REMIX_DEV_ORIGIN;

// Imported after the variables are set: these modules read the environment.
const { getEnv, webConcurrency, webPoolSize } = await import("./app/utils/env.server");
const { getDbHandle } = await import("./app/utils/db.server");
const { installHttpPolicies, installResponseCaching, appLoadContext } = await import("./app/utils/http-middleware.server");
// Remix's Express handler, but writing bodies with backpressure (see the module).
const { createRequestHandler } = await import("./app/utils/remix-handler.server");

const env = getEnv();
const processes = development ? 1 : webConcurrency(env);

if (cluster.isWorker) {
  const web = await serveWeb();
  // The primary asks with SIGTERM (Ctrl-C reaches the whole process group: the primary decides the order).
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => void stopWeb(web));
  // The primary is gone (killed): nobody will ask, stop now.
  process.on("disconnect", () => void stopWeb(web));
} else {
  await primary();
}

/**
 * The single process (WEB_CONCURRENCY=1 or `npm run dev`) or the cluster's primary: prepares the
 * database and the indexes, runs the search-sync worker, and serves or forks the web workers.
 */
async function primary() {
  const { getDb } = await import("./app/utils/db.server");
  const { prepareDatabase } = await import("./app/utils/bootstrap.server");
  const { ensureIndexes, prepareIndexes } = await import("./app/search/sync.server");
  const { reindex } = await import("./app/search/reindex.server");
  const { runWorker } = await import("./app/search/worker.server");
  const { cookieSecure, devMailboxEnabled } = await import("./app/utils/env.server");
  const db = getDb();
  const prepared = await prepareDatabase(db, log);
  await started!.afterPrepare(db, prepared);
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

  // Once per installation run, whatever the number of web processes.
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

  const web = processes === 1 ? await serveWeb() : null;
  // A web process that never started (its port taken, say) stops the whole run with exit code 1:
  // forking it again for ever would leave a service manager thinking all is well.
  const workers = web ? null : forkWebWorkers(processes, () => void shutdown("No web process could start", 1));

  let stopping = false;
  async function shutdown(signal: string, exitCode = 0) {
    if (stopping) process.exit(1); // a second Ctrl-C: stop waiting (the exit hook still kills the servers)
    stopping = true;
    log(`${signal}: shutting down…`);
    // Web first (in-flight requests finish), then the sync worker, the pool, the services last.
    await (web ? closeWeb(web) : workers!.stop());
    worker.abort();
    await workerDone.catch(() => {});
    await getDbHandle()
      .close()
      .catch(() => {});
    await started!.stop();
    process.exit(exitCode);
  }
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

/**
 * Forks `n` web workers and keeps `n` running: one that exits unasked is forked again after a
 * back-off (1 s, doubling up to 30 s while workers keep dying within a minute of their start).
 * `stop()` sends each SIGTERM (it finishes its in-flight requests) and resolves when all have
 * exited (those still running after 15 s are killed).
 */
function forkWebWorkers(n: number, onStartFailure: () => void): { stop(): Promise<void> } {
  const pool = webPoolSize(env, n);
  log(
    `Starting ${n} web processes (WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY || "unset"}, ${os.availableParallelism()} cores), PostgreSQL pool ${pool} each.`,
  );
  // Without SESSION_SECRET each process would sign flash messages with its own random key, and a
  // toast set by one web process would be dropped by the next request landing on another: one
  // random key per run, shared by the workers (docs/deployment.md still asks for SESSION_SECRET,
  // so toasts also survive a restart and span machines).
  const shared = env.SESSION_SECRET || env.NODE_ENV !== "production" ? {} : { SESSION_SECRET: randomBytes(32).toString("hex") };
  let stopping = false;
  let backoffMs = 1000;
  let listened = 0; // processes that began listening (re-forks too): "Ready" once the first n serve
  const fork = () => {
    const startedAt = Date.now();
    const w: Worker = cluster.fork({ WEB_DB_POOL: String(pool), ...shared });
    w.once("listening", () => {
      if (++listened === n) log(`Ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: http://localhost:${env.PORT} (${n} web processes)`);
    });
    w.once("exit", (code, signal) => {
      if (stopping) return;
      if (listened === 0) {
        stopping = true;
        onStartFailure();
        return;
      }
      if (Date.now() - startedAt > 60_000) backoffMs = 1000;
      log(`Web process ${w.process.pid} exited (${signal ?? `code ${code}`}); starting another in ${backoffMs / 1000} s.`);
      setTimeout(() => stopping || fork(), backoffMs).unref();
      backoffMs = Math.min(backoffMs * 2, 30_000);
    });
  };
  for (let i = 0; i < n; i++) fork();
  return {
    async stop() {
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
      await Promise.all(
        alive.map(
          (w) =>
            new Promise<void>((resolve) => {
              const kill = setTimeout(() => w.process.kill("SIGKILL"), 15_000);
              w.once("exit", () => {
                clearTimeout(kill);
                resolve();
              });
              w.process.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}

interface Web {
  server: import("node:http").Server;
  buildWatcher?: import("node:fs").FSWatcher;
}

/** Serves the Remix build on PORT (in a cluster the workers share the port). */
async function serveWeb(): Promise<Web> {
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
  // Compression, security headers with a per-request CSP nonce, CSRF (403) and 405 + Allow: before static files
  // and Remix, so no non-GET request from another site reaches any handler. The same module serves tests (they start this file).
  installHttpPolicies(app, development ? () => build : build);
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  // Every file in public/ has an extension: an address without one (every page) skips the lookup,
  // which cost a failed stat() per page request (0.6–0.7 ms of CPU in the profile, issue 17).
  const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h" });
  app.use((req, res, next) => (/\.[^/]*$/.test(req.path) ? publicFiles(req, res, next) : next()));
  // ETag + 304 for the public JSON API; nothing answered to a signed-in request is `public`.
  installResponseCaching(app, () => build);
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
    log(
      cluster.isWorker
        ? `Serving (pid ${process.pid}).`
        : `Ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: http://localhost:${env.PORT} (1 web process)`,
    );
    if (development) void announce();
  });
  server.on("error", (err: NodeJS.ErrnoException) => {
    // A taken port is the usual cause: one line, exit code 1 (a cluster's primary then stops too).
    log(err.code === "EADDRINUSE" ? `Port ${env.PORT} is already in use; set PORT to a free one.` : `Cannot serve on port ${env.PORT}: ${err.message}`);
    process.exit(1);
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
  return { server, buildWatcher: development ? watchBuild() : undefined };
}

/**
 * Stops accepting connections and resolves when the in-flight requests are answered (idle
 * keep-alive connections close at once). After 10 s the connections still open are cut: a client
 * that stopped reading, or a request body that never arrives, would otherwise hold the shutdown
 * until the service manager's SIGKILL.
 */
async function closeWeb(web: Web): Promise<void> {
  web.buildWatcher?.close();
  const force = setTimeout(() => web.server.closeAllConnections(), 10_000);
  force.unref();
  await new Promise<void>((resolve) => web.server.close(() => resolve()));
  clearTimeout(force);
}

let webStopping = false;
/** A web worker's end: in-flight requests answered, the pool closed, exit 0 (forced after 10 s). */
async function stopWeb(web: Web) {
  if (webStopping) return;
  webStopping = true;
  setTimeout(() => process.exit(0), 10_000).unref();
  await closeWeb(web);
  await getDbHandle()
    .close()
    .catch(() => {});
  process.exit(0);
}
