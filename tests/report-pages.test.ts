/**
 * The report pages with real requests: /reports (public figures, approved
 * projects only, 400 with the form kept), /secretariat/reports (secretariat
 * only; proposal figures, pipeline; publishing once per form, nothing written
 * on a refused summary), /reports/published and /reports/published/:id (the
 * frozen figures stay when the data changes; a summary is shown as text,
 * never as HTML). HTML checks go through the production build over HTTP.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../app/utils/db.server";
import { actionArgs, callRoute, getArgs, loaderArgs } from "./helpers";
import { useAppServer } from "./helpers/app-server";
import { createUser, signIn, type TestUser } from "./factories";
import { APPROVE, institutionsOf, proposalThrough } from "./report-fixtures";
import { publishReport, newPublishKey } from "../app/features/reports/published-report.server";
import { getReportFigures } from "../app/features/reports/reports.server";
import { defaultPeriod } from "../app/features/reports/report-params";
import * as reports from "../app/routes/reports._index";
import * as secretariatReports from "../app/routes/secretariat.reports";
import * as publishedList from "../app/routes/reports.published._index";
import * as publishedOne from "../app/routes/reports.published.$id";
import { serverT } from "../app/i18n/i18n.server";
import { translateMessage } from "../app/i18n/message";

/** A message the server sent as a catalogue key, in English. */
const english = (m: string) => translateMessage(serverT("en", ["reports", "common"]), m);

const server = useAppServer();
let secretariat: TestUser;
let researcher: TestUser;
let cookie: string;
let inst: Record<"TR" | "IR" | "KZ" | "PK" | "AZ" | "UZ", { id: number; name: string }>;
let topics: string[];
const DAY = 86_400_000;

async function publishedCount(): Promise<number> {
  const r = await getDb().selectFrom("published_reports").select(getDb().fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function json(res: Response) {
  return (await res.json()) as any;
}

beforeAll(async () => {
  const db = getDb();
  secretariat = await createUser({ role: "secretariat", displayName: "Officer Karimova" });
  researcher = await createUser();
  cookie = await signIn(secretariat);
  inst = await institutionsOf(["TR", "IR", "KZ", "PK", "AZ", "UZ"] as const);
  // Two topics of different subfields.
  const t1 = await db.selectFrom("topics").select(["id", "subfield_id"]).orderBy("id").executeTakeFirstOrThrow();
  const t2 = await db.selectFrom("topics").select("id").where("subfield_id", "<>", t1.subfield_id).orderBy("id").executeTakeFirstOrThrow();
  topics = [t1.id, t2.id];
  const at = new Date(Date.now() - 20 * DAY);
  await proposalThrough(secretariat, inst.TR, [inst.IR], [t1.id], APPROVE, at, "Turkish-Iranian speech corpora");
  await proposalThrough(secretariat, inst.TR, [inst.IR, inst.KZ], [t1.id, t2.id], APPROVE, at, "Three-state sensor networks");
  await proposalThrough(secretariat, inst.PK, [inst.AZ], [t2.id], APPROVE, at, "Caspian energy data");
  // Submitted, never decided: exists for the secretariat only.
  await proposalThrough(secretariat, inst.IR, [inst.UZ], [t1.id], ["submit"], at, "Confidential submitted proposal");
});

describe("/reports (public)", () => {
  it("shows the figures of approved projects only, with the collaboration matrix and no proposal data", async () => {
    const res = await callRoute(reports.loader, loaderArgs("/reports"));
    expect(res.status).toBe(200);
    const d = await json(res);
    expect(d.figures.states.TR.approvedProjects).toBe(2);
    expect(d.figures.states.IR.approvedProjects).toBe(2);
    expect(d.figures.states.UZ.approvedProjects).toBe(0);
    expect(d.figures.total.approvedProjects).toBe(3);
    // README: `countries` echoes the filter, [] = all ten member states (all ten in `states`).
    expect(d.figures.countries).toEqual([]);
    expect(Object.keys(d.figures.states)).toHaveLength(10);
    const m = d.figures.collaboration;
    expect(m.counts[m.states.indexOf("IR")][m.states.indexOf("TR")]).toBe(2);
    expect(m.counts[m.states.indexOf("IR")][m.states.indexOf("UZ")]).toBe(0);
    expect("proposals" in d.figures).toBe(false);
  });

  it("renders the map (each state a link to its figures), the matrix links and the accessible tables without JavaScript", async () => {
    const html = await (await fetch(`${server.app.url}/reports`)).text();
    expect(html).toContain('data-state="IR"');
    expect(html.match(/data-state="[A-Z]{2}"/g)).toHaveLength(10);
    expect(html).toMatch(/<a href="\/reports\?from=\d{4}-\d{2}-\d{2}&amp;to=\d{4}-\d{2}-\d{2}&amp;country=TR&amp;measure=approvedProjects"/);
    // Matrix cells list the projects of the same period (so the list's count equals the cell).
    expect(html).toMatch(/href="\/projects\?with=TR&amp;with=IR&amp;approvedFrom=\d{4}-\d{2}-\d{2}&amp;approvedTo=\d{4}-\d{2}-\d{2}"/);
    expect(html).not.toContain('href="/projects?with=TR&amp;with=IR"');
    expect(html).toContain("do not imply any position on the legal status");
    expect(html).not.toContain("Submitted as lead");
    expect(html).not.toContain("Confidential submitted proposal");
    // The trend's numbers as a table.
    expect(html).toMatch(/<th scope="col">Quarter<\/th>/);
  });

  it("names partial quarters, gives the map one link group named by the measure, plural-aware counts", async () => {
    const html = await (await fetch(`${server.app.url}/reports?from=2025-11-30&to=2026-11-29`)).text();
    expect(html).toContain("2025 Q4 (from 30 Nov)");
    expect(html).toContain("2026 Q4 (to 29 Nov)");
    expect(html).toContain(">2026 Q1<");
    // The map holds links: a group (role="img" would hide them), each named with its number and unit.
    expect(html).toMatch(/<svg[^>]*class="chart-svg map-svg"[^>]*role="group"/);
    expect(html).not.toMatch(/<svg[^>]*class="chart-svg map-svg"[^>]*role="img"/);
    expect(html).toContain('aria-label="Türkiye: 2 approved joint projects"');
    expect(html).toContain('aria-label="Pakistan: 1 approved joint project"');
    expect(html).toContain('aria-label="Pakistan and Azerbaijan: 1 approved project"');
    expect(html).not.toMatch(/\b1 approved (joint )?projects/);
  });

  it("says so when a period has no activity, and shows unselected pairs as – in the matrix", async () => {
    const quiet = await (await fetch(`${server.app.url}/reports?from=2001-01-01&to=2001-03-01`)).text();
    expect(quiet).toContain("No activity in this period");
    expect(quiet).toContain("matrix-table"); // the tables stay
    const busy = await (await fetch(`${server.app.url}/reports`)).text();
    expect(busy).not.toContain("No activity in this period");
    const tr = await (await fetch(`${server.app.url}/reports?country=TR`)).text();
    expect(tr).toMatch(/title="Iran and Kazakhstan: not selected">–</);
    expect(tr).toMatch(/class="num diagonal" title="Kazakhstan: not selected">–</);
    expect(tr).toContain('aria-label="Türkiye: 2 approved projects in total"');
  });

  it("answers 400 for a date that does not exist, keeping what was typed and the valid member states", async () => {
    const res = await callRoute(reports.loader, loaderArgs("/reports?from=2026-02-30&to=2026-06-30&country=FR&country=TR"));
    expect(res.status).toBe(400);
    const d = await json(res);
    expect(d.figures).toBeNull();
    expect(d.form).toEqual({ from: "2026-02-30", to: "2026-06-30", country: ["TR"], sent: { from: "2026-02-30", to: "2026-06-30", country: "FR" } });
    expect(d.issues.map((i: { param: string }) => i.param).sort()).toEqual(["country", "from"]);
    const html = await (await fetch(`${server.app.url}/reports?from=2026-02-30&to=2026-06-30&country=FR&country=TR`)).text();
    expect(html).toContain('value="2026-02-30"');
    expect(html.replace(/<!-- -->/g, "")).toMatch(/id="from-error"[^>]*>From: 2026-02-30 is not a calendar date \(YYYY-MM-DD\)/);
  });

  it("names the field and echoes the rejected value on a 400 page, says which fields to correct, and links no download with bad values", async () => {
    const text = async (q: string) => {
      const res = await fetch(`${server.app.url}/reports?${q}`);
      expect(res.status, q).toBe(400);
      return (await res.text()).replace(/<!-- -->/g, "");
    };
    const bad = await text("from=2026-13-45");
    expect(bad).toContain("From: 2026-13-45 is not a calendar date (YYYY-MM-DD).");
    expect(bad).toContain("Correct the From date above to see the figures.");
    expect(bad).not.toMatch(/href="[^"]*2026-13-45/); // no CSV/JSON link carrying the refused value
    expect(bad).not.toContain('href="/reports.csv');
    const us = await text("country=US");
    expect(us).toContain("Member states: US must be an ECO member state code");
    expect(us).toContain("Correct the member states above to see the figures.");
    expect(us).not.toContain("Correct the period above");
    const order = await text("from=2025-06-01&to=2025-01-01");
    expect(order).toContain("To: 2025-01-01 must not be before From (2025-06-01).");
    expect(order).not.toContain("before from (");
  });

  it("answers 400 for `to` before `from` and for an unknown measure (figures still shown for the period)", async () => {
    expect((await callRoute(reports.loader, loaderArgs("/reports?from=2026-06-01&to=2026-01-01"))).status).toBe(400);
    const res = await callRoute(reports.loader, loaderArgs("/reports?measure=proposals"));
    expect(res.status).toBe(400);
    const d = await json(res);
    expect(d.measure).toBe("approvedProjects");
    expect(d.figures.total.approvedProjects).toBe(3);
  });
});

describe("/secretariat/reports", () => {
  it("is for the secretariat only: anonymous visitors sign in, others get 403 (GET and POST)", async () => {
    const anon = await callRoute(secretariatReports.loader, loaderArgs("/secretariat/reports"));
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    const other = await signIn(researcher);
    expect((await callRoute(secretariatReports.loader, getArgs("/secretariat/reports", other))).status).toBe(403);
    const before = await publishedCount();
    const post = await callRoute(
      secretariatReports.action,
      actionArgs("/secretariat/reports", { intent: "publish", summary: "Sneaky.", idempotencyKey: newPublishKey() }, { cookie: other }),
    );
    expect(post.status).toBe(403);
    expect(await publishedCount()).toBe(before);
  });

  it("shows the proposal figures per member state, the submitted-proposals matrix and the pipeline", async () => {
    const res = await callRoute(secretariatReports.loader, getArgs("/secretariat/reports", cookie));
    expect(res.status).toBe(200);
    const d = await json(res);
    expect(d.figures.proposals.states.IR.submittedAsLead).toBe(1);
    expect(d.figures.proposals.states.TR.submittedAsLead).toBe(2);
    const sm = d.figures.proposals.submittedCollaboration;
    expect(sm.counts[sm.states.indexOf("IR")][sm.states.indexOf("UZ")]).toBe(1);
    expect(d.pipeline.proposalsByStatus.find((s: { status: string }) => s.status === "submitted").count).toBe(1);
    expect(d.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a summary with HTML or an empty one (400, the text kept, nothing written)", async () => {
    const before = await publishedCount();
    const { from, to } = defaultPeriod(new Date());
    for (const summary of ["Good year.<script>alert(1)</script>", "   "]) {
      const res = await callRoute(
        secretariatReports.action,
        actionArgs("/secretariat/reports", { intent: "publish", from, to, summary, idempotencyKey: newPublishKey() }, { cookie }),
      );
      expect(res.status).toBe(400);
      const reply = await json(res);
      expect(reply.initialValue.summary).toBe(summary);
      expect(english(reply.error.summary[0])).toMatch(summary.trim() ? /HTML tags .* are not accepted/ : /Write a summary/);
    }
    expect(await publishedCount()).toBe(before);
  });

  it("accepts plain text with < and > (published, shown escaped) and refuses only complete HTML tags", async () => {
    const { from, to } = defaultPeriod(new Date());
    for (const summary of ["Growth was 5 < 7 and a<b", "a<b then c>d"]) {
      const res = await callRoute(
        secretariatReports.action,
        actionArgs("/secretariat/reports", { intent: "publish", from, to, summary, idempotencyKey: newPublishKey() }, { cookie }),
      );
      expect(res.status, summary).toBe(302);
      const id = res.headers.get("Location")!.split("/").pop()!;
      const html = await (await fetch(`${server.app.url}/reports/published/${id}`)).text();
      expect(html).toContain(summary.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    }
    for (const summary of ["<b>Good</b> year", "Fine.</p>", "Note <!-- hidden -->", '<img src=x onerror="alert(1)">', "<br/>"]) {
      const before = await publishedCount();
      const res = await callRoute(
        secretariatReports.action,
        actionArgs("/secretariat/reports", { intent: "publish", from, to, summary, idempotencyKey: newPublishKey() }, { cookie }),
      );
      expect(res.status, summary).toBe(400);
      expect(english((await json(res)).error.summary[0])).toMatch(/HTML tags .* are not accepted/);
      expect(await publishedCount()).toBe(before);
    }
  });

  it("refuses a tampered period (400, nothing written)", async () => {
    const before = await publishedCount();
    const res = await callRoute(
      secretariatReports.action,
      actionArgs(
        "/secretariat/reports",
        { intent: "publish", from: "2026-13-01", to: "2026-12-31", summary: "Fine.", idempotencyKey: newPublishKey() },
        { cookie },
      ),
    );
    expect(res.status).toBe(400);
    expect(english((await json(res)).error[""][0])).toMatch(/Period: from/);
    expect(await publishedCount()).toBe(before);
  });

  it("publishes once when the same form is submitted twice at the same time", async () => {
    const before = await publishedCount();
    const { from, to } = defaultPeriod(new Date());
    const fields = { intent: "publish", from, to, summary: "Double click.", idempotencyKey: newPublishKey() };
    const [a, b] = await Promise.all([
      callRoute(secretariatReports.action, actionArgs("/secretariat/reports", fields, { cookie })),
      callRoute(secretariatReports.action, actionArgs("/secretariat/reports", fields, { cookie })),
    ]);
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(a.headers.get("Location")).toMatch(/^\/reports\/published\/\d+$/);
    expect(b.headers.get("Location")).toBe(a.headers.get("Location"));
    expect(await publishedCount()).toBe(before + 1);
  });
});

describe("published reports", () => {
  it("keep their figures after another proposal is approved, while the live figures change", async () => {
    const { from, to } = defaultPeriod(new Date());
    const res = await callRoute(
      secretariatReports.action,
      actionArgs("/secretariat/reports", { intent: "publish", from, to, summary: "Before the next approval.", idempotencyKey: newPublishKey() }, { cookie }),
    );
    const id = res.headers.get("Location")!.split("/").pop()!;
    const published = async () => (await json(await callRoute(publishedOne.loader, loaderArgs(`/reports/published/${id}`, { id })))).report.figures;
    const live = async () => (await json(await callRoute(reports.loader, loaderArgs(`/reports?from=${from}&to=${to}`)))).figures;
    const [p0, l0] = [await published(), await live()];
    expect(p0.total.approvedProjects).toBe(l0.total.approvedProjects);

    await proposalThrough(secretariat, inst.AZ, [inst.UZ], [topics[0]], APPROVE, new Date(Date.now() - DAY), "Approved after publishing");

    const [p1, l1] = [await published(), await live()];
    expect(l1.total.approvedProjects).toBe(l0.total.approvedProjects + 1);
    expect(l1.states.UZ.approvedProjects).toBe(l0.states.UZ.approvedProjects + 1);
    expect(p1).toEqual(p0);
    expect(p1.proposals.states.UZ.submittedAsPartner).toBe(1);
    expect(p1.proposals.submittedCollaboration).toBeNull();
  });

  it("show a summary as text: markup stored in it is escaped, paragraphs are kept", async () => {
    const db = getDb();
    const { from, to } = defaultPeriod(new Date());
    // Straight through the model (the form refuses HTML): the page must escape whatever is stored.
    const figures = await getReportFigures(db, { from, to, country: [] }, { includeProposals: true });
    const r = await publishReport(db, {
      figures,
      summary: `<script>alert("x")</script> & <b>bold</b>\n\nSecond paragraph`,
      idempotencyKey: newPublishKey(),
      publisher: { id: secretariat.id, displayName: secretariat.displayName },
    });
    const html = await (await fetch(`${server.app.url}/reports/published/${r.id}`)).text();
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;");
    expect(html).not.toContain('<script>alert("x")');
    expect(html).not.toContain("<b>bold</b>");
    expect(html).toMatch(/<p><span>[^<]*&lt;script&gt;.*<\/span><\/p><p><span>Second paragraph<\/span><\/p>/);
    expect(html).toContain(r.reference);
    expect(html).toContain('data-state="KZ"');
    expect(html).toContain("matrix-table");
  });

  it("are listed newest first; unknown ids are 404 and a malformed page 400", async () => {
    const list = await json(await callRoute(publishedList.loader, loaderArgs("/reports/published")));
    expect(list.result.total).toBeGreaterThanOrEqual(3);
    const refs = list.result.items.map((i: { reference: string }) => i.reference);
    const seqs = refs.map((r: string) => Number(r.split("-").pop()));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect((await callRoute(publishedOne.loader, loaderArgs("/reports/published/999999", { id: "999999" }))).status).toBe(404);
    expect((await callRoute(publishedOne.loader, loaderArgs("/reports/published/abc", { id: "abc" }))).status).toBe(404);
    expect((await callRoute(publishedList.loader, loaderArgs("/reports/published?page=0"))).status).toBe(400);
  });
});
