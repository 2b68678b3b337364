/**
 * Headless Chromium from Debian (/usr/bin/chromium, or CHROMIUM_PATH) driven by
 * playwright-core. Screenshots go to test-results/ for a human to look at.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { useAppServer, type AppServer } from "./app-server";

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, "../../test-results/screenshots");

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** Saves a full-page PNG as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Registers the usual e2e hooks: the production build served (useAppServer)
 * and a browser launched before the file's tests, both stopped after. Read
 * `.app` and `.browser` inside tests (they are set by then).
 */
export function useAppAndBrowser(): { readonly app: AppServer; browser: Browser } {
  const server = useAppServer();
  const e2e = {
    get app() {
      return server.app;
    },
  } as { readonly app: AppServer; browser: Browser };
  beforeAll(async () => {
    e2e.browser = await launchBrowser();
  });
  afterAll(async () => {
    await e2e.browser?.close();
  });
  return e2e;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core's serious and critical violations on the page, as "rule: target"
 * lines (WCAG 2.x A/AA rules and best practices; at most 3 nodes per rule).
 * The page's context needs `bypassCSP: true` (the app's CSP would refuse the
 * injected script). `rules`: only these rule ids (e.g. ["color-contrast"]);
 * `include`: a CSS selector to limit the check to; `allImpacts`: minor and
 * moderate violations too.
 */
export async function axeViolations(page: Page, opts: { rules?: string[]; include?: string; allImpacts?: boolean } = {}): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(
    ({ rules, include }) =>
      (
        window as unknown as {
          axe: { run: (ctx: unknown, opts: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> };
        }
      ).axe.run(include ? { include: [include] } : document, {
        runOnly: rules ? { type: "rule", values: rules } : { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        resultTypes: ["violations"],
      }),
    { rules: opts.rules ?? null, include: opts.include ?? null },
  );
  return results.violations
    .filter((v) => opts.allImpacts || v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id}: ${n.target.join(" ")}`));
}
