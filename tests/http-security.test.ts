/**
 * Security over real HTTP against the production build (server.ts): CSRF
 * refusal (also for Origin edge cases Remix would otherwise answer with a
 * 500), the redirect after sign-in staying on the site, 405 with Allow,
 * throttling with 429 + Retry-After, session cookie attributes and sign-out,
 * security headers and the Content Security Policy.
 */
import http from "node:http";
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
    const badReferer = await fetch(`${server.app.url}/join`, {
      method: "POST",
      redirect: "manual",
      headers: { Referer: "http://evil.example/join" },
      body: new URLSearchParams({}),
    });
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

/** A raw POST (node:http), so that Host and the other headers are sent exactly as given. */
function rawRequest(
  method: string,
  urlPath: string,
  headers: Record<string, string>,
  body = "",
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const { hostname, port } = new URL(server.app.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: urlPath, method, headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("CSRF: Origin edge cases get the app's 403, never Remix's empty 500", () => {
  it("Origin: null with a same-site Referer", async () => {
    const res = await post("/login", { email: "a@b.org", password: "x" }, { Origin: "null", Referer: `${server.app.url}/login` });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/Origin: null/);
  });

  it("an X-Forwarded-Host other than the Origin's host, with Host matching the Origin", async () => {
    const res = await post("/login", { email: "a@b.org", password: "x" }, { "X-Forwarded-Host": "evil.example" });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/not from this site \(evil\.example\)/);
  });

  it("Host spelled differently from the Origin's host (capitals, explicit default port), which Remix compares character for character", async () => {
    const { port } = new URL(server.app.url);
    for (const [host, origin] of [
      [`LOCALHOST:${port}`, `http://localhost:${port}`],
      ["localhost:80", "http://localhost"],
    ]) {
      const res = await rawRequest("POST", "/login", { Host: host, Origin: origin }, "email=a%40b.org");
      expect(res.status, host).toBe(403);
    }
  });

  it("a proxy that forwards the public host in X-Forwarded-Host is let through, and Remix agrees (400 from the form, not 500)", async () => {
    const res = await rawRequest(
      "POST",
      "/login",
      { Host: "127.0.0.1:1", "X-Forwarded-Host": "network.example.org", Origin: "https://network.example.org" },
      "email=a%40b.org",
    );
    expect(res.status).toBe(400);
  });

  it("whatever the combination of Origin, Referer and X-Forwarded-Host: 403 or the form's own answer, never 5xx", async () => {
    const self = server.app.url;
    const { host } = new URL(self);
    const origins = [undefined, "", "null", self, "https://evil.example", "garbage", `${self}/login`];
    const referers = [undefined, `${self}/login`, "https://evil.example/"];
    const forwarded = [undefined, host, "evil.example", `${host}, evil.example`, `evil.example, ${host}`];
    const seen = new Map<number, number>();
    for (const origin of origins)
      for (const referer of referers)
        for (const fh of forwarded) {
          const headers: Record<string, string> = {};
          if (origin !== undefined) headers.Origin = origin;
          if (referer !== undefined) headers.Referer = referer;
          if (fh !== undefined) headers["X-Forwarded-Host"] = fh;
          const res = await rawRequest("POST", "/forgot-password", headers, "");
          expect([400, 403], JSON.stringify(headers)).toContain(res.status);
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        }
    // Both outcomes occur: the table exercises the check, not only one side of it.
    expect(seen.get(400)).toBeGreaterThan(3);
    expect(seen.get(403)).toBeGreaterThan(3);
  });
});

describe("the redirect after sign-in stays on the site", () => {
  it.each([
    ["/a/..//evil.example", "/"],
    ["/..//evil.example/path", "/"],
    ["/%2e%2e//evil.example", "/"],
    ["/%2F%2Fevil.example", "/"],
    ["/\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["//evil.example", "/"],
    ["https://evil.example/", "/"],
    ["/institutions/../account?tab=sessions", "/account?tab=sessions"],
  ])("POST /login with redirectTo=%j → Location %s", async (redirectTo, location) => {
    const user = await createUser();
    const res = await post("/login", { email: user.email, password: DEFAULT_PASSWORD, redirectTo });
    expect(res.status, await res.clone().text()).toBe(302);
    expect(res.headers.get("Location")).toBe(location);
  });
});

describe("405 Method Not Allowed, with Allow", () => {
  it("POST to a page without an action: the site's own 405 page in the layout, not Remix's internal message", async () => {
    for (const path of ["/experts/1", "/experts", "/", "/calls", "/calls?index", "/partners"]) {
      const res = await post(path, { x: "1" });
      expect(res.status, path).toBe(405);
      expect(res.headers.get("Allow"), path).toBe("GET, HEAD");
      expect(res.headers.get("Content-Type"), path).toMatch(/text\/html/);
      const html = await res.text();
      expect(html, path).toContain("This page does not accept that request");
      expect(html, path).toContain('aria-label="Main"');
      expect(html, path).not.toMatch(/did not provide an|action` for route/);
    }
  });

  it("Remix's internal messages (naming route files) reach neither the page nor its hydration data: 404 too", async () => {
    const res = await fetch(`${server.app.url}/no-such-page`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("<h1>Not found</h1>");
    expect(html).not.toContain("No route matches");
  });

  it("the JSON API answers 405 with { error } and Allow", async () => {
    const res = await post("/api/v1/experts", { q: "x" });
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD");
    expect(res.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ error: "POST is not allowed at /api/v1/experts: it answers GET, HEAD." });
    const unknown = await fetch(`${server.app.url}/api/v1/nope`, { method: "DELETE", headers: { Origin: server.app.url } });
    expect(unknown.status).toBe(405);
    expect(unknown.headers.get("Allow")).toBe("GET, HEAD, POST");
    expect(await unknown.json()).toMatchObject({ error: expect.stringContaining("DELETE is not allowed") });
  });

  it("a page with an action allows POST only: PUT, DELETE and OPTIONS get the 405 page, and PUT never reaches the action", async () => {
    const user = await createUser();
    for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) {
      const res = await fetch(`${server.app.url}/login`, {
        method,
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.app.url },
        body: new URLSearchParams({ email: user.email, password: DEFAULT_PASSWORD }),
      });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("Allow"), method).toBe("GET, HEAD, POST");
      expect(res.headers.getSetCookie(), method).toEqual([]);
      expect(await res.text(), method).toContain("This page does not accept that request");
    }
  });

  it("a Remix data request (?_data=) to a route without an action: 405 JSON marked as a thrown response", async () => {
    const res = await post("/experts?_data=routes/experts._index", {});
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD");
    expect(res.headers.get("X-Remix-Catch")).toBe("yes");
    expect(await res.json()).toMatchObject({ error: expect.stringContaining("POST is not allowed") });
  });

  it("GET and POST where allowed are untouched", async () => {
    expect((await fetch(`${server.app.url}/experts`)).status).toBe(200);
    expect((await fetch(`${server.app.url}/experts`, { method: "HEAD" })).status).toBe(200);
    expect((await post("/login", {})).status).toBe(400);
    expect((await post("/logout", {})).status).toBe(302);
  });
});

describe("Content Security Policy", () => {
  /** The directives of a CSP header as name → sources. */
  function directives(header: string | null): Map<string, string[]> {
    expect(header).toBeTruthy();
    return new Map(
      header!
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...v]) => [name, v]),
    );
  }

  it("every HTML response carries it, with a fresh nonce that every inline and external script of the page carries", async () => {
    const nonces = new Set<string>();
    for (const path of ["/", "/institutions", "/login", "/no-such-page", "/experts/2147483647"]) {
      const res = await fetch(`${server.app.url}${path}`);
      expect(res.headers.get("Content-Type"), path).toMatch(/text\/html/);
      const d = directives(res.headers.get("Content-Security-Policy"));
      const scripts = d.get("script-src")!;
      expect(scripts, path).toContain("'self'");
      expect(scripts, path).not.toContain("'unsafe-inline'");
      expect(scripts, path).not.toContain("'unsafe-eval'");
      const nonce = scripts.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
      expect(nonce.length, path).toBeGreaterThanOrEqual(22);
      nonces.add(nonce);
      expect(d.get("script-src-attr"), path).toEqual(["'none'"]);
      expect(d.get("object-src"), path).toEqual(["'none'"]);
      expect(d.get("base-uri"), path).toEqual(["'none'"]);
      expect(d.get("frame-ancestors"), path).toEqual(["'none'"]);
      expect(d.get("default-src"), path).toEqual(["'self'"]);
      const html = await res.text();
      const tags = html.match(/<script\b[^>]*>/g) ?? [];
      expect(tags.length, path).toBeGreaterThan(1);
      for (const tag of tags) expect(tag, path).toContain(`nonce="${nonce}"`);
      expect(html, path).not.toMatch(/\son[a-z]+=/i);
    }
    expect(nonces.size).toBe(5);
  });

  it("JSON and error responses carry it too", async () => {
    for (const path of ["/api/v1/institutions?q=metu", "/api/v1/nope"]) {
      const d = directives((await fetch(`${server.app.url}${path}`)).headers.get("Content-Security-Policy"));
      expect(d.get("default-src"), path).toEqual(["'self'"]);
    }
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
