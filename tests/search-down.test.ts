/**
 * Search down, pages down (issue 11, item 9), over HTTP against the production
 * build started the default way: no MEILI_URL, so server.ts starts (and
 * supervises) its own Meilisearch in a test-local DATA_DIR — not the shared
 * one of tests/global-setup.ts. The test kills that Meilisearch with SIGKILL
 * and holds its port (a listener that drops every connection) so the
 * supervisor's restarts fail while it looks, then checks:
 * - every route of the build is classified here; every search-backed page and
 *   API answers 503 with Retry-After (pages: what still works; APIs: JSON
 *   `{ error }`), and every other page answers as usual (detail pages leave
 *   suggested partners out with a note);
 * - the supervisor restarts it on the same port once the port is free;
 * - a change made while it was down, left with a long retry backoff, reaches
 *   the index as soon as Meilisearch answers again.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { signIn } from "./factories";
import { getDb, upsertExpertProfileAs } from "./helpers";
import { routeFixtures } from "./helpers/route-fixtures";

type Role = "anonymous" | "researcher" | "institutionAdmin" | "secretariat" | "admin";
interface Check {
  pattern: string;
  /** Path requested; {institution}, {expert}, {call}, {proposal}, {project}, {mail} are filled in. */
  path?: string;
  as?: Role;
}
/** A route that needs search: 503 + Retry-After while it is down. */
interface SearchCheck extends Check {
  kind: "page" | "api";
}
/** A route that needs no search: its usual status; `note` must appear on the page. */
interface PlainCheck extends Check {
  status: number;
  note?: RegExp;
}

const SEARCH: SearchCheck[] = [
  { pattern: "/institutions", path: "/institutions?q=metu", kind: "page" },
  { pattern: "/experts", path: "/experts?q=researcher", kind: "page", as: "researcher" },
  { pattern: "/partners", path: "/partners?q=machine+learning", kind: "page" },
  { pattern: "/calls", kind: "page", as: "institutionAdmin" },
  { pattern: "/projects", kind: "page" },
  { pattern: "/api/v1/institutions", path: "/api/v1/institutions?q=metu", kind: "api" },
  { pattern: "/api/v1/experts", path: "/api/v1/experts?q=researcher", kind: "api" },
  { pattern: "/api/v1/partners", path: "/api/v1/partners?topics=T10028", kind: "api" },
  { pattern: "/api/v1/consortium", path: "/api/v1/consortium?topics=T10028&minCountries=3", kind: "api" },
  { pattern: "/api/v1/calls", kind: "api" },
  { pattern: "/api/v1/projects", kind: "api" },
];

const SUGGESTIONS_DOWN = /Partner suggestions are unavailable while search is down/;
const PLAIN: PlainCheck[] = [
  { pattern: "/", status: 200 },
  { pattern: "/institutions/:id", path: "/institutions/{institution}", status: 200 },
  { pattern: "/experts/:id", path: "/experts/{expert}", status: 200, note: SUGGESTIONS_DOWN },
  { pattern: "/calls/:id", path: "/calls/{call}", status: 200, note: SUGGESTIONS_DOWN },
  { pattern: "/projects/:id", path: "/projects/{project}", status: 200 },
  { pattern: "/proposals/:id", path: "/proposals/{proposal}", as: "institutionAdmin", status: 200, note: SUGGESTIONS_DOWN },
  { pattern: "/proposals/:id/edit", path: "/proposals/{proposal}/edit", as: "institutionAdmin", status: 200 },
  { pattern: "/proposals/:id/partners", path: "/proposals/{proposal}/partners", as: "institutionAdmin", status: 200 },
  { pattern: "/proposals/new", as: "institutionAdmin", status: 200 },
  // Membership requests are read from PostgreSQL (the picker's lookup too).
  { pattern: "/join-requests", as: "institutionAdmin", status: 200 },
  { pattern: "/join-requests/new", path: "/join-requests/new?institutionQuery=tehran", as: "researcher", status: 200 },
  { pattern: "/proposals", as: "researcher", status: 200 },
  { pattern: "/me/profile", path: "/me/profile?institutionQuery=tehran", as: "researcher", status: 200 },
  { pattern: "/notifications", as: "researcher", status: 200 },
  { pattern: "/account", as: "researcher", status: 200 },
  { pattern: "/account/data", as: "researcher", status: 200 },
  { pattern: "/institutions/new", as: "researcher", status: 200 },
  { pattern: "/institutions/:id/edit", path: "/institutions/{institution}/edit", as: "institutionAdmin", status: 200 },
  { pattern: "/calls/new", as: "institutionAdmin", status: 200 },
  { pattern: "/calls/:id/edit", path: "/calls/{call}/edit", as: "institutionAdmin", status: 200 },
  { pattern: "/secretariat", as: "secretariat", status: 200 },
  { pattern: "/secretariat/institutions", as: "secretariat", status: 200 },
  { pattern: "/secretariat/proposals", as: "secretariat", status: 200 },
  { pattern: "/secretariat/proposals/:id", path: "/secretariat/proposals/{proposal}", as: "secretariat", status: 200 },
  { pattern: "/admin/users", path: "/admin/users?q=test", as: "admin", status: 200 },
  { pattern: "/lookup/institutions", path: "/lookup/institutions?q=tehran", status: 200 },
  { pattern: "/lookup/topics", path: "/lookup/topics?q=learning", status: 200 },
  { pattern: "/login", status: 200 },
  { pattern: "/join", status: 200 },
  { pattern: "/logout", status: 302 },
  { pattern: "/language", status: 302 },
  { pattern: "/verify-email", status: 200 },
  { pattern: "/forgot-password", status: 200 },
  { pattern: "/reset-password", status: 200 },
  { pattern: "/dev/mail", status: 200 },
  { pattern: "/dev/mail/:id", path: "/dev/mail/{mail}", status: 200 },
  { pattern: "/api/*", path: "/api/v1/nope", status: 404 },
  { pattern: "/accept-invitation", status: 200 },
  // The progress figures are SQL aggregates: they never need search.
  { pattern: "/api/v1/reports", path: "/api/v1/reports?from=2025-01-01&to=2025-12-31", status: 200 },
  { pattern: "/reports.csv", status: 200 },
  { pattern: "/reports", status: 200 },
  { pattern: "/reports/published", status: 200 },
  { pattern: "/reports/published/:id", path: "/reports/published/{report}", status: 200 },
  { pattern: "/secretariat/reports", as: "secretariat", status: 200 },
  // Open data is read from PostgreSQL.
  { pattern: "/data", status: 200 },
  { pattern: "/exports/:file", path: "/exports/calls.csv", status: 200 },
  // Messages are read from PostgreSQL.
  { pattern: "/messages", as: "researcher", status: 200 },
  { pattern: "/messages/new", path: "/messages/new?expert={expert}", as: "institutionAdmin", status: 200 },
  { pattern: "/messages/:id", path: "/messages/{conversation}", as: "researcher", status: 200 },
  { pattern: "/secretariat/message-reports", as: "secretariat", status: 200 },
  // /healthz reports the outage itself (503, search: "error"); checked on its own below.
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dataDir = mkdtempSync(path.join(os.tmpdir(), "search-down-"));
const fill: Record<string, string> = {};
const cookies: Partial<Record<Role, string>> = {};
let app: AppServer;
let meiliPort: number;
let holder: net.Server | null = null;
/** The Meilisearch process the test killed last. */
let killedPid = 0;

function get(check: Check): Promise<Response> {
  const urlPath = (check.path ?? check.pattern).replace(/\{(\w+)\}/g, (_m, k: string) => fill[k]);
  const cookie = cookies[check.as ?? "anonymous"];
  return fetch(`${app.url}${urlPath}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
}

const meiliPid = (): number => JSON.parse(readFileSync(path.join(dataDir, "meili.pid"), "utf8")).pid;

/** Processes whose command line names our data dir (the app's Meilisearch). */
function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(dir)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** A listener on Meilisearch's port that drops every connection: search does not answer, restarts cannot bind. */
function hold(port: number): Promise<net.Server | null> {
  return new Promise((resolve) => {
    const srv = net.createServer((sock) => sock.destroy());
    srv.once("error", () => resolve(null));
    srv.listen(port, "127.0.0.1", () => resolve(srv));
  });
}

/** SIGKILLs the app's Meilisearch and takes its port before the supervisor's first restart (1 s later). */
async function killAndHoldPort(): Promise<net.Server> {
  for (let round = 0; round < 5; round++) {
    killedPid = meiliPid();
    process.kill(killedPid, "SIGKILL");
    const deadline = Date.now() + 800;
    while (Date.now() < deadline) {
      const srv = await hold(meiliPort);
      if (srv) return srv;
      await sleep(5);
    }
    // The restart won the race (it binds the port again): kill the new one.
  }
  throw new Error("could not take Meilisearch's port after killing it");
}

function appMeili(): Meilisearch {
  return new Meilisearch({ host: `http://127.0.0.1:${meiliPort}`, apiKey: readFileSync(path.join(dataDir, "meili.key"), "utf8").trim() });
}

beforeAll(async () => {
  const fixtures = await routeFixtures();
  Object.assign(fill, fixtures.fill);
  for (const role of ["researcher", "institutionAdmin", "secretariat", "admin"] as const) cookies[role] = await signIn(fixtures.users[role]);
  // No MEILI_URL: server.ts starts its own Meilisearch under DATA_DIR (the default of `npm start`).
  app = await startAppServer({ MEILI_URL: "", MEILI_MASTER_KEY: "", DATA_DIR: dataDir });
  meiliPort = Number(/Starting Meilisearch on 127\.0\.0\.1:(\d+)/.exec(app.output())?.[1]);
  expect(meiliPort).toBeGreaterThan(0);
  // The app's worker indexes what was queued before (the template's institutions) into its new
  // Meilisearch first, so the outbox during the outage holds only what changes then.
  await vi.waitFor(
    async () => {
      const queued = (await getDb().selectFrom("search_outbox").select("id").execute()).length;
      if (queued) throw new Error(`${queued} changes still queued`);
    },
    { timeout: 90_000, interval: 250 },
  );
}, 180_000);

afterAll(async () => {
  await new Promise((r) => (holder ? holder.close(r) : r(null)));
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("Meilisearch killed", () => {
  it("classifies every route of the build: search-backed or not", () => {
    // The route manifest the build wrote for the browser (every route with its path), named in the server build.
    const root = path.resolve(import.meta.dirname, "..");
    const manifestUrl = /\/build\/manifest-[A-Za-z0-9]+\.js/.exec(readFileSync(path.join(root, "build/index.js"), "utf8"))![0];
    const text = readFileSync(path.join(root, "public", manifestUrl), "utf8");
    const manifest = JSON.parse(text.slice(text.indexOf("=") + 1).replace(/;\s*$/, "")) as { routes: Record<string, { id: string; path?: string }> };
    const patterns = Object.values(manifest.routes)
      .filter((r) => r.id !== "root")
      .map((r) => `/${r.path ?? ""}`);
    const classified = new Set([...SEARCH, ...PLAIN].map((c) => c.pattern).concat("/healthz"));
    expect(patterns.filter((p) => !classified.has(p))).toEqual([]);
    expect(patterns.length).toBeGreaterThan(40);
  });

  it("every search-backed page and API answers 503 with Retry-After; every other page works (suggestions left out with a note)", async () => {
    // Up first: the same requests succeed.
    for (const check of SEARCH) expect((await get(check)).status, check.pattern).toBe(200);

    holder = await killAndHoldPort();

    const wrong: string[] = [];
    for (const check of SEARCH) {
      const res = await get(check);
      const body = await res.text();
      const retryAfter = res.headers.get("Retry-After") ?? "";
      const type = res.headers.get("Content-Type") ?? "";
      const ok =
        res.status === 503 &&
        /^\d+$/.test(retryAfter) &&
        (check.kind === "api"
          ? type.startsWith("application/json") && /^\{"error":"Search is temporarily unavailable[^"]*"\}$/.test(body)
          : type.startsWith("text/html") && body.includes("Search is temporarily unavailable") && body.includes("What still works"));
      if (!ok) wrong.push(`${check.path ?? check.pattern}: ${res.status} Retry-After=${retryAfter} ${type} ${body.slice(0, 200)}`);
    }
    for (const check of PLAIN) {
      const res = await get(check);
      const body = await res.text();
      if (res.status !== check.status || (check.note && !check.note.test(body))) {
        wrong.push(`${check.path ?? check.pattern}: ${res.status}, wanted ${check.status}${check.note ? ` and ${check.note}` : ""}`);
      }
    }
    expect(wrong).toEqual([]);

    // The 503 page links to what still works, for whoever asks.
    const page = await (await get({ pattern: "/experts", as: "researcher" })).text();
    for (const href of ["/", "/proposals", "/me/profile"]) expect(page).toContain(`href="${href}"`);
    // A client-side navigation (Remix data request) gets the same 503 and Retry-After.
    const data = await fetch(`${app.url}/calls?_data=routes%2Fcalls._index`);
    expect(data.status).toBe(503);
    expect(data.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(await data.json()).toMatchObject({ searchUnavailable: true });
    // /healthz names the outage.
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ db: "ok", search: "error" });
  }, 60_000);

  it("a change made meanwhile waits; the supervisor restarts Meilisearch on the same port; the change is indexed at once", async () => {
    expect(holder).not.toBeNull();
    const db = getDb();
    const r = await upsertExpertProfileAs(db, "user-search-down", { fullName: "Wilhelmina Downtimeova", topicIds: ["T10028"] });
    if (!r.ok) throw new Error("setup failed");
    // The app's worker tried it and failed…
    const row = () =>
      db.selectFrom("search_outbox").select(["attempts"]).where("index_name", "=", "experts").where("doc_id", "=", String(r.expertId)).executeTakeFirst();
    await expect.poll(async () => (await row())?.attempts ?? 0, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    // …and the waiting changes stand as after a long outage: five minutes to their next attempt.
    await sql`update search_outbox set attempts = 8, next_attempt_at = now() + interval '300 seconds'`.execute(db);

    // Restarts fail while the port is taken; once it is free the next one succeeds, on the same port.
    await expect.poll(() => app.output(), { timeout: 15_000 }).toMatch(/Meilisearch restart failed: .*next attempt in \d+ s/);
    await new Promise((res) => holder!.close(res));
    holder = null;
    await expect.poll(async () => (await fetch(`${app.url}/healthz`)).status, { timeout: 40_000, interval: 200 }).toBe(200);
    expect(meiliPid()).not.toBe(killedPid);
    expect(app.output()).toMatch(
      new RegExp(`Meilisearch \\(pid ${killedPid}\\) exited unexpectedly \\(signal SIGKILL\\); restarting it on http://127\\.0\\.0\\.1:${meiliPort}`),
    );
    // Healthz can see the new server answer a moment before the supervisor logs it.
    await expect.poll(() => app.output(), { timeout: 10_000 }).toMatch(/Meilisearch restarted \(pid \d+\)/);

    // Indexed long before its backoff (300 s) would have let it be retried.
    const index = appMeili().index(`${process.env.MEILI_INDEX_PREFIX}experts`);
    await expect.poll(async () => (await index.search("Downtimeova")).hits.map((h) => h.id), { timeout: 20_000, interval: 200 }).toEqual([r.expertId]);
    await expect.poll(async () => (await db.selectFrom("search_outbox").select("id").execute()).length, { timeout: 10_000 }).toBe(0);
    expect(app.output()).toMatch(/Meilisearch is back, retrying \d+ waiting change/);

    // And the search pages work again.
    for (const check of SEARCH) expect((await get(check)).status, check.pattern).toBe(200);
    // (The matched word may come back highlighted: compare the text, not the markup.)
    const found = (await (await get({ pattern: "/experts", path: "/experts?q=Downtimeova" })).text()).replace(/<[^>]+>/g, "");
    expect(found).toContain("Wilhelmina Downtimeova");
  }, 120_000);

  it("stops supervising on shutdown: after the app stops, no Meilisearch of its data dir runs or comes back", async () => {
    expect(processesUsing(dataDir).length).toBeGreaterThan(0);
    await app.stop();
    await sleep(1_500); // longer than the first restart delay
    expect(processesUsing(dataDir)).toEqual([]);
    const afterShutdown = app.output().split("SIGTERM: shutting down")[1];
    expect(afterShutdown).toBeDefined();
    expect(afterShutdown).not.toMatch(/exited unexpectedly|restart/i);
  });
});
