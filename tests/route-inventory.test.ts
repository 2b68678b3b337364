/**
 * Route inventory: every route in app/routes, every method it answers, and
 * the status each kind of visitor gets, checked over HTTP against the
 * production build with real sessions.
 *
 * A route file without a row here fails this test (by name): when you add a
 * route, add its rows. Expected values: a status number, or "login" for
 * "redirect to /login?redirectTo=<this path>" (302).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { signIn } from "./factories";
import { routeFixtures } from "./helpers/route-fixtures";
import { getDbHandle } from "../app/utils/db.server";
import { ROUTES_DIR, hasAction, patternOf, routeFiles } from "./helpers/routes";
import { serverT } from "../app/i18n/i18n.server";

const ROLES = ["anonymous", "researcher", "institutionAdmin", "secretariat", "admin"] as const;
type Role = (typeof ROLES)[number];
type Expected = number | "login";
interface Row {
  /** Remix route pattern, as derived from the file name (see patternOf). */
  pattern: string;
  method: "GET" | "POST";
  /** Concrete path to request; {institution}, {expert} and {mail} are filled in. Defaults to the pattern. */
  path?: string;
  /** Form fields for POST (default: none, which every action must refuse without changing anything). */
  body?: Record<string, string>;
  expect: Record<Role, Expected>;
}

const all = (s: Expected): Record<Role, Expected> => ({ anonymous: s, researcher: s, institutionAdmin: s, secretariat: s, admin: s });
/** Public pages for anonymous visitors only; signed-in users are sent on. */
const anonymousOnly = (anon: Expected, signedIn: Expected): Record<Role, Expected> => ({ ...all(signedIn), anonymous: anon });
/** Any signed-in user. */
const signedIn = (s: Expected): Record<Role, Expected> => ({ ...all(s), anonymous: "login" });
/** Signed-in institution admins only (403 for other signed-in users). */
const institutionAdminOnly = (ok: Expected): Record<Role, Expected> => ({ ...all(403), anonymous: "login", institutionAdmin: ok });
/** A proposal: outsiders get 404 (existence does not leak), the lead's admin `lead`, the secretariat `secretariat`. */
const consortium = (lead: Expected, secretariat: Expected): Record<Role, Expected> => ({
  ...all(404),
  anonymous: "login",
  institutionAdmin: lead,
  secretariat,
});
const only = (role: Exclude<Role, "anonymous">, ok: Expected): Record<Role, Expected> => ({ ...all(403), anonymous: "login", [role]: ok });

export const ROUTES: Row[] = [
  // Foundation
  { pattern: "/", method: "GET", expect: all(200) },
  { pattern: "/institutions", method: "GET", expect: all(200) },
  { pattern: "/institutions/:id", method: "GET", path: "/institutions/{institution}", expect: all(200) },
  { pattern: "/api/v1/institutions", method: "GET", path: "/api/v1/institutions?q=metu", expect: all(200) },
  { pattern: "/healthz", method: "GET", expect: all(200) },
  { pattern: "/api/*", method: "GET", path: "/api/v1/nope", expect: all(404) },
  // Experts
  { pattern: "/experts", method: "GET", path: "/experts?q=researcher", expect: all(200) },
  { pattern: "/experts/:id", method: "GET", path: "/experts/{expert}", expect: all(200) },
  { pattern: "/api/v1/experts", method: "GET", path: "/api/v1/experts?q=researcher", expect: all(200) },
  { pattern: "/api/*", method: "POST", path: "/api/v1/nope", expect: all(404) },
  // Partner matching
  { pattern: "/partners", method: "GET", path: "/partners?q=machine+learning&topicSearch=wireless", expect: all(200) },
  { pattern: "/api/v1/partners", method: "GET", path: "/api/v1/partners?topics=T10028", expect: all(200) },
  { pattern: "/api/v1/consortium", method: "GET", path: "/api/v1/consortium?topics=T10028&minCountries=3", expect: all(200) },
  // Accounts
  { pattern: "/join", method: "GET", expect: anonymousOnly(200, 302) },
  { pattern: "/join", method: "POST", expect: anonymousOnly(400, 302) },
  { pattern: "/login", method: "GET", expect: anonymousOnly(200, 302) },
  { pattern: "/login", method: "POST", expect: anonymousOnly(400, 302) },
  { pattern: "/logout", method: "GET", expect: all(302) },
  { pattern: "/logout", method: "POST", expect: all(302) },
  // The language switcher: GET goes home; POST without a choice changes nothing and goes back.
  { pattern: "/language", method: "GET", expect: all(302) },
  { pattern: "/language", method: "POST", expect: all(302) },
  { pattern: "/verify-email", method: "GET", expect: all(200) },
  { pattern: "/verify-email", method: "POST", expect: all(400) },
  { pattern: "/forgot-password", method: "GET", expect: all(200) },
  { pattern: "/forgot-password", method: "POST", expect: all(400) },
  { pattern: "/reset-password", method: "GET", expect: all(200) },
  { pattern: "/reset-password", method: "POST", expect: all(400) },
  { pattern: "/account", method: "GET", expect: signedIn(200) },
  { pattern: "/account", method: "POST", expect: signedIn(400) },
  { pattern: "/account/data", method: "GET", expect: signedIn(200) },
  { pattern: "/admin/users", method: "GET", expect: only("admin", 200) },
  { pattern: "/admin/users", method: "POST", expect: only("admin", 400) },
  { pattern: "/secretariat", method: "GET", expect: only("secretariat", 200) },
  // Profiles and registrations (issue 4)
  { pattern: "/me/profile", method: "GET", expect: signedIn(200) },
  { pattern: "/me/profile", method: "POST", expect: signedIn(400) },
  { pattern: "/institutions/new", method: "GET", expect: signedIn(200) },
  { pattern: "/institutions/new", method: "POST", expect: signedIn(400) },
  { pattern: "/institutions/:id", method: "POST", path: "/institutions/{institution}", expect: signedIn(400) },
  // The secretariat keeps any institution's names there (the rest of the page stays the admins').
  {
    pattern: "/institutions/:id/edit",
    method: "GET",
    path: "/institutions/{institution}/edit",
    expect: { ...only("institutionAdmin", 200), secretariat: 200 },
  },
  {
    pattern: "/institutions/:id/edit",
    method: "POST",
    path: "/institutions/{institution}/edit",
    expect: { ...only("institutionAdmin", 400), secretariat: 400 },
  },
  // Without a token: a page saying to open the emailed link; accepting needs a signed-in account.
  { pattern: "/accept-invitation", method: "GET", expect: all(200) },
  { pattern: "/accept-invitation", method: "POST", expect: signedIn(400) },
  { pattern: "/secretariat/institutions", method: "GET", expect: only("secretariat", 200) },
  { pattern: "/secretariat/institutions", method: "POST", expect: only("secretariat", 400) },
  { pattern: "/lookup/institutions", method: "GET", path: "/lookup/institutions?q=tehran", expect: all(200) },
  { pattern: "/lookup/topics", method: "GET", path: "/lookup/topics?q=learning", expect: all(200) },
  // Development mailbox: on because tests configure no SMTP, and the test client is on this machine.
  { pattern: "/dev/mail", method: "GET", expect: all(200) },
  { pattern: "/dev/mail/:id", method: "GET", path: "/dev/mail/{mail}", expect: all(200) },
  // Calls (the institution admin administers the call's institution)
  { pattern: "/calls", method: "GET", expect: all(200) },
  { pattern: "/calls/new", method: "GET", expect: institutionAdminOnly(200) },
  { pattern: "/calls/new", method: "POST", expect: institutionAdminOnly(400) },
  { pattern: "/calls/:id", method: "GET", path: "/calls/{call}", expect: all(200) },
  { pattern: "/calls/:id", method: "POST", path: "/calls/{call}", expect: institutionAdminOnly(400) },
  { pattern: "/calls/:id/edit", method: "GET", path: "/calls/{call}/edit", expect: institutionAdminOnly(200) },
  { pattern: "/calls/:id/edit", method: "POST", path: "/calls/{call}/edit", expect: institutionAdminOnly(400) },
  // A draft call exists only for its institution's admins: 404 for everyone else on every URL and method (never 403 or a sign-in redirect).
  { pattern: "/calls/:id", method: "GET", path: "/calls/{draftCall}", expect: { ...all(404), institutionAdmin: 200 } },
  { pattern: "/calls/:id", method: "POST", path: "/calls/{draftCall}", expect: { ...all(404), institutionAdmin: 400 } },
  { pattern: "/calls/:id/edit", method: "GET", path: "/calls/{draftCall}/edit", expect: { ...all(404), institutionAdmin: 200 } },
  { pattern: "/calls/:id/edit", method: "POST", path: "/calls/{draftCall}/edit", expect: { ...all(404), institutionAdmin: 400 } },
  { pattern: "/api/v1/calls", method: "GET", expect: all(200) },
  // Proposals: a draft led by the institution admin's institution. Outsiders (researcher, admin) get 404, never 403.
  { pattern: "/proposals", method: "GET", expect: signedIn(200) },
  // Without an institution: what to do (join one, register one), not a 403 (issue 14). Only members may post a draft.
  { pattern: "/proposals/new", method: "GET", expect: signedIn(200) },
  { pattern: "/proposals/new", method: "POST", expect: institutionAdminOnly(400) },
  // Membership requests (issue 14): everyone signed in sees their own; deciding one you may not decide is 404.
  { pattern: "/join-requests", method: "GET", expect: signedIn(200) },
  { pattern: "/join-requests", method: "POST", expect: signedIn(400) },
  { pattern: "/join-requests/new", method: "GET", expect: signedIn(200) },
  { pattern: "/join-requests/new", method: "POST", expect: signedIn(400) },
  { pattern: "/proposals/:id", method: "GET", path: "/proposals/{proposal}", expect: consortium(200, 200) },
  { pattern: "/proposals/:id", method: "POST", path: "/proposals/{proposal}", expect: consortium(400, 400) },
  { pattern: "/proposals/:id/edit", method: "GET", path: "/proposals/{proposal}/edit", expect: consortium(200, 403) },
  { pattern: "/proposals/:id/edit", method: "POST", path: "/proposals/{proposal}/edit", expect: consortium(400, 403) },
  { pattern: "/proposals/:id/partners", method: "GET", path: "/proposals/{proposal}/partners", expect: consortium(200, 200) },
  { pattern: "/proposals/:id/partners", method: "POST", path: "/proposals/{proposal}/partners", expect: consortium(400, 400) },
  { pattern: "/secretariat/proposals", method: "GET", expect: only("secretariat", 200) },
  { pattern: "/secretariat/proposals/:id", method: "GET", path: "/secretariat/proposals/{proposal}", expect: only("secretariat", 200) },
  { pattern: "/secretariat/proposals/:id", method: "POST", path: "/secretariat/proposals/{proposal}", expect: only("secretariat", 400) },
  { pattern: "/notifications", method: "GET", expect: signedIn(200) },
  { pattern: "/notifications", method: "POST", expect: signedIn(400) },
  { pattern: "/projects", method: "GET", expect: all(200) },
  { pattern: "/projects/:id", method: "GET", path: "/projects/{project}", expect: all(200) },
  { pattern: "/api/v1/projects", method: "GET", expect: all(200) },
  // Progress reports: the figures as JSON and CSV (issue 13)
  { pattern: "/api/v1/reports", method: "GET", path: "/api/v1/reports?from=2025-01-01&to=2025-12-31&country=TR", expect: all(200) },
  { pattern: "/reports.csv", method: "GET", expect: all(200) },
  { pattern: "/api/v1/projects", method: "GET", path: "/api/v1/projects?with=IR&with=TR", expect: all(200) },
  // Open data (issue 13)
  { pattern: "/data", method: "GET", expect: all(200) },
  { pattern: "/exports/:file", method: "GET", path: "/exports/institutions.csv", expect: all(200) },
  { pattern: "/exports/:file", method: "GET", path: "/exports/experts.csv", expect: all(200) },
  { pattern: "/exports/:file", method: "GET", path: "/exports/calls.csv", expect: all(200) },
  { pattern: "/exports/:file", method: "GET", path: "/exports/projects.csv", expect: all(200) },
  { pattern: "/exports/:file", method: "GET", path: "/exports/users.csv", expect: all(404) },
  // Progress reports: the pages (issue 13)
  { pattern: "/reports", method: "GET", expect: all(200) },
  { pattern: "/reports/published", method: "GET", expect: all(200) },
  { pattern: "/reports/published/:id", method: "GET", path: "/reports/published/{report}", expect: all(200) },
  { pattern: "/secretariat/reports", method: "GET", expect: only("secretariat", 200) },
  { pattern: "/secretariat/reports", method: "POST", expect: only("secretariat", 400) },
  // Messages (issue 14): {expert} is the researcher's own profile (a page saying so, 200); {conversation} is
  // between the institution admin and the researcher: everyone else gets 404, never 403.
  { pattern: "/messages", method: "GET", expect: signedIn(200) },
  { pattern: "/messages", method: "POST", expect: signedIn(400) },
  { pattern: "/messages/new", method: "GET", path: "/messages/new?expert={expert}", expect: signedIn(200) },
  { pattern: "/messages/new", method: "POST", path: "/messages/new?expert={expert}", expect: signedIn(400) },
  {
    pattern: "/messages/:id",
    method: "GET",
    path: "/messages/{conversation}",
    expect: { ...all(404), anonymous: "login", researcher: 200, institutionAdmin: 200 },
  },
  {
    pattern: "/messages/:id",
    method: "POST",
    path: "/messages/{conversation}",
    expect: { ...all(404), anonymous: "login", researcher: 400, institutionAdmin: 400 },
  },
  { pattern: "/secretariat/message-reports", method: "GET", expect: only("secretariat", 200) },
  { pattern: "/secretariat/message-reports", method: "POST", expect: only("secretariat", 400) },
];

/** The text of an HTML text node: React escapes &, <, >, " and '. */
function decodeEntities(html: string): string {
  return html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

describe("route inventory: coverage", () => {
  it("names every route file in app/routes, with a GET row, and a POST row for every route with an action", () => {
    const problems: string[] = [];
    const filePatterns = new Map(routeFiles().map((f) => [patternOf(f), f]));
    for (const [pattern, file] of filePatterns) {
      const methods = ROUTES.filter((r) => r.pattern === pattern).map((r) => r.method);
      if (!methods.includes("GET")) problems.push(`app/routes/${file} (${pattern}) has no GET row in tests/route-inventory.test.ts`);
      if (hasAction(file) && !methods.includes("POST")) problems.push(`app/routes/${file} (${pattern}) has an action but no POST row`);
      if (!hasAction(file) && methods.includes("POST")) problems.push(`app/routes/${file} (${pattern}) has a POST row but no action`);
    }
    for (const row of ROUTES) {
      if (!filePatterns.has(row.pattern)) problems.push(`row ${row.method} ${row.pattern} matches no file in app/routes`);
    }
    expect(problems).toEqual([]);
  });

  it("every secretariat and admin route refuses researchers and institution admins (403) and sends anonymous visitors to sign in", () => {
    const guarded = ROUTES.filter((r) => /^\/(secretariat|admin)(\/|$)/.test(r.pattern));
    expect(guarded.length).toBeGreaterThan(0);
    for (const r of guarded) {
      expect([r.expect.anonymous, r.expect.researcher, r.expect.institutionAdmin], `${r.method} ${r.pattern}`).toEqual(["login", 403, 403]);
    }
  });

  it("derives patterns the way Remix names routes", () => {
    expect(patternOf("_index.tsx")).toBe("/");
    expect(patternOf("institutions.$id.tsx")).toBe("/institutions/:id");
    expect(patternOf("institutions._index.tsx")).toBe("/institutions");
    expect(patternOf("api.v1.institutions.ts")).toBe("/api/v1/institutions");
    expect(patternOf("_auth.login.tsx")).toBe("/login");
    expect(patternOf("sitemap[.]xml.ts")).toBe("/sitemap.xml");
    expect(patternOf("proposals_.$id.edit/route.tsx")).toBe("/proposals/:id/edit");
    expect(patternOf("files.$.tsx")).toBe("/files/*");
  });
});

describe("route inventory: statuses over HTTP", () => {
  let app: AppServer;
  const users = {} as Record<Exclude<Role, "anonymous">, { id: string }>;
  const fill: Record<string, string> = {};

  beforeAll(async () => {
    const fixtures = await routeFixtures();
    Object.assign(users, fixtures.users);
    Object.assign(fill, fixtures.fill);
    app = await startAppServer();
    before = await fingerprint();
  });

  // Sessions aside (each request signs in afresh, POST /logout ends one), the
  // inventory's requests (GETs, and POSTs that fail validation) change nothing.
  const TABLES = [
    "users",
    "user_passwords",
    "email_tokens",
    "user_roles",
    "institution_members",
    "role_audit",
    "rate_limits",
    "institutions",
    "experts",
    "expert_topics",
    "institution_admin_requests",
    "institution_invitations",
    "institution_topics",
    "calls",
    "call_topics",
    "proposals",
    "proposal_partners",
    "proposal_team",
    "proposal_events",
    "notifications",
    "published_reports",
    "conversations",
    "messages",
    "message_reports",
  ] as const;
  let before: Record<string, string>;
  async function fingerprint(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const t of TABLES) {
      const [row] = await getDbHandle().sql.unsafe(`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${t} x`);
      out[t] = row.h as string;
    }
    return out;
  }
  afterAll(async () => {
    await app?.stop();
  });

  async function request(row: Row, role: Role, urlPath: string): Promise<Response> {
    // A fresh session per request: a POST /logout row must not end the next row's session.
    const cookie = role === "anonymous" ? undefined : await signIn(users[role]);
    const headers: Record<string, string> = { Origin: app.url };
    if (cookie) headers.Cookie = cookie;
    if (row.method === "POST") headers["Content-Type"] = "application/x-www-form-urlencoded";
    return fetch(`${app.url}${urlPath}`, {
      method: row.method,
      headers,
      redirect: "manual",
      body: row.method === "POST" ? new URLSearchParams(row.body ?? {}) : undefined,
    });
  }

  it.each(ROUTES.map((r) => [`${r.method} ${r.pattern}`, r] as const))("%s", async (_name, row) => {
    const urlPath = (row.path ?? row.pattern).replace(/\{(\w+)\}/g, (_m, k: string) => fill[k]);
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const role of ROLES) {
      const res = await request(row, role, urlPath);
      const expected = row.expect[role];
      want[role] = expected === "login" ? `302 /login?redirectTo=${encodeURIComponent(urlPath)}` : String(expected);
      got[role] = expected === "login" && res.status === 302 ? `302 ${res.headers.get("Location")}` : String(res.status);
    }
    expect(got).toEqual(want);
  });

  it("routes without an action refuse POST with 405 and Allow: the 405 page for pages, JSON { error } for resource routes", async () => {
    const withoutAction = routeFiles().filter((f) => !hasAction(f));
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const file of withoutAction) {
      const row = ROUTES.find((r) => r.pattern === patternOf(file) && r.method === "GET")!;
      const urlPath = (row.path ?? row.pattern).replace(/\{(\w+)\}/g, (_m, k: string) => fill[k]);
      const res = await request({ ...row, method: "POST" }, "anonymous", urlPath);
      const page = /export\s+default\b/.test(readFileSync(path.join(ROUTES_DIR, file), "utf8"));
      const body = await res.text();
      const kind = page
        ? body.includes("This page does not accept that request")
          ? "405 page"
          : "other body"
        : typeof JSON.parse(body).error === "string"
          ? "JSON error"
          : "other body";
      got[urlPath] = `${res.status} ${res.headers.get("Allow")} ${kind}`;
      want[urlPath] = `405 GET, HEAD ${page ? "405 page" : "JSON error"}`;
    }
    expect(got).toEqual(want);
  });

  // Titled by the record's own name or title (data, not catalogue text): the same words in every language.
  const titledByData = new Set(["/calls/:id", "/projects/:id", "/proposals/:id", "/institutions/:id"]);
  /** Every GET row of a page (a route with a default export) with the first kind of visitor who gets the page itself. */
  const pages = ROUTES.flatMap((row) => {
    const file = routeFiles().find((f) => patternOf(f) === row.pattern)!;
    const role = ROLES.find((r) => row.expect[r] === 200);
    const page = row.method === "GET" && /export\s+default\b/.test(readFileSync(path.join(ROUTES_DIR, file), "utf8"));
    return page && role ? [[`${row.path ?? row.pattern} as ${role}`, row, role] as const] : [];
  });
  /** One session per kind of visitor for the title checks (signing in is slow on a busy machine). */
  const sessions = new Map<Role, Promise<string>>();
  const sessionOf = (role: Role) => {
    if (role === "anonymous") return null;
    if (!sessions.has(role)) sessions.set(role, signIn(users[role]));
    return sessions.get(role)!;
  };

  it("checks the titles of most pages", () => {
    expect(pages.length).toBeGreaterThan(40);
  });

  it.each(pages)("<title> of %s: one, in the viewer's language, ending with the site's name exactly once (en, fa)", async (_name, row, role) => {
    const urlPath = (row.path ?? row.pattern).replace(/\{(\w+)\}/g, (_m, k: string) => fill[k]);
    const session = await sessionOf(role);
    const parts: Record<string, string> = {};
    for (const lng of ["en", "fa"]) {
      const site = serverT(lng)("site.name");
      const res = await fetch(`${app.url}${urlPath}`, { headers: { Cookie: [session, `lng=${lng}`].filter(Boolean).join("; ") }, redirect: "manual" });
      expect(res.status, lng).toBe(200);
      // The document's, in <head> (charts' SVG <title>s are in the body).
      const head = /<head>.*?<\/head>/s.exec(await res.text())?.[0] ?? "";
      const titles = [...head.matchAll(/<title>(.*?)<\/title>/gs)].map((m) => decodeEntities(m[1]));
      expect(titles, lng).toHaveLength(1);
      const [title] = titles;
      expect(title.split(site).length - 1, `${lng}: "${title}" names the site once`).toBe(1);
      // The home page is the site itself; every other page is "<page> — <site>".
      const escaped = site.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      expect(title, lng).toMatch(new RegExp(row.pattern === "/" ? `^${escaped}$` : `^\\S.* — ${escaped}$`));
      parts[lng] = title.slice(0, title.length - site.length);
      expect(title, `${lng}: no catalogue key`).not.toMatch(/\b[a-z]+\.[a-z][A-Za-z]*\b/);
    }
    // Translated: the Persian page part is not the English one (unless it is the record's own name, or none).
    const mayMatch = row.pattern === "/" || titledByData.has(row.pattern);
    expect(parts.fa === parts.en && !mayMatch, `Persian page part "${parts.fa}"`).toBe(false);
  });

  it("no request above changed any data (loaders never write; refused POSTs write nothing)", async () => {
    expect(await fingerprint()).toEqual(before);
  });

  it("an unknown path is 404 for everyone", async () => {
    for (const role of ROLES) {
      expect((await request({ pattern: "/x", method: "GET", expect: all(404) }, role, "/no-such-page")).status).toBe(404);
    }
  });
});
