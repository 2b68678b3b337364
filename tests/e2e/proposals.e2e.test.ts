/**
 * End to end in Chromium: an institution admin posts a call; another
 * institution's admin drafts a proposal answering it with a partner from a
 * third member state; the partner accepts; the lead submits; the secretariat
 * requests a revision; the lead resubmits; the secretariat approves; the
 * project appears on /projects.
 * And (issue 14): a researcher without rights who follows "Draft a proposal
 * answering this call" asks to join their institution; its admin grants it;
 * the researcher then gets the draft form.
 */
import { expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { screenshot, useAppAndBrowser } from "../helpers/browser";
import { createUser, insertCall, signIn } from "../factories";
import { getDb } from "../helpers";
import { verifiedInstitution } from "../proposal-fixtures";

const e2e = useAppAndBrowser();

async function as(user: { id: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.browser.newContext();
  const [name, value] = (await signIn(user)).split("=");
  await context.addCookies([{ name, value, url: e2e.app.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("console", (m) => {
    if (m.type() === "error") console.log("console:", m.text().slice(0, 300));
  });
  page.on("pageerror", (e) => console.log("pageerror:", String(e).slice(0, 300)));
  return { context, page };
}

it("call → proposal with a partner from a third member state → revision → approval → public project", async () => {
  const db = getDb();
  const inst = (ror: string) =>
    db.selectFrom("institutions").select(["id", "name"]).where("ror_id", "=", ror).where("status", "=", "verified").executeTakeFirstOrThrow();
  const poster = await verifiedInstitution("IR");
  const lead = await inst("014weej12"); // METU, TR
  const partner = await verifiedInstitution("KZ");
  const callAdmin = await createUser({ institutionAdminOf: poster.id, displayName: "Call Poster" });
  const leadAdmin = await createUser({ institutionAdminOf: lead.id, displayName: "Lead Admin" });
  const partnerAdmin = await createUser({ institutionAdminOf: partner.id, displayName: "Partner Admin" });
  const secretariat = await createUser({ role: "secretariat", displayName: "Secretariat Officer" });
  const pi = await db.insertInto("experts").values({ full_name: "Ayşe Demir", institution_id: lead.id }).returning("id").executeTakeFirstOrThrow();
  const topic = await db.selectFrom("topics").select(["id"]).orderBy("id").executeTakeFirstOrThrow();

  // 1. The call.
  const c = await as(callAdmin);
  await c.page.goto(`${e2e.app.url}/calls/new`);
  await c.page.getByLabel("Kind").selectOption("joint_research");
  await c.page.getByLabel("Title").fill("Joint research on speech technology for ECO languages");
  await c.page.getByLabel("Summary").fill("Consortia of at least two member states.");
  await c.page.getByLabel("Time zone").selectOption("Asia/Tehran");
  await c.page.getByLabel("Deadline").fill("2030-01-15T17:00");
  await c.page.getByRole("button", { name: "Save draft" }).click();
  await c.page.waitForURL(/\/calls\/\d+$/);
  const callUrl = c.page.url();
  await c.page.getByRole("button", { name: "Open for proposals" }).click();
  await expect.poll(() => c.page.locator("main").textContent(), { timeout: 15_000 }).toContain("15 Jan 2030, 17:00 Asia/Tehran (UTC+03:30)");
  await screenshot(c.page, "call-open");

  // 2. The lead drafts a proposal answering it, invites the partner, names the PI.
  const l = await as(leadAdmin);
  await l.page.goto(callUrl);
  await l.page.getByRole("link", { name: "Draft a proposal answering this call" }).click();
  await l.page.waitForURL(/\/proposals\/new\?call=\d+/);
  await l.page.getByLabel("Title").fill("Open speech corpora for Turkish, Kazakh and Uzbek");
  await l.page.getByLabel("Acronym").fill("OPENSPEECH");
  await l.page.getByLabel("Abstract").fill("Shared corpora and models.");
  await l.page.getByLabel("Objectives").fill("Corpora, models, evaluation.");
  await l.page.getByLabel(/^Topics/).selectOption(topic.id);
  await l.page.getByLabel("Duration (months)").fill("24");
  await l.page.getByLabel("Requested budget").fill("120000.00");
  await l.page.getByLabel("Currency (ISO 4217)").selectOption("USD");
  await l.page.getByRole("button", { name: "Save draft" }).click();
  await l.page.waitForURL(/\/proposals\/\d+\/partners$/);
  const proposalId = Number(/\/proposals\/(\d+)\//.exec(l.page.url())![1]);
  await screenshot(l.page, "partners-before-invite");
  await l.page.getByLabel("Invite a verified institution").selectOption(String(partner.id));
  await l.page.getByRole("button", { name: "Invite" }).click();
  await expect.poll(() => l.page.locator("main").textContent(), { timeout: 15_000 }).toContain("invited");
  await l.page.goto(`${e2e.app.url}/proposals/${proposalId}/edit`);
  await l.page.getByLabel("Expert (of the lead or a partner institution)").selectOption(String(pi.id));
  await l.page.getByLabel("Role").selectOption("pi");
  await l.page.getByRole("button", { name: "Set" }).click();
  await expect.poll(() => l.page.locator("main").textContent(), { timeout: 15_000 }).toContain("Ayşe Demir — Principal investigator (PI)");

  // 3. The partner accepts.
  const p = await as(partnerAdmin);
  await p.page.goto(`${e2e.app.url}/notifications`);
  await p.page.getByRole("link", { name: /invites/ }).click();
  await p.page.waitForURL(/\/partners$/);
  await p.page.getByRole("button", { name: "Accept" }).click();
  await expect.poll(() => p.page.locator("main").textContent(), { timeout: 15_000 }).toContain("accepted");

  // 4. The lead submits.
  await l.page.goto(`${e2e.app.url}/proposals/${proposalId}`);
  await expect.poll(() => l.page.locator("main").textContent(), { timeout: 15_000 }).toContain("Every submission rule is met");
  await l.page.getByRole("button", { name: "Submit" }).click();
  await expect.poll(() => l.page.getByRole("status").textContent(), { timeout: 15_000 }).toMatch(/Reference ECO-ICT-\d{4}-\d{4}/);

  // 5. The secretariat starts the review and requests a revision.
  const s = await as(secretariat);
  await s.page.goto(`${e2e.app.url}/secretariat/proposals`);
  await screenshot(s.page, "secretariat-list");
  await s.page.getByRole("link", { name: "Open speech corpora for Turkish, Kazakh and Uzbek" }).click();
  await s.page.waitForURL(/\/secretariat\/proposals\/\d+$/);
  await s.page.getByRole("button", { name: "Start review" }).click();
  await expect.poll(() => s.page.getByRole("button", { name: "Request revision" }).count(), { timeout: 15_000 }).toBe(1);
  await s.page.getByRole("button", { name: "Request revision" }).click();
  await expect.poll(() => s.page.getByText("a comment is required").count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await s.page.getByLabel(/^Comment/).fill("Add a data-management plan.");
  await s.page.getByRole("button", { name: "Request revision" }).click();
  await expect.poll(() => s.page.locator("main").textContent(), { timeout: 15_000 }).toContain("Revision requested");

  // 6. The lead resubmits.
  await l.page.goto(`${e2e.app.url}/proposals/${proposalId}`);
  await expect.poll(() => l.page.locator("main").textContent(), { timeout: 15_000 }).toContain("Add a data-management plan.");
  await l.page.getByRole("button", { name: "Resubmit" }).click();
  await expect.poll(() => l.page.getByRole("status").textContent(), { timeout: 15_000 }).toContain("Resubmit: done");

  // 7. The secretariat approves.
  await s.page.reload();
  await s.page.getByRole("button", { name: "Start review" }).click();
  await expect.poll(() => s.page.getByRole("button", { name: "Approve" }).count(), { timeout: 15_000 }).toBe(1);
  await s.page.getByRole("button", { name: "Approve", exact: true }).click();
  // A final decision asks first (issue 14): the summary, then "Yes, approve".
  await expect.poll(() => s.page.getByRole("heading", { name: "Confirm: Approve" }).count(), { timeout: 15_000 }).toBe(1);
  await s.page.getByRole("button", { name: "Yes, approve" }).click();
  await expect.poll(() => s.page.getByRole("status").textContent(), { timeout: 15_000 }).toContain("Approve: done");
  await screenshot(s.page, "proposal-approved-history");
  const events = await db.selectFrom("proposal_events").select("action").where("proposal_id", "=", proposalId).orderBy("id").execute();
  expect(events.map((e) => e.action)).toEqual(["submit", "start_review", "request_revision", "resubmit", "start_review", "approve"]);

  // 8. The project is public.
  // The server's own (inline) search worker indexes the new project; reload until it is listed.
  const v = await e2e.browser.newPage();
  v.setDefaultTimeout(10_000);
  await expect
    .poll(
      async () => {
        await v.goto(`${e2e.app.url}/projects`);
        return v.locator("main").textContent();
      },
      { timeout: 30_000, interval: 500 },
    )
    .toContain("Open speech corpora for Turkish, Kazakh and Uzbek");
  await v.getByRole("link", { name: /Open speech corpora/ }).click();
  await v.waitForURL(/\/projects\/\d+$/);
  await expect.poll(() => v.locator("main").textContent(), { timeout: 15_000 }).toMatch(/Türkiye.*Kazakhstan|Kazakhstan.*Türkiye/);
  await screenshot(v, "project-public");
}, 180_000);

it("a researcher without rights asks to join their institution from a call; its admin grants it; the researcher can then draft", async () => {
  const db = getDb();
  const home = await verifiedInstitution("UZ");
  const poster = await verifiedInstitution("PK");
  const callId = await insertCall(poster.id, "open", "Call for the join journey");
  const admin = await createUser({ institutionAdminOf: home.id, displayName: "Home Admin" });
  const researcher = await createUser({ displayName: "Nodira Researcher" });

  // 1. The call's "Draft a proposal" leads to what to do, not a 403.
  const r = await as(researcher);
  // Pages with partner suggestions ask the search engine: slow on a busy machine.
  r.page.setDefaultTimeout(30_000);
  await r.page.goto(`${e2e.app.url}/calls/${callId}`);
  await r.page.getByRole("link", { name: "Draft a proposal answering this call" }).click();
  await r.page.waitForURL(/\/proposals\/new\?call=\d+/);
  await r.page.getByRole("link", { name: "Register your institution" }).waitFor();
  await screenshot(r.page, "proposal-new-no-institution");
  await r.page.getByRole("link", { name: "Ask to join your institution" }).click();
  await r.page.waitForURL(/\/join-requests\/new/);

  // 2. The researcher finds the institution by name and sends the request.
  await r.page.getByLabel(/^Search:? your institution$/i).fill(home.name);
  const choice = r.page.getByRole("radio", { name: new RegExp(home.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
  await expect.poll(() => choice.count(), { timeout: 15_000 }).toBe(1);
  await choice.check();
  await r.page.getByLabel(/Message to its administrators/).fill("Lecturer in its computer science department.");
  await r.page.getByRole("button", { name: "Send the request" }).click();
  await r.page.waitForURL(/\/join-requests$/);
  await expect.poll(() => r.page.locator("main").textContent(), { timeout: 15_000 }).toContain("waiting for a decision");

  // 3. The institution's admin grants it.
  const a = await as(admin);
  a.page.setDefaultTimeout(30_000);
  await a.page.goto(`${e2e.app.url}/join-requests`);
  await expect.poll(() => a.page.locator("main").textContent(), { timeout: 15_000 }).toContain("Lecturer in its computer science department.");
  await screenshot(a.page, "join-requests-admin");
  await a.page.getByRole("button", { name: `Grant Nodira Researcher's request to join ${home.name}` }).click();
  await expect.poll(() => a.page.getByRole("status").textContent(), { timeout: 15_000 }).toContain("Request granted");
  const member = await db
    .selectFrom("institution_members")
    .select("role")
    .where("user_id", "=", researcher.id)
    .where("institution_id", "=", home.id)
    .executeTakeFirst();
  expect(member?.role).toBe("member");

  // 4. The researcher is told, and now gets the draft form with the institution as lead.
  await r.page.goto(`${e2e.app.url}/notifications`);
  await expect.poll(() => r.page.locator("main").textContent(), { timeout: 15_000 }).toContain(`Your request to join ${home.name} was granted`);
  await r.page.goto(`${e2e.app.url}/proposals/new?call=${callId}`);
  await r.page.getByRole("button", { name: "Save draft" }).waitFor();
  expect(await r.page.locator("main").textContent()).toContain(home.name);
}, 120_000);
