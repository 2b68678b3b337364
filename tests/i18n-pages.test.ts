/**
 * Every page route in every interface language, over HTTP against the
 * production build, as a visitor who may see it: the page answers its usual
 * status, `<html lang dir>` follows the language, and no catalogue key shows
 * in its text (a missing translation must never read `nav.institutions`).
 * Error states too: a 404 page, a 400 form, an unknown address.
 * A page route missing from PAGES fails the first test by name.
 */
import fs from "node:fs";
import path from "node:path";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { signIn } from "./factories";
import { routeFixtures, type FixtureRole } from "./helpers/route-fixtures";
import { ROUTES_DIR, patternOf, routeFiles } from "./helpers/routes";
import { LANGUAGES, NAMESPACES } from "../app/i18n/languages";

type As = FixtureRole | "anonymous";
interface Page {
  path: string;
  as: As;
  status?: number;
  method?: "POST";
  body?: Record<string, string>;
}

/** One request per page route (and error states), as someone who may see it. */
const PAGES: Page[] = [
  { path: "/", as: "anonymous" },
  { path: "/institutions", as: "anonymous" },
  { path: "/institutions?q=zzzzqqqq", as: "anonymous" },
  { path: "/institutions/{institution}", as: "anonymous" },
  { path: "/institutions/{institution}/edit", as: "institutionAdmin" },
  { path: "/institutions/new", as: "researcher" },
  { path: "/experts?q=researcher", as: "anonymous" },
  { path: "/experts/{expert}", as: "researcher" },
  { path: "/partners?q=machine+learning&topicSearch=wireless", as: "anonymous" },
  { path: "/join", as: "anonymous" },
  { path: "/login", as: "anonymous" },
  { path: "/verify-email", as: "anonymous" },
  { path: "/forgot-password", as: "anonymous" },
  { path: "/reset-password", as: "anonymous" },
  { path: "/accept-invitation", as: "anonymous" },
  { path: "/account", as: "researcher" },
  { path: "/admin/users", as: "admin" },
  { path: "/secretariat", as: "secretariat" },
  { path: "/secretariat/institutions", as: "secretariat" },
  { path: "/secretariat/proposals", as: "secretariat" },
  { path: "/secretariat/proposals/{proposal}", as: "secretariat" },
  { path: "/secretariat/reports", as: "secretariat" },
  { path: "/secretariat/message-reports", as: "secretariat" },
  { path: "/me/profile", as: "researcher" },
  { path: "/join-requests", as: "researcher" },
  { path: "/join-requests/new", as: "researcher" },
  { path: "/dev/mail", as: "anonymous" },
  { path: "/dev/mail/{mail}", as: "anonymous" },
  { path: "/calls", as: "anonymous" },
  { path: "/calls/new", as: "institutionAdmin" },
  { path: "/calls/{call}", as: "anonymous" },
  { path: "/calls/{call}/edit", as: "institutionAdmin" },
  { path: "/proposals", as: "institutionAdmin" },
  { path: "/proposals/new", as: "institutionAdmin" },
  { path: "/proposals/{proposal}", as: "institutionAdmin" },
  { path: "/proposals/{proposal}/edit", as: "institutionAdmin" },
  { path: "/proposals/{proposal}/partners", as: "institutionAdmin" },
  { path: "/notifications", as: "researcher" },
  { path: "/projects", as: "anonymous" },
  { path: "/projects/{project}", as: "anonymous" },
  { path: "/data", as: "anonymous" },
  { path: "/reports", as: "anonymous" },
  { path: "/reports/published", as: "anonymous" },
  { path: "/reports/published/{report}", as: "anonymous" },
  { path: "/messages", as: "researcher" },
  { path: "/messages/new?expert={expert}", as: "institutionAdmin" },
  { path: "/messages/{conversation}", as: "researcher" },
  // Error states.
  { path: "/no-such-page", as: "anonymous", status: 404 },
  { path: "/institutions/2147483647", as: "anonymous", status: 404 },
  { path: "/experts?page=abc", as: "anonymous", status: 400 },
  { path: "/secretariat", as: "researcher", status: 403 },
  { path: "/login", as: "anonymous", status: 400, method: "POST", body: { email: "not an email", password: "" } },
  { path: "/join", as: "anonymous", status: 400, method: "POST", body: { displayName: "", email: "x", password: "a", confirmPassword: "b" } },
];

/** Every catalogue key of English, with and without its namespace ("nav.institutions", "common:nav.institutions"). */
function catalogueKeys(): Set<string> {
  const keys = new Set<string>();
  const walk = (ns: string, obj: unknown, prefix: string) => {
    if (obj && typeof obj === "object")
      for (const [k, v] of Object.entries(obj)) {
        const key = prefix ? `${prefix}.${k}` : k;
        if (typeof v === "string") {
          const base = key.replace(/_(zero|one|two|few|many|other)$/, "");
          for (const x of [key, base]) if (x.includes(".")) keys.add(x).add(`${ns}:${x}`);
        } else walk(ns, v, key);
      }
  };
  for (const ns of NAMESPACES) {
    const file = path.resolve("public/locales/en", `${ns}.json`);
    if (fs.existsSync(file)) walk(ns, JSON.parse(fs.readFileSync(file, "utf8")), "");
  }
  return keys;
}

/** The text a person reads: no scripts, styles or tags; attribute values people read kept. */
function visibleText(html: string): string {
  const attrs = [...html.matchAll(/\s(?:title|placeholder|aria-label|alt)="([^"]*)"/g)].map((m) => m[1]);
  const body = html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ");
  return `${body} ${attrs.join(" ")}`;
}

let app: AppServer;
let fill: Record<string, string> = {};
let users: Record<FixtureRole, { id: string }>;
const keys = catalogueKeys();

beforeAll(async () => {
  const fixtures = await routeFixtures();
  fill = fixtures.fill;
  users = fixtures.users;
  app = await startAppServer();
}, 240_000);
afterAll(async () => {
  await app?.stop();
});

it("covers every page route", () => {
  // Pages: route modules with a component (account_.data.ts, a JSON download, is not one).
  const pages = routeFiles().filter((f) => f.endsWith(".tsx") && /export\s+default\b/.test(fs.readFileSync(path.join(ROUTES_DIR, f), "utf8")));
  const have = new Set(PAGES.map((p) => p.path.split("?")[0].replace(/\{\w+\}/g, ":x")));
  const missing = pages.map((f) => patternOf(f).replace(/:\w+/g, ":x")).filter((p) => !have.has(p));
  expect(missing).toEqual([]);
});

describe.each(LANGUAGES.map((l) => [l.code, l] as const))("in %s", (code, lang) => {
  it.each(PAGES.map((p) => [`${p.method ?? "GET"} ${p.path} as ${p.as}`, p] as const))("%s", async (_name, p) => {
    const url = p.path.replace(/\{(\w+)\}/g, (_m, k: string) => fill[k]);
    const cookie = [`lng=${code}`, ...(p.as === "anonymous" ? [] : [await signIn(users[p.as])])].join("; ");
    const headers: Record<string, string> = { Cookie: cookie, Origin: app.url };
    if (p.method === "POST") headers["Content-Type"] = "application/x-www-form-urlencoded";
    const res = await fetch(app.url + url, { method: p.method ?? "GET", headers, redirect: "manual", body: p.body ? new URLSearchParams(p.body) : undefined });
    const html = await res.text();
    expect(res.status, url).toBe(p.status ?? 200);
    const tag = /<html lang="([^"]+)" dir="([^"]+)"/.exec(html);
    expect([tag?.[1], tag?.[2]], url).toEqual([code, lang.dir]);
    const text = visibleText(html);
    const leaked = [...new Set(text.match(/[A-Za-z][\w-]*(?::[A-Za-z][\w-]*)?(?:\.[\w-]+)+/g) ?? [])].filter(
      (w) => keys.has(w) || /^[a-z]+:[a-zA-Z]+\.[\w.]+$/.test(w),
    );
    expect(leaked, `catalogue keys shown on ${url}`).toEqual([]);
  });
});
