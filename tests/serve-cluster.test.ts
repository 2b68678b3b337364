/**
 * `server.ts` with WEB_CONCURRENCY=2 (issue 17, all cores): two web processes
 * answer on one port; the search-sync worker runs once (one LISTEN connection on
 * the outbox channel), and an edit still reaches search; a web process that dies
 * is forked again; SIGINT ends everything with exit code 0 and no process left.
 */
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { getDb } from "./helpers";
import { ensureIndexes } from "../app/search/sync.server";
import { outdatedIndexes } from "../app/search/index-version.server";
import { enqueueIndexChange, OUTBOX_CHANNEL } from "../app/search/outbox.server";
import { getMeili, indexUid } from "../app/search/client.server";

let app: AppServer;

beforeAll(async () => {
  await ensureIndexes();
  app = await startAppServer({ WEB_CONCURRENCY: "2", SERVED_BY_HEADER: "on" });
  // An index the server found outdated is rebuilt in the background (holding the sync lock, then moving the data version): wait for it.
  while ((await outdatedIndexes()).length > 0) await new Promise((r) => setTimeout(r, 500));
}, 300_000);

afterAll(async () => {
  await app?.stop();
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The pids that answer `n` requests, each on a new connection (the primary hands connections out in turn). */
async function servingPids(n = 20): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${app.url}/healthz`, { headers: { Connection: "close" } });
    expect(res.status).toBe(200);
    pids.add(Number(res.headers.get("x-served-by")));
  }
  return pids;
}

describe("cluster", () => {
  it("serves from two web processes, neither of them the primary, and says so once", async () => {
    // /healthz answers once the first web process listens; "Ready" is logged once both do.
    for (let i = 0; i < 600 && !/Ready in [\d.]+ s: http:\/\/localhost:\d+ \(2 web processes\)/.test(app.output()); i++)
      await new Promise((r) => setTimeout(r, 100));
    const pids = await servingPids();
    expect(pids.size).toBe(2);
    expect(pids.has(app.child.pid!)).toBe(false);
    expect(app.output()).toMatch(/Starting 2 web processes \(WEB_CONCURRENCY=2, \d+ cores\), PostgreSQL pool 10 each\./);
    expect(app.output().match(/Ready in/g)).toHaveLength(1);
  }, 90_000);

  it("runs the search-sync worker once, and an edit reaches search", async () => {
    const db = getDb();
    const listeners = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and query ilike ${`listen%${OUTBOX_CHANNEL}%`}`.execute(db);
    expect(listeners.rows[0].n).toBe(1);
    const inst = await db
      .selectFrom("institutions")
      .select("id")
      .where("status", "=", "verified")
      .orderBy("prominence", "desc")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await enqueueIndexChange(db, "institutions", [inst.id]);
    let found = false;
    for (let i = 0; i < 300 && !found; i++) {
      found = await getMeili()
        .index(indexUid("institutions"))
        .getDocument(inst.id)
        .then(
          () => true,
          () => false,
        );
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found, app.output()).toBe(true);
  }, 60_000);

  it("forks a web process again when one dies", async () => {
    const [victim] = await servingPids();
    process.kill(victim, "SIGKILL");
    let pids = new Set<number>();
    for (let i = 0; i < 60; i++) {
      await new Promise((r) => setTimeout(r, 500));
      pids = await servingPids(10);
      if (pids.size === 2 && !pids.has(victim)) break;
    }
    expect(pids.has(victim)).toBe(false);
    expect(pids.size).toBe(2);
    expect(app.output()).toMatch(new RegExp(`Web process ${victim} exited \\(SIGKILL\\); starting another in 1 s`));
  }, 90_000);

  it("stops on SIGINT with exit code 0, leaving no web process", async () => {
    const pids = await servingPids();
    const exited = new Promise<number | null>((r) => app.child.once("exit", (code) => r(code)));
    app.child.kill("SIGINT");
    expect(await exited).toBe(0);
    for (const pid of pids) expect(alive(pid), `web process ${pid}`).toBe(false);
  });
});

describe("start-up mistakes", () => {
  it("a port already in use: the primary says so in one line and exits with code 1 instead of forking for ever", async () => {
    // A port of our own, held open (the cluster above was stopped by the SIGINT test).
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, r));
    const port = String((holder.address() as net.AddressInfo).port);
    try {
      const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
        cwd: path.resolve(import.meta.dirname, ".."),
        env: { ...process.env, NODE_ENV: "production", PORT: port, WEB_CONCURRENCY: "2", SEARCH_WORKER: "off" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout!.on("data", (d) => (out += d));
      child.stderr!.on("data", (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), 230_000);
        child.once("exit", (c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
      expect(code, out).toBe(1);
      expect(out).toContain(`Port ${port} is already in use`);
      expect(out).not.toContain("starting another in");
    } finally {
      await new Promise<void>((r) => holder.close(() => r()));
    }
  }, 240_000);

  it("an empty NODE_ENV runs in production (Secure cookies), not in development", async () => {
    const other = await startAppServer({ NODE_ENV: "", WEB_CONCURRENCY: "1", SEARCH_WORKER: "off" });
    try {
      expect(other.output()).toContain("Session cookies carry the Secure attribute");
    } finally {
      await other.stop();
    }
  }, 180_000);
});

describe("shutdown", () => {
  for (const n of ["1", "2"]) {
    it(`a request that never finishes does not hold up SIGTERM for ever (WEB_CONCURRENCY=${n})`, async () => {
      const other = await startAppServer({ WEB_CONCURRENCY: n, SEARCH_WORKER: "off" });
      const { port } = new URL(other.url);
      // A POST whose body never arrives: the action waits for it, so the connection is never idle
      // and server.close() alone would wait for ever (as it did behind a stalled client).
      const socket = net.connect(Number(port), "127.0.0.1");
      await new Promise<void>((r) => socket.once("connect", () => r()));
      socket.on("error", () => {});
      socket.write(
        `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${other.url}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=a`,
      );
      await new Promise((r) => setTimeout(r, 500));
      const t0 = Date.now();
      const exited = new Promise<number | null>((r) => other.child.once("exit", (code) => r(code)));
      other.child.kill("SIGTERM");
      const code = await Promise.race([exited, new Promise<"hung">((r) => setTimeout(() => r("hung"), 25_000))]);
      socket.destroy();
      if (code === "hung") await other.stop();
      expect(code, other.output()).toBe(0);
      expect(Date.now() - t0).toBeLessThan(25_000);
    }, 240_000);
  }
});
