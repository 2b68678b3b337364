/**
 * Several processes over ONE PostgreSQL and ONE Meilisearch (issue 17), the
 * shape of a deployment that outgrows one machine: two web processes
 * (server.ts with SEARCH_WORKER=off, WEB_CONCURRENCY=1, different ports) and
 * separate search-sync workers (scripts/worker.ts, as `npm run worker` runs it).
 * - a session started through A is valid on B, and signing out on B ends it on A;
 * - login throttling counts the attempts made through both;
 * - a profile edited through A becomes searchable through B;
 * - a worker killed with SIGKILL in the middle of a drain loses nothing: a new
 *   worker applies every change, the outbox drains to empty;
 * - two workers at once take turns (the drain's advisory lock) and every
 *   document ends with its latest value.
 * Each worker's PostgreSQL sessions carry its own application_name (PGAPPNAME),
 * so the test sees which worker holds the drain lock (pg_locks ⋈ pg_stat_activity).
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMeili, indexUid } from "../app/search/client.server";
import { SYNC_LOCK, ensureIndexes } from "../app/search/sync.server";
import { DEFAULT_PASSWORD, createUser } from "./factories";
import { getDb, upsertExpertProfileAs } from "./helpers";
import { startAppServer, startWorkerProcess, type AppServer, type WorkerProcess } from "./helpers/app-server";

let webA: AppServer;
let webB: AppServer;
/** The worker currently running (replaced by the SIGKILL test). */
let worker: WorkerProcess;
const extraWorkers: WorkerProcess[] = [];

/**
 * Both web processes as a deployment runs them behind a load balancer: no sync worker inside, one
 * process each, and one SESSION_SECRET (without it each production process signs the flash cookie
 * with its own random secret, and a toast set by A would be dropped by B).
 */
const WEB_ENV = { SEARCH_WORKER: "off", WEB_CONCURRENCY: "1", SESSION_SECRET: randomBytes(32).toString("hex") };

beforeAll(async () => {
  // Only this file's changes: the template's queued institutions would only lengthen the first drain.
  await getDb().deleteFrom("search_outbox").execute();
  // Current, empty indexes: no process starts with a rebuild of the imported institutions and topics
  // (which would hold the sync lock and delay every drain below while it runs).
  await ensureIndexes();
  // All three start together, as they would in a deployment (each prepares the indexes on start).
  [webA, webB, worker] = await Promise.all([startAppServer(WEB_ENV), startAppServer(WEB_ENV), startWorkerProcess({ PGAPPNAME: "eco-sync-1" })]);
}, 240_000);

afterAll(async () => {
  await Promise.all([webA?.stop(), webB?.stop(), worker?.stop(), ...extraWorkers.map((w) => w.stop())]);
});

/** POST form `fields` to `app` as a browser on its own page would (same-origin Origin header). */
function post(app: AppServer, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${app.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url, ...headers },
    body: new URLSearchParams(fields),
  });
}

/** Signs in through `app`; returns the session Cookie header ("eco_session=…") and the flash cookie of the "Signed in" toast. */
async function signInThrough(app: AppServer, email: string): Promise<{ cookie: string; flash: string }> {
  const res = await post(app, "/login", { email, password: DEFAULT_PASSWORD });
  expect(res.status, await res.clone().text()).toBe(302);
  const pair = (name: string) =>
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${name}=`))
      ?.split(";")[0];
  expect(pair("eco_session")).toBeTruthy();
  expect(pair("eco_flash")).toBeTruthy();
  return { cookie: pair("eco_session")!, flash: pair("eco_flash")! };
}

/** Runs `fn` over `items`, at most `width` at a time. */
async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Application names of the sessions holding the drain lock now (at most one: the lock excludes). */
async function drainLockHolders(): Promise<string[]> {
  const r = await sql<{ name: string }>`select a.application_name as name from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.objid = ${SYNC_LOCK} and l.granted`.execute(getDb());
  return r.rows.map((row) => row.name);
}

/** True while Meilisearch has a task of this file's experts index enqueued or processing. */
async function documentsInFlight(): Promise<boolean> {
  const { results } = await getMeili().tasks.getTasks({ indexUids: [indexUid("experts")], statuses: ["enqueued", "processing"], limit: 1 });
  return results.length > 0;
}

/** Outbox rows waiting for `ids` of the experts index. */
async function pendingExperts(ids: number[]): Promise<number> {
  const r = await getDb()
    .selectFrom("search_outbox")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("index_name", "=", "experts")
    .where(
      "doc_id",
      "in",
      ids.map((id) => String(id)),
    )
    .executeTakeFirstOrThrow();
  return r.n;
}

/** `position` of every document in this file's experts index, by expert id. */
async function indexedPositions(): Promise<Map<number, string | null>> {
  const { results } = await getMeili()
    .index(indexUid("experts"))
    .getDocuments<{ id: number; position: string | null }>({ fields: ["id", "position"], limit: 10_000 });
  return new Map(results.map((d) => [Number(d.id), d.position]));
}

/** The expert ids whose indexed position differs from `expected` (empty when the index caught up). */
async function behind(expected: Map<number, string>): Promise<number[]> {
  const indexed = await indexedPositions();
  return [...expected].filter(([id, pos]) => indexed.get(id) !== pos).map(([id]) => id);
}

/**
 * Awaits `check`; when it fails, rethrows with what the processes printed, the outbox and
 * Meilisearch's latest tasks of this file's indexes appended (a slow or stuck sync shows why).
 */
async function explained(check: Promise<unknown>): Promise<void> {
  try {
    await check;
  } catch (err) {
    const outbox = await getDb().selectFrom("search_outbox").select(["index_name", "doc_id", "generation", "attempts", "last_error"]).limit(20).execute();
    const tasks = await getMeili().tasks.getTasks({ limit: 20 });
    const lines = tasks.results
      .filter((t) => t.indexUid?.startsWith(process.env.MEILI_INDEX_PREFIX!))
      .map((t) => `${t.uid} ${t.indexUid} ${t.type} ${t.status} ${t.duration ?? ""} enqueued ${t.enqueuedAt}`);
    const out = (name: string, text: string) => `--- ${name}:\n${text.slice(-3000)}`;
    (err as Error).message += [
      "",
      out("worker", worker.output()),
      out("web A", webA.output()),
      out("web B", webB.output()),
      `--- outbox (first 20): ${JSON.stringify(outbox)}`,
      `--- Meilisearch tasks:\n${lines.join("\n")}`,
    ].join("\n");
    throw err;
  }
}

describe("two web processes", () => {
  it("a session started through A is valid on B (its toast shows there), and signing out on B ends it on A", async () => {
    const user = await createUser();
    const { cookie, flash } = await signInThrough(webA, user.email);
    const onB = await fetch(`${webB.url}/account`, { headers: { Cookie: `${cookie}; ${flash}` }, redirect: "manual" });
    expect(onB.status).toBe(200);
    const page = await onB.text();
    expect(page).toContain(user.email);
    expect(page).toContain(`Signed in as ${user.email}.`);

    const out = await post(webB, "/logout", {}, { Cookie: cookie });
    expect(out.status).toBe(302);
    const onA = await fetch(`${webA.url}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(onA.status).toBe(302);
    expect(onA.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });

  it("login throttling counts the attempts made through both", async () => {
    const user = await createUser();
    // RATE_LIMITS["login:account"]: 10 attempts a minute; 5 through each process.
    for (let i = 1; i <= 10; i++) {
      const res = await post(i % 2 ? webA : webB, "/login", { email: user.email, password: `wrong password ${i}` });
      expect(res.status, `attempt ${i} through ${i % 2 ? "A" : "B"}`).toBe(400);
    }
    const eleventh = await post(webB, "/login", { email: user.email, password: "wrong password 11" });
    expect(eleventh.status).toBe(429);
    expect(await eleventh.text()).toMatch(/Too many sign-in attempts\. Please wait \d+ seconds and try again\./);
    // Even the right password is refused through A now: the counter is the same one.
    expect((await post(webA, "/login", { email: user.email, password: DEFAULT_PASSWORD })).status).toBe(429);
  });

  it("a profile edited through A becomes searchable through B (and its old name no longer finds it)", async () => {
    const user = await createUser();
    const { cookie } = await signInThrough(webA, user.email);
    const save = (fullName: string) => post(webA, "/me/profile", { fullName, contactVisibility: "hidden" }, { Cookie: cookie });
    const created = await save("Quennell Vastrowicz");
    expect(created.status, await created.clone().text()).toBe(302);
    const expertId = Number(created.headers.get("Location")?.match(/^\/experts\/(\d+)$/)?.[1]);
    expect(expertId).toBeGreaterThan(0);
    const apiIds = async (q: string) => {
      const res = await fetch(`${webB.url}/api/v1/experts?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { hits: Array<{ id: number }> }).hits.map((h) => h.id);
    };
    await explained(expect.poll(() => apiIds("Vastrowicz"), { timeout: 60_000 }).toEqual([expertId]));
    const page = await fetch(`${webB.url}/experts?q=Vastrowicz`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`/experts/${expertId}`);

    const renamed = await save("Quennell Ostrabynska");
    expect(renamed.status, await renamed.clone().text()).toBe(302);
    await explained(expect.poll(() => apiIds("Ostrabynska"), { timeout: 60_000 }).toEqual([expertId]));
    expect(await apiIds("Vastrowicz")).toEqual([]);
  }, 150_000);
});

describe("search-sync workers", () => {
  const N = 300;
  const owners = Array.from({ length: N }, (_, i) => `multi-drain-${String(i).padStart(3, "0")}`);
  /** Expert id of each owner, and the position last committed for it (what the index must end with). */
  const expertOf = new Map<string, number>();
  const latest = new Map<number, string>();

  /** Edits committed in the current round (see editRound). */
  let committedThisRound = 0;

  /** One profile edit per owner through the service layer (each its own transaction and outbox row). */
  async function editRound(label: string): Promise<void> {
    committedThisRound = 0;
    await inParallel(owners, 4, async (owner) => {
      const r = await upsertExpertProfileAs(getDb(), owner, { fullName: `Drain Subject ${owner.slice(-3)}`, position: label });
      if (!r.ok) throw new Error(`edit of ${owner} refused: ${JSON.stringify(r.fieldErrors)}`);
      expertOf.set(owner, r.expertId);
      latest.set(r.expertId, label);
      committedThisRound++;
    });
  }

  /** Waits until the outbox is empty and every edited document carries its latest position. */
  async function expectAllArrived(timeout: number) {
    await explained(expect.poll(async () => (await behind(latest)).length, { timeout, interval: 250 }).toBe(0));
    await explained(expect.poll(() => pendingExperts([...latest.keys()]), { timeout: 10_000 }).toBe(0));
  }

  it("a worker killed (SIGKILL) in the middle of a drain loses nothing: a new worker applies every change", async () => {
    // The profiles exist and are indexed before the edits that matter.
    await editRound("round 0");
    await expectAllArrived(60_000);
    let killedAt: { pending: number; applied: number; holder: string } | null = null;
    const edits = (async () => {
      for (let round = 1; round <= 4 && !killedAt; round++) await editRound(`round ${round}`);
    })();
    let editsDone = false;
    void edits.finally(() => (editsDone = true)).catch(() => {});
    // Kill only when a drain is in flight (the worker holds the lock and Meilisearch has its documents
    // queued or processing; only the worker writes to the index) and the outbox shows some of
    // this round's changes applied and some waiting. Each document is edited once a round, so
    // "committed this round (counted before the query) minus all waiting rows" is a lower bound
    // of this round's changes already applied.
    const ids = () => [...latest.keys()];
    while (!killedAt && !editsDone) {
      const committed = committedThisRound;
      const [holders, pending, sending] = await Promise.all([drainLockHolders(), pendingExperts(ids()), documentsInFlight()]);
      const applied = committed - pending;
      // The drain has sent documents and waits for Meilisearch: it has done all its work but the commit.
      if (holders.includes("eco-sync-1") && sending && pending > 0 && applied > 0) {
        await worker.kill("SIGKILL");
        killedAt = { pending: await pendingExperts(ids()), applied, holder: holders[0] };
      }
    }
    await edits;
    expect(killedAt, "the worker was never caught in the middle of a drain with changes both applied and waiting").not.toBeNull();
    expect(await worker.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(killedAt!.pending).toBeGreaterThan(0);
    expect(killedAt!.applied).toBeGreaterThan(0);
    // PostgreSQL rolled the killed drain back: its lock is free, its rows still queued.
    await expect.poll(drainLockHolders, { timeout: 10_000 }).toEqual([]);
    expect(await pendingExperts(ids())).toBeGreaterThan(0);
    expect(await behind(latest)).not.toEqual([]);

    worker = await startWorkerProcess({ PGAPPNAME: "eco-sync-2" });
    await expectAllArrived(60_000);
  }, 180_000);

  it("two workers at once take turns and every document ends with its latest value", async () => {
    const second = await startWorkerProcess({ PGAPPNAME: "eco-sync-3" });
    extraWorkers.push(second);
    const holders = new Set<string>();
    let round = 10;
    const sampleWhile = async (work: Promise<void>) => {
      let done = false;
      void work.finally(() => (done = true)).catch(() => {});
      while (!done) for (const h of await drainLockHolders()) holders.add(h);
      await work;
    };
    // Bursts of edits until both workers were seen draining: a few rounds on a quiet machine; on a
    // loaded one the worker that just drained can win the lock several times over, so up to 90 s.
    const until = Date.now() + 90_000;
    while (Date.now() < until && !(holders.has("eco-sync-2") && holders.has("eco-sync-3"))) await sampleWhile(editRound(`round ${round++}`));
    expect([...holders].sort()).toEqual(["eco-sync-2", "eco-sync-3"]);
    await expectAllArrived(60_000);

    // Nothing applied twice in a harmful way: one document per expert, no task Meilisearch refused.
    const indexed = await indexedPositions();
    expect([...latest.keys()].filter((id) => !indexed.has(id))).toEqual([]);
    const failed = await getMeili().tasks.getTasks({ indexUids: [indexUid("experts")], statuses: ["failed"] });
    expect(failed.results).toEqual([]);
    for (const w of [worker, second]) expect(w.output()).not.toMatch(/search sync error|failed, will retry/);

    // Both stop cleanly on SIGTERM, as a process manager stops them.
    await Promise.all([worker.stop(), second.stop()]);
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(await second.exited).toEqual({ code: 0, signal: null });
  }, 240_000);
});
