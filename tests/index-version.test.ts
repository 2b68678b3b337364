/**
 * Folding changes reach old documents (issue 11, item 10): an index built by
 * an older version of the folding or the settings is rebuilt (fresh index and
 * swap) when a process that syncs search starts — the worker script and the
 * app server — and then finds the new spellings; an index of the current
 * version is left alone. Real PostgreSQL and Meilisearch; the processes are
 * started as in production.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { searchCalls } from "../app/features/calls/call.server";
import { getMeili, indexUid, settle } from "../app/search/client.server";
import { callsIndex } from "../app/search/indexes/calls.server";
import { INDEXES } from "../app/search/indexes.server";
import { indexVersion, outdatedIndexes, storedIndexVersions, versionsUid } from "../app/search/index-version.server";
import { enqueueIndexChange } from "../app/search/outbox.server";
import { reindex } from "../app/search/reindex.server";
import { ensureIndexes, prepareIndexes } from "../app/search/sync.server";
import { callSearchSchema } from "../app/features/calls/call-search-params";
import { getDb, syncSearch } from "./helpers";
import { startAppServer } from "./helpers/app-server";
import { insertCall } from "./factories";

const ROOT = path.resolve(import.meta.dirname, "..");
// فیزیکی typed with Persian letters; the call below types it with Arabic ones (فيزيكي), four letters
// apart, so only a document with folded copies (this version) is found by it.
const PERSIAN_QUERY = "فیزیکی";
const found = async () => (await searchCalls(getDb(), callSearchSchema.parse({ q: PERSIAN_QUERY }))).hits.map((h) => h.id);

let callId: number;

/**
 * Index swaps Meilisearch performed on this file's calls index so far (a swap
 * renames the indexes in the task history too, so matched by uid prefix).
 */
async function swapsOfCalls(): Promise<number> {
  const uid = indexUid("calls");
  const { results } = await getMeili().tasks.getTasks({ types: ["indexSwap"], limit: 1000 });
  return results.filter((t) => JSON.stringify(t.details ?? {}).includes(`"${uid}`)).length;
}

/**
 * Puts the calls index in the state an older version left it in: settings
 * without the folded copies, documents without them, and another version recorded.
 */
async function buildCallsTheOldWay(): Promise<void> {
  const index = getMeili().index(indexUid("calls"));
  const { searchableAttributes: _current, ...rest } = callsIndex.settings;
  await settle(index.updateSettings({ ...rest, searchableAttributes: ["title", "summary", "topicNames", "institutionName", "body"] }));
  await settle(index.deleteAllDocuments());
  const docs = (await callsIndex.load(getDb(), [String(callId)])).map(({ folded: _folded, ...doc }) => doc);
  expect(docs).toHaveLength(1);
  await settle(index.addDocuments(docs, { primaryKey: "id" }));
  await settle(
    getMeili()
      .index(versionsUid())
      .addDocuments([{ id: "calls", version: "built-by-version-1" }], { primaryKey: "id" }),
  );
}

/** Runs `npm run worker`'s script until it says it is running; returns what it printed. */
async function runWorkerScriptUntilReady(): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { cwd: ROOT, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  try {
    const deadline = Date.now() + 120_000;
    while (!out.includes("Search-sync worker running")) {
      if (child.exitCode !== null) throw new Error(`worker exited early (${child.exitCode}):\n${out}`);
      if (Date.now() > deadline) throw new Error(`worker not ready within 120 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return out;
  } finally {
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
    expect(child.signalCode, `the worker stops on SIGTERM by itself:\n${out}`).toBeNull();
  }
}

beforeAll(async () => {
  const db = getDb();
  // Only this file's documents: the template's queued institutions are not needed here.
  await db.deleteFrom("search_outbox").execute();
  await ensureIndexes();
  const inst = await db.selectFrom("institutions").select("id").where("status", "=", "verified").orderBy("id").executeTakeFirstOrThrow();
  callId = await insertCall(inst.id, "open", "امنيت فيزيكي شبكه");
  await enqueueIndexChange(db, "calls", [callId]);
  await syncSearch();
}, 120_000);

describe("index versions", () => {
  it("are recorded for the indexes ensureIndexes creates, and differ when an index's settings differ", async () => {
    const stored = await storedIndexVersions();
    for (const def of Object.values(INDEXES)) expect(stored.get(def!.name), def!.name).toBe(indexVersion(def!));
    expect(indexVersion({ ...callsIndex, settings: { ...callsIndex.settings, searchableAttributes: ["title"] } })).not.toBe(indexVersion(callsIndex));
    expect(await outdatedIndexes()).toEqual([]);
  });

  it("an index built by an older version is named at start-up, rebuilt, and then finds the new spellings", async () => {
    await buildCallsTheOldWay();
    expect(await found()).not.toContain(callId); // the bug as an old index has it
    const swaps = await swapsOfCalls();
    const outdated = await prepareIndexes();
    expect(outdated).toEqual(["calls"]);
    expect(await reindex(getDb(), { only: outdated, onlyOutdated: true })).toEqual({ calls: 1 });
    expect(await swapsOfCalls()).toBe(swaps + 1);
    expect(await found()).toContain(callId);
    expect((await storedIndexVersions()).get("calls")).toBe(indexVersion(callsIndex));
  });

  it("an index of the current version is not rebuilt, even when asked under the lock", async () => {
    const swaps = await swapsOfCalls();
    expect(await prepareIndexes()).toEqual([]);
    // Another process rebuilt it meanwhile: the rebuild it asked for is skipped.
    expect(await reindex(getDb(), { only: ["calls"], onlyOutdated: true })).toEqual({});
    expect(await swapsOfCalls()).toBe(swaps);
    expect(await found()).toContain(callId);
  });
});

describe("on start", () => {
  it("the worker script rebuilds an index built by an older version, and leaves a current one alone", async () => {
    await buildCallsTheOldWay();
    expect(await found()).not.toContain(callId);
    const swaps = await swapsOfCalls();
    const first = await runWorkerScriptUntilReady();
    expect(first).toContain("Rebuilding search indexes built by an older version: calls");
    expect(first).toContain('Rebuilt search indexes {"calls":1}');
    expect(await swapsOfCalls()).toBe(swaps + 1);
    expect(await found()).toContain(callId);

    const second = await runWorkerScriptUntilReady();
    expect(second).not.toContain("Rebuilding");
    expect(await swapsOfCalls()).toBe(swaps + 1);
  }, 300_000);

  it("the app server rebuilds it while serving, and the page finds the new spelling", async () => {
    await buildCallsTheOldWay();
    const swaps = await swapsOfCalls();
    const page = async (url: string) => (await fetch(`${url}/calls?q=${encodeURIComponent(PERSIAN_QUERY)}`)).text();
    let app = await startAppServer();
    try {
      expect(app.output()).toContain("Rebuilding search indexes built by an older version: calls");
      const deadline = Date.now() + 120_000;
      while (!app.output().includes("Rebuilt search indexes")) {
        if (Date.now() > deadline) throw new Error(`no rebuild within 120 s:\n${app.output()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(app.output()).toContain('Rebuilt search indexes {"calls":1}');
      expect(await page(app.url)).toContain(`href="/calls/${callId}"`);
    } finally {
      await app.stop();
    }
    expect(await swapsOfCalls()).toBe(swaps + 1);

    app = await startAppServer();
    try {
      expect(app.output()).not.toContain("Rebuilding");
      expect(await page(app.url)).toContain(`href="/calls/${callId}"`);
    } finally {
      await app.stop();
    }
    expect(await swapsOfCalls()).toBe(swaps + 1);
  }, 300_000);
});
