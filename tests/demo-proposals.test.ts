import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { getDb } from "../app/utils/db.server";
import { seedDemo } from "../db/demo";
import { removeDemoCollaboration, seedDemoCollaboration } from "../db/demo-proposals";
import { PROPOSAL_STATES } from "../app/domain/proposal-workflow";
import { insertProposal, makeConsortium } from "./proposal-fixtures";

describe("demo calls and proposals", () => {
  it("cover every call status and proposal state with consistent histories, and are removed exactly", async () => {
    const db = getDb();
    await seedDemo(db, { experts: 300 });
    const c = await makeConsortium();
    const real = await insertProposal(c, "draft");
    const now = new Date();
    expect(await seedDemoCollaboration(db, { now })).toMatchObject({ skipped: false, proposals: 8 });
    expect(await seedDemoCollaboration(db, { now })).toMatchObject({ skipped: true });

    const calls = await db.selectFrom("calls").select(["status", "deadline"]).where("is_demo", "=", true).execute();
    expect(new Set(calls.map((x) => x.status))).toEqual(new Set(["open", "closed", "cancelled", "draft"]));
    expect(calls.some((x) => x.status === "open" && x.deadline < now)).toBe(true); // open but past its deadline

    const proposals = await db.selectFrom("proposals").select(["id", "status", "version", "reference_code"]).where("is_demo", "=", true).execute();
    expect(new Set(proposals.map((p) => p.status))).toEqual(new Set(PROPOSAL_STATES));
    for (const p of proposals) {
      const events = await db.selectFrom("proposal_events").select(["from_status", "to_status", "version"]).where("proposal_id", "=", p.id).orderBy("version").execute();
      expect(events.length + 1).toBe(p.version);
      expect(events.at(-1)?.to_status ?? "draft").toBe(p.status);
      events.forEach((e, i) => i > 0 && expect(e.from_status).toBe(events[i - 1].to_status));
      expect(p.reference_code === null).toBe(p.status === "draft");
    }

    const removed = await removeDemoCollaboration(db);
    expect(removed).toMatchObject({ calls: calls.length, proposals: 8 });
    expect(await db.selectFrom("proposals").select("id").execute()).toEqual([{ id: real }]);
    const left = await sql<{ n: number }>`select (select count(*) from calls where is_demo)::int + (select count(*) from users where is_demo)::int + (select count(*) from proposal_events where is_demo)::int as n`.execute(db);
    expect(left.rows[0].n).toBe(0);
  });
});
