/**
 * End to end in Chromium: the secretariat opens /secretariat/reports, picks a
 * period, writes a summary and publishes; a signed-out visitor opens the
 * published report and sees the map and the collaboration matrix; Chromium's
 * print-to-PDF of that page has pages and the report's reference in its text
 * (read with poppler's pdfinfo/pdftotext, installed by tooling/ensure-chromium.sh).
 * Screenshots of /reports and the published report go to test-results/.
 * At a 390 px wide phone screen, no report page or /data scrolls sideways
 * (wide tables and charts scroll in their own box), and axe-core finds no
 * serious or critical accessibility violation on the report pages.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { SCREENSHOT_DIR, axeViolations, screenshot, useAppAndBrowser } from "../helpers/browser";
import { createUser, signIn, type TestUser } from "../factories";
import { getDb } from "../helpers";
import { APPROVE, institutionsOf, proposalThrough } from "../report-fixtures";
import { defaultPeriod, isoDay } from "../../app/features/reports/report-params";
import { getReportFigures } from "../../app/features/reports/reports.server";
import { newPublishKey, publishReport } from "../../app/features/reports/published-report.server";

const e2e = useAppAndBrowser();
let secretariat: TestUser;
const DAY = 86_400_000;

beforeAll(async () => {
  secretariat = await createUser({ role: "secretariat", displayName: "Officer Nazarova" });
  const inst = await institutionsOf(["TR", "IR", "KZ", "PK", "AZ", "UZ", "KG"] as const);
  const topicRows = await getDb().selectFrom("topics").select(["id", "subfield_id"]).orderBy("id").execute();
  const bySubfield = [...new Map(topicRows.map((t) => [t.subfield_id, t.id])).values()];
  const projects: Array<[keyof typeof inst, Array<keyof typeof inst>, number]> = [
    ["TR", ["IR"], 200],
    ["TR", ["IR", "KZ"], 150],
    ["PK", ["AZ"], 120],
    ["UZ", ["KZ", "KG"], 90],
    ["IR", ["PK"], 60],
    ["TR", ["AZ"], 30],
    ["KZ", ["UZ"], 10],
  ];
  for (const [i, [lead, partners, daysAgo]] of projects.entries()) {
    await proposalThrough(
      secretariat,
      inst[lead],
      partners.map((p) => inst[p]),
      [bySubfield[i % bySubfield.length], bySubfield[(i + 3) % bySubfield.length]],
      APPROVE,
      new Date(Date.now() - daysAgo * DAY),
      `Project ${i + 1}`,
    );
  }
  await proposalThrough(secretariat, inst.IR, [inst.UZ], [bySubfield[0]], ["submit"], new Date(Date.now() - 5 * DAY), "Submitted, not decided");
});

it("secretariat publishes a report; a visitor sees the map and matrix and prints it to an A4 PDF with its reference", async () => {
  // The public page, for a person to look at.
  const visitorContext = await e2e.browser.newContext();
  const v = await visitorContext.newPage();
  v.setDefaultTimeout(15_000);
  // Hydration mismatches of the server-rendered charts would show here (React logs them as console errors).
  const browserErrors: string[] = [];
  v.on("console", (m) => {
    if (m.type() === "error") browserErrors.push(m.text().slice(0, 300));
  });
  v.on("pageerror", (err) => browserErrors.push(String(err).slice(0, 300)));
  await v.goto(`${e2e.app.url}/`);
  await v.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Figures" }).click();
  await v.waitForURL(/\/reports$/);
  await expect.poll(() => v.locator("svg.map-svg path[data-state]").count()).toBe(10);
  await screenshot(v, "reports-public");

  // 1. The secretariat picks a period and publishes.
  const context = await e2e.browser.newContext();
  const [name, value] = (await signIn(secretariat)).split("=");
  await context.addCookies([{ name, value, url: e2e.app.url }]);
  const s = await context.newPage();
  s.setDefaultTimeout(15_000);
  s.on("pageerror", (err) => console.log("pageerror:", String(err).slice(0, 300)));
  await s.goto(`${e2e.app.url}/secretariat/reports`);
  const from = isoDay(new Date(Date.now() - 180 * DAY));
  const to = isoDay(new Date());
  await s.getByLabel("From").fill(from);
  await s.getByLabel("To (inclusive)").fill(to);
  await s.getByRole("button", { name: "Show figures" }).click();
  await s.waitForURL((u) => u.searchParams.get("from") === from && u.searchParams.get("to") === to);
  await expect.poll(() => s.locator("main").textContent()).toContain("Submitted as lead");
  await screenshot(s, "secretariat-reports");
  await s.getByLabel("Summary").fill("The network grew in every member state this half-year.\n\nTürkiye and Iran worked together most often.");
  await s.getByRole("button", { name: "Publish" }).click();
  await s.waitForURL(/\/reports\/published\/\d+$/, { timeout: 45_000 });
  const reportUrl = s.url();
  const pattern = new RegExp(`ECO-ICT-PR-${new Date().getUTCFullYear()}-\\d+`);
  await expect.poll(() => s.locator("h1").textContent()).toMatch(pattern);
  const reference = pattern.exec((await s.locator("h1").textContent()) ?? "")![0];
  await expect.poll(() => s.getByRole("status").textContent()).toContain(`Published as ${reference}`);

  // 2. A signed-out visitor opens it: map and matrix are there.
  await v.goto(reportUrl);
  await expect.poll(() => v.locator("svg.map-svg path[data-state]").count()).toBe(10);
  expect(await v.locator("table.matrix-table").isVisible()).toBe(true);
  // The chosen period (180 days) leaves out the TR–IR project of 200 days ago: one pair left.
  expect(await v.locator(`.matrix-table a[href='/projects?with=TR&with=IR&approvedFrom=${from}&approvedTo=${to}']`).textContent()).toBe("1");
  expect(await v.locator("main").textContent()).toContain("Türkiye and Iran worked together most often.");
  expect(await v.locator("main").textContent()).toContain("Submitted as lead");
  await screenshot(v, "report-published");
  expect(browserErrors).toEqual([]);

  // 3. Print to PDF (A4, print stylesheet): it has pages and carries the reference.
  await v.emulateMedia({ media: "print" });
  await screenshot(v, "report-published-print");
  const pdf = await v.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, "report-published.pdf");
  writeFileSync(file, pdf);
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  expect(pages).toBeGreaterThan(0);
  expect(info).toMatch(/Page size:.*\(A4\)/);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  expect(text).toContain(reference);
  expect(text).toContain("Who works with whom");
  // The last page holds more than the footer (reference, data sources and map note).
  const lastPage = text
    .split("\f")
    .filter((p) => p.trim())
    .at(-1)!;
  const footer = (l: string) => l.includes(reference) || /OpenAlex, CC0|Natural Earth/.test(l);
  expect(lastPage.split("\n").filter((l) => l.trim() && !footer(l)).length).toBeGreaterThan(0);
  // No site navigation in the printed document.
  expect(text).not.toContain("Find partners");
  expect(text).not.toContain("Sign in");
  await context.close();
  await visitorContext.close();
}, 180_000);

it("at 390 px no report page or /data scrolls sideways, and axe finds no serious or critical violation", async () => {
  const { from, to } = defaultPeriod(new Date());
  const figures = await getReportFigures(getDb(), { from, to, country: [] }, { includeProposals: true });
  const published = await publishReport(getDb(), {
    figures,
    summary: "Phone check.",
    idempotencyKey: newPublishKey(),
    publisher: { id: secretariat.id, displayName: secretariat.displayName },
  });
  // bypassCSP: the app's CSP (nonces) would refuse axe's injected script.
  const context = await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, bypassCSP: true });
  const [name, value] = (await signIn(secretariat)).split("=");
  await context.addCookies([{ name, value, url: e2e.app.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pages: Array<[string, boolean]> = [
    ["/reports", true],
    [`/reports/published/${published.id}`, true],
    ["/secretariat/reports", true],
    ["/reports?from=2026-13-45", true], // the 400 state
    ["/reports?from=2001-01-01&to=2001-03-01", false], // no activity
    ["/reports?country=TR", false],
    ["/data", false],
  ];
  const wide: string[] = [];
  const violations: string[] = [];
  for (const [url, axe] of pages) {
    const res = await page.goto(`${e2e.app.url}${url}`);
    expect(res?.status(), url).toBe(url.includes("2026-13-45") ? 400 : 200);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) {
      // Name the widest elements that stick out, so a failure says where to look.
      const culprits = await page.evaluate(() =>
        [...document.querySelectorAll("main *")]
          .filter((el) => el.getBoundingClientRect().right > 392)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${(el.getAttribute("class") ?? "").replace(/\s+/g, ".")} ${Math.round(el.getBoundingClientRect().right)}`),
      );
      wide.push(`${url}: ${width} px (${culprits.join("; ")})`);
    }
    if (axe) violations.push(...(await axeViolations(page)).map((v) => `${url} ${v}`));
  }
  await screenshot(page, "reports-390px");
  expect(wide).toEqual([]);
  expect(violations).toEqual([]);
  await context.close();
}, 180_000);
