/**
 * Edges of the HTTP layer over real sockets against the production build
 * (server.ts): a request body the answer leaves unread must not stall the
 * next request on the same keep-alive connection, and an oversized body is
 * refused with 413.
 */
import http from "node:http";
import { english } from "./helpers/i18n";
import { afterAll, describe, expect, it } from "vitest";
import { useAppServer } from "./helpers/app-server";

const server = useAppServer();

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  /** The request went out on a connection an earlier request had used (keep-alive). */
  reused: boolean;
}

/**
 * One request through `agent`, exactly these bytes as target and body. Rejects
 * when no answer arrives within `timeoutMs` (the stall this file guards against
 * lasted about 6 s, then a reset).
 */
function send(
  agent: http.Agent,
  method: string,
  target: string,
  opts: { body?: Buffer; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const url = new URL(server.app.url);
  const headers: Record<string, string> = { Origin: server.app.url, ...opts.headers };
  if (opts.body) {
    headers["Content-Type"] ??= "application/x-www-form-urlencoded";
    headers["Content-Length"] = String(opts.body.length);
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: target, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: res.headers, reused: req.reusedSocket }),
      );
      res.on("error", reject);
    });
    req.setTimeout(opts.timeoutMs ?? 3_000, () => req.destroy(new Error(`no answer to ${method} ${target} within ${opts.timeoutMs ?? 3_000} ms`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}

describe("request bodies and keep-alive", () => {
  // One connection at a time, kept open between requests.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  afterAll(() => agent.destroy());
  const body = Buffer.from(`q=${"a".repeat(300_000)}`);

  it.each([
    ["a page without an action (405 page)", "/experts/1"],
    ["the start page (405 page)", "/"],
    ["a form for signed-in users, anonymously (redirect to sign in)", "/me/profile"],
    ["a path no route has (404)", "/no-such-page"],
    ["an API that takes GET only (405 JSON)", "/api/v1/institutions"],
    ["a form that reads its fields (400)", "/login"],
  ])("a 300 kB body POSTed to %s leaves the connection ready for the next request", async (_what, target) => {
    const first = await send(agent, "POST", target, { body });
    expect(first.status).toBeGreaterThanOrEqual(300);
    expect(first.status).toBeLessThan(500);
    const next = await send(agent, "GET", "/healthz");
    expect(next.status).toBe(200);
    expect(next.reused).toBe(true);
  });

  it("a body declared larger than 1 MiB is refused with 413 before it is sent, and the connection is closed", async () => {
    // Only the headers go out: the answer must not wait for the body.
    const answer = (target: string) =>
      new Promise<Answer>((resolve, reject) => {
        const url = new URL(server.app.url);
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            method: "POST",
            path: target,
            headers: { Origin: server.app.url, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(5 * 1024 * 1024) },
            agent: false,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              req.destroy();
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: res.headers, reused: false });
            });
          },
        );
        req.setTimeout(3_000, () => req.destroy(new Error("no answer within 3 s")));
        req.on("error", reject);
        req.flushHeaders();
      });
    const page = await answer("/login");
    expect(page.status).toBe(413);
    expect(page.headers.connection).toBe("close");
    expect(page.body).toMatch(/at most 1048576 bytes/);
    const api = await answer("/api/v1/institutions");
    expect(api.status).toBe(413);
    expect(JSON.parse(api.body).error).toMatch(/at most 1048576 bytes/);
  });
});

/** Forbidden control characters (input.ts): raw in the HTML, or escaped in the route data of the page's scripts. */
const RAW_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const ESCAPED_CONTROL = /\\u00(0[0-8bceBCE]|1[0-9a-fA-F])/;

describe("refused values are shown back without their control characters", () => {
  it("a search page's 400 keeps the typed text in its box and title, with U+0001 shown as ␁", async () => {
    const res = await fetch(`${server.app.url}/institutions?q=ab%01cd`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<title>“ab␁cd” — Institutions/);
    expect(html).toMatch(/<input[^>]*name="q"[^>]*value="ab␁cd"|<input[^>]*value="ab␁cd"[^>]*name="q"/);
    expect(html).toMatch(/control character U\+0001/);
    expect(html).not.toMatch(RAW_CONTROL);
    expect(html).not.toMatch(ESCAPED_CONTROL);
    // The same data reaches client-side navigation (Remix data request).
    const data = await fetch(`${server.app.url}/institutions?q=ab%01cd&_data=routes%2Finstitutions._index`);
    expect(data.status).toBe(400);
    expect((await data.json()).params.q).toBe("ab␁cd");
  });

  it("a form's 400 keeps its fields with U+0000 and U+0008 shown as ␀ and ␈", async () => {
    const res = await fetch(`${server.app.url}/join`, {
      method: "POST",
      headers: { Origin: server.app.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ displayName: "Ali\u0000 Veli\u0008", email: "ali@example.org", password: "p", confirmPassword: "p" }),
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Ali␀ Veli␈");
    expect(html).toMatch(/invisible control character/);
    expect(html).not.toMatch(RAW_CONTROL);
    // Nor escaped in the route data (the field's pattern attribute names the controls it refuses: not ours to check).
    expect(html).not.toContain("Ali\\u0000");
    expect(html).not.toContain("Veli\\b"); // JSON's short escape of U+0008
  });
});

describe("a path that is not valid percent-encoding", () => {
  it.each(["/institutions/%E0%A4%A", "/%", "/experts/%zz", "/no-such-page/%C3"])("GET %s answers the site's own 400 page, no stack logged", async (target) => {
    const agent = new http.Agent({ keepAlive: false });
    const res = await send(agent, "GET", target);
    agent.destroy();
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<title>That request could not be understood — ECO ICT Research Network<\/title>/);
    expect(res.body).toContain("That request could not be understood");
    expect(res.body).toMatch(/has a % that does not start a valid percent-encoded character/);
    expect(res.body).toContain('class="site-header"');
    expect(res.body).not.toMatch(/<pre>|URIError/);
    // Not hydrated: the browser's address matches no route, so the page is complete as HTML.
    expect(res.body).not.toContain("<script");
    expect(server.app.output()).not.toMatch(/URIError|Failed to decode|could not be decoded/);
  });

  it("a POST to such a path gets the same page; under /api/ and for data requests, JSON { error }", async () => {
    const agent = new http.Agent({ keepAlive: false });
    const post = await send(agent, "POST", "/calls/%E0", { body: Buffer.from("title=x") });
    expect(post.status).toBe(400);
    expect(post.body).toContain("That request could not be understood");
    for (const target of ["/api/v1/institutions/%E0%A4%A", "/api/%", "/experts/%zz?_data=routes%2Fexperts.%24id"]) {
      const api = await send(agent, "GET", target);
      expect(api.status, target).toBe(400);
      expect(api.headers["content-type"]).toMatch(/^application\/json/);
      expect(JSON.parse(api.body).error).toMatch(/not valid/);
    }
    agent.destroy();
    expect(server.app.output()).not.toMatch(/URIError|could not be decoded/);
  });
});

describe("error pages say what went wrong, and the same thing as their headers", () => {
  it("a 405 page's title says the method is not allowed, not the page's name", async () => {
    const agent = new http.Agent({ keepAlive: false });
    for (const target of ["/experts/1", "/institutions", "/"]) {
      const res = await send(agent, "POST", target, { body: Buffer.from("x=1") });
      expect(res.status, target).toBe(405);
      expect(res.body, target).toMatch(/<title>Method not allowed — ECO ICT Research Network<\/title>/);
      expect(res.body.match(/<title>/g), target).toHaveLength(1);
    }
    const notFound = await send(agent, "GET", "/experts/999999999");
    expect(notFound.status).toBe(404);
    expect(notFound.body).toMatch(/<title>Not found — ECO ICT Research Network<\/title>/);
    // A page that renders keeps its own title.
    const page = await send(agent, "GET", "/institutions");
    expect(page.body).toMatch(/<title>Institutions — ECO ICT Research Network<\/title>/);
    agent.destroy();
  });

  it("the search-down message names the wait that Retry-After sends", async () => {
    const { SEARCH_RETRY_AFTER_S, SEARCH_UNAVAILABLE_MESSAGE, searchUnavailableResponse } = await import("../app/search/unavailable.server");
    for (const kind of ["page", "resource"] as const) {
      const res = searchUnavailableResponse(kind);
      const seconds = Number(res.headers.get("Retry-After"));
      expect(seconds).toBe(SEARCH_RETRY_AFTER_S);
      // Pages carry the catalogue key (the error boundary shows it in the viewer's language); read as English.
      const error = english((await res.json()).error);
      expect(error).toBe(SEARCH_UNAVAILABLE_MESSAGE);
      expect(error).toContain(`try again in ${seconds} seconds`);
      expect(error).not.toMatch(/minute/);
    }
  });
});

describe("a client that leaves before the answer", () => {
  it("is not logged as an error (a picker cancelling its lookup is ordinary browsing)", async () => {
    const url = new URL(server.app.url);
    const before = server.app.output().length;
    for (const target of ["/healthz", "/lookup/topics?q=machine", "/institutions?q=university", "/api/v1/experts?q=data"]) {
      await new Promise<void>((resolve) => {
        const req = http.request({ host: url.hostname, port: url.port, path: target, agent: false });
        req.on("error", () => resolve());
        req.on("socket", (s) => s.on("connect", () => setTimeout(() => (req.destroy(), resolve()), 1)));
        req.end();
      });
    }
    await new Promise((r) => setTimeout(r, 1500));
    expect(await fetch(new URL("/healthz", url)).then((r) => r.status)).toBe(200);
    expect(server.app.output().slice(before)).not.toMatch(/Premature close|ERR_STREAM_PREMATURE_CLOSE|ECONNRESET/);
  });
});

describe("files of public/ next to pages", () => {
  // server.ts looks a file up only for addresses with an extension (every file in public/ has one).
  it("serves public files and answers pages from Remix", async () => {
    const get = (p: string) => fetch(new URL(p, server.app.url));
    const icon = await get("/favicon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toMatch(/image\/svg\+xml/);
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600");
    const catalogue = await get("/locales/en/common.json");
    expect(catalogue.status).toBe(200);
    expect(Object.keys(await catalogue.json())).toContain("site");
    const pageRes = await get("/institutions");
    expect(pageRes.status).toBe(200);
    expect(pageRes.headers.get("content-type")).toMatch(/text\/html/);
    expect((await get("/no-such-file.svg")).status).toBe(404);
  });
});
