/**
 * Search sync that loses nothing, against a private Meilisearch this file
 * stops and restarts: writes succeed while it is down, changes wait with
 * backoff, /healthz reports the backlog, the worker catches up when it is
 * back — each change applied once, also those an earlier process left
 * waiting — deletes remove documents, a change
 * committed during a drain survives it, and `npm run worker` indexes experts.
 */
import { meiliApiError } from "../app/search/http.server";
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { deleteExpertProfile, upsertExpertProfile } from "../app/features/experts/expert-profile.server";
import { searchExperts } from "../app/features/experts/expert-search.server";
import { searchInstitutions, updateInstitution } from "../app/features/institutions/institution.server";
import { getMeili, indexUid } from "../app/search/client.server";
import { INDEXES } from "../app/search/indexes.server";
import { expertsIndex } from "../app/search/indexes/experts.server";
import { institutionsIndex } from "../app/search/indexes/institutions.server";
import { enqueueIndexChange, outboxStats, retryWaitingNow } from "../app/search/outbox.server";
import { reindex } from "../app/search/reindex.server";
import { drainOutbox, ensureIndexes, forgetAppliedSettings } from "../app/search/sync.server";
import { runWorker } from "../app/search/worker.server";
import { decideRegistration, registerInstitution } from "../app/features/institutions/registration.server";
import { createUser } from "./factories";
import { loader as healthLoader } from "../app/routes/healthz";
import { expertSearchSchema } from "../app/features/experts/expert-search-params";
import { institutionSearchSchema } from "../app/features/institutions/institution-search-params";
import { callRoute, getDb, loaderArgs, syncSearch, upsertExpertProfileAs } from "./helpers";
import { getDbHandle } from "../app/utils/db.server";
import { startPrivateMeili, type PrivateMeili } from "./helpers/meili";

let meili: PrivateMeili;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const findExperts = (q: string) => searchExperts(getDb(), expertSearchSchema.parse({ q }));
const findInstitutions = (q: string) => searchInstitutions({ ...institutionSearchSchema.parse({}), q });

async function institutionByRor(ror: string) {
  return getDb().selectFrom("institutions").select(["id", "name"]).where("ror_id", "=", ror).executeTakeFirstOrThrow();
}

async function outboxRows() {
  return getDb().selectFrom("search_outbox").selectAll().orderBy("index_name").orderBy("doc_id").execute();
}

beforeAll(async () => {
  meili = await startPrivateMeili();
  process.env.MEILI_URL = meili.url;
  process.env.MEILI_MASTER_KEY = meili.key;
  await ensureIndexes();
  await syncSearch(); // the template's imported institutions
});

afterAll(async () => {
  await meili?.dispose();
});

describe("Meilisearch outage", () => {
  it("writes succeed while it is down; the backlog waits with backoff; it converges once when it is back", async () => {
    const db = getDb();
    const metu = await institutionByRor("014weej12");
    const other = await db
      .selectFrom("institutions")
      .select(["id", "name"])
      .where("country_code", "=", "KZ")
      .where("kind", "=", "university")
      .where("status", "=", "verified")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const base = { topicIds: ["T10028"], contactEmail: "a@uni.example", contactVisibility: "public" as const };
    const a = await upsertExpertProfileAs(db, "user-outage-a", { ...base, fullName: "Dilshod Ergashev", institutionId: metu.id });
    const b = await upsertExpertProfileAs(db, "user-outage-b", { ...base, fullName: "Aigerim Tulegenova", institutionId: other.id });
    if (!a.ok || !b.ok) throw new Error("setup failed");
    await syncSearch();

    await meili.stop();
    // Both writes succeed although search is down.
    const edited = await upsertExpertProfileAs(db, "user-outage-a", {
      ...base,
      topicIds: ["T10028", "T10181"],
      fullName: "Dilshod Ergashev",
      nameVariants: ["Дилшод Эргашев"],
      institutionId: metu.id,
    });
    expect(edited).toEqual({ ok: true, expertId: a.expertId, created: false });
    const newName = "Outage Proof University of Almaty";
    expect(await updateInstitution(db, other.id, { name: newName })).toBe(true);
    // The rename queued the institution and, in the same transaction, its expert; the profile
    // edit (a new topic) queued its expert and that expert's institution (its topic profile derives from experts' topics).
    expect((await outboxRows()).map((r) => `${r.index_name}:${r.doc_id}`).sort()).toEqual(
      [`experts:${a.expertId}`, `experts:${b.expertId}`, `institutions:${metu.id}`, `institutions:${other.id}`].sort(),
    );

    const first = await drainOutbox(db);
    expect(first).toEqual({ applied: 0, failed: 4, busy: false });
    const waiting = await outboxRows();
    for (const r of waiting) {
      expect(r.attempts).toBe(1);
      expect(r.last_error).toBeTruthy();
      expect(new Date(r.next_attempt_at).getTime()).toBeGreaterThan(Date.now());
    }
    // Backoff: nothing is due again at once.
    expect(await drainOutbox(db)).toEqual({ applied: 0, failed: 0, busy: false });

    const health = await callRoute(healthLoader as any, loaderArgs("/healthz"));
    expect(health.status).toBe(503);
    const body = await health.json();
    expect(body).toMatchObject({ db: "ok", search: "error", outbox: { backlog: 4, retrying: 4 } });
    expect(body.outbox.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(typeof body.outbox.lastError).toBe("string");

    // The worker runs through the outage and notices when Meilisearch answers again.
    const logs: string[] = [];
    const stop = new AbortController();
    const worker = runWorker(db, stop.signal, { idleMs: 50, log: (m) => logs.push(m) });
    await expect.poll(() => logs.some((l) => /failed, will retry when Meilisearch answers again/.test(l)), { timeout: 10_000 }).toBe(true);
    const restartedAt = new Date();
    await sleep(20);
    await meili.start();
    process.env.MEILI_URL = meili.url;
    await expect.poll(async () => (await outboxStats(db)).backlog, { timeout: 20_000, interval: 50 }).toBe(0);
    stop.abort();
    await worker;
    // It did not sit out the backoff: it made the waiting changes due as soon as /health answered.
    expect(logs.some((l) => /Meilisearch is back, retrying \d+ waiting change/.test(l))).toBe(true);

    // Both changes are searchable.
    expect((await findExperts("Дилшод Эргашев")).hits.map((h) => h.id)).toEqual([a.expertId]);
    const byInstitution = await findExperts("Outage Proof University");
    expect(byInstitution.hits.map((h) => h.id)).toEqual([b.expertId]);
    expect(byInstitution.hits[0].institution?.name).toBe(newName);
    expect((await findInstitutions(newName)).hits[0]).toMatchObject({ id: other.id, name: newName });

    // Applied once: one document batch per index since the restart, with exactly these documents.
    const tasks = await getMeili().tasks.getTasks({
      indexUids: [indexUid("experts"), indexUid("institutions")],
      types: ["documentAdditionOrUpdate"],
      afterEnqueuedAt: restartedAt.toISOString(),
    });
    const per = (uid: string) => tasks.results.filter((t) => t.indexUid === uid);
    expect(per(indexUid("experts"))).toHaveLength(1);
    expect(per(indexUid("experts"))[0]).toMatchObject({ status: "succeeded", details: { receivedDocuments: 2, indexedDocuments: 2 } });
    expect(per(indexUid("institutions"))).toHaveLength(1);
    expect(per(indexUid("institutions"))[0]).toMatchObject({ status: "succeeded", details: { receivedDocuments: 2 } });
    // And the documents are exactly what the mappers build from PostgreSQL now.
    const index = getMeili().index(indexUid("experts"));
    for (const doc of await expertsIndex.load(db, [String(a.expertId), String(b.expertId)])) {
      expect(await index.getDocument(doc.id)).toEqual(doc);
    }
    const [inst] = await institutionsIndex.load(db, [String(other.id)]);
    expect(await getMeili().index(indexUid("institutions")).getDocument(other.id)).toEqual(inst);
    expect(await outboxStats(db)).toMatchObject({ backlog: 0, oldestAgeSeconds: null, retrying: 0, lastError: null });
  });
});

describe("Meilisearch outage: profile edit and institution registration", () => {
  it("a profile edit and a registration verified by the secretariat, all while search is down, become searchable once, outbox empty", async () => {
    const db = getDb();
    const metu = await institutionByRor("014weej12");
    const owner = await createUser();
    const registrant = await createUser();
    const staff = await createUser({ role: "secretariat" });
    const base = { fullName: "Farhad Karimov", topicIds: ["T10028"], contactVisibility: "hidden" as const, institutionId: metu.id };
    const created = await upsertExpertProfile(db, owner.id, base);
    if (!created.ok) throw new Error("setup failed");
    await syncSearch();

    await meili.stop();
    const edited = await upsertExpertProfile(db, owner.id, { ...base, nameVariants: ["Фарҳод Каримов"] });
    expect(edited).toEqual({ ok: true, expertId: created.expertId, created: false });
    const name = "Zarafshan Institute of Information Security";
    const reg = await registerInstitution(db, registrant.id, { name, kind: "research_centre", countryCode: "TJ", city: "Khujand" });
    if (!reg.ok) throw new Error(JSON.stringify(reg.fieldErrors));
    expect(await decideRegistration(db, { actorId: staff.id, institutionId: reg.institutionId, decision: "verify" })).toBe("done");
    // Registration and verification both queued the same document: one outbox row. The
    // profile edit (a name variant, same topics) queued only its expert: METU's topic profile
    // derives from its experts' topics, which did not change.
    expect((await outboxRows()).map((r) => `${r.index_name}:${r.doc_id}`)).toEqual([`experts:${created.expertId}`, `institutions:${reg.institutionId}`]);
    expect(metu.id).not.toBe(reg.institutionId);
    expect(await drainOutbox(db)).toEqual({ applied: 0, failed: 2, busy: false });
    // The registrant administers it although search was down.
    expect(await db.selectFrom("institution_members").select("role").where("user_id", "=", registrant.id).executeTakeFirst()).toEqual({ role: "admin" });

    const restartedAt = new Date();
    await sleep(20);
    await meili.start();
    process.env.MEILI_URL = meili.url;
    expect(await retryWaitingNow(db)).toBe(2);
    await syncSearch();

    expect((await findExperts("Фарҳод Каримов")).hits.map((h) => h.id)).toEqual([created.expertId]);
    expect((await findInstitutions(name)).hits[0]).toMatchObject({ id: reg.institutionId, name });
    expect(await outboxStats(db)).toMatchObject({ backlog: 0, retrying: 0 });
    const tasks = await getMeili().tasks.getTasks({
      indexUids: [indexUid("experts"), indexUid("institutions")],
      types: ["documentAdditionOrUpdate"],
      afterEnqueuedAt: restartedAt.toISOString(),
    });
    const per = (uid: string) => tasks.results.filter((t) => t.indexUid === uid);
    expect(per(indexUid("experts"))).toHaveLength(1);
    expect(per(indexUid("experts"))[0]).toMatchObject({ status: "succeeded", details: { receivedDocuments: 1 } });
    expect(per(indexUid("institutions"))).toHaveLength(1);
    expect(per(indexUid("institutions"))[0]).toMatchObject({ status: "succeeded", details: { receivedDocuments: 1 } });
  });
});

describe("a worker started after an outage (the app was restarted)", () => {
  it("applies at once the changes an earlier process left waiting with backoff", async () => {
    const db = getDb();
    const r = await upsertExpertProfileAs(db, "user-left-waiting", { fullName: "Leftover Waitingova" });
    if (!r.ok) throw new Error("setup failed");
    // As the earlier process left them after a long outage: eight failures, next attempt in five minutes.
    await sql`update search_outbox set attempts = 8, last_error = 'connect ECONNREFUSED', next_attempt_at = now() + interval '300 seconds'`.execute(db);
    const logs: string[] = [];
    const stop = new AbortController();
    const worker = runWorker(db, stop.signal, { idleMs: 50, log: (m) => logs.push(m) });
    try {
      await expect.poll(async () => (await findExperts("Waitingova")).hits.map((h) => h.id), { timeout: 15_000, interval: 100 }).toEqual([r.expertId]);
      await expect.poll(async () => (await outboxStats(db)).backlog, { timeout: 5_000, interval: 50 }).toBe(0);
    } finally {
      stop.abort();
      await worker;
    }
    expect(logs.filter((l) => /left waiting by an earlier outage/.test(l))).toHaveLength(1);
  });
});

describe("outbox semantics", () => {
  it("a worker listening for NOTIFY applies a change when its transaction commits, without waiting for its poll", async () => {
    const db = getDb();
    await syncSearch();
    const logs: string[] = [];
    const stop = new AbortController();
    // A ten-minute poll: only the notification can make it drain within the test.
    const worker = runWorker(db, stop.signal, { idleMs: 600_000, listen: getDbHandle().sql, log: (m) => logs.push(m) });
    try {
      await sleep(300); // let the first (empty) drain finish, so the worker is asleep
      const r = await upsertExpertProfileAs(db, "user-notify", { fullName: "Nargiza Notifyova", topicIds: ["T10028"] });
      if (!r.ok) throw new Error("setup failed");
      await expect.poll(async () => (await findExperts("Notifyova")).hits.map((h) => h.id), { timeout: 15_000, interval: 100 }).toEqual([r.expertId]);
      // The document is searchable a moment before the worker deletes the outbox row it
      // came from (the row goes only after Meilisearch reports the task done), so wait for that too.
      await expect.poll(async () => (await outboxStats(db)).backlog, { timeout: 5_000, interval: 50 }).toBe(0);
    } finally {
      stop.abort();
      await worker;
    }
    expect(logs.filter((l) => /LISTEN failed|error/.test(l))).toEqual([]);
  });

  it("deleting a profile deletes its document", async () => {
    const db = getDb();
    const r = await upsertExpertProfileAs(db, "user-to-delete", { fullName: "Transient Researcher Zebulon" });
    if (!r.ok) throw new Error("setup failed");
    await syncSearch();
    const index = getMeili().index(indexUid("experts"));
    expect((await index.getDocument(r.expertId)).fullName).toBe("Transient Researcher Zebulon");
    expect(await deleteExpertProfile(db, "user-to-delete")).toBe(r.expertId);
    expect(await deleteExpertProfile(db, "user-to-delete")).toBeNull();
    await syncSearch();
    const gone = await index.getDocument(r.expertId).then(
      () => null,
      (e: unknown) => e,
    );
    expect(meiliApiError(gone)?.cause?.code).toBe("document_not_found");
    expect((await findExperts("Zebulon")).total).toBe(0);
  });

  it("a change committed while a drain is in flight is not lost (generation check)", async () => {
    const db = getDb();
    const r = await upsertExpertProfileAs(db, "user-generation", { fullName: "Original Name Quillon" });
    if (!r.ok) throw new Error("setup failed");
    // The row the drain will read: generation g, committed.
    const { generation: g } = await db
      .selectFrom("search_outbox")
      .select("generation")
      .where("index_name", "=", "experts")
      .where("doc_id", "=", String(r.expertId))
      .executeTakeFirstOrThrow();

    // A writer renames the expert and enqueues it again, but has not committed yet.
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    let written!: () => void;
    const wrote = new Promise<void>((res) => (written = res));
    const writer = db.transaction().execute(async (trx) => {
      await trx.updateTable("experts").set({ full_name: "Renamed Name Quillon" }).where("id", "=", r.expertId).execute();
      await enqueueIndexChange(trx, "experts", [r.expertId]);
      written();
      await gate;
    });
    await wrote;

    // The drain reads generation g and the old name, indexes it, then waits on the writer's row lock.
    const drain = drainOutbox(db);
    await expect
      .poll(
        async () => {
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
          return rows[0].n;
        },
        { timeout: 10_000, interval: 25 },
      )
      .toBeGreaterThan(0);
    release();
    await writer;
    await drain;

    // The newer generation survived the drain…
    const row = await db
      .selectFrom("search_outbox")
      .select("generation")
      .where("index_name", "=", "experts")
      .where("doc_id", "=", String(r.expertId))
      .executeTakeFirst();
    expect(row?.generation).toBe(g + 1);
    const index = getMeili().index(indexUid("experts"));
    expect((await index.getDocument(r.expertId)).fullName).toBe("Original Name Quillon");
    // …and the next drain applies it.
    await syncSearch();
    expect((await index.getDocument(r.expertId)).fullName).toBe("Renamed Name Quillon");
    expect((await outboxStats(db)).backlog).toBe(0);
  });
});

describe("robustness", () => {
  it("a document Meilisearch refuses is retried alone; the rest of its batch is applied", async () => {
    const db = getDb();
    const uid = indexUid("calls");
    // A stand-in for the calls index whose mapper builds one invalid document:
    // Meilisearch refuses the primary key "bad id!", which fails the whole batch task.
    const original = INDEXES.calls;
    INDEXES.calls = {
      name: "calls",
      settings: { filterableAttributes: ["id"] },
      filterable: ["id"],
      async load(_db, ids) {
        return ids.map((id) => ({ id: id === "bad" ? "bad id!" : id, title: `Call ${id}` }));
      },
      async pageIds() {
        return [];
      },
    };
    try {
      await enqueueIndexChange(db, "calls", ["c1", "bad", "c2"]);
      const r = await drainOutbox(db);
      expect(r).toEqual({ applied: 2, failed: 1, busy: false });
      const docs = await getMeili()
        .index(uid)
        .getDocuments({ fields: ["id"] });
      expect(docs.results.map((d) => d.id).sort()).toEqual(["c1", "c2"]);
      const left = await outboxRows();
      expect(left.map((x) => `${x.index_name}:${x.doc_id}:${x.attempts}`)).toEqual(["calls:bad:1"]);
      expect(left[0].last_error).toMatch(/invalid/i);
      await db.deleteFrom("search_outbox").execute();
    } finally {
      if (original) INDEXES.calls = original;
      else delete INDEXES.calls;
      await getMeili().deleteIndex(uid).waitTask({ timeout: 60_000 });
      forgetAppliedSettings();
    }
  });

  it("an index missing its settings (created while the app ran without Meilisearch) gets them before its first document", async () => {
    const db = getDb();
    await getMeili().deleteIndex(indexUid("experts")).waitTask({ timeout: 60_000 });
    forgetAppliedSettings(); // as in a process that has not written to this index yet
    const r = await upsertExpertProfileAs(db, "user-settings", {
      fullName: "Settings Restored Ysolde",
      institutionId: (await institutionByRor("014weej12")).id,
    });
    if (!r.ok) throw new Error("setup failed");
    await syncSearch();
    const settings = await getMeili().index(indexUid("experts")).getSettings();
    expect(settings.filterableAttributes).toEqual(expect.arrayContaining(["country", "institutionId", "openTo", "subfieldIds"]));
    // Filtering and faceting work, which they would not on an index created by a bare document write.
    const res = await searchExperts(db, expertSearchSchema.parse({ q: "Ysolde", country: ["TR"] }));
    expect(res.hits.map((h) => h.id)).toEqual([r.expertId]);
    // The other experts come back with a reindex (the live index was deleted on purpose).
    await reindex(db, { only: ["experts"] });
  });
});

describe("npm run worker", () => {
  it("runs as its own process, indexes an expert written after it started, and stops on SIGTERM", async () => {
    const db = getDb();
    const root = path.resolve(import.meta.dirname, "..");
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      cwd: root,
      env: { ...process.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((res) => child.once("exit", (code) => res(code)));
    try {
      await expect.poll(() => out, { timeout: 20_000 }).toContain("Search-sync worker running");
      const r = await upsertExpertProfileAs(db, "user-worker", { fullName: "Worker Indexed Xanthippe" });
      if (!r.ok) throw new Error("setup failed");
      await expect.poll(async () => (await findExperts("Xanthippe")).hits.map((h) => h.id), { timeout: 20_000 }).toEqual([r.expertId]);
      // The document is visible a moment before the drain's transaction removes the outbox row.
      await expect.poll(async () => (await outboxStats(db)).backlog, { timeout: 5_000 }).toBe(0);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
