/**
 * Security over real HTTP against the production build (server.ts): CSRF
 * refusal, throttling with 429 + Retry-After, session cookie attributes and
 * sign-out, security headers.
 */
import { describe, expect, it } from "vitest";
import { useAppServer } from "./helpers/app-server";
import { DEFAULT_PASSWORD, createUser } from "./factories";

const server = useAppServer();

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${server.app.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.app.url, ...headers },
    body: new URLSearchParams(fields),
  });
}

async function signInOverHttp(email: string, password: string) {
  const res = await post("/login", { email, password });
  expect(res.status, await res.clone().text()).toBe(302);
  const set = res.headers.getSetCookie().find((c) => c.startsWith("eco_session="));
  expect(set).toBeTruthy();
  return { res, setCookie: set!, cookie: set!.split(";")[0] };
}

describe("CSRF", () => {
  it("refuses a cross-origin POST /login with 403 before any handler runs", async () => {
    const user = await createUser();
    const res = await post("/login", { email: user.email, password: DEFAULT_PASSWORD }, { Origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/came from https:\/\/evil\.example/);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("refuses a POST with neither Origin nor Referer, and one whose Referer is another site", async () => {
    const noHeaders = await fetch(`${server.app.url}/login`, { method: "POST", redirect: "manual", body: new URLSearchParams({ email: "a@b.org" }) });
    expect(noHeaders.status).toBe(403);
    const badReferer = await fetch(`${server.app.url}/join`, { method: "POST", redirect: "manual", headers: { Referer: "http://evil.example/join" }, body: new URLSearchParams({}) });
    expect(badReferer.status).toBe(403);
    // Same host, other port: another origin.
    const otherPort = await post("/forgot-password", { email: "a@b.org" }, { Origin: server.app.url.replace(/:\d+$/, ":1") });
    expect(otherPort.status).toBe(403);
  });

  it("lets same-origin forms through (by Origin, or by Referer when Origin is absent)", async () => {
    const byOrigin = await post("/login", {});
    expect(byOrigin.status).toBe(400);
    const byReferer = await fetch(`${server.app.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Referer: `${server.app.url}/login` },
      body: new URLSearchParams({}),
    });
    expect(byReferer.status).toBe(400);
  });

  it("a cross-origin POST /logout does not end the session", async () => {
    const user = await createUser();
    const { cookie } = await signInOverHttp(user.email, DEFAULT_PASSWORD);
    const res = await post("/logout", {}, { Origin: "https://evil.example", Cookie: cookie });
    expect(res.status).toBe(403);
    const account = await fetch(`${server.app.url}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(account.status).toBe(200);
  });
});

describe("throttling", () => {
  it("the 11th wrong password in a minute for one account gets 429 with Retry-After and a readable page", async () => {
    const user = await createUser();
    for (let i = 1; i <= 10; i++) {
      const res = await post("/login", { email: user.email, password: `wrong password ${i}` });
      expect(res.status, `attempt ${i}`).toBe(400);
    }
    const res = await post("/login", { email: user.email, password: "wrong password 11" });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("Retry-After"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.headers.get("Content-Type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain("Too many attempts");
    expect(html).toMatch(/Too many sign-in attempts\. Please wait \d+ seconds and try again\./);
  });
});

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax and (in production) Secure; after sign-out the old cookie no longer authenticates", async () => {
    const user = await createUser();
    const { setCookie, cookie } = await signInOverHttp(user.email.toUpperCase(), DEFAULT_PASSWORD);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Secure/);
    const account = await fetch(`${server.app.url}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain(user.email);

    const out = await post("/logout", {}, { Cookie: cookie });
    expect(out.status).toBe(302);
    expect(out.headers.getSetCookie().find((c) => c.startsWith("eco_session="))).toMatch(/Max-Age=0/);
    const after = await fetch(`${server.app.url}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });

  it("every page carries nosniff, frame and referrer headers", async () => {
    const res = await fetch(`${server.app.url}/login`);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Referrer-Policy")).toBe("same-origin");
  });
});
