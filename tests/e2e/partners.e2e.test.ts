/**
 * /partners form controls and translated related-topic reasons, end to end
 * against the production build (real PostgreSQL and Meilisearch):
 * - a Russian (and Persian) page says why two topics are related in its own
 *   language, while /api/v1/partners keeps its shape and English `reason`;
 * - a labelled radio group chooses institutions, experts or both (`type`),
 *   without JavaScript, and keeps the choice;
 * - the topic and institution search boxes look like the form's other fields
 *   and their placeholders fit (en, fa; 390 and 1280 px);
 * - axe-core finds no violation of any impact on the results, empty and 400
 *   states, in English and Persian.
 * Screenshots go to test-results/screenshots/partners-form-*.png.
 */
import { beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import path from "node:path";
import { SCREENSHOT_DIR, axeViolations, screenshot, useAppAndBrowser } from "../helpers/browser";
import { getDb, upsertExpertProfileAs } from "../helpers";
import { verifiedInstitution } from "../proposal-fixtures";

const e2e = useAppAndBrowser();
const INTRUSION = "T10400"; // Network Security and Intrusion Detection
const WSN_SECURITY = "T11498"; // Security in Wireless Sensor Networks, related by the keyword "intrusion detection"
let wsnExpert: number;

beforeAll(async () => {
  const kz = await verifiedInstitution("KZ");
  const r = await upsertExpertProfileAs(getDb(), "partners-form-wsn", { fullName: "Aigerim Sensorova", institutionId: kz.id, topicIds: [WSN_SECURITY] });
  if (!r.ok) throw new Error(`setup: ${JSON.stringify(r.fieldErrors)}`);
  wsnExpert = r.expertId;
  // The server's own search worker indexes everything queued; wait until it has.
  const deadline = Date.now() + 240_000;
  while (((await (await fetch(`${e2e.app.url}/healthz`)).json()) as { outbox: { backlog: number } }).outbox.backlog !== 0) {
    if (Date.now() > deadline) throw new Error(`search backlog did not drain:\n${e2e.app.output().slice(-2000)}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}, 300_000);

/** The HTML of the page's <main> (what is shown; the loader data in the page's scripts is not), without React's `<!-- -->` between adjacent text parts. */
async function html(path: string, lng: string): Promise<string> {
  const page = await (await fetch(`${e2e.app.url}${path}`, { headers: { Cookie: `lng=${lng}` } })).text();
  const main = /<main[\s\S]*<\/main>/.exec(page);
  expect(main, `${path} has a <main>`).not.toBeNull();
  return main![0].replaceAll("<!-- -->", "");
}

/** A browser page in `lng` at `width` px; bypassCSP: the app's CSP (nonces) would refuse axe's injected script. */
async function pageIn(lng: string, width: number, javaScript = true): Promise<Page> {
  const context = await e2e.browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1, bypassCSP: true, javaScriptEnabled: javaScript });
  await context.addCookies([{ name: "lng", value: lng, url: e2e.app.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

it("a Russian or Persian page says why topics are related in its language; the API answer keeps its shape and English reason", async () => {
  const search = `topics=${INTRUSION}&type=expert`;
  const api = (await (await fetch(`${e2e.app.url}/api/v1/partners?${search}`, { headers: { Cookie: "lng=ru" } })).json()) as {
    results: Array<{ id: number; explanation: { relatedTopics: Array<Record<string, unknown>> } }>;
  };
  const hit = api.results.find((r) => r.id === wsnExpert);
  expect(hit?.explanation.relatedTopics).toEqual([
    {
      query: { id: INTRUSION, name: "Network Security and Intrusion Detection" },
      match: { id: WSN_SECURITY, name: "Security in Wireless Sensor Networks" },
      reason: expect.stringMatching(/^both list the keywords? .*“intrusion detection”/),
    },
  ]);
  // Exactly these keys: the structured reason the page uses stays inside the server.
  expect(Object.keys(hit!.explanation.relatedTopics[0])).toEqual(["query", "match", "reason"]);
  const reason = String(hit!.explanation.relatedTopics[0].reason);

  // English: the page says what the API says, word for word.
  expect(await html(`/partners?${search}`, "en")).toContain(`(${reason})`);
  const ru = await html(`/partners?${search}`, "ru");
  expect(ru).toMatch(/у обеих тем есть ключев(ое слово|ые слова) [^)]*«intrusion detection»/);
  expect(ru).not.toContain("both list the keyword");
  const fa = await html(`/partners?${search}`, "fa");
  expect(fa).toMatch(/هر دو کلیدواژه/);
  expect(fa).not.toContain("both list the keyword");
}, 120_000);

it("without JavaScript, a labelled radio group chooses experts only (type=expert) and keeps the choice; translated in Persian", async () => {
  const page = await pageIn("en", 1280, false);
  await page.goto(`${e2e.app.url}/partners?topics=${INTRUSION}`);
  const group = page.getByRole("group", { name: "Show" });
  expect(await group.getByRole("radio").count()).toBe(3);
  expect(await group.getByRole("radio", { name: "Institutions and experts" }).isChecked()).toBe(true);
  const kinds = async () => new Set(await page.locator("ol.results > li h2 .badge").allTextContents());
  expect(await kinds()).toEqual(new Set(["Institution", "Expert"]));
  await group.getByRole("radio", { name: "Experts only" }).check();
  await Promise.all([page.waitForURL(/type=expert/), page.getByRole("button", { name: "Apply" }).click()]);
  expect(new URL(page.url()).searchParams.getAll("type")).toEqual(["expert"]);
  expect(await kinds()).toEqual(new Set(["Expert"]));
  expect(await page.getByRole("group", { name: "Show" }).getByRole("radio", { name: "Experts only" }).isChecked()).toBe(true);
  // "Both" sends an empty value, which means the parameter is left out.
  await page.getByRole("group", { name: "Show" }).getByRole("radio", { name: "Institutions and experts" }).check();
  await Promise.all([
    page.waitForURL((u) => !u.searchParams.has("type") || u.searchParams.get("type") === ""),
    page.getByRole("button", { name: "Apply" }).click(),
  ]);
  expect(await kinds()).toEqual(new Set(["Institution", "Expert"]));
  await page.context().close();

  const fa = await pageIn("fa", 1280, false);
  await fa.goto(`${e2e.app.url}/partners?topics=${INTRUSION}&type=institution`);
  const faGroup = fa.getByRole("group", { name: "نمایش" });
  expect(await faGroup.getByRole("radio", { name: "فقط مؤسسه‌ها" }).isChecked()).toBe(true);
  expect(await faGroup.getByRole("radio", { name: "فقط متخصصان" }).isChecked()).toBe(false);
  await fa.context().close();
}, 120_000);

it("the topic and institution search boxes look like the form's fields and their placeholders fit (en, fa; 390 and 1280 px)", async () => {
  const problems: string[] = [];
  for (const lng of ["en", "fa"]) {
    for (const width of [390, 1280]) {
      const page = await pageIn(lng, width);
      await page.goto(`${e2e.app.url}/partners?topics=${INTRUSION}`);
      // On a phone the filters are folded: open them as a visitor would.
      await page.locator("details.collapse-narrow:has(#topicSearch)").evaluate((d) => ((d as HTMLDetailsElement).open = true));
      const looks = await page.evaluate(() => {
        const q = getComputedStyle(document.getElementById("q")!);
        return ["topicSearch", "excludeSearch", "minCountries"].map((id) => {
          const el = document.getElementById(id) as HTMLInputElement | HTMLSelectElement;
          const s = getComputedStyle(el);
          const box = el.parentElement!.getBoundingClientRect();
          const out: string[] = [];
          if (s.borderTopColor !== q.borderTopColor || s.borderRadius !== q.borderRadius) out.push(`border ${s.borderTopColor} ${s.borderRadius}`);
          if (s.fontFamily !== getComputedStyle(document.body).fontFamily) out.push(`font ${s.fontFamily}`);
          if (parseFloat(s.paddingInlineStart) < 6) out.push(`padding ${s.paddingInlineStart}`);
          // As wide as its box (the picker or fieldset content), less the padding.
          if (el.getBoundingClientRect().width < box.width - 2 * parseFloat(getComputedStyle(el.parentElement!).paddingInlineStart) - 2)
            out.push(`width ${el.getBoundingClientRect().width} of ${box.width}`);
          if (el instanceof HTMLInputElement) {
            // The placeholder as typed text: it fits when nothing scrolls, across or down.
            el.value = el.placeholder;
            if (el.scrollWidth > el.clientWidth) out.push(`placeholder clipped (${el.scrollWidth} > ${el.clientWidth} px)`);
            if (el.scrollHeight > el.clientHeight) out.push(`text cut vertically (${el.scrollHeight} > ${el.clientHeight} px)`);
            el.value = "";
          }
          return out.map((o) => `#${id}: ${o}`);
        });
      });
      problems.push(...looks.flat().map((x) => `${lng} ${width}: ${x}`));
      await screenshot(page, `partners-form-${lng}-${width}`);
      // The filter panel alone, at full size, to look at the controls.
      await page
        .locator(".search-layout > *")
        .first()
        .screenshot({ path: path.join(SCREENSHOT_DIR, `partners-form-${lng}-${width}-filters.png`) });
      await page.context().close();
    }
  }
  expect(problems).toEqual([]);
}, 180_000);

it("axe-core finds no violation (any impact) on the results, empty and 400 states, in English and Persian", async () => {
  const violations: string[] = [];
  for (const lng of ["en", "fa"]) {
    const page = await pageIn(lng, 1280);
    for (const [state, path, status] of [
      ["results", `/partners?topics=${INTRUSION}&type=expert`, 200],
      ["empty", "/partners", 200],
      ["400", "/partners?topics=nope&q=security", 400],
    ] as const) {
      const res = await page.goto(`${e2e.app.url}${path}`);
      expect(res?.status(), `${lng} ${state}`).toBe(status);
      violations.push(...(await axeViolations(page, { allImpacts: true })).map((v) => `${lng} ${state}: ${v}`));
    }
    await page.context().close();
  }
  expect(violations).toEqual([]);
}, 180_000);
