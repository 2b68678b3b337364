import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { getDb } from "../app/utils/db.server";
import { seedDemo } from "../tooling/demo/demo";
import { DEMO_HISTORY, removeDemoCollaboration, seedDemoCollaboration } from "../tooling/demo/demo-proposals";
import { PROPOSAL_STATES } from "../app/domain/proposal-workflow";
import { insertProposal, makeConsortium } from "./proposal-fixtures";

describe("demo calls and proposals", () => {
  it("cover every call status and proposal state with consistent histories, and are removed exactly", async () => {
    const db = getDb();
    await seedDemo(db, { experts: 300 });
    const c = await makeConsortium();
    const real = await insertProposal(c, "draft");
    const now = new Date();
    expect(await seedDemoCollaboration(db, { now })).toMatchObject({ skipped: false, proposals: 8 + DEMO_HISTORY.proposals, calls: 7 + DEMO_HISTORY.calls });
    expect(await seedDemoCollaboration(db, { now })).toMatchObject({ skipped: true });

    const calls = await db.selectFrom("calls").select(["status", "deadline"]).where("is_demo", "=", true).execute();
    expect(new Set(calls.map((x) => x.status))).toEqual(new Set(["open", "closed", "cancelled", "draft"]));
    expect(calls.some((x) => x.status === "open" && x.deadline < now)).toBe(true); // open but past its deadline

    const proposals = await db.selectFrom("proposals").select(["id", "status", "version", "reference_code"]).where("is_demo", "=", true).execute();
    expect(new Set(proposals.map((p) => p.status))).toEqual(new Set(PROPOSAL_STATES));
    for (const p of proposals) {
      const events = await db
        .selectFrom("proposal_events")
        .select(["from_status", "to_status", "version", "at"])
        .where("proposal_id", "=", p.id)
        .orderBy("version")
        .execute();
      events.forEach((e, i) => i > 0 && expect(e.at.getTime()).toBeGreaterThan(events[i - 1].at.getTime()));
      expect(events.every((e) => e.at <= now)).toBe(true);
      expect(events.length + 1).toBe(p.version);
      expect(events.at(-1)?.to_status ?? "draft").toBe(p.status);
      events.forEach((e, i) => i > 0 && expect(e.from_status).toBe(events[i - 1].to_status));
      expect(p.reference_code === null).toBe(p.status === "draft");
    }

    // Titles come from the proposal's topics: each names (most of) one of them.
    const titled = await sql<{ title: string; acronym: string; topics: string[] }>`
      select p.title, p.acronym, array(select t.name from proposal_topics pt join topics t on t.id = pt.topic_id where pt.proposal_id = p.id) as topics
      from proposals p where p.is_demo`.execute(db);
    expect(titled.rows).toHaveLength(8 + DEMO_HISTORY.proposals);
    const words = (text: string) =>
      text
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(
          (w) =>
            w.length >= 3 && !["and", "the", "for", "techniques", "research", "technologies", "methods", "studies", "applications", "advanced"].includes(w),
        );
    for (const p of titled.rows) {
      const title = new Set(words(p.title));
      const best = Math.max(...p.topics.map((t) => words(t).filter((w) => title.has(w)).length / Math.max(1, Math.min(2, words(t).length))));
      expect(best, `${p.title} ← ${p.topics.join(" | ")}`).toBeGreaterThanOrEqual(1);
      expect(p.acronym).toMatch(/^[\p{L}\p{N}\- ]{1,20}$/u);
    }
    expect(new Set(titled.rows.map((p) => p.title)).size).toBeGreaterThan(titled.rows.length * 0.8);
    // A call's topics are the ones its title names: some word of the title starts a word of one of its topics.
    const calls2 = await sql<{ title: string; topics: string[] }>`
      select c.title, array(select t.name from call_topics ct join topics t on t.id = ct.topic_id where ct.call_id = c.id) as topics
      from calls c where c.is_demo`.execute(db);
    for (const c of calls2.rows) {
      const stems = new Set(
        words(c.title)
          .filter((w) => w.length >= 4)
          .map((w) => w.slice(0, 5)),
      );
      expect(
        c.topics.some((t) => words(t).some((w) => stems.has(w.slice(0, 5)))),
        `${c.title} ← ${c.topics.join(" | ")}`,
      ).toBe(true);
    }

    // Proposals answering a call mostly work in a subfield of the call's topics (not all: the lead country is fixed by
    // the walk through pairs of member states, and may have no demo institution in that subfield).
    const answers = await sql<{ fits: boolean }>`
      select exists (select 1 from proposal_topics pt join topics t on t.id = pt.topic_id
        join call_topics ct on ct.call_id = p.call_id join topics c on c.id = ct.topic_id
        where pt.proposal_id = p.id and t.subfield_id = c.subfield_id) as fits
      from proposals p where p.is_demo and p.call_id is not null`.execute(db);
    expect(answers.rows.length).toBeGreaterThan(10);
    expect(answers.rows.filter((r) => r.fits).length / answers.rows.length).toBeGreaterThan(0.5);

    const removed = await removeDemoCollaboration(db);
    expect(removed).toMatchObject({ calls: calls.length, proposals: 8 + DEMO_HISTORY.proposals });
    expect(await db.selectFrom("proposals").select("id").execute()).toEqual([{ id: real }]);
    const left = await sql<{
      n: number;
    }>`select (select count(*) from calls where is_demo)::int + (select count(*) from users where is_demo)::int + (select count(*) from proposal_events where is_demo)::int as n`.execute(
      db,
    );
    expect(left.rows[0].n).toBe(0);
  });
});

describe("demo history for the reports", () => {
  const DAY = 86_400_000;
  it("spreads approved projects over the last two years and across pairs of member states, reproducibly", async () => {
    const db = getDb();
    await seedDemo(db, { experts: 300 });
    const now = new Date("2026-06-15T12:00:00Z");
    await seedDemoCollaboration(db, { now });
    const projects = await sql<{ id: number; decided_at: Date; countries: string[] }>`
      select p.id, p.decided_at, array(select distinct i.country_code from institutions i
        where i.id = p.lead_institution_id or i.id in (select institution_id from proposal_partners where proposal_id = p.id and status = 'accepted')) as countries
      from proposals p where p.is_demo and p.status = 'approved'`.execute(db);
    const rows = projects.rows;
    expect(rows.length).toBeGreaterThanOrEqual(25);
    // Every decision in the past two years; approved projects in at least 7 of the last 8 quarters.
    for (const r of rows) {
      expect(r.decided_at.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(r.decided_at.getTime()).toBeGreaterThan(now.getTime() - DEMO_HISTORY.days * DAY);
    }
    const quarters = new Set(rows.map((r) => Math.floor((now.getTime() - r.decided_at.getTime()) / (91 * DAY))));
    expect([...Array(8).keys()].filter((q) => quarters.has(q)).length).toBeGreaterThanOrEqual(7);
    // Many distinct pairs of member states work together, some consortia span three states.
    const pairs = new Set(rows.flatMap((r) => r.countries.flatMap((a) => r.countries.filter((b) => a < b).map((b) => `${a}-${b}`))));
    expect(pairs.size).toBeGreaterThanOrEqual(20);
    expect(rows.some((r) => r.countries.length >= 3)).toBe(true);
    // Rejections and withdrawals too (the secretariat's success rate is not 100 %), and a closed call per quarter.
    const states = await db
      .selectFrom("proposals")
      .select(["status", sql<number>`count(*)::int`.as("n")])
      .where("is_demo", "=", true)
      .groupBy("status")
      .execute();
    expect(states.find((s) => s.status === "rejected")!.n).toBeGreaterThan(1);
    const oldCalls = await db
      .selectFrom("calls")
      .select("created_at")
      .where("is_demo", "=", true)
      .where("created_at", "<", new Date(now.getTime() - 365 * DAY))
      .execute();
    expect(oldCalls.length).toBeGreaterThanOrEqual(4);

    // Same seed, same clock: the same proposals (reference codes aside, which the counters number on).
    const shape = async () =>
      (
        await db
          .selectFrom("proposals")
          .select(["title", "status", "lead_institution_id", "created_at", "decided_at", "call_id"])
          .where("is_demo", "=", true)
          .orderBy("created_at")
          .orderBy("title")
          .execute()
      ).map(({ call_id, ...r }) => ({ ...r, answersCall: call_id !== null }));
    const first = await shape();
    await removeDemoCollaboration(db);
    await seedDemoCollaboration(db, { now });
    expect(await shape()).toEqual(first);
  });
});
