import { afterAll, beforeAll, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, screenshot } from "../helpers/browser";

let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

it("a visitor searches for an institution, narrows by country and opens it", async () => {
  const page = await browser.newPage();
  await page.goto(`${app.url}/`);
  expect(await page.locator("h1").textContent()).toContain("ECO ICT Research Network");
  await page.getByRole("link", { name: /Browse .* institutions/ }).click();
  await page.waitForURL(/\/institutions/);
  // The index catches up from the outbox in the background; wait until it has everything.
  await expect.poll(async () => (await (await fetch(`${app.url}/healthz`)).json()).outbox.backlog, { timeout: 30_000 }).toBe(0);
  await page.getByLabel("Search institutions").fill("Orta Doğu Teknik");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/q=Orta/);
  const first = page.locator("ol.results > li").first();
  await expect.poll(() => first.locator("h2 a").textContent()).toBe("Middle East Technical University");
  await page.getByLabel(/Türkiye/).check();
  await page.waitForURL(/country=TR/);
  await screenshot(page, "institutions-search");
  await first.locator("h2 a").click();
  await page.waitForURL(/\/institutions\/\d+$/);
  // The URL changes before React has rendered the new page: wait for the heading.
  await expect.poll(() => page.locator("h1").textContent()).toContain("Middle East Technical University");
  expect(await page.locator('[lang="tr"]').first().textContent()).toBe("Orta Doğu Teknik Üniversitesi");
  expect(await page.getByRole("link", { name: "https://ror.org/014weej12" }).count()).toBe(1);
  await screenshot(page, "institution-page");
});
