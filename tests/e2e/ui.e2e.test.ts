/**
 * End to end in Chromium, issue 14 items 5, 8 and 10:
 * - every button variant (each class combination the stylesheet gives
 *   `button` / `.button`, on white, on the page background and in the
 *   header) keeps WCAG AA text contrast at rest and with :hover, :focus,
 *   :focus-visible and :active forced (DevTools protocol), and shows a
 *   focus ring;
 * - at 390 × 844 the main pages of each role (anonymous, researcher,
 *   institution admin, secretariat), and reachable states (menu and filters
 *   open, forms with errors, the decision confirmation, an error page), do
 *   not scroll sideways and axe-core finds no serious or critical violation;
 *   the header stays one row; the first partner result is on the first screen;
 * - skip link, focus ring, the bell as an SVG with its unread count, and the
 *   confirmation step before approve/reject, with and without JavaScript.
 * Screenshots at 390 and 1280 px go to test-results/screenshots/ui-*.png.
 */
import { beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { axeViolations, screenshot, useAppAndBrowser } from "../helpers/browser";
import { signIn } from "../factories";
import { getDb } from "../helpers";
import { routeFixtures, type FixtureRole } from "../helpers/route-fixtures";
import type { TestUser } from "../factories";
import { notify } from "../../app/features/messaging/notification.server";

const e2e = useAppAndBrowser();
let users: Record<FixtureRole, TestUser>;
let fill: Record<string, string>;
/** Proposals under review (decided by the tests below, one each). */
const underReview: number[] = [];

beforeAll(async () => {
  ({ users, fill } = await routeFixtures());
  const db = getDb();
  const lead = Number(fill.institution);
  for (let i = 0; i < 3; i++) {
    const p = await db
      .insertInto("proposals")
      .values({
        lead_institution_id: lead,
        title: `Decision panel proposal ${i + 1}`,
        status: "under_review",
        reference_code: `ECO-ICT-2026-98${i}0`,
        submitted_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    underReview.push(p.id);
  }
  // A long e-mail address (shown on /account and a public profile) must wrap, not widen the page.
  await db
    .updateTable("users")
    .set({ email: "a-rather-long-address-for-the-narrow-layout-check-1796009018214@example.org" })
    .where("id", "=", users.researcher.id)
    .execute();
  await notify(db, [users.researcher.id], { kind: "decision", title: "Unread notice", body: "For the bell.", url: "/notifications" });
  // The server's own search worker indexes everything queued; wait until it has.
  const deadline = Date.now() + 240_000;
  while (((await (await fetch(`${e2e.app.url}/healthz`)).json()) as { outbox: { backlog: number } }).outbox.backlog !== 0) {
    if (Date.now() > deadline) throw new Error(`search backlog did not drain:\n${e2e.app.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 300_000);

async function contextAs(
  role: FixtureRole | "anonymous",
  opts: { width?: number; javaScript?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  // bypassCSP: the app's CSP (nonces) would refuse axe's injected script.
  const context = await e2e.browser.newContext({
    viewport: { width: opts.width ?? 390, height: 844 },
    deviceScaleFactor: 1,
    bypassCSP: true,
    javaScriptEnabled: opts.javaScript ?? true,
  });
  if (role !== "anonymous") {
    const [name, value] = (await signIn(users[role])).split("=");
    await context.addCookies([{ name, value, url: e2e.app.url }]);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Waits until React has hydrated the page's main form (it sets its own properties on the node): before that a click meets the browser's `required` check. */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const form = document.querySelector("main form");
      return !!form && Object.keys(form).some((k) => k.startsWith("__reactProps"));
    },
    undefined,
    { timeout: 20_000 },
  );
}

const fillIn = (path: string) => path.replace(/\{(\w+)\}/g, (_, k: string) => fill[k] ?? `{${k}}`);

/** Main pages of each role: path and the status it must answer. */
const PAGES: Record<FixtureRole | "anonymous", Array<[string, number]>> = {
  anonymous: [
    ["/", 200],
    ["/institutions?q=university", 200],
    ["/institutions/{institution}", 200],
    ["/experts", 200],
    ["/experts/{expert}", 200],
    ["/partners?q=machine+learning", 200],
    ["/calls", 200],
    ["/calls/{call}", 200],
    ["/projects", 200],
    ["/projects/{project}", 200],
    ["/login", 200],
    ["/join", 200],
    ["/institutions/999999999", 404],
  ],
  researcher: [
    ["/me/profile", 200],
    ["/proposals", 200],
    ["/messages", 200],
    ["/messages/{conversation}", 200],
    ["/notifications", 200],
    ["/account", 200],
    ["/partners?q=wireless+sensor+networks", 200],
  ],
  institutionAdmin: [
    ["/institutions/{institution}/edit", 200],
    ["/calls/new", 200],
    ["/calls/{call}", 200],
    ["/proposals/{proposal}", 200],
    ["/proposals/{proposal}/edit", 200],
    ["/proposals/new", 200],
  ],
  secretariat: [
    ["/secretariat", 200],
    ["/secretariat/proposals", 200],
    ["/secretariat/institutions", 200],
    ["/secretariat/message-reports", 200],
    ["/secretariat/proposals/{underReview}", 200],
  ],
  admin: [["/admin/users", 200]],
};

/** Sideways scroll and axe findings of the page as it is now, prefixed with `label`. */
async function problemsOf(page: Page, label: string): Promise<string[]> {
  const out: string[] = [];
  const { scrollWidth, clientWidth, culprits } = await page.evaluate(() => {
    const { scrollWidth, clientWidth } = document.scrollingElement!;
    const sticksOut = (e: Element) => e.getBoundingClientRect().right > clientWidth + 0.5;
    // The innermost elements reaching past the right edge, to say what to fix.
    const culprits = Array.from(document.querySelectorAll("body *"))
      .filter((e) => sticksOut(e) && !Array.from(e.children).some(sticksOut))
      .slice(0, 3)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${typeof e.className === "string" && e.className ? `.${e.className.trim().split(/\s+/).join(".")}` : ""}`,
      );
    return { scrollWidth, clientWidth, culprits };
  });
  if (scrollWidth > clientWidth) out.push(`${label}: scrolls sideways (${scrollWidth} > ${clientWidth} px: ${culprits.join(", ")})`);
  out.push(...(await axeViolations(page)).map((v) => `${label}: ${v}`));
  return out;
}

it("at 390 px the main pages of each role and their reachable states neither scroll sideways nor have serious axe violations", async () => {
  fill.underReview = String(underReview[0]);
  const problems: string[] = [];
  const headerHeights: string[] = [];
  for (const [role, pages] of Object.entries(PAGES) as Array<[FixtureRole | "anonymous", Array<[string, number]>]>) {
    const { context, page } = await contextAs(role);
    for (const [path, status] of pages) {
      const res = await page.goto(`${e2e.app.url}${fillIn(path)}`);
      expect(res?.status(), `${role} ${path}`).toBe(status);
      problems.push(...(await problemsOf(page, `${role} ${path}`)));
      const h = await page.locator("header.site-header").evaluate((el) => el.getBoundingClientRect().height);
      if (h > 90) headerHeights.push(`${role} ${path}: ${h} px`);
    }
    if (role === "anonymous") {
      // The menu open; the filters open; a form with errors.
      await page.goto(`${e2e.app.url}/experts`);
      await page.getByText("Menu", { exact: true }).click();
      await expect.poll(() => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Institutions" }).isVisible()).toBe(true);
      problems.push(...(await problemsOf(page, "anonymous menu open")));
      await screenshot(page, "ui-390-menu-open");
      await page.getByText("Menu", { exact: true }).click();
      await page.locator("summary", { hasText: "Filters" }).click();
      await expect.poll(() => page.getByRole("group", { name: "Member state" }).isVisible()).toBe(true);
      problems.push(...(await problemsOf(page, "anonymous /experts filters open")));
      await page.goto(`${e2e.app.url}/login`);
      // Hydrated first (it waits for the page's catalogues): before that the browser's own `required` check answers the click.
      await hydrated(page);
      // The server's 400 page (the state a visitor without JavaScript, or one who clicks before hydration, reaches).
      await Promise.all([page.waitForLoadState("load"), page.locator("main form").evaluate((f) => (f as HTMLFormElement).submit())]);
      // Shown by the hydrated form, or by the server's 400 page when the click came first: either may take a while under load.
      await expect.poll(() => page.locator("main [aria-invalid=true]").count(), { timeout: 20_000 }).toBeGreaterThan(0);
      problems.push(...(await problemsOf(page, "anonymous /login with errors")));
    }
    if (role === "institutionAdmin") {
      await page.goto(`${e2e.app.url}/calls/new`);
      await hydrated(page);
      await page.getByLabel("Title").fill("");
      await Promise.all([
        page.waitForLoadState("load"),
        page.getByRole("button", { name: "Save draft" }).evaluate((b) => (b as HTMLButtonElement).form!.submit()),
      ]);
      await expect.poll(() => page.locator("main .field-error").count(), { timeout: 20_000 }).toBeGreaterThan(0);
      problems.push(...(await problemsOf(page, "institutionAdmin /calls/new with errors")));
    }
    if (role === "secretariat") {
      // The decision panel, its confirmation step, and a reject without its comment.
      await page.goto(`${e2e.app.url}/secretariat/proposals/${underReview[0]}`);
      await hydrated(page);
      await page.getByRole("button", { name: "Reject", exact: true }).click();
      await expect.poll(() => page.getByText("a comment is required").count()).toBeGreaterThan(0);
      problems.push(...(await problemsOf(page, "secretariat decision with an error")));
      await page.getByLabel(/^Comment/).fill("Outside the call's scope.");
      await page.getByRole("button", { name: "Reject", exact: true }).click();
      await expect.poll(() => page.getByRole("heading", { name: "Confirm: Reject" }).count()).toBe(1);
      problems.push(...(await problemsOf(page, "secretariat decision confirmation")));
      await screenshot(page, "ui-390-decision-confirm");
    }
    await context.close();
  }
  expect(problems).toEqual([]);
  // Issue 14: the header took up to 545 of 844 px; now one row (brand and "Menu").
  expect(headerHeights).toEqual([]);
}, 600_000);

it("at 390 px the first partner result is on the first screen; screenshots at 390 and 1280 px", async () => {
  fill.underReview = String(underReview[0]);
  for (const width of [390, 1280]) {
    const anon = await contextAs("anonymous", { width });
    await anon.page.goto(`${e2e.app.url}/partners?q=machine+learning`);
    const first = anon.page.locator("ol.results > li").first();
    expect(await first.count()).toBe(1);
    if (width === 390) expect(await first.evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(844);
    await screenshot(anon.page, `ui-${width}-partners`);
    await anon.context.close();
    const s = await contextAs("secretariat", { width });
    await s.page.goto(`${e2e.app.url}/secretariat/proposals`);
    expect(await s.page.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth)).toBe(true);
    await screenshot(s.page, `ui-${width}-secretariat-queue`);
    await s.page.goto(`${e2e.app.url}/secretariat/proposals/${underReview[0]}`);
    await screenshot(s.page, `ui-${width}-proposal`);
    await s.context.close();
  }
}, 180_000);

it("every button variant keeps AA contrast at rest, on hover, focus and press, and shows a focus ring", async () => {
  const { context, page } = await contextAs("anonymous", { width: 1280 });
  // After hydration: React hydrating a page whose <main> was rewritten below would render it anew
  // and drop the injected variants (a fresh CI machine once found none of them).
  await page.goto(`${e2e.app.url}/login`, { waitUntil: "networkidle" });
  // Every modifier class the stylesheet combines with `button` / `.button` (screen media).
  const modifiers = await page.evaluate(() => {
    const found = new Set<string>();
    const visit = (rules: CSSRuleList) => {
      for (const r of Array.from(rules)) {
        if (r instanceof CSSMediaRule && /print/.test(r.media.mediaText)) continue;
        if ("cssRules" in r && !(r instanceof CSSStyleRule)) visit((r as CSSGroupingRule).cssRules);
        if (!(r instanceof CSSStyleRule)) continue;
        for (const compound of r.selectorText.split(/[\s,>+~]+/)) {
          if (!/^button\b|\.button\b/.test(compound)) continue;
          for (const m of compound.matchAll(/\.([\w-]+)/g)) if (m[1] !== "button") found.add(m[1]);
        }
      }
    };
    for (const sheet of Array.from(document.styleSheets)) visit(sheet.cssRules);
    return [...found].sort();
  });
  expect(modifiers).toEqual(expect.arrayContaining(["danger", "secondary", "small"]));
  const combos: string[][] = [[]];
  for (const m of modifiers) for (const c of [...combos]) combos.push([...c, m]);

  // Each combination as <button>, <button disabled> and <a class="button">, on a card, on the page background and in the header.
  await page.evaluate((combos) => {
    const html = (tag: string) =>
      combos
        .map((c) => {
          const cls = c.join(" ");
          return `<button type="button" class="${cls}" data-variant="button.${cls}">Reject</button>
            <button type="button" class="${cls}" disabled data-variant="button.${cls}:disabled">Cancel call</button>
            <a href="#x" class="button ${cls}" data-variant="a.button.${cls}">Cancel call</a>`;
        })
        .join(" ")
        .replaceAll('data-variant="', `data-variant="${tag} `);
    document.querySelector("main")!.innerHTML = `<div id="variants"><div class="card">${html("card")}</div><div>${html("page")}</div></div>`;
    document.querySelector(".site-header nav[aria-label=Account]")!.insertAdjacentHTML("beforeend", `<span id="header-variants">${html("header")}</span>`);
  }, combos);

  await expect.poll(() => page.locator("[data-variant]").count()).toBe(combos.length * 3 * 3);
  const cdp = await context.newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  const { nodeIds } = await cdp.send("DOM.querySelectorAll", { nodeId: root.nodeId, selector: "[data-variant]" });
  expect(nodeIds.length).toBe(combos.length * 3 * 3);
  const failures: string[] = [];
  for (const state of [[], ["hover"], ["focus"], ["focus", "focus-visible"], ["active"], ["hover", "focus", "focus-visible", "active"]]) {
    for (const nodeId of nodeIds) await cdp.send("CSS.forcePseudoState", { nodeId, forcedPseudoClasses: state });
    const measured = await page.evaluate(() => {
      const rgba = (c: string): number[] => {
        const n = c.match(/[\d.]+/g)!.map(Number);
        return [n[0], n[1], n[2], n[3] ?? 1];
      };
      const over = (top: number[], under: number[]) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
      // The colour behind an element: its own background over its ancestors' (white at the root).
      const backdrop = (el: Element | null): number[] => {
        const layers: number[][] = [];
        for (let e = el; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
        return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
      };
      const lum = (c: number[]) => {
        const [r, g, b] = c.slice(0, 3).map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a: number[], b: number[]) => {
        const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
      };
      return Array.from(document.querySelectorAll<HTMLElement>("[data-variant]")).map((el) => {
        const cs = getComputedStyle(el);
        const bg = backdrop(el);
        const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2 ? ratio(rgba(cs.outlineColor), backdrop(el.parentElement)) : 0;
        return { variant: el.dataset.variant!, text: ratio(over(rgba(cs.color), bg), bg), outline };
      });
    });
    for (const m of measured) {
      if (m.text < 4.5) failures.push(`${m.variant} [${state.join(",") || "rest"}]: text contrast ${m.text.toFixed(2)}`);
      if (state.includes("focus-visible") && m.outline < 3)
        failures.push(`${m.variant} [${state.join(",")}]: no focus ring with 3:1 contrast (${m.outline.toFixed(2)})`);
    }
  }
  for (const nodeId of nodeIds) await cdp.send("CSS.forcePseudoState", { nodeId, forcedPseudoClasses: [] });
  expect(failures).toEqual([]);
  // axe's own colour-contrast rule agrees for the resting state.
  expect(await axeViolations(page, { rules: ["color-contrast"], include: "#variants" })).toEqual([]);
  await context.close();
}, 180_000);

it("skip link, focus ring and the bell: keyboard users skip the menu; the bell is an SVG named with the unread count", async () => {
  const { context, page } = await contextAs("researcher", { width: 1280 });
  await page.goto(`${e2e.app.url}/experts`);
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const a = document.activeElement as HTMLElement;
    const r = a.getBoundingClientRect();
    return { text: a.textContent, top: r.top, outline: getComputedStyle(a).outlineStyle };
  });
  expect(skip.text).toBe("Skip to content");
  expect(skip.top).toBeGreaterThanOrEqual(0); // on screen once focused
  expect(skip.outline).toBe("solid");
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
  await page.keyboard.press("Tab");
  const next = await page.evaluate(() => ({
    inMain: Boolean(document.activeElement?.closest("main")),
    outline: getComputedStyle(document.activeElement!).outlineStyle,
  }));
  expect(next).toEqual({ inMain: true, outline: "solid" });

  const bell = page.getByRole("link", { name: "Notifications: 1 unread" });
  expect(await bell.locator("svg").count()).toBe(1);
  expect((await bell.textContent())?.trim()).toBe("1");
  expect(await page.locator("header").textContent()).not.toContain("🔔");
  await context.close();
}, 60_000);

it("approve and reject ask for confirmation first: the first submit changes nothing, with or without JavaScript", async () => {
  const db = getDb();
  const statusOf = async (id: number) => (await db.selectFrom("proposals").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
  // Without JavaScript: approve.
  const nojs = await contextAs("secretariat", { width: 390, javaScript: false });
  await nojs.page.goto(`${e2e.app.url}/secretariat/proposals/${underReview[1]}`);
  await nojs.page.getByRole("button", { name: "Approve", exact: true }).click();
  await nojs.page.getByRole("heading", { name: "Confirm: Approve" }).waitFor();
  expect(await nojs.page.locator("main").textContent()).toContain("Decision panel proposal 2");
  expect(await statusOf(underReview[1])).toBe("under_review");
  await nojs.page.getByRole("button", { name: "Yes, approve" }).click();
  await expect.poll(() => nojs.page.getByRole("status").textContent()).toContain("Approve: done");
  expect(await statusOf(underReview[1])).toBe("approved");
  await nojs.context.close();

  // With JavaScript: reject, going back once first.
  const js = await contextAs("secretariat", { width: 1280 });
  await js.page.goto(`${e2e.app.url}/secretariat/proposals/${underReview[2]}`);
  await js.page.getByLabel(/^Comment/).fill("Budget not justified.");
  await js.page.getByRole("button", { name: "Reject", exact: true }).click();
  await expect.poll(() => js.page.getByRole("heading", { name: "Confirm: Reject" }).count()).toBe(1);
  expect(await js.page.locator(".confirm-decision").textContent()).toContain("Budget not justified.");
  await js.page.getByRole("link", { name: "Back, do not decide yet" }).click();
  await expect.poll(() => js.page.getByRole("button", { name: "Reject", exact: true }).count()).toBe(1);
  expect(await statusOf(underReview[2])).toBe("under_review");
  await js.page.getByLabel(/^Comment/).fill("Budget not justified.");
  await js.page.getByRole("button", { name: "Reject", exact: true }).click();
  await js.page.getByRole("button", { name: "Yes, reject" }).click();
  await expect.poll(() => js.page.getByRole("status").textContent()).toContain("Reject: done");
  expect(await statusOf(underReview[2])).toBe("rejected");
  await js.context.close();
}, 120_000);

it("without JavaScript the menu and the filters open from their buttons at 390 px", async () => {
  const { context, page } = await contextAs("anonymous", { javaScript: false });
  await page.goto(`${e2e.app.url}/experts`);
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Institutions" });
  expect(await link.isVisible()).toBe(false);
  await page.getByText("Menu", { exact: true }).click();
  expect(await link.isVisible()).toBe(true);
  await page.getByText("Menu", { exact: true }).click(); // the open menu lies over the page; close it
  expect(await link.isVisible()).toBe(false);
  const facet = page.getByRole("group", { name: "Member state" });
  expect(await facet.isVisible()).toBe(false);
  await page.locator("summary", { hasText: "Filters" }).click();
  expect(await facet.isVisible()).toBe(true);
  await context.close();
}, 60_000);
