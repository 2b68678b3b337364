/**
 * Starts the production build (server.ts, after `remix build`) as a child
 * process against this test file's database and index prefix, on a free port,
 * and the search-sync worker script (scripts/worker.ts) the same way. Used by
 * end-to-end and multi-process tests. The caller must `await stop()`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { existsSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "../../tooling/free-port";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface AppServer {
  url: string;
  /** The server's process (the cluster's primary when WEB_CONCURRENCY > 1). */
  child: ChildProcess;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** A child process of ours (the app or the worker script) with its output kept for failure messages. */
interface Spawned {
  child: ChildProcess;
  output(): string;
  /** True once the process has ended (exited or killed by a signal). */
  ended(): boolean;
  /** Resolves when the process has ended. */
  exited: Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s; resolves when it has ended (at once when it already had). */
  stop(): Promise<void>;
}

/** Runs `node --import tsx <script>` in the project root (tsx as a loader, so signals reach our code directly). */
function spawnScript(script: string, env: NodeJS.ProcessEnv): Spawned {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return {
    child,
    output: () => out,
    ended,
    exited,
    async stop() {
      if (ended()) return; // already gone (a second stop())
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts the app; resolves when /healthz answers 200 (timeout 60 s, or APP_START_TIMEOUT_MS for a
 * loaded machine where the start-up index rebuild takes longer). Extra env overrides are applied last.
 */
export async function startAppServer(extraEnv: Record<string, string> = {}): Promise<AppServer> {
  if (!existsSync(path.join(ROOT, "build/index.js"))) throw new Error("No Remix build: run `npm run build` first (npm test does).");
  const port = await freePort();
  // One web process unless a test asks for more (WEB_CONCURRENCY's default is one per core).
  const proc = spawnScript("server.ts", {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    SEARCH_WORKER: "inline",
    WEB_CONCURRENCY: "1",
    ...extraEnv,
  });
  const url = `http://127.0.0.1:${port}`;
  const startTimeout = startTimeoutMs();
  const deadline = Date.now() + startTimeout;
  for (;;) {
    if (proc.ended()) throw new Error(`App server exited early (${proc.child.exitCode ?? proc.child.signalCode}):\n${proc.output()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.child.kill("SIGKILL");
      throw new Error(`App server not healthy within ${startTimeout / 1000} s:\n${proc.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child: proc.child, output: proc.output, stop: proc.stop };
}

/** Start-up allowance for spawned processes: APP_START_TIMEOUT_MS on a loaded machine, else 60 s. */
function startTimeoutMs(): number {
  return Number(process.env.APP_START_TIMEOUT_MS) || 60_000;
}

/** A running `npm run worker` (scripts/worker.ts) process. */
export interface WorkerProcess {
  pid: number;
  output(): string;
  /** Resolves when the process has ended; `signal` is what killed it (null after a clean exit). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills it with `signal` at once (e.g. SIGKILL: a crash, no clean-up) and resolves when it has ended. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM (SIGKILL after 10 s); resolves when it has ended. */
  stop(): Promise<void>;
}

/**
 * Starts the search-sync worker script as `npm run worker` runs it, against this test file's
 * database and index prefix; resolves once it prints that it is running (it has prepared the
 * indexes and entered the drain loop). Extra env overrides are applied last (e.g. PGAPPNAME, the
 * name its PostgreSQL sessions carry in pg_stat_activity). The caller must `stop()` or `kill()` it.
 */
export async function startWorkerProcess(extraEnv: Record<string, string> = {}): Promise<WorkerProcess> {
  const proc = spawnScript("scripts/worker.ts", { ...process.env, ...extraEnv });
  const exited = proc.exited.then(() => ({ code: proc.child.exitCode, signal: proc.child.signalCode }));
  const deadline = Date.now() + startTimeoutMs();
  while (!proc.output().includes("Search-sync worker running")) {
    if (proc.ended()) throw new Error(`Worker exited early (${proc.child.exitCode ?? proc.child.signalCode}):\n${proc.output()}`);
    if (Date.now() > deadline) {
      proc.child.kill("SIGKILL");
      throw new Error(`Worker not running within ${startTimeoutMs() / 1000} s:\n${proc.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: proc.child.pid!,
    output: proc.output,
    exited,
    async kill(signal) {
      if (!proc.ended()) proc.child.kill(signal);
      await proc.exited;
    },
    stop: proc.stop,
  };
}

/**
 * Registers hooks that serve the production build (startAppServer) for the
 * enclosing file or describe block and stop it after; read `.app` inside
 * tests. `timeout`: ms allowed for the start (Vitest's hook default otherwise);
 * `env`: extra environment for the server (e.g. `{ RATE_LIMIT: "off" }`).
 */
export function useAppServer(opts: { timeout?: number; env?: Record<string, string> } = {}): { app: AppServer } {
  const holder = {} as { app: AppServer };
  beforeAll(async () => {
    holder.app = await startAppServer(opts.env);
  }, opts.timeout);
  afterAll(async () => {
    await holder.app?.stop();
  });
  return holder;
}
