import { describe, expect, it } from "vitest";
import {
  PROPOSAL_ACTIONS,
  PROPOSAL_STATES,
  TRANSITIONS,
  availableActions,
  checkEligibility,
  checkTransition,
  type EligibilityInput,
  type WorkflowActor,
} from "../app/domain/proposal-workflow";
import { describeProblem } from "../app/features/proposals/problem-text";
import { serverT } from "../app/i18n/i18n.server";

const ACTORS: WorkflowActor[] = ["lead_admin", "secretariat", "other"];

// The workflow of DESIGN.md, written out independently of TRANSITIONS: state → action → [to, actor].
const EXPECTED: Record<string, Record<string, [string, WorkflowActor]>> = {
  draft: { submit: ["submitted", "lead_admin"], withdraw: ["withdrawn", "lead_admin"] },
  submitted: { start_review: ["under_review", "secretariat"], withdraw: ["withdrawn", "lead_admin"] },
  under_review: {
    approve: ["approved", "secretariat"],
    reject: ["rejected", "secretariat"],
    request_revision: ["revision_requested", "secretariat"],
  },
  revision_requested: { resubmit: ["submitted", "lead_admin"], withdraw: ["withdrawn", "lead_admin"] },
  approved: {},
  rejected: {},
  withdrawn: {},
};

describe("proposal workflow", () => {
  for (const state of PROPOSAL_STATES) {
    for (const action of PROPOSAL_ACTIONS) {
      for (const actor of ACTORS) {
        const expected = EXPECTED[state][action];
        const allowed = expected && expected[1] === actor;
        it(`${state} —${action}→ by ${actor}: ${allowed ? `allowed to ${expected[0]}` : "refused"}`, () => {
          const r = checkTransition(state, action, actor, "because");
          if (allowed) expect(r).toEqual({ ok: true, to: expected[0] });
          else expect(r.ok).toBe(false);
        });
      }
    }
  }

  it("requires a comment to reject or request a revision, not to approve", () => {
    expect(checkTransition("under_review", "reject", "secretariat", "  ")).toMatchObject({ ok: false, reason: "comment_required" });
    expect(checkTransition("under_review", "request_revision", "secretariat", null)).toMatchObject({ ok: false, reason: "comment_required" });
    expect(checkTransition("under_review", "approve", "secretariat")).toEqual({ ok: true, to: "approved" });
  });

  it("lists available actions per actor", () => {
    expect(availableActions("under_review", "secretariat")).toEqual(["approve", "reject", "request_revision"]);
    expect(availableActions("under_review", "lead_admin")).toEqual([]);
    expect(availableActions("revision_requested", "lead_admin")).toEqual(["resubmit", "withdraw"]);
    expect(Object.keys(TRANSITIONS)).toEqual([...PROPOSAL_ACTIONS]);
  });
});

const deadline = new Date("2026-12-01T12:00:00Z");
function eligible(overrides: Partial<EligibilityInput> = {}): EligibilityInput {
  return {
    title: "Cross-border federated learning",
    abstract: "Abstract",
    objectives: "Objectives",
    durationMonths: 24,
    budgetAmount: "150000.00",
    budgetCurrency: "EUR",
    topicIds: ["T10020"],
    lead: { name: "METU", country: "TR", verified: true },
    partners: [
      { name: "University of Tehran", country: "IR", verified: true, status: "accepted" },
      { name: "Al-Farabi KazNU", country: "KZ", verified: true, status: "accepted" },
    ],
    team: [{ role: "pi" }, { role: "researcher" }],
    call: {
      title: "Joint call 2026",
      status: "open",
      opensAt: new Date("2026-01-01T00:00:00Z"),
      deadline,
      eligibleCountries: [],
      minPartners: 2,
      minCountries: 3,
    },
    ...overrides,
  };
}

describe("eligibility on submit", () => {
  it("passes a complete consortium one second before the deadline and fails one second after", () => {
    expect(checkEligibility(eligible(), new Date(deadline.getTime() - 1000))).toEqual([]);
    expect(checkEligibility(eligible(), deadline)).toEqual([]);
    expect(checkEligibility(eligible(), new Date(deadline.getTime() + 1000)).map((p) => p.rule)).toEqual(["deadline_passed"]);
  });

  it("lists every failing rule at once", () => {
    const problems = checkEligibility(
      eligible({
        title: " ",
        budgetCurrency: null,
        topicIds: [],
        partners: [
          { name: "Pending Uni", country: "TR", verified: false, status: "invited" },
          { name: "Tehran", country: "IR", verified: true, status: "declined" },
        ],
        team: [{ role: "pi" }, { role: "pi" }],
        call: { title: "Closed call", status: "closed", opensAt: null, deadline, eligibleCountries: ["IR", "KZ"], minPartners: 2, minCountries: 3 },
      }),
      new Date(deadline.getTime() + 1),
    );
    expect(problems.map((p) => p.rule).sort()).toEqual(
      [
        "call_not_open",
        "country_not_eligible",
        "deadline_passed",
        "min_countries",
        "min_partners",
        "one_pi",
        "partner_not_accepted",
        "partner_not_verified",
        "required_fields",
        "topics",
      ].sort(),
    );
    const en = serverT("en", ["proposals", "common"]);
    expect(
      describeProblem(
        en,
        "en",
        problems.find((p) => p.rule === "required_fields")!,
      ),
    ).toBe("Fill in: title, requested budget.");
    expect(
      describeProblem(
        en,
        "en",
        problems.find((p) => p.rule === "one_pi")!,
      ),
    ).toMatch(/2 principal investigators/);
  });

  it("without a call, needs two distinct member states among lead and accepted partners", () => {
    const sameCountry = eligible({ call: null, partners: [{ name: "Bilkent", country: "TR", verified: true, status: "accepted" }] });
    expect(checkEligibility(sameCountry, new Date()).map((p) => p.rule)).toEqual(["min_countries"]);
    const twoCountries = eligible({ call: null, partners: [{ name: "Tehran", country: "IR", verified: true, status: "accepted" }] });
    expect(checkEligibility(twoCountries, new Date())).toEqual([]);
  });

  it("refuses a call that has not opened yet", () => {
    const early = eligible();
    expect(checkEligibility(early, new Date("2025-12-31T23:59:59Z")).map((p) => p.rule)).toEqual(["call_not_open"]);
  });
});
