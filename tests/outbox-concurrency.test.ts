/**
 * Concurrent writes that enqueue the same search-outbox rows in different
 * orders (an institution edit enqueues the institution, then its experts; an
 * expert edit enqueues the expert, then its institution) used to deadlock in
 * PostgreSQL (40P01), a 500 for one of the two requests. Outbox rows are now
 * written in one sorted order, and a transaction that still loses a deadlock
 * or a serialization conflict is retried (db/connect.ts).
 */
import { describe, expect, it } from "vitest";
import { updateInstitution } from "../app/features/institutions/institution.server";
import { enqueueIndexChange, type IndexName } from "../app/search/outbox.server";
import { anInstitutionId } from "./factories";
import { getDb, upsertExpertProfileAs } from "./helpers";

describe("concurrent writes on the same outbox rows", () => {
  it("institution edits and its experts' profile edits side by side all succeed", async () => {
    const db = getDb();
    const institutionId = await anInstitutionId();
    const owners = Array.from({ length: 6 }, (_, i) => `deadlock-owner-${i}`);
    for (const owner of owners) {
      const r = await upsertExpertProfileAs(db, owner, { fullName: `Deadlock Tester ${owner.slice(-1)}`, institutionId, topicIds: ["T10028"] });
      expect(r.ok).toBe(true);
    }
    const failures: string[] = [];
    for (let round = 0; round < 15; round++) {
      // A topic change makes each profile edit re-enqueue the institution (its topic profile).
      const topic = round % 2 ? "T10028" : "T10181";
      const results = await Promise.allSettled([
        updateInstitution(db, institutionId, { city: `City ${round}` }),
        ...owners.map((owner) => upsertExpertProfileAs(db, owner, { fullName: `Deadlock Tester ${owner.slice(-1)}`, institutionId, topicIds: [topic] })),
        updateInstitution(db, institutionId, { city: `Town ${round}` }),
      ]);
      for (const r of results) if (r.status === "rejected") failures.push(`round ${round}: ${(r.reason as Error).message}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("a transaction that loses a deadlock runs again instead of failing", async () => {
    const db = getDb();
    // Two enqueue calls per transaction in opposite orders: no sort within a call can order
    // them, so PostgreSQL aborts one transaction (40P01) and it must run again.
    let arrived = 0;
    let release!: () => void;
    const bothHoldTheirFirstRow = new Promise<void>((r) => (release = r));
    let runs = 0;
    const write = (first: [IndexName, string], second: [IndexName, string]) =>
      db.transaction().execute(async (trx) => {
        runs++;
        await enqueueIndexChange(trx, first[0], [first[1]]);
        if (++arrived === 2) release();
        await bothHoldTheirFirstRow;
        await enqueueIndexChange(trx, second[0], [second[1]]);
        return "committed";
      });
    const results = await Promise.allSettled([
      write(["calls", "deadlock-a"], ["projects", "deadlock-b"]),
      write(["projects", "deadlock-b"], ["calls", "deadlock-a"]),
    ]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : String((r.reason as Error).message)))).toEqual(["committed", "committed"]);
    expect(runs).toBe(3); // the loser ran twice: the deadlock did happen
    const rows = await db
      .selectFrom("search_outbox")
      .select(["index_name", "doc_id", "generation"])
      .where("doc_id", "in", ["deadlock-a", "deadlock-b"])
      .execute();
    // Each transaction enqueued each row once: rows exist once, bumped by the second writer.
    expect(rows.map((r) => `${r.index_name}:${r.doc_id}`).sort()).toEqual(["calls:deadlock-a", "projects:deadlock-b"]);
  }, 60_000);
});
