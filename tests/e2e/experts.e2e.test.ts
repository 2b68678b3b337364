/**
 * End to end in Chromium against `server.ts` on a FRESH, empty database: the
 * server imports the reference data and loads the demo experts by itself (the
 * README's promise that the app is never empty), then a visitor finds an
 * expert by a Cyrillic and by a Persian name variant, opens the profile and
 * sees the email only as its visibility allows. Also without JavaScript.
 */
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { connect, withDatabase, type DbHandle } from "../../db/connect";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, screenshot } from "../helpers/browser";

const FRESH_DB = `eco_test_e2e_fresh_${process.pid}`;
let app: AppServer;
let browser: Browser;
let fresh: DbHandle;

/** A demo expert whose variant in `script` is unique (so it must be the first hit), with `visibility`. */
async function demoExpert(script: "Cyrillic" | "Arabic", visibility: "public" | "members" | "hidden") {
  const pattern = script === "Cyrillic" ? "[А-Яа-яЁёҚқҒғҮүҰұӘәӨөҺһІіҲҳҶҷӮӯ]" : "[؀-ۿ]";
  const { rows } = await fresh.sql
    .unsafe(
      `select e.id, e.full_name, e.name_variants[1] as variant, e.contact_email
       from experts e
      where e.is_demo and e.contact_visibility = $1 and e.contact_email is not null
        and e.name_variants[1] ~ $2
        and (select count(*) from experts o where o.name_variants[1] = e.name_variants[1] or o.full_name = e.full_name) = 1
      order by e.id limit 1`,
      [visibility, pattern],
    )
    .then((r) => ({ rows: r as unknown as Array<{ id: number; full_name: string; variant: string; contact_email: string }> }));
  if (!rows[0]) throw new Error(`no demo expert with a unique ${script} variant and ${visibility} email`);
  return rows[0];
}

beforeAll(async () => {
  const admin = connect(inject("adminDatabaseUrl"), { max: 1 });
  await admin.sql.unsafe(`drop database if exists ${FRESH_DB} with (force)`);
  await admin.sql.unsafe(`create database ${FRESH_DB}`);
  await admin.close();
  const url = withDatabase(inject("adminDatabaseUrl"), FRESH_DB);
  app = await startAppServer({ DATABASE_URL: url });
  fresh = connect(url, { max: 2 });
  browser = await launchBrowser();
  // The index catches up from the outbox in the background; wait until it has everything.
  const deadline = Date.now() + 60_000;
  while ((await (await fetch(`${app.url}/healthz`)).json()).outbox.backlog !== 0) {
    if (Date.now() > deadline) throw new Error(`search backlog did not drain:\n${app.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fresh?.close();
  const admin = connect(inject("adminDatabaseUrl"), { max: 1 });
  await admin.sql.unsafe(`drop database if exists ${FRESH_DB} with (force)`);
  await admin.close();
});

it("a fresh start loads demo experts from all ten member states", async () => {
  expect(app.output()).toMatch(/Loaded 600 generated demo experts/);
  const res = await fetch(`${app.url}/api/v1/experts`);
  const body = await res.json();
  expect(body.total).toBe(600);
});

it("a visitor finds an expert by a Cyrillic name variant, opens the profile and sees the public email", async () => {
  const expert = await demoExpert("Cyrillic", "public");
  const page = await browser.newPage();
  await page.goto(`${app.url}/`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Experts" }).click();
  await page.waitForURL(/\/experts$/);
  await page.getByLabel("Search experts").fill(expert.variant);
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/q=/);
  const first = page.locator("ol.results > li").first();
  await expect.poll(() => first.locator("h2 a").textContent()).toBe(expert.full_name);
  // The variant that matched is shown, highlighted.
  expect(await first.locator(".names mark").first().textContent()).toBeTruthy();
  expect(await first.locator(".names").textContent()).toContain(expert.variant);
  await screenshot(page, "experts-search-cyrillic");
  await first.locator("h2 a").click();
  await page.waitForURL(new RegExp(`/experts/${expert.id}$`));
  // Client-side navigation: the URL can change a moment before the new page renders.
  await page.locator("h1", { hasText: expert.full_name }).waitFor();
  expect(await page.locator("ul.variants").textContent()).toContain(`${expert.variant} (Cyrillic)`);
  expect(await page.getByTestId("contact").getByRole("link").textContent()).toBe(expert.contact_email);
  expect(await page.locator(".badge", { hasText: "demo profile" }).count()).toBe(1);
  await screenshot(page, "expert-profile");
  await page.close();
});

it("a Persian variant typed with Arabic letters (ي, ك) finds the same expert; members-only and hidden emails stay off the page", async () => {
  const expert = await demoExpert("Arabic", "members");
  const arabicLetters = expert.variant.replace(/ی/g, "ي").replace(/ک/g, "ك");
  const page = await browser.newPage();
  await page.goto(`${app.url}/experts?q=${encodeURIComponent(arabicLetters)}`);
  const first = page.locator("ol.results > li").first();
  expect(await first.locator("h2 a").textContent()).toBe(expert.full_name);
  await first.locator("h2 a").click();
  await page.waitForURL(new RegExp(`/experts/${expert.id}$`));
  await page.locator("h1", { hasText: expert.full_name }).waitFor();
  expect(await page.getByTestId("contact").textContent()).toBe("Visible to signed-in members of the network.");
  expect(await page.content()).not.toContain(expert.contact_email);

  const hidden = await demoExpert("Cyrillic", "hidden");
  await page.goto(`${app.url}/experts/${hidden.id}`);
  expect(await page.getByTestId("contact").textContent()).toBe("Not shared publicly.");
  expect(await page.content()).not.toContain(hidden.contact_email);
  // Nor in the page's data for client-side navigation, nor in the API.
  const data = await (await fetch(`${app.url}/experts/${hidden.id}?_data=routes/experts.$id`)).text();
  expect(data).not.toContain(hidden.contact_email);
  const api = await (await fetch(`${app.url}/api/v1/experts?q=${encodeURIComponent(hidden.full_name)}`)).text();
  expect(api).toContain(hidden.full_name);
  expect(api).not.toContain(hidden.contact_email);
  await page.close();
});

it("facets narrow the list and keep their state in the URL; without JavaScript the form still works", async () => {
  const page = await browser.newPage();
  await page.goto(`${app.url}/experts`);
  const count = async () => Number((await page.locator("section p.meta").first().textContent())?.match(/^(\d+)/)?.[1]);
  await page.getByRole("checkbox", { name: /^Kazakhstan/ }).check();
  await page.waitForURL(/country=KZ/);
  await expect.poll(count).toBe(60);
  await page.getByRole("checkbox", { name: /^Supervision/ }).check();
  await page.waitForURL(/openTo=supervision/);
  await expect.poll(count).toBeLessThan(60);
  expect(await count()).toBeGreaterThan(0);
  for (const li of await page.locator("ol.results > li").all()) {
    expect(await li.textContent()).toContain("Kazakhstan");
    expect(await li.textContent()).toContain("Supervision");
  }
  await screenshot(page, "experts-facets");
  await page.close();

  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await noJs.newPage();
  await p2.goto(`${app.url}/experts`);
  await p2.getByLabel("Search experts").fill("Каримов");
  await p2.getByRole("checkbox", { name: /^Tajikistan/ }).check();
  await p2.getByRole("button", { name: "Apply filters" }).click();
  await p2.waitForURL(/country=TJ/);
  expect(p2.url()).toMatch(/q=%D0%9A/);
  const names = await p2.locator("ol.results > li .names").allTextContents();
  expect(names.length).toBeGreaterThan(0);
  for (const t of names) expect(t).toMatch(/Карим|Раҳим|Каримов/);
  await noJs.close();
});

it("without JavaScript, /partners finds partners for typed text, explains them and suggests a consortium", async () => {
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const page = await noJs.newPage();
  await page.goto(`${app.url}/`);
  await page.getByRole("link", { name: "Find partners" }).click();
  await page.getByPlaceholder(/What the project is about/).fill("topic modeling");
  await page.getByLabel("Suggest a consortium of at least … member states").selectOption("3");
  await page.getByRole("button", { name: "Find partners" }).click();
  await page.waitForURL(/\/partners\?/);
  await page.getByRole("heading", { name: "Suggested consortium" }).waitFor();
  const text = await page.locator("main").innerText();
  // The chip is a flex box: the topic name (lang="en") and "(from your text)" are separate lines of innerText.
  expect(text).toMatch(/Topic Modeling\s+\(from your text\)/);
  expect(text).toMatch(/Shared topics: .*Topic Modeling/);
  expect(text).toMatch(/brings Topic Modeling/);
  await screenshot(page, "partners");
  await noJs.close();
});
