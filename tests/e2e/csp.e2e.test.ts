/**
 * End to end in Chromium against the production build: under the Content
 * Security Policy (nonces for Remix's inline scripts, no 'unsafe-inline' for
 * scripts) the main pages still hydrate — a click on a navigation link is a
 * client-side navigation, the same window — and Chromium reports no CSP
 * violation (neither a `securitypolicyviolation` event nor a console
 * message). Also: a browser that signs in with a crafted redirectTo stays on
 * the site.
 */
import { expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { useAppAndBrowser } from "../helpers/browser";
import { getDb, upsertExpertProfileAs } from "../helpers";
import { DEFAULT_PASSWORD, anInstitutionId, createUser } from "../factories";

const e2e = useAppAndBrowser();

/** A context whose pages report CSP violations and console errors into the returned arrays. */
async function watchedContext(): Promise<{ context: BrowserContext; violations: string[]; consoleErrors: string[] }> {
  const context = await e2e.browser.newContext();
  const violations: string[] = [];
  const consoleErrors: string[] = [];
  await context.exposeBinding("__reportCspViolation", (_source, v: string) => void violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCspViolation(v: string): void }).__reportCspViolation(
        `${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`,
      );
    });
  });
  context.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
    else if (m.type() === "error") consoleErrors.push(`${m.location().url}: ${m.text()}`);
  });
  context.on("weberror", (err) => consoleErrors.push(err.error().message));
  return { context, violations, consoleErrors };
}

/** Waits until Remix's client has started (it sets window.__remixRouter); fails naming the violations when it does not. */
async function hydrated(page: Page, violations: string[]) {
  await page
    .waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 })
    .catch(() => {
      throw new Error(`${page.url()} did not hydrate. CSP violations: ${JSON.stringify(violations)}`);
    });
}

/** Opens `path`, waits for Remix to hydrate, then follows the "Projects" link: a client-side navigation keeps the window's marker. */
async function hydratesAndNavigates(page: Page, path: string, violations: string[]) {
  await page.goto(`${e2e.app.url}${path}`);
  await hydrated(page, violations);
  await page.evaluate((p) => ((window as unknown as { __marker: string }).__marker = p), path);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
  await page.waitForURL(/\/projects$/);
  await expect.poll(() => page.locator("h1").first().textContent()).toMatch(/projects/i);
  expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker), `${path}: navigation was a full page load`).toBe(path);
}

it("the main pages hydrate and navigate client-side with no CSP violation", async () => {
  const institution = await anInstitutionId();
  const researcher = await createUser();
  const expert = await upsertExpertProfileAs(getDb(), researcher.id, { fullName: "Dilnoza Karimova", institutionId: institution });
  if (!expert.ok) throw new Error("expert not created");
  const secretariat = await createUser({ role: "secretariat" });

  const { context, violations, consoleErrors } = await watchedContext();
  const page = await context.newPage();
  for (const path of ["/", "/institutions", "/experts", "/partners", "/calls", `/experts/${expert.expertId}`, `/institutions/${institution}`, "/login"]) {
    await hydratesAndNavigates(page, path, violations);
  }

  // An interactive element: the sign-in form validates on the client, then signs in and follows redirectTo.
  await page.goto(`${e2e.app.url}/login?redirectTo=%2Fsecretariat`);
  await hydrated(page, violations);
  await page.getByLabel("Email").fill(secretariat.email);
  await page.getByLabel("Password").fill(DEFAULT_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${e2e.app.url}/secretariat`);
  await expect.poll(() => page.locator("h1").textContent()).toBe("Secretariat");
  for (const path of ["/secretariat", "/secretariat/proposals", "/secretariat/institutions"]) await hydratesAndNavigates(page, path, violations);

  expect(violations).toEqual([]);
  expect(consoleErrors).toEqual([]);
  await context.close();
}, 120_000);

it("a browser signing in with redirectTo=/a/..//evil.example lands on this site's start page", async () => {
  const user = await createUser();
  const { context, violations } = await watchedContext();
  const page = await context.newPage();
  await page.goto(`${e2e.app.url}/login?redirectTo=${encodeURIComponent("/a/..//evil.example")}`);
  await hydrated(page, violations);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(DEFAULT_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${e2e.app.url}/`);
  await expect.poll(() => page.getByRole("status").textContent()).toContain(`Signed in as ${user.email}`);
  expect(new URL(page.url()).origin).toBe(e2e.app.url);
  expect(violations).toEqual([]);
  await context.close();
});
