/**
 * Starts the production build (server.ts, after `remix build`) as a child
 * process against this test file's database and index prefix, on a free port.
 * Used by end-to-end tests. The caller must `await stop()`.
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

/**
 * Starts the app; resolves when /healthz answers 200 (timeout 60 s, or APP_START_TIMEOUT_MS for a
 * loaded machine where the start-up index rebuild takes longer). Extra env overrides are applied last.
 */
export async function startAppServer(extraEnv: Record<string, string> = {}): Promise<AppServer> {
  if (!existsSync(path.join(ROOT, "build/index.js"))) throw new Error("No Remix build: run `npm run build` first (npm test does).");
  const port = await freePort();
  let out = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    // One web process unless a test asks for more (WEB_CONCURRENCY's default is one per core).
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), SEARCH_WORKER: "inline", WEB_CONCURRENCY: "1", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const startTimeout = Number(process.env.APP_START_TIMEOUT_MS) || 60_000;
  const deadline = Date.now() + startTimeout;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`App server exited early (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`App server not healthy within ${startTimeout / 1000} s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return; // already gone (a second stop())
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
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
