import { expect, it } from "vitest";
import { screenshot, useAppAndBrowser } from "../helpers/browser";
import { createUser, signIn } from "../factories";

const e2e = useAppAndBrowser();

it("a visitor searches for an institution, narrows by country and opens it", async () => {
  const page = await e2e.browser.newPage();
  await page.goto(`${e2e.app.url}/`);
  expect(await page.locator("h1").textContent()).toContain("ECO ICT Research Network");
  await page.getByRole("link", { name: /Browse .* institutions/ }).click();
  await page.getByRole("heading", { level: 1, name: "Institutions" }).waitFor();
  // The index catches up from the outbox in the background; wait until it has everything.
  await expect.poll(async () => (await (await fetch(`${e2e.app.url}/healthz`)).json()).outbox.backlog, { timeout: 30_000 }).toBe(0);
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
  // Client-side navigation: wait for the new page to render, not just the URL.
  await page.getByRole("heading", { level: 1, name: /Middle East Technical University/ }).waitFor();
  expect(await page.locator('main [lang="tr"]').first().textContent()).toBe("Orta Doğu Teknik Üniversitesi");
  expect(await page.getByRole("link", { name: "https://ror.org/014weej12" }).count()).toBe(1);
  await screenshot(page, "institution-page");
});

it("a researcher finds University of Tehran by دانشگاه تهران and Amirkabir by امیرکبیر (curated native names)", async () => {
  const context = await e2e.browser.newContext();
  const [name, value] = (await signIn(await createUser())).split("=");
  await context.addCookies([{ name, value, url: e2e.app.url }]);
  const page = await context.newPage();
  await page.goto(`${e2e.app.url}/institutions`);
  await expect.poll(async () => (await (await fetch(`${e2e.app.url}/healthz`)).json()).outbox.backlog, { timeout: 30_000 }).toBe(0);
  const first = page.locator("ol.results > li").first();
  for (const [query, expected] of [
    ["دانشگاه تهران", "University of Tehran"],
    ["امیرکبیر", "Amirkabir University of Technology"],
  ]) {
    await page.getByLabel("Search institutions").fill(query);
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((u) => u.searchParams.get("q") === query);
    await expect.poll(() => first.locator("h2 a").textContent(), { message: query }).toBe(expected);
  }
  await screenshot(page, "institutions-search-persian");
  await context.close();
});
