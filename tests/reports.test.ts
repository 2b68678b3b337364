/**
 * The network in figures (app/features/reports/reports.server.ts) against a dataset
 * built here with known answers, on top of the imported ROR institutions of
 * the template database. Period under test: 2025-01-01 … 2025-06-30 (Q1, Q2),
 * with records one second either side of both midnights. Proposals move
 * through the real workflow (applyTransition) at chosen instants.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { getDb } from "../app/utils/db.server";
import { applyTransition } from "../app/features/proposals/transitions.server";
import { getReportFigures, quartersOf } from "../app/features/reports/reports.server";
import { getPipeline } from "../app/features/reports/pipeline.server";
import { publicFigures, REPORT_MEASURES, type ReportFigures, type StateFigures } from "../app/domain/report-figures";
import type { ProposalAction } from "../app/domain/proposal-workflow";
import { MEMBER_STATE_CODES, type MemberStateCode } from "../app/domain/member-states";
import { INSTITUTION_KINDS } from "../app/domain/institution-kinds";
import { createUser, type TestUser } from "./factories";
import { verifiedInstitution } from "./proposal-fixtures";
import { loaderArgs } from "./helpers";
import { loader as apiLoader } from "../app/routes/api.v1.reports";
import { loader as csvLoader } from "../app/routes/reports[.]csv";
import { parse } from "csv-parse/sync";

const PERIOD = { from: "2025-01-01", to: "2025-06-30", country: [] as MemberStateCode[] };
const S = (iso: string) => new Date(iso);
type Inst = { id: number; name: string };

let secretariat: TestUser;
const admins = new Map<number, TestUser>();
/** ROR-imported verified institutions per state and kind (the template's data). */
const rorStock: Record<string, Record<string, number>> = {};
let rorExpertsBefore = 0;
const ids: Record<string, number> = {};
let topicA: { id: string; field_id: string; subfield_id: string };
let topicB: typeof topicA;
let topicC: typeof topicA;
let inst: Record<"TR" | "TR2" | "IR" | "PK" | "KZ" | "AZ", Inst>;
let figures: ReportFigures;

async function insertInstitution(country: string, kind: string, status: string, createdAt: string, decidedAt: string | null) {
  const r = await getDb()
    .insertInto("institutions")
    .values({
      name: `Registered ${country} ${createdAt}`,
      kind,
      country_code: country,
      source: "registration",
      status,
      created_at: S(createdAt),
      decided_at: decidedAt ? S(decidedAt) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return r.id;
}

async function insertExpert(institutionId: number | null, createdAt: string, openTo: string[] = []) {
  await getDb()
    .insertInto("experts")
    .values({ full_name: `Expert ${createdAt}`, institution_id: institutionId, created_at: S(createdAt), open_to: openTo })
    .execute();
}

async function insertCall(institutionId: number, status: string, createdAt: string, deadline = "2025-12-31T00:00:00Z") {
  await getDb()
    .insertInto("calls")
    .values({
      institution_id: institutionId,
      kind: "joint_research",
      title: `Call ${status} ${createdAt}`,
      status,
      deadline: S(deadline),
      created_at: S(createdAt),
    })
    .execute();
}

async function adminOf(institutionId: number): Promise<TestUser> {
  if (!admins.has(institutionId)) admins.set(institutionId, await createUser({ institutionAdminOf: institutionId }));
  return admins.get(institutionId)!;
}

/** A complete draft led by `lead` with `partners` accepted, a PI at the lead and `topics`. */
async function draft(lead: Inst, partners: Inst[], topics: string[]): Promise<number> {
  const db = getDb();
  const admin = await adminOf(lead.id);
  const { id } = await db
    .insertInto("proposals")
    .values({
      lead_institution_id: lead.id,
      title: "Joint work",
      abstract: "A.",
      objectives: "O.",
      duration_months: 12,
      budget_amount: "1000.00",
      budget_currency: "USD",
      created_by: admin.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const t of topics) await db.insertInto("proposal_topics").values({ proposal_id: id, topic_id: t }).execute();
  for (const p of partners)
    await db.insertInto("proposal_partners").values({ proposal_id: id, institution_id: p.id, status: "accepted", invited_by: admin.id }).execute();
  const pi = await db.insertInto("experts").values({ full_name: "Principal Investigator", institution_id: lead.id }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("proposal_team").values({ proposal_id: id, expert_id: pi.id, role: "pi" }).execute();
  return id;
}

/** Takes `action` on proposal `id` at instant `at` through the real workflow. */
async function act(id: number, action: ProposalAction, at: string) {
  const db = getDb();
  const p = await db.selectFrom("proposals").select(["version", "lead_institution_id"]).where("id", "=", id).executeTakeFirstOrThrow();
  const bySecretariat = ["start_review", "approve", "reject", "request_revision"].includes(action);
  const actor = bySecretariat ? secretariat : await adminOf(p.lead_institution_id);
  const r = await applyTransition(db, { proposalId: id, action, actorId: actor.id, expectedVersion: p.version, comment: "Reason given.", now: S(at) });
  if (!r.ok) throw new Error(`${action} on ${id} at ${at}: ${r.message}`);
}

/** Takes each `[action, at]` in turn on proposal `id`. */
async function play(id: number, steps: Array<[ProposalAction, string]>) {
  for (const [action, at] of steps) await act(id, action, at);
}

const zeroState = (): StateFigures => ({
  ...(Object.fromEntries(REPORT_MEASURES.map((m) => [m, 0])) as Record<(typeof REPORT_MEASURES)[number], number>),
  institutionsByKind: { university: 0, research_centre: 0, other: 0 },
});

/** ROR stock of `country` plus `extra` per kind. */
function stockOf(country: string, extra: Partial<Record<string, number>> = {}) {
  const byKind = Object.fromEntries(INSTITUTION_KINDS.map((k) => [k, (rorStock[country]?.[k] ?? 0) + (extra[k] ?? 0)])) as StateFigures["institutionsByKind"];
  return { byKind, total: Object.values(byKind).reduce((a, b) => a + b, 0) };
}

function cell(f: { states: string[]; counts: number[][] }, a: string, b: string) {
  return f.counts[f.states.indexOf(a)][f.states.indexOf(b)];
}

beforeAll(async () => {
  const db = getDb();
  secretariat = await createUser({ role: "secretariat" });
  for (const r of await db
    .selectFrom("institutions")
    .select(["country_code", "kind", sql<number>`count(*)::int`.as("n")])
    .where("source", "=", "ror")
    .where("status", "=", "verified")
    .groupBy(["country_code", "kind"])
    .execute()) {
    (rorStock[r.country_code] ??= {})[r.kind] = r.n;
  }
  rorExpertsBefore = Number(
    (
      await db
        .selectFrom("experts")
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

  const tr = await verifiedInstitution("TR");
  inst = {
    TR: tr,
    TR2: await verifiedInstitution("TR", [tr.id]),
    IR: await verifiedInstitution("IR"),
    PK: await verifiedInstitution("PK"),
    KZ: await verifiedInstitution("KZ"),
    AZ: await verifiedInstitution("AZ"),
  };
  // A ROR import whose row happens to be created inside the period: never "new".
  await db
    .updateTable("institutions")
    .set({ created_at: S("2025-03-01T00:00:00Z") })
    .where("id", "=", inst.TR2.id)
    .execute();

  // Registered institutions (none of them takes part in a project).
  ids.regTR = await insertInstitution("TR", "university", "verified", "2025-01-01T00:00:01Z", "2025-01-05T00:00:00Z"); // new, stock
  ids.regIR = await insertInstitution("IR", "research_centre", "verified", "2024-12-31T23:59:59Z", "2025-01-02T00:00:00Z"); // stock, not new
  ids.regPK = await insertInstitution("PK", "other", "verified", "2025-06-30T23:59:59Z", "2025-07-01T00:00:01Z"); // new, verified after the end: not stock
  ids.regKZ = await insertInstitution("KZ", "university", "pending", "2025-03-01T00:00:00Z", null); // pending: nowhere public
  ids.regAZ = await insertInstitution("AZ", "university", "rejected", "2025-03-01T00:00:00Z", "2025-03-02T00:00:00Z"); // rejected: nowhere
  ids.regTRlate = await insertInstitution("TR", "university", "verified", "2025-07-01T00:00:01Z", "2025-07-02T00:00:00Z"); // after the end

  // Experts.
  await insertExpert(inst.TR.id, "2024-12-31T23:59:59Z", ["joint_research"]); // stock, open, not created
  await insertExpert(inst.TR.id, "2025-01-01T00:00:00Z"); // created, stock
  await insertExpert(inst.IR.id, "2025-06-30T23:59:59Z", ["teaching", "consulting"]); // created, stock, open
  await insertExpert(inst.IR.id, "2025-07-01T00:00:00Z", ["teaching"]); // after the end: nothing
  await insertExpert(null, "2025-03-01T00:00:00Z", ["consulting"]); // no institution: total only
  await insertExpert(inst.PK.id, "2025-07-01T00:00:01Z"); // after the end

  // Calls.
  await insertCall(inst.TR.id, "open", "2025-01-01T00:00:00Z"); // posted
  await insertCall(inst.IR.id, "closed", "2025-06-30T23:59:59Z"); // posted
  await insertCall(inst.IR.id, "draft", "2025-02-01T00:00:00Z"); // draft: no
  await insertCall(inst.TR.id, "cancelled", "2025-02-01T00:00:00Z"); // cancelled: no
  await insertCall(inst.PK.id, "open", "2024-12-31T23:59:59Z"); // before
  await insertCall(inst.KZ.id, "open", "2025-07-01T00:00:01Z", "2025-07-25T00:00:00Z"); // after; closes soon for the pipeline
  await insertCall(inst.KZ.id, "open", "2025-07-01T00:00:01Z", "2025-08-25T00:00:00Z"); // closes in 36 days
  await insertCall(inst.KZ.id, "closed", "2025-07-01T00:00:01Z", "2025-07-22T00:00:00Z"); // closed: not in the pipeline

  // Topics: A and B share a field (different subfields); C is in another field.
  const topics = await db.selectFrom("topics").select(["id", "field_id", "subfield_id"]).orderBy("id").execute();
  topicA = topics[0];
  topicB = topics.find((t) => t.field_id === topicA.field_id && t.subfield_id !== topicA.subfield_id)!;
  topicC = topics.find((t) => t.field_id !== topicA.field_id)!;

  // P1: three-state consortium (TR lead, TR2, IR, PK), approved in Q1.
  ids.p1 = await draft(inst.TR, [inst.TR2, inst.IR, inst.PK], [topicA.id, topicB.id]);
  await play(ids.p1, [
    ["submit", "2025-01-10T00:00:00Z"],
    ["start_review", "2025-01-11T00:00:00Z"],
    ["approve", "2025-02-15T00:00:00Z"],
  ]);
  // A partner that declined is not in the consortium.
  await db.insertInto("proposal_partners").values({ proposal_id: ids.p1, institution_id: inst.KZ.id, status: "declined" }).execute();

  // P2: first submitted before the period, sent back for revision, resubmitted, approved one second before the quarter ends.
  ids.p2 = await draft(inst.IR, [inst.TR], [topicA.id, topicC.id]);
  await play(ids.p2, [
    ["submit", "2024-12-20T00:00:00Z"],
    ["start_review", "2024-12-21T00:00:00Z"],
    ["request_revision", "2025-01-05T00:00:00Z"],
    ["resubmit", "2025-01-20T00:00:00Z"],
    ["start_review", "2025-01-21T00:00:00Z"],
    ["approve", "2025-03-31T23:59:59Z"],
  ]);

  // P3: withdrawn.
  ids.p3 = await draft(inst.KZ, [inst.TR], [topicA.id]);
  await play(ids.p3, [
    ["submit", "2025-02-01T00:00:00Z"],
    ["withdraw", "2025-02-10T00:00:00Z"],
  ]);

  // P4: rejected in Q2.
  ids.p4 = await draft(inst.PK, [inst.AZ], [topicC.id]);
  await play(ids.p4, [
    ["submit", "2025-03-01T00:00:00Z"],
    ["start_review", "2025-03-02T00:00:00Z"],
    ["reject", "2025-04-10T12:00:00Z"],
  ]);

  // P5: approved at the first instant after the period.
  ids.p5 = await draft(inst.TR, [inst.AZ], [topicA.id]);
  await play(ids.p5, [
    ["submit", "2025-05-01T00:00:00Z"],
    ["start_review", "2025-05-02T00:00:00Z"],
    ["approve", "2025-07-01T00:00:00Z"],
  ]);

  // P6: approved one second before the period.
  ids.p6 = await draft(inst.AZ, [inst.IR], [topicA.id]);
  await play(ids.p6, [
    ["submit", "2024-11-01T00:00:00Z"],
    ["start_review", "2024-11-02T00:00:00Z"],
    ["approve", "2024-12-31T23:59:59Z"],
  ]);

  // P7: submitted in the period's last second, still waiting.
  ids.p7 = await draft(inst.TR, [inst.KZ], [topicC.id]);
  await play(ids.p7, [["submit", "2025-06-30T23:59:59Z"]]);

  figures = await getReportFigures(db, PERIOD, { includeProposals: true, includeProposalMatrix: true });
});

describe("public figures per member state", () => {
  it("counts verified institutions as of the end: ROR imports always, registrations once verified before the end", () => {
    const tr = stockOf("TR", { university: 1 });
    const ir = stockOf("IR", { research_centre: 1 });
    const pk = stockOf("PK");
    expect(figures.states.TR!.institutionsByKind).toEqual(tr.byKind);
    expect(figures.states.TR!.institutions).toBe(tr.total);
    expect(figures.states.IR!.institutionsByKind).toEqual(ir.byKind);
    expect(figures.states.PK!.institutions).toBe(pk.total); // verified one second after the end
    expect(figures.states.KZ!.institutions).toBe(stockOf("KZ").total); // the pending one is not there
    expect(figures.states.AZ!.institutions).toBe(stockOf("AZ").total); // nor the rejected one
    expect(tr.total).toBeGreaterThan(1);
  });

  it("counts registrations of the period, never ROR imports, pending or rejected ones", () => {
    expect(figures.states.TR!.institutionsRegistered).toBe(1); // 00:00:01 on the first day; TR2 (ROR, created in the period) is not new
    expect(figures.states.IR!.institutionsRegistered).toBe(0); // one second before the start
    expect(figures.states.PK!.institutionsRegistered).toBe(1); // one second before the end
    expect(figures.states.KZ!.institutionsRegistered).toBe(0);
    expect(figures.states.AZ!.institutionsRegistered).toBe(0);
    expect(figures.total.institutionsRegistered).toBe(2);
  });

  it("counts experts as of the end, those open to collaboration, and those created in the period", () => {
    expect(rorExpertsBefore).toBe(0);
    expect(figures.states.TR).toMatchObject({ experts: 2, expertsOpen: 1, expertsCreated: 1 });
    expect(figures.states.IR).toMatchObject({ experts: 1, expertsOpen: 1, expertsCreated: 1 });
    expect(figures.states.PK).toMatchObject({ experts: 0, expertsOpen: 0, expertsCreated: 0 });
    // The expert without an institution counts in the total only.
    expect(figures.total).toMatchObject({ experts: 4, expertsOpen: 3, expertsCreated: 3 });
  });

  it("counts calls posted in the period: open or closed, never drafts or cancelled ones", () => {
    expect(figures.states.TR!.callsPosted).toBe(1);
    expect(figures.states.IR!.callsPosted).toBe(1);
    expect(figures.states.PK!.callsPosted).toBe(0);
    expect(figures.states.KZ!.callsPosted).toBe(0);
    expect(figures.total.callsPosted).toBe(2);
  });

  it("counts approved projects per state of their consortium, and each project once in the total", () => {
    const approved = Object.fromEntries(MEMBER_STATE_CODES.map((c) => [c, figures.states[c as MemberStateCode]!.approvedProjects]));
    expect(approved).toEqual({ AF: 0, AZ: 0, IR: 2, KZ: 0, KG: 0, PK: 1, TJ: 0, TR: 2, TM: 0, UZ: 0 });
    expect(figures.total.approvedProjects).toBe(2);
  });

  it("has every member state, and a state with nothing has zeros", () => {
    expect(Object.keys(figures.states)).toEqual([...MEMBER_STATE_CODES]);
    expect(figures.states.TM).toEqual({ ...zeroState(), institutions: stockOf("TM").total, institutionsByKind: stockOf("TM").byKind });
  });

  it("sums over the member states to the total wherever each record has one state", () => {
    const sum = (m: keyof Omit<StateFigures, "institutionsByKind">) => Object.values(figures.states).reduce((a, f) => a + f![m], 0);
    for (const m of ["institutions", "institutionsRegistered", "callsPosted"] as const) expect(sum(m)).toBe(figures.total[m]);
    for (const k of INSTITUTION_KINDS)
      expect(Object.values(figures.states).reduce((a, f) => a + f!.institutionsByKind[k], 0)).toBe(figures.total.institutionsByKind[k]);
    for (const f of [...Object.values(figures.states), figures.total]) {
      expect(Object.values(f!.institutionsByKind).reduce((a, b) => a + b, 0)).toBe(f!.institutions);
    }
    // Experts: the states' sum plus the one expert without an institution.
    expect(sum("experts") + 1).toBe(figures.total.experts);
    expect(sum("expertsCreated") + 1).toBe(figures.total.expertsCreated);
    // Projects span states: the sum counts P1 three times and P2 twice.
    expect(sum("approvedProjects")).toBe(5);
  });
});

describe("trend, matrix, fields", () => {
  it("has every quarter of the period, with the period measures counted in each", () => {
    expect(figures.trend).toEqual([
      {
        quarter: "2025-Q1",
        start: "2025-01-01",
        end: "2025-03-31",
        counts: { institutionsRegistered: 1, expertsCreated: 2, callsPosted: 1, approvedProjects: 2 },
      },
      {
        quarter: "2025-Q2",
        start: "2025-04-01",
        end: "2025-06-30",
        counts: { institutionsRegistered: 1, expertsCreated: 1, callsPosted: 1, approvedProjects: 0 },
      },
    ]);
    for (const m of ["institutionsRegistered", "expertsCreated", "callsPosted", "approvedProjects"] as const) {
      expect(figures.trend.reduce((a, q) => a + q.counts[m], 0)).toBe(figures.total[m]);
    }
  });

  it("lists quarters a period touches, partial ones included", () => {
    expect(quartersOf(S("2024-11-15T00:00:00Z"), S("2025-04-02T00:00:00Z")).map((q) => q.quarter)).toEqual(["2024-Q4", "2025-Q1", "2025-Q2"]);
    expect(quartersOf(S("2025-01-01T00:00:00Z"), S("2025-04-01T00:00:00Z")).map((q) => q.start)).toEqual(["2025-01-01"]);
    // Partial quarters are clipped to the period: 30 Nov 2025 – 29 Nov 2026 (the default period of 30 Nov 2026).
    const clipped = quartersOf(S("2025-11-30T00:00:00Z"), S("2026-11-30T00:00:00Z"));
    expect(clipped[0]).toEqual({ quarter: "2025-Q4", start: "2025-11-30", end: "2025-12-31" });
    expect(clipped[1]).toEqual({ quarter: "2026-Q1", start: "2026-01-01", end: "2026-03-31" });
    expect(clipped.at(-1)).toEqual({ quarter: "2026-Q4", start: "2026-10-01", end: "2026-11-29" });
  });

  it("counts approved projects per pair of states, a three-state consortium in all three pairs, the diagonal each state's total", () => {
    const m = figures.collaboration;
    expect(m.states).toEqual([...MEMBER_STATE_CODES]);
    expect(cell(m, "TR", "TR")).toBe(2);
    expect(cell(m, "IR", "IR")).toBe(2);
    expect(cell(m, "PK", "PK")).toBe(1);
    expect(cell(m, "TR", "IR")).toBe(2);
    expect(cell(m, "TR", "PK")).toBe(1);
    expect(cell(m, "IR", "PK")).toBe(1);
    expect(cell(m, "TR", "KZ")).toBe(0); // KZ declined P1; P3 was withdrawn
    expect(cell(m, "PK", "AZ")).toBe(0); // P4 was rejected
    expect(cell(m, "TR", "AZ")).toBe(0); // P5 was approved after the end
    expect(m.counts.flat().reduce((a, b) => a + b, 0)).toBe(2 + 2 + 1 + 2 * (2 + 1 + 1));
    for (const [i, a] of m.states.entries()) {
      expect(m.counts[i][i]).toBe(figures.states[a]!.approvedProjects);
      for (const j of m.states.keys()) expect(m.counts[i][j]).toBe(m.counts[j][i]);
    }
  });

  it("counts approved projects by field and subfield, once each", () => {
    expect(topicB).toBeDefined();
    expect(topicC).toBeDefined();
    const a = figures.fields.find((f) => f.fieldId === topicA.field_id)!;
    const c = figures.fields.find((f) => f.fieldId === topicC.field_id)!;
    expect(figures.fields).toHaveLength(2);
    expect(a.count).toBe(2); // P1 (two topics in it) and P2
    expect(a.subfields).toEqual([
      { subfieldId: topicA.subfield_id, count: 2 },
      { subfieldId: topicB.subfield_id, count: 1 },
    ]);
    expect(c).toEqual({ fieldId: topicC.field_id, count: 1, subfields: [{ subfieldId: topicC.subfield_id, count: 1 }] });
  });
});

describe("proposal figures (secretariat, published reports)", () => {
  it("counts first submissions in the period as lead and as partner", () => {
    const p = figures.proposals!.states;
    const pick = (k: "submittedAsLead" | "submittedAsPartner") =>
      Object.fromEntries(["TR", "IR", "PK", "KZ", "AZ"].map((c) => [c, p[c as MemberStateCode]![k]]));
    // P2's first submission precedes the period (its resubmission is not a first submission).
    expect(pick("submittedAsLead")).toEqual({ TR: 3, IR: 0, PK: 1, KZ: 1, AZ: 0 });
    expect(pick("submittedAsPartner")).toEqual({ TR: 2, IR: 1, PK: 1, KZ: 1, AZ: 2 });
  });

  it("counts decisions, success rates and the median days from first submission to decision; a revision request is not a decision", () => {
    const p = figures.proposals!.states;
    // P1: 36 days; P2: from 2024-12-20 to 2025-03-31 23:59:59, 101.99999 days (the revision request did not stop the clock); P4: 40.5 days.
    expect(p.TR).toEqual({ submittedAsLead: 3, submittedAsPartner: 2, decided: 2, approved: 2, rejected: 0, successRate: 1, medianDaysToDecision: 69 });
    expect(p.IR).toEqual({ submittedAsLead: 0, submittedAsPartner: 1, decided: 2, approved: 2, rejected: 0, successRate: 1, medianDaysToDecision: 69 });
    expect(p.PK).toEqual({ submittedAsLead: 1, submittedAsPartner: 1, decided: 2, approved: 1, rejected: 1, successRate: 0.5, medianDaysToDecision: 38.3 });
    expect(p.AZ).toEqual({ submittedAsLead: 0, submittedAsPartner: 2, decided: 1, approved: 0, rejected: 1, successRate: 0, medianDaysToDecision: 40.5 });
    // KZ: a withdrawn proposal and a waiting one, nothing decided.
    expect(p.KZ).toEqual({ submittedAsLead: 1, submittedAsPartner: 1, decided: 0, approved: 0, rejected: 0, successRate: null, medianDaysToDecision: null });
    expect(p.TM).toEqual({ submittedAsLead: 0, submittedAsPartner: 0, decided: 0, approved: 0, rejected: 0, successRate: null, medianDaysToDecision: null });
  });

  it("has the matrix of submitted proposals only when asked, symmetric", () => {
    const m = figures.proposals!.submittedCollaboration!;
    // Submitted in the period: P1 {TR, IR, PK}, P3 {KZ, TR}, P4 {PK, AZ}, P5 {TR, AZ}, P7 {TR, KZ}.
    expect(cell(m, "TR", "TR")).toBe(4);
    expect(cell(m, "KZ", "TR")).toBe(2);
    expect(cell(m, "PK", "AZ")).toBe(1);
    expect(cell(m, "IR", "PK")).toBe(1);
    expect(cell(m, "IR", "KZ")).toBe(0);
    for (const i of m.states.keys()) for (const j of m.states.keys()) expect(m.counts[i][j]).toBe(m.counts[j][i]);
  });

  it("leaves the submitted matrix out unless asked, and all proposal figures out of the public figures", async () => {
    const published = await getReportFigures(getDb(), PERIOD, { includeProposals: true });
    expect(published.proposals!.submittedCollaboration).toBeNull();
    expect(published.proposals!.states).toEqual(figures.proposals!.states);
    const pub = await getReportFigures(getDb(), PERIOD);
    expect(pub.proposals).toBeNull();
    expect({ ...pub, proposals: figures.proposals }).toEqual(figures);
    const json = JSON.stringify(publicFigures(pub));
    expect(json).not.toMatch(/proposal|submitted|rejected|withdrawn|decided|successRate|median/i);
  });
});

describe("country filter and live changes", () => {
  it("restricts states and totals to the selected member states; a matrix cell counts when one of its states is selected", async () => {
    const f = await getReportFigures(getDb(), { ...PERIOD, country: ["PK", "KZ"] }, { includeProposals: true });
    expect(Object.keys(f.states)).toEqual(["KZ", "PK"]);
    expect(f.states.PK).toEqual(figures.states.PK);
    expect(f.total.approvedProjects).toBe(1); // P1 (PK); nothing of KZ
    expect(f.total.experts).toBe(0);
    expect(f.total.institutions).toBe(stockOf("PK").total + stockOf("KZ").total);
    expect(cell(f.collaboration, "PK", "TR")).toBe(1);
    expect(cell(f.collaboration, "TR", "PK")).toBe(1);
    expect(cell(f.collaboration, "TR", "IR")).toBe(0); // neither selected
    expect(cell(f.collaboration, "TR", "TR")).toBe(0);
    expect(f.trend.map((q) => q.counts)).toEqual([
      { institutionsRegistered: 0, expertsCreated: 0, callsPosted: 0, approvedProjects: 1 },
      { institutionsRegistered: 1, expertsCreated: 0, callsPosted: 0, approvedProjects: 0 },
    ]);
    expect(Object.keys(f.proposals!.states)).toEqual(["KZ", "PK"]);
  });

  it("counts an approval made after a first reading in the live figures", async () => {
    const july = { from: "2025-07-01", to: "2025-07-31", country: [] as MemberStateCode[] };
    const before = await getReportFigures(getDb(), july);
    expect(before.total.approvedProjects).toBe(1); // P5 at 00:00:00 on the first day
    await act(ids.p7, "start_review", "2025-07-02T00:00:00Z");
    await act(ids.p7, "approve", "2025-07-15T00:00:00Z");
    const after = await getReportFigures(getDb(), july);
    expect(after.total.approvedProjects).toBe(2);
    expect(after.states.KZ!.approvedProjects).toBe(before.states.KZ!.approvedProjects + 1);
    expect(cell(after.collaboration, "TR", "KZ")).toBe(cell(before.collaboration, "TR", "KZ") + 1);
    // The first period does not change: P7 was submitted in it, approved after it.
    expect((await getReportFigures(getDb(), PERIOD)).total.approvedProjects).toBe(2);
  });
});

describe("pipeline", () => {
  it("has pending registrations, proposals by status with the age in that status, and open calls closing within 30 days", async () => {
    // After the previous test: P7 was approved on 2025-07-15.
    const p = await getPipeline(getDb(), S("2025-07-20T00:00:00Z"));
    expect(p.asOf).toBe("2025-07-20T00:00:00.000Z");
    expect(p.pendingRegistrations).toEqual({ count: 1, oldestDays: 141, medianDays: 141 }); // since 2025-03-01
    expect(p.proposalsByStatus).toEqual([
      { status: "submitted", count: 0, oldestDays: null, medianDays: null },
      { status: "under_review", count: 0, oldestDays: null, medianDays: null },
      { status: "revision_requested", count: 0, oldestDays: null, medianDays: null },
      // Since approval: P7 5, P5 19, P2 110.0, P1 155, P6 200.0 days.
      { status: "approved", count: 5, oldestDays: 200, medianDays: 110 },
      { status: "rejected", count: 1, oldestDays: 100.5, medianDays: 100.5 }, // P4 since 2025-04-10 12:00
      { status: "withdrawn", count: 1, oldestDays: 160, medianDays: 160 }, // P3 since 2025-02-10
    ]);
    expect(p.callsClosingSoon.count).toBe(1);
    expect(p.callsClosingSoon.calls).toEqual([expect.objectContaining({ deadline: "2025-07-25T00:00:00.000Z", countryCode: "KZ", institutionId: inst.KZ.id })]);
  });
});

describe("GET /api/v1/reports", () => {
  it("answers the public figures as JSON", async () => {
    const res = await apiLoader(loaderArgs("/api/v1/reports?from=2025-01-01&to=2025-06-30&country=pk,KZ"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual(JSON.parse(JSON.stringify(publicFigures(await getReportFigures(getDb(), { ...PERIOD, country: ["KZ", "PK"] })))));
    expect(body).not.toHaveProperty("proposals");
    expect(body.countries).toEqual(["KZ", "PK"]);
  });

  it("answers 400 { error, issues } for bad parameters", async () => {
    for (const [qs, param] of [
      ["from=2025-02-30", "from"],
      ["from=2025-06-01&to=2025-05-01", "to"],
      ["country=FR", "country"],
      ["countries=TR", "countries"],
      ["from=1999-12-31", "from"],
      ["from=2001-01-01&to=2025-01-01", "to"],
      ["from=2000-01-01&to=2010-01-03", "to"], // more than ten calendar years
      ["to=2025-01-01&to=2025-02-01", "to"],
    ] as const) {
      const res = await apiLoader(loaderArgs(`/api/v1/reports?${qs}`));
      expect(res.status, qs).toBe(400);
      const body = await res.json();
      expect(
        body.issues.map((i: { param: string }) => i.param),
        qs,
      ).toContain(param);
      expect(typeof body.error).toBe("string");
    }
  });
});

describe("GET /reports.csv", () => {
  it("answers the public figures per member state, then the total, as CSV with a BOM and a header row", async () => {
    const res = await csvLoader(loaderArgs("/reports.csv?from=2025-01-01&to=2025-06-30"));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="eco-ict-figures-2025-01-01-2025-06-30.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: Record<string, string>[] = parse(new TextDecoder().decode(bytes.slice(3)), { columns: true });
    expect(rows.map((r) => r.country_code)).toEqual([...MEMBER_STATE_CODES, ""]);
    const tr = rows.find((r) => r.country_code === "TR")!;
    const want = figures.states.TR!;
    expect(tr).toEqual({
      from: "2025-01-01",
      to: "2025-06-30",
      country_code: "TR",
      country_name: "Türkiye",
      institutions: String(want.institutions),
      institutions_university: String(want.institutionsByKind.university),
      institutions_research_centre: String(want.institutionsByKind.research_centre),
      institutions_other: String(want.institutionsByKind.other),
      experts: "2",
      experts_open: "1",
      institutions_registered: "1",
      experts_created: "1",
      calls_posted: "1",
      approved_projects: "2",
    });
    // The live total: P7's approval in July is outside this period.
    expect(rows.at(-1)).toMatchObject({ country_name: "Total (all member states)", experts: "4", approved_projects: "2" });
  });

  it("filters by member state and answers 400 for bad parameters", async () => {
    const res = await csvLoader(loaderArgs("/reports.csv?from=2025-01-01&to=2025-06-30&country=PK"));
    const rows: Record<string, string>[] = parse(new TextDecoder().decode(new Uint8Array(await res.arrayBuffer()).slice(3)), { columns: true });
    expect(rows.map((r) => [r.country_code, r.country_name])).toEqual([
      ["PK", "Pakistan"],
      ["", "Total (PK)"],
    ]);
    const bad = await csvLoader(loaderArgs("/reports.csv?to=2025-13-01"));
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues).toEqual([{ param: "to", message: "is not a calendar date (YYYY-MM-DD)" }]);
  });
});
