import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { getDb } from "../app/utils/db.server";
import { PROPOSAL_ACTIONS, PROPOSAL_STATES, TRANSITIONS, type ProposalAction, type ProposalState } from "../app/domain/proposal-workflow";
import { applyTransition, nextReferenceCode } from "../app/features/proposals/transitions.server";
import { getProposalForViewer } from "../app/features/proposals/details.server";
import { insertProposal, makeConsortium, snapshot, type Consortium } from "./proposal-fixtures";

type Role = "lead_admin" | "secretariat" | "partner_admin" | "outsider";
const ROLES: Role[] = ["lead_admin", "secretariat", "partner_admin", "outsider"];

let c: Consortium;
beforeAll(async () => {
  c = await makeConsortium();
});

function userOf(role: Role) {
  return { lead_admin: c.leadAdmin, secretariat: c.secretariat, partner_admin: c.partnerAdmin, outsider: c.outsider }[role];
}

describe("applyTransition: every (state, action, role)", () => {
  const cases = PROPOSAL_STATES.flatMap((state) => PROPOSAL_ACTIONS.flatMap((action) => ROLES.map((role) => [state, action, role] as const)));
  it.each(cases)("%s --%s--> by %s", async (state: ProposalState, action: ProposalAction, role: Role) => {
    const id = await insertProposal(c, state);
    const before = await snapshot(id);
    const rule = TRANSITIONS[action];
    const allowed = rule.from.includes(state) && rule.by === role;
    const r = await applyTransition(getDb(), { proposalId: id, action, actorId: userOf(role).id, expectedVersion: 1, comment: "Because." });
    const after = await snapshot(id);
    if (allowed) {
      expect(r).toMatchObject({ ok: true, status: rule.to, version: 2 });
      expect(after.status).toBe(rule.to);
      expect(after.version).toBe(2);
      expect(after.events).toHaveLength(1);
      expect(after.events[0]).toMatchObject({ action, from_status: state, to_status: rule.to, actor_id: userOf(role).id, comment: "Because.", version: 1 });
    } else {
      expect(r.ok).toBe(false);
      // Outsiders learn nothing (not found); consortium members without the right are forbidden or told the state is wrong.
      if (role === "outsider") expect(r).toMatchObject({ kind: "not_found" });
      else expect(["forbidden", "invalid"]).toContain(!r.ok && r.kind);
      expect(after).toEqual(before);
    }
  });

  it("reject and request revision need a comment; nothing changes without one", async () => {
    for (const action of ["reject", "request_revision"] as const) {
      const id = await insertProposal(c, "under_review");
      const r = await applyTransition(getDb(), { proposalId: id, action, actorId: c.secretariat.id, expectedVersion: 1, comment: "   " });
      expect(r).toMatchObject({ ok: false, kind: "invalid" });
      expect((await snapshot(id)).events).toHaveLength(0);
    }
  });

  it("a decision on a stale version is a conflict and changes nothing", async () => {
    const id = await insertProposal(c, "under_review");
    await getDb().updateTable("proposals").set({ version: 2 }).where("id", "=", id).execute();
    const r = await applyTransition(getDb(), { proposalId: id, action: "approve", actorId: c.secretariat.id, expectedVersion: 1 });
    expect(r).toMatchObject({ ok: false, kind: "conflict", currentVersion: 2 });
    expect(await snapshot(id)).toMatchObject({ status: "under_review", version: 2, events: [] });
  });

  it("lists every failing eligibility rule at once and changes nothing", async () => {
    const db = getDb();
    const id = await insertProposal(c, "draft");
    await db.deleteFrom("proposal_topics").where("proposal_id", "=", id).execute();
    await db.deleteFrom("proposal_team").where("proposal_id", "=", id).execute();
    await db.updateTable("proposal_partners").set({ status: "invited" }).where("proposal_id", "=", id).execute();
    await db.updateTable("proposals").set({ abstract: "" }).where("id", "=", id).execute();
    const r = await applyTransition(db, { proposalId: id, action: "submit", actorId: c.leadAdmin.id, expectedVersion: 1 });
    expect(r.ok).toBe(false);
    if (r.ok || r.kind !== "ineligible") throw new Error("expected ineligible");
    expect(r.problems.map((p) => p.rule).sort()).toEqual(["min_countries", "one_pi", "partner_not_accepted", "required_fields", "topics"]);
    expect(await snapshot(id)).toMatchObject({ status: "draft", version: 1, reference_code: null, events: [] });
  });
});

describe("events are append-only in the database", () => {
  it("refuses UPDATE and DELETE of proposal_events", async () => {
    const id = await insertProposal(c, "draft");
    await applyTransition(getDb(), { proposalId: id, action: "submit", actorId: c.leadAdmin.id, expectedVersion: 1 });
    await expect(sql`update proposal_events set comment = 'x' where proposal_id = ${id}`.execute(getDb())).rejects.toThrow(/append-only/);
    await expect(sql`delete from proposal_events where proposal_id = ${id}`.execute(getDb())).rejects.toThrow(/append-only/);
    expect((await snapshot(id)).events).toHaveLength(1);
  });
});

describe("concurrency", () => {
  it("20 concurrent approvals of one proposal: exactly one decision event, the others conflict", async () => {
    const id = await insertProposal(c, "under_review");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => applyTransition(getDb(), { proposalId: id, action: "approve", actorId: c.secretariat.id, expectedVersion: 1 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.kind === "conflict")).toHaveLength(19);
    const s = await snapshot(id);
    expect(s.status).toBe("approved");
    expect(s.version).toBe(2);
    expect(s.events.filter((e) => e.action === "approve")).toHaveLength(1);
  });

  it("50 concurrent submissions get 50 distinct reference codes", async () => {
    const ids = [];
    for (let i = 0; i < 50; i++) ids.push(await insertProposal(c, "draft"));
    const now = new Date("2031-03-01T00:00:00Z");
    const results = await Promise.all(
      ids.map((proposalId) => applyTransition(getDb(), { proposalId, action: "submit", actorId: c.leadAdmin.id, expectedVersion: 1, now })),
    );
    const codes = results.map((r) => (r.ok ? r.referenceCode : `failed: ${!r.ok && r.message}`));
    expect(codes.every((code) => /^ECO-ICT-2031-\d{4,}$/.test(code ?? ""))).toBe(true);
    expect(new Set(codes).size).toBe(50);
  });

  it("reference codes count per year", async () => {
    expect(await nextReferenceCode(getDb(), 2040)).toBe("ECO-ICT-2040-0001");
    expect(await nextReferenceCode(getDb(), 2040)).toBe("ECO-ICT-2040-0002");
    expect(await nextReferenceCode(getDb(), 2041)).toBe("ECO-ICT-2041-0001");
  });

  it("keeps the reference code on resubmission", async () => {
    const id = await insertProposal(c, "draft");
    const first = await applyTransition(getDb(), { proposalId: id, action: "submit", actorId: c.leadAdmin.id, expectedVersion: 1 });
    if (!first.ok) throw new Error(first.message);
    await applyTransition(getDb(), { proposalId: id, action: "start_review", actorId: c.secretariat.id, expectedVersion: 2 });
    await applyTransition(getDb(), { proposalId: id, action: "request_revision", actorId: c.secretariat.id, expectedVersion: 3, comment: "Budget detail." });
    const again = await applyTransition(getDb(), { proposalId: id, action: "resubmit", actorId: c.leadAdmin.id, expectedVersion: 4 });
    expect(again).toMatchObject({ ok: true, referenceCode: first.referenceCode, status: "submitted" });
    expect((await snapshot(id)).events.map((e) => e.action)).toEqual(["submit", "start_review", "request_revision", "resubmit"]);
  });
});

describe("deadline", () => {
  async function callWithDeadline(deadline: Date) {
    const { id } = await getDb()
      .insertInto("calls")
      .values({ institution_id: c.lead.id, kind: "joint_research", title: "Deadline call", deadline, status: "open", min_partners: 1, min_countries: 2 })
      .returning("id")
      .executeTakeFirstOrThrow();
    return id;
  }
  const deadline = new Date("2027-01-15T13:30:00Z"); // 17:00 Asia/Tehran

  it("a submission one second before the deadline is accepted", async () => {
    const id = await insertProposal(c, "draft", { callId: await callWithDeadline(deadline) });
    const r = await applyTransition(getDb(), {
      proposalId: id,
      action: "submit",
      actorId: c.leadAdmin.id,
      expectedVersion: 1,
      now: new Date(deadline.getTime() - 1000),
    });
    expect(r).toMatchObject({ ok: true, status: "submitted" });
  });

  it("a submission one second after the deadline is refused", async () => {
    const id = await insertProposal(c, "draft", { callId: await callWithDeadline(deadline) });
    const r = await applyTransition(getDb(), {
      proposalId: id,
      action: "submit",
      actorId: c.leadAdmin.id,
      expectedVersion: 1,
      now: new Date(deadline.getTime() + 1000),
    });
    expect(r).toMatchObject({ ok: false, kind: "ineligible" });
    expect(!r.ok && r.kind === "ineligible" && r.problems.map((p) => p.rule)).toEqual(["deadline_passed"]);
    expect(await snapshot(id)).toMatchObject({ status: "draft", version: 1, events: [] });
  });
});

describe("visibility", () => {
  it("consortium admins and the secretariat see a draft; an outsider gets null", async () => {
    const id = await insertProposal(c, "draft");
    for (const u of [c.leadAdmin, c.partnerAdmin, c.secretariat]) expect(await getProposalForViewer(getDb(), id, u.id)).not.toBeNull();
    expect(await getProposalForViewer(getDb(), id, c.outsider.id)).toBeNull();
    expect(await getProposalForViewer(getDb(), id, null)).toBeNull();
  });
});
