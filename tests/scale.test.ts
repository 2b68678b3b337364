/**
 * Scale generator (tooling/scale/scale.ts, tooling/scale/scale-proposals.ts, `npm run seed:scale`):
 * reproducible on fresh databases, every row marked as demo, calls and
 * proposals consistent with the workflow, and removal deletes exactly those rows.
 * Tiny counts: the benchmarks run it at 100k; no timing is asserted here.
 */
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { sql, type Kysely } from "kysely";
import { connect, withDatabase } from "../db/connect";
import { countScale, existingTables, removeScale, seedScale } from "../tooling/scale/scale";
import type { DB } from "../db/types";
import { upsertExpertProfileAs } from "./helpers";
import { TRANSITIONS, type ProposalAction } from "../app/domain/proposal-workflow";
import { createCall } from "../app/features/calls/call.server";
import { createDraft } from "../app/features/proposals/drafts.server";
import { nextReferenceCode } from "../app/features/proposals/transitions.server";
import { reindex } from "../app/search/reindex.server";
import { getMeili, indexUid } from "../app/search/client.server";

const BASE = Date.UTC(2026, 10, 1); // tooling/scale/scale.ts: nothing generated happens after it (call deadlines aside)

/** Every generated call/proposal row and link row, in a stable order (ids included). */
async function collabRows(db: Kysely<DB>) {
  const q = async (text: string) => (await sql.raw(text).execute(db)).rows;
  return {
    calls: await q("select * from calls where is_demo order by id"),
    callTopics: await q("select ct.* from call_topics ct join calls c on c.id = ct.call_id where c.is_demo order by 1, 2"),
    proposals: await q("select * from proposals where is_demo order by id"),
    proposalTopics: await q("select pt.* from proposal_topics pt join proposals p on p.id = pt.proposal_id where p.is_demo order by 1, 2"),
    partners: await q("select pp.* from proposal_partners pp join proposals p on p.id = pp.proposal_id where p.is_demo order by 1, 2"),
    team: await q("select t.* from proposal_team t join proposals p on p.id = t.proposal_id where p.is_demo order by 1, 2"),
    events: await q("select * from proposal_events where is_demo order by id"),
    counters: await q("select * from reference_counters order by year"),
  };
}
const digest = (x: unknown) => createHash("sha256").update(JSON.stringify(x)).digest("hex");

async function snapshot(db: Kysely<DB>) {
  const institutions = await db.selectFrom("institutions").selectAll().where("source", "=", "demo").orderBy("id").execute();
  const institutionTopics = await db
    .selectFrom("institution_topics")
    .innerJoin("institutions", "institutions.id", "institution_topics.institution_id")
    .select(["institution_id", "topic_id"])
    .where("institutions.source", "=", "demo")
    .orderBy("institution_id")
    .orderBy("topic_id")
    .execute();
  const experts = await db.selectFrom("experts").selectAll().where("is_demo", "=", true).orderBy("id").execute();
  const expertTopics = await db
    .selectFrom("expert_topics")
    .innerJoin("experts", "experts.id", "expert_topics.expert_id")
    .select(["expert_id", "topic_id"])
    .where("experts.is_demo", "=", true)
    .orderBy("expert_id")
    .orderBy("topic_id")
    .execute();
  return { institutions, institutionTopics, experts, expertTopics };
}

/** A fresh database cloned from the migrated, imported template; dropped by the returned close(). */
async function freshDatabase() {
  const admin = connect(inject("adminDatabaseUrl"), { max: 1 });
  const name = `eco_test_scale_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await admin.sql.unsafe(`create database ${name} template ${inject("templateDatabase")}`);
  const handle = connect(withDatabase(inject("adminDatabaseUrl"), name), { max: 2 });
  return {
    db: handle.db,
    async close() {
      await handle.close();
      await admin.sql.unsafe(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}

describe("scale generator", () => {
  it("gives identical rows on two fresh databases, in small batches, all marked as demo", async () => {
    const a = await freshDatabase();
    const b = await freshDatabase();
    try {
      // batchSize 7 forces several batches, so streaming cannot change the output.
      const ra = await seedScale(a.db, { institutions: 40, experts: 60, seed: 11, batchSize: 7 });
      const rb = await seedScale(b.db, { institutions: 40, experts: 60, seed: 11, batchSize: 25 });
      expect(ra).toMatchObject({ institutions: 40, experts: 60 });
      expect(rb).toEqual(ra);
      const sa = await snapshot(a.db);
      const sb = await snapshot(b.db);
      expect(sa.institutions).toHaveLength(40);
      expect(sa.experts).toHaveLength(60);
      expect(sb).toEqual(sa);
      for (const i of sa.institutions) expect(i).toMatchObject({ source: "demo", status: "verified" });
      for (const e of sa.experts) expect(e).toMatchObject({ is_demo: true, orcid: null, user_id: null });
      expect(new Set(sa.institutions.map((i) => i.name)).size).toBe(40); // names are unique
      expect(new Set(sa.institutions.map((i) => i.country_code)).size).toBe(10);
      // Another seed gives other data.
      await removeScale(b.db);
      await seedScale(b.db, { institutions: 40, experts: 60, seed: 12 });
      expect((await snapshot(b.db)).experts.map((e) => e.full_name)).not.toEqual(sa.experts.map((e) => e.full_name));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("refuses to mix with existing demo data, and removal deletes exactly the demo rows", async () => {
    const { db, close } = await freshDatabase();
    try {
      const real = await upsertExpertProfileAs(db, "scale-real-user", { fullName: "Real Researcher Zephyrine", topicIds: ["T10028"] });
      if (!real.ok) throw new Error("setup failed");
      const count = async () => {
        const r = await sql<{ i: number; e: number }>`select (select count(*)::int from institutions) as i, (select count(*)::int from experts) as e`.execute(
          db,
        );
        return r.rows[0];
      };
      const before = await count();
      await seedScale(db, { institutions: 20, experts: 30, seed: 3 });
      expect(await count()).toEqual({ i: before.i + 20, e: before.e + 30 });
      await expect(seedScale(db, { institutions: 1, experts: 1 })).rejects.toThrow(/already present/);
      expect(await removeScale(db, { batchSize: 8 })).toEqual({ proposals: 0, calls: 0, experts: 30, institutions: 20 });
      expect(await count()).toEqual(before);
      expect(await db.selectFrom("experts").select("id").where("id", "=", real.expertId).executeTakeFirst()).toBeDefined();
      expect(await db.selectFrom("institutions").select("id").where("source", "=", "demo").execute()).toEqual([]);
    } finally {
      await close();
    }
  });

  it("reports which optional tables (calls, proposals) exist in this build", async () => {
    const { db, close } = await freshDatabase();
    try {
      expect(await existingTables(db, ["experts", "no_such_table"])).toEqual(["experts"]);
    } finally {
      await close();
    }
  });

  it("generates calls and proposals: exact counts, identical rows from the same seed whatever the batch size", async () => {
    const a = await freshDatabase();
    const b = await freshDatabase();
    try {
      const size = { institutions: 30, experts: 60, calls: 12, proposals: 40, seed: 5 };
      const ra = await seedScale(a.db, { ...size, batchSize: 7 });
      const rb = await seedScale(b.db, { ...size, batchSize: 13 });
      expect(ra).toMatchObject({ institutions: 30, experts: 60, calls: 12, proposals: 40 });
      expect(rb).toEqual(ra);
      expect(await countScale(a.db)).toEqual({ institutions: 30, experts: 60, calls: 12, proposals: 40 });
      const rows = await collabRows(a.db);
      // The result's counts are the rows written.
      expect({
        callTopics: rows.callTopics.length,
        proposalTopics: rows.proposalTopics.length,
        proposalPartners: rows.partners.length,
        proposalTeam: rows.team.length,
        proposalEvents: rows.events.length,
      }).toEqual({
        callTopics: ra.callTopics,
        proposalTopics: ra.proposalTopics,
        proposalPartners: ra.proposalPartners,
        proposalTeam: ra.proposalTeam,
        proposalEvents: ra.proposalEvents,
      });
      expect(Object.values(ra.proposalsByState).reduce((s, n) => s + n, 0)).toBe(40);
      expect(digest(await collabRows(b.db))).toBe(digest(rows));
      // A different seed gives different proposals.
      const c = await freshDatabase();
      try {
        await seedScale(c.db, { ...size, seed: 6 });
        expect(digest((await collabRows(c.db)).proposals)).not.toBe(digest(rows.proposals));
      } finally {
        await c.close();
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("gives every proposal a consistent state, history, reference code and consortium", async () => {
    const { db, close } = await freshDatabase();
    try {
      await seedScale(db, { institutions: 30, experts: 60, calls: 12, proposals: 40, seed: 8, batchSize: 7 });
      const calls = await db
        .selectFrom("calls as c")
        .innerJoin("institutions as i", "i.id", "c.institution_id")
        .select(["c.id", "c.status", "c.is_demo", "c.opens_at", "c.deadline", "c.eligible_countries", "i.source"])
        .where("c.is_demo", "=", true)
        .execute();
      expect(calls).toHaveLength(12);
      for (const c of calls) expect(c.source).toBe("demo"); // posted by generated institutions
      expect(calls.some((c) => c.status === "open")).toBe(true);
      expect(calls.every((c) => ["open", "closed", "draft"].includes(c.status))).toBe(true);
      const callById = new Map(calls.map((c) => [c.id, c]));

      const proposals = await db.selectFrom("proposals").selectAll().where("is_demo", "=", true).orderBy("id").execute();
      expect(proposals).toHaveLength(40);
      expect(new Set(proposals.map((p) => p.status)).size).toBeGreaterThanOrEqual(5);
      const insts = new Map(
        (await db.selectFrom("institutions").select(["id", "country_code", "source"]).where("source", "=", "demo").execute()).map((i) => [i.id, i]),
      );
      const codes = proposals.filter((p) => p.status !== "draft").map((p) => p.reference_code);
      expect(codes.every((c) => c !== null && /^ECO-ICT-\d{4}-\d{4,}$/.test(c))).toBe(true);
      expect(new Set(codes).size).toBe(codes.length);
      expect(proposals.filter((p) => p.status === "draft").every((p) => p.reference_code === null)).toBe(true);

      const seen = { submitted: 0, withCall: 0, restrictedCall: 0 };
      for (const p of proposals) {
        const events = await db.selectFrom("proposal_events").selectAll().where("proposal_id", "=", p.id).orderBy("version").execute();
        // One event per action: version counts them, the chain starts at draft and ends at the state.
        expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
        expect(p.version).toBe(events.length + 1);
        let state = "draft";
        for (const e of events) {
          const rule = TRANSITIONS[e.action as ProposalAction];
          expect(rule.from as readonly string[]).toContain(state);
          expect(e).toMatchObject({ from_status: state, to_status: rule.to, is_demo: true });
          // Reject and request revision carry a comment (others may or may not).
          expect(!rule.commentRequired || !!e.comment?.trim(), `${e.action} comment`).toBe(true);
          expect(new Date(e.at).getTime()).toBeLessThanOrEqual(BASE);
          state = rule.to;
        }
        expect(state).toBe(p.status);
        for (let i = 1; i < events.length; i++) expect(new Date(events[i].at).getTime()).toBeGreaterThan(new Date(events[i - 1].at).getTime());
        if (p.status !== "draft") {
          seen.submitted++;
          expect(events[0].action).toBe("submit");
          expect(p.submitted_at).not.toBeNull();
          // The code's year is the first submission's.
          expect(p.reference_code!.slice(8, 12)).toBe(String(new Date(events[0].at).getUTCFullYear()));
        }
        expect(p.decided_at !== null).toBe(p.status === "approved" || p.status === "rejected");

        const lead = insts.get(p.lead_institution_id)!;
        expect(lead).toBeDefined();
        const partners = await db
          .selectFrom("proposal_partners as pp")
          .innerJoin("institutions as i", "i.id", "pp.institution_id")
          .select(["pp.status", "i.country_code", "i.source", "pp.contact_expert_id"])
          .where("pp.proposal_id", "=", p.id)
          .execute();
        expect(partners.length).toBeGreaterThanOrEqual(1);
        expect(partners.length).toBeLessThanOrEqual(4);
        // Partners from other member states, each from a different one.
        expect(partners.every((x) => x.country_code !== lead.country_code && x.source === "demo")).toBe(true);
        expect(new Set(partners.map((x) => x.country_code)).size).toBe(partners.length);
        if (p.status !== "draft") {
          const accepted = partners.filter((x) => x.status === "accepted");
          expect(accepted).toHaveLength(partners.length);
          expect(new Set([lead.country_code, ...accepted.map((x) => x.country_code)]).size).toBeGreaterThanOrEqual(2);
        }
        const call = p.call_id === null ? null : callById.get(p.call_id);
        if (call) {
          seen.withCall++;
          expect(call.status).not.toBe("draft");
          const countries = [lead.country_code, ...partners.map((x) => x.country_code)];
          // An empty list means every member state is eligible.
          const eligible = call.eligible_countries.map((x) => x.trim());
          if (eligible.length) seen.restrictedCall++;
          expect(countries.filter((cc) => eligible.length > 0 && !eligible.includes(cc))).toEqual([]);
          if (p.status !== "draft") {
            const submitted = new Date(
              (await db.selectFrom("proposal_events").select("at").where("proposal_id", "=", p.id).where("version", "=", 1).executeTakeFirstOrThrow()).at,
            ).getTime();
            expect(submitted).toBeLessThanOrEqual(new Date(call.deadline).getTime());
            expect(submitted).toBeGreaterThanOrEqual(new Date(call.opens_at!).getTime());
          }
        }
        const team = await db
          .selectFrom("proposal_team as t")
          .innerJoin("experts as e", "e.id", "t.expert_id")
          .select(["t.role", "e.institution_id", "e.is_demo"])
          .where("t.proposal_id", "=", p.id)
          .execute();
        // A team has exactly one PI; a proposal without a team has none.
        expect(team.filter((t) => t.role === "pi")).toHaveLength(Math.min(team.length, 1));
        const consortium = new Set([
          p.lead_institution_id,
          ...(await db.selectFrom("proposal_partners").select("institution_id").where("proposal_id", "=", p.id).execute()).map((x) => x.institution_id),
        ]);
        for (const t of team) expect(t.is_demo && consortium.has(t.institution_id!)).toBe(true);
      }
      // Every branch above ran: submitted proposals, proposals answering calls, calls limited to some member states.
      expect(seen.submitted).toBeGreaterThan(0);
      expect(seen.withCall).toBeGreaterThan(0);
      expect(seen.restrictedCall).toBeGreaterThan(0);
      // Some consortia have generated experts, so teams are drawn from them.
      expect((await db.selectFrom("proposal_team").select("proposal_id").execute()).length).toBeGreaterThan(0);

      // The counters know every generated code: the next real submission gets a fresh one.
      const years = [...new Set(codes.map((c) => Number(c!.slice(8, 12))))];
      for (const year of years) {
        const next = await nextReferenceCode(db, year);
        expect(codes).not.toContain(next);
        const maxSeq = Math.max(...codes.filter((c) => c!.startsWith(`ECO-ICT-${year}-`)).map((c) => Number(c!.slice(13))));
        expect(Number(next.slice(13))).toBe(maxSeq + 1);
      }
    } finally {
      await close();
    }
  });

  it("generates proposals without a call when asked for none, and refuses what it cannot generate", async () => {
    const { db, close } = await freshDatabase();
    try {
      await expect(seedScale(db, { institutions: 0, experts: 5, calls: 2 })).rejects.toThrow(/--institutions/);
      await expect(seedScale(db, { institutions: 0, experts: 5, proposals: 2 })).rejects.toThrow(/--institutions/);
      expect(await countScale(db)).toEqual({ institutions: 0, experts: 0, calls: 0, proposals: 0 }); // failed before writing
      const r = await seedScale(db, { institutions: 20, experts: 20, proposals: 10, seed: 4 });
      expect(r).toMatchObject({ calls: 0, proposals: 10 });
      const p = await db.selectFrom("proposals").select("call_id").where("is_demo", "=", true).execute();
      expect(p).toHaveLength(10);
      expect(p.every((x) => x.call_id === null)).toBe(true);
    } finally {
      await close();
    }
  });

  it("removal deletes exactly the generated calls and proposals; real ones survive", async () => {
    const { db, close } = await freshDatabase();
    try {
      const r = await seedScale(db, { institutions: 30, experts: 40, calls: 6, proposals: 25, seed: 9 });
      const demoCall = (
        await db.selectFrom("calls").select("id").where("is_demo", "=", true).where("status", "=", "open").orderBy("id").executeTakeFirstOrThrow()
      ).id;
      // A real institution admin posts a real call and drafts a real proposal answering a generated call.
      const user = await db
        .insertInto("users")
        .values({ id: "scale-real-admin", email: "scale-real-admin@example.org", display_name: "Real Admin" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const realInst = await db
        .selectFrom("institutions")
        .select("id")
        .where("source", "!=", "demo")
        .where("status", "=", "verified")
        .orderBy("id")
        .executeTakeFirstOrThrow();
      const realCall = await createCall(
        db,
        user.id,
        {
          institutionId: realInst.id,
          kind: "joint_research",
          title: "A real call",
          summary: "",
          body: "",
          topicIds: ["T10028"],
          deadline: "2027-01-15T17:00",
          zone: "UTC",
          eligibleCountries: [],
          minPartners: 1,
          minCountries: 2,
          fundingNote: "",
        },
        "open",
      );
      const realProposal = await createDraft(db, user.id, realInst.id, { title: "A real proposal", callId: demoCall, topicIds: ["T10028"] });
      // A real event on the real proposal: the append-only trail must keep it.
      await db
        .insertInto("proposal_events")
        .values({ proposal_id: realProposal, action: "submit", from_status: "draft", to_status: "submitted", version: 1 })
        .execute();
      const real = async () => ({
        calls: (await db.selectFrom("calls").select("id").where("is_demo", "=", false).execute()).map((x) => x.id),
        proposals: await db.selectFrom("proposals").select(["id", "call_id"]).where("is_demo", "=", false).execute(),
        events: (await db.selectFrom("proposal_events").select("id").where("is_demo", "=", false).execute()).length,
      });
      const before = await real();
      expect(before.calls).toEqual([realCall]);
      expect(before.proposals).toEqual([{ id: realProposal, call_id: demoCall }]);

      const removed = await removeScale(db, { batchSize: 4 });
      expect(removed).toEqual({ proposals: r.proposals, calls: r.calls, experts: 40, institutions: 30 });
      expect(await countScale(db)).toEqual({ institutions: 0, experts: 0, calls: 0, proposals: 0 });
      expect(await real()).toEqual({ ...before, proposals: [{ id: realProposal, call_id: null }] }); // only the link to the demo call went
      const orphans = await sql<{ n: number }>`select
        (select count(*)::int from proposal_events where is_demo) + (select count(*)::int from call_topics ct where not exists (select 1 from calls c where c.id = ct.call_id)) as n`.execute(
        db,
      );
      expect(orphans.rows[0].n).toBe(0);
      // And the append-only rule still holds outside the remover.
      await expect(db.deleteFrom("proposal_events").where("proposal_id", "=", realProposal).execute()).rejects.toThrow(/append-only/);
    } finally {
      await close();
    }
  });

  it("after reindex, the projects index holds exactly the approved proposals and the calls index the open and closed calls", async () => {
    const { db, close } = await freshDatabase();
    try {
      await seedScale(db, { institutions: 30, experts: 40, calls: 10, proposals: 30, seed: 10 });
      const approved = (await db.selectFrom("proposals").select("id").where("status", "=", "approved").orderBy("id").execute()).map((r) => r.id);
      const listed = (await db.selectFrom("calls").select("id").where("status", "in", ["open", "closed"]).orderBy("id").execute()).map((r) => r.id);
      expect(approved.length).toBeGreaterThan(0);
      expect(approved.length).toBeLessThan(30);
      const counts = await reindex(db, { only: ["projects", "calls"] });
      expect(counts).toEqual({ projects: approved.length, calls: listed.length });
      const ids = async (name: "projects" | "calls") =>
        (
          (
            await getMeili()
              .index(indexUid(name))
              .getDocuments({ limit: 1000, fields: ["id"] })
          ).results as Array<{ id: number }>
        )
          .map((d) => d.id)
          .sort((x, y) => x - y);
      expect(await ids("projects")).toEqual(approved);
      expect(await ids("calls")).toEqual(listed);
      const doc: any = await getMeili().index(indexUid("projects")).getDocument(approved[0]);
      expect(doc.isDemo).toBe(true);
      expect(doc.countries.length).toBeGreaterThanOrEqual(2);
      expect(doc.referenceCode).toMatch(/^ECO-ICT-/);
    } finally {
      await close();
    }
  });
});

describe("command-line arguments of seed:scale and bench", () => {
  // Checked before any server starts: a wrong argument must not create or touch a data directory.
  const run = (script: string, args: string[]) => {
    const dataDir = path.join(os.tmpdir(), `eco-cli-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    delete env.MEILI_URL;
    const r = spawnSync(path.resolve("node_modules/.bin/tsx"), [script, ...args], { env, encoding: "utf8", timeout: 60_000 });
    return { status: r.status, stderr: r.stderr, dirCreated: existsSync(dataDir) };
  };

  it.each([
    ["tooling/scale/seed-scale.ts", ["--experts", "abc"], /--experts must be a whole number from 0 to 2000000/],
    ["tooling/scale/seed-scale.ts", ["--experts", "-5"], /whole numbers from 0/],
    ["tooling/scale/seed-scale.ts", ["--experts", "300", "--calls", "10"], /Calls are posted by generated institutions/],
    ["tooling/scale/seed-scale.ts", ["--replace", "--remove"], /exclude each other/],
    ["tooling/bench/run.ts", ["nonsense"], /unknown benchmark: nonsense/],
    ["tooling/bench/run.ts", ["search", "--experts", "abc"], /--experts must be a whole number/],
    ["tooling/bench/run.ts", ["search", "--rounds", "0"], /--rounds must be a whole number from 1/],
    ["tooling/bench/run.ts", ["pages", "--duration", "abc"], /--duration must be a whole number/],
  ])("%s %j exits 2 with a clear message and writes nothing", (script, args, message) => {
    const r = run(script, args as string[]);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).toMatch(/^usage: npm run/m);
    expect(r.status).toBe(2);
    expect(r.dirCreated).toBe(false);
  });
});
