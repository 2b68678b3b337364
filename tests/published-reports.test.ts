/**
 * Published progress reports, model and database: the table refuses UPDATE,
 * DELETE and TRUNCATE; two concurrent submissions of one publish form publish
 * once; concurrent publications of different forms get distinct, gapless
 * sequence numbers; the summary is plain text (HTML refused, paragraphs kept).
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "./helpers";
import { createUser } from "./factories";
import { publishReport, getPublishedReport, listPublishedReports } from "../app/features/reports/published-report.server";
import { summaryParagraphs, summarySchema } from "../app/features/reports/report-summary";
import { serverT } from "../app/i18n/i18n.server";
import { translateMessage } from "../app/i18n/message";
import { REPORT_FIGURES_VERSION, type ReportFigures, type StateFigures } from "../app/domain/report-figures";

const zero: StateFigures = {
  institutions: 0,
  experts: 0,
  expertsOpen: 0,
  institutionsRegistered: 0,
  expertsCreated: 0,
  callsPosted: 0,
  approvedProjects: 0,
  institutionsByKind: { university: 0, research_centre: 0, other: 0 },
};

/** A small, valid figures object (what getReportFigures returns, shape-wise) for the storage tests. */
function figures(approvedIR = 3): ReportFigures {
  return {
    version: REPORT_FIGURES_VERSION,
    period: { from: "2026-01-01", to: "2026-06-30" },
    countries: ["IR", "TR"],
    states: { IR: { ...zero, approvedProjects: approvedIR }, TR: { ...zero, approvedProjects: 1 } },
    total: { ...zero, approvedProjects: approvedIR },
    trend: [
      { quarter: "2026-Q1", start: "2026-01-01", counts: { institutionsRegistered: 0, expertsCreated: 0, callsPosted: 0, approvedProjects: approvedIR } },
    ],
    collaboration: {
      states: ["IR", "TR"],
      counts: [
        [approvedIR, 1],
        [1, 1],
      ],
    },
    fields: [{ fieldId: "17", count: approvedIR, subfields: [{ subfieldId: "1702", count: approvedIR }] }],
    proposals: {
      states: { IR: { submittedAsLead: 2, submittedAsPartner: 1, decided: 1, approved: 1, rejected: 0, successRate: 1, medianDaysToDecision: 12.5 } },
      submittedCollaboration: {
        states: ["IR", "TR"],
        counts: [
          [2, 1],
          [1, 1],
        ],
      },
    },
  };
}

async function publisher() {
  const u = await createUser({ role: "secretariat", displayName: "Officer Ahmadi" });
  return { id: u.id, displayName: u.displayName };
}

describe("published_reports storage", () => {
  it("stores codes and numbers, drops the per-pair proposal matrix, and numbers ECO-ICT-PR-<year>-<n>", async () => {
    const r = await publishReport(getDb(), { figures: figures(), summary: "First.", idempotencyKey: randomUUID(), publisher: await publisher() });
    expect(r.created).toBe(true);
    expect(r.reference).toMatch(new RegExp(`^ECO-ICT-PR-${new Date().getUTCFullYear()}-\\d+$`));
    const stored = (await getPublishedReport(getDb(), r.id))!;
    expect(stored.periodFrom).toBe("2026-01-01");
    expect(stored.periodTo).toBe("2026-06-30");
    expect(stored.countries).toEqual(["IR", "TR"]);
    expect(stored.figures.states.IR!.approvedProjects).toBe(3);
    expect(stored.figures.proposals!.states.IR!.medianDaysToDecision).toBe(12.5);
    expect(stored.figures.proposals!.submittedCollaboration).toBeNull();
    expect(JSON.stringify(stored.figures)).not.toMatch(/Iran|Türkiye|Computer Science/);
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database", async () => {
    const db = getDb();
    const r = await publishReport(db, { figures: figures(), summary: "Immutable.", idempotencyKey: randomUUID(), publisher: await publisher() });
    await expect(db.updateTable("published_reports").set({ summary: "Changed" }).where("id", "=", r.id).execute()).rejects.toThrow(
      /immutable \(UPDATE refused\)/,
    );
    await expect(sql`update published_reports set figures = '{}'::jsonb`.execute(db)).rejects.toThrow(/immutable/);
    await expect(db.deleteFrom("published_reports").where("id", "=", r.id).execute()).rejects.toThrow(/immutable \(DELETE refused\)/);
    await expect(sql`truncate published_reports`.execute(db)).rejects.toThrow(/immutable \(TRUNCATE refused\)/);
    expect((await getPublishedReport(db, r.id))!.summary).toBe("Immutable.");
  });

  it("two concurrent submissions of the same form publish once", async () => {
    const db = getDb();
    const key = randomUUID();
    const who = await publisher();
    const before = await listPublishedReports(db, 1);
    const [a, b] = await Promise.all([
      publishReport(db, { figures: figures(), summary: "Twice.", idempotencyKey: key, publisher: who }),
      publishReport(db, { figures: figures(), summary: "Twice.", idempotencyKey: key, publisher: who }),
    ]);
    expect(a.id).toBe(b.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect((await listPublishedReports(db, 1)).total).toBe(before.total + 1);
  });

  it("concurrent publications of different forms get distinct, consecutive sequence numbers", async () => {
    const db = getDb();
    const who = await publisher();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => publishReport(db, { figures: figures(i), summary: `Report ${i}`, idempotencyKey: randomUUID(), publisher: who })),
    );
    const year = new Date().getUTCFullYear();
    const all = await db.selectFrom("published_reports").select(["sequence", "reference"]).where("year", "=", year).orderBy("sequence").execute();
    expect(all.map((r) => r.sequence)).toEqual(all.map((_r, i) => i + 1));
    expect(new Set(results.map((r) => r.reference)).size).toBe(8);
    for (const r of all) expect(r.reference).toBe(`ECO-ICT-PR-${year}-${r.sequence}`);
  });
});

describe("summary", () => {
  it("accepts plain text, normalises line breaks and trims", () => {
    const r = summarySchema.safeParse("  Growth in 2026: 5 < 7 & R&D up.\r\n\r\nSecond paragraph\r\nwith a line break.  ");
    expect(r.success && r.data).toBe("Growth in 2026: 5 < 7 & R&D up.\n\nSecond paragraph\nwith a line break.");
  });

  it.each([
    "<b>bold</b>",
    "Hello <script>alert(1)</script>",
    "a </p> b",
    "<!-- comment -->",
    "<img src=x onerror=alert(1)>",
    '<a href="x">link',
    "<br/>",
    "<!doctype html>",
  ])("refuses HTML tags: %s", (text) => {
    const r = summarySchema.safeParse(text);
    expect(r.success).toBe(false);
    expect(translateMessage(serverT("en", "reports"), r.error!.issues[0].message)).toMatch(/HTML tags .* are not accepted/);
  });

  // Not tags to an HTML parser either ("< img" is text): stored as written, always shown escaped.
  it.each(["Growth was 5 < 7 and a<b", "a<b then c>d", "x < y > z", "< img src=x onerror=alert(1)>", "<3 the network", "1<2>0"])(
    "accepts plain text with < and >: %s",
    (text) => {
      const r = summarySchema.safeParse(text);
      expect(r.success && r.data).toBe(text);
    },
  );

  it("refuses an empty summary", () => {
    expect(summarySchema.safeParse("   \n  ").success).toBe(false);
  });

  it("splits paragraphs on empty lines and keeps single line breaks inside them", () => {
    expect(summaryParagraphs("One\ntwo\n\n\n  \nThree")).toEqual([["One", "two"], ["Three"]]);
  });
});
