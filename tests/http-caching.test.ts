/**
 * HTTP caching over real HTTP against the production build (server.ts, issue 17):
 * public JSON API answers carry a weak ETag and `public, max-age=30`; a matching
 * If-None-Match answers 304 without running the search (Meilisearch is reached
 * through a counting proxy, then made to refuse everything); a change that reaches
 * the index changes the ETag; nothing answered to a signed-in request is `public`
 * (every /api/v1 route, a sample of pages and their route data); pages are
 * `private, no-store` with `Vary: Cookie, Accept-Language`; /build assets are
 * immutable for a year.
 */
import http from "node:http";
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "./helpers/app-server";
import { routeFiles, patternOf } from "./helpers/routes";
import { createUser, signIn } from "./factories";
import { getDb } from "./helpers";
import { ensureIndexes } from "../app/search/sync.server";
import { outdatedIndexes } from "../app/search/index-version.server";
import { enqueueIndexChange } from "../app/search/outbox.server";
import { readDataVersion } from "../app/search/data-version.server";
import { getMeili, indexUid } from "../app/search/client.server";
import { freePort } from "../tooling/free-port";

/** A transparent proxy in front of the test's real Meilisearch that counts search requests and can refuse everything. */
async function meiliProxy(target: string) {
  const state = { searches: 0, refuse: false };
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    if (/\/(multi-)?search$/.test(req.url ?? "")) state.searches++;
    if (state.refuse) return void req.socket.destroy(); // as a Meilisearch that is down
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${port}`, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let app: AppServer;
let proxy: Awaited<ReturnType<typeof meiliProxy>>;
let cookie: string;

beforeAll(async () => {
  // Current (empty) indexes: the server starts no background rebuild that would move the data version meanwhile.
  await ensureIndexes();
  proxy = await meiliProxy(process.env.MEILI_URL!);
  app = await startAppServer({ MEILI_URL: proxy.url });
  // An index the server found outdated is rebuilt in the background (holding the sync lock, then moving the data version): wait for it.
  while ((await outdatedIndexes()).length > 0) await new Promise((r) => setTimeout(r, 500));
  cookie = await signIn(await createUser());
  // Quiet: every queued change applied and the data version still for a second, so a tag read by a
  // test is not moved by a drain of changes made before it (a flake on a busy machine).
  const db = getDb();
  for (let i = 0; i < 600 && (await db.selectFrom("search_outbox").select("id").executeTakeFirst()); i++) await new Promise((r) => setTimeout(r, 100));
  for (let before = -1, now = await readDataVersion(db); before !== now; before = now, now = await readDataVersion(db)) {
    await new Promise((r) => setTimeout(r, 1000));
  }
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await proxy?.close();
});

const get = (p: string, headers: Record<string, string> = {}) => fetch(`${app.url}${p}`, { headers, redirect: "manual" });

/** One GET per /api/v1 route (a route added without a row here fails the inventory test below). */
const API_SAMPLES: Record<string, string> = {
  "/api/v1/institutions": "/api/v1/institutions?q=technical",
  "/api/v1/experts": "/api/v1/experts?q=energy",
  "/api/v1/projects": "/api/v1/projects",
  "/api/v1/calls": "/api/v1/calls",
  "/api/v1/partners": "/api/v1/partners?topics=T10028",
  "/api/v1/consortium": "/api/v1/consortium?topics=T10028&minCountries=3",
  "/api/v1/reports": "/api/v1/reports?from=2025-01-01&to=2025-12-31",
};

describe("public JSON API", () => {
  it("has a sample request for every /api/v1 route", () => {
    const patterns = routeFiles()
      .map(patternOf)
      .filter((p) => p.startsWith("/api/v1/"));
    expect(patterns.length).toBeGreaterThanOrEqual(7);
    expect(Object.keys(API_SAMPLES).sort()).toEqual(patterns.sort());
  });

  it("answers anonymous requests with a weak ETag and public, max-age=30 (Vary: Cookie where the session counts)", async () => {
    for (const [pattern, p] of Object.entries(API_SAMPLES)) {
      const res = await get(p);
      expect(res.status, `${p}: ${await res.clone().text()}`).toBe(200);
      expect(res.headers.get("etag"), p).toMatch(/^W\/"[A-Za-z0-9_-]{22}"$/);
      expect(res.headers.get("cache-control"), p).toBe("public, max-age=30");
      const vary = (res.headers.get("vary") ?? "").split(/,\s*/);
      expect(vary.includes("Cookie"), `${p} Vary: ${vary}`).toBe(["/api/v1/partners", "/api/v1/consortium"].includes(pattern));
    }
  });

  it("answers a matching If-None-Match with 304 without running the search, even with Meilisearch refusing", async () => {
    const p = API_SAMPLES["/api/v1/experts"];
    const first = await get(p);
    const etag = first.headers.get("etag")!;
    const before = proxy.state.searches;
    const again = await get(p, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe("public, max-age=30");
    // The Vary its 200 carries (the body is compressed by Accept-Encoding), as RFC 9110 asks of a 304.
    expect(again.headers.get("vary") ?? "").toContain("Accept-Encoding");
    expect(await again.text()).toBe("");
    expect(proxy.state.searches).toBe(before);
    // A list of tags, and the strong form of the weak tag, match too (weak comparison).
    expect((await get(p, { "If-None-Match": `"other", ${etag.slice(2)}` })).status).toBe(304);
    // The same query with its parameters in another order shares the ETag.
    expect((await get("/api/v1/partners?topics=T10028&type=expert", {})).headers.get("etag")).toBe(
      (await get("/api/v1/partners?type=expert&topics=T10028")).headers.get("etag"),
    );
    proxy.state.refuse = true;
    try {
      expect((await get(p, { "If-None-Match": etag })).status).toBe(304);
      // Without the tag the search must run, and cannot: the route's own 503 (nothing cached in the process).
      expect((await get(p)).status).toBe(503);
    } finally {
      proxy.state.refuse = false;
    }
    // A tag that does not match runs the search again.
    const other = await get(p, { "If-None-Match": 'W/"something-else"' });
    expect(other.status).toBe(200);
    expect(proxy.state.searches).toBeGreaterThan(before);
  });

  it("changes the ETag once a change has reached the index, and only then", async () => {
    const db = getDb();
    const inst = await db
      .selectFrom("institutions")
      .select(["id", "name"])
      .where("status", "=", "verified")
      .orderBy("prominence", "desc")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const inIndex = () =>
      getMeili()
        .index(indexUid("institutions"))
        .getDocument(inst.id)
        .then(
          () => true,
          () => false,
        );
    // Nothing else on its way to the index: the next version change is this test's.
    for (let i = 0; i < 300 && (await db.selectFrom("search_outbox").select("id").executeTakeFirst()); i++) await new Promise((r) => setTimeout(r, 100));
    // Taken out of the index behind the app's back (the data version does not move): the drain must bring it back.
    await getMeili().index(indexUid("institutions")).deleteDocument(inst.id).waitTask({ timeout: 60_000 });
    expect(await inIndex()).toBe(false);
    const p = "/api/v1/institutions?q=university";
    const etag = (await get(p)).headers.get("etag")!;
    expect((await get(p, { "If-None-Match": etag })).status).toBe(304);
    await enqueueIndexChange(db, "institutions", [inst.id]); // the app's sync worker drains it
    let after: Response | undefined;
    for (let i = 0; i < 300; i++) {
      after = await get(p, { "If-None-Match": etag });
      if (after.status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(after!.status, app.output()).toBe(200);
    expect(after!.headers.get("etag")).not.toBe(etag);
    // The tag changed only once the document was in the index.
    expect(await inIndex()).toBe(true);
  }, 90_000);

  it("never answers a signed-in request public, nor with an ETag (every /api/v1 route)", async () => {
    for (const [pattern, p] of Object.entries(API_SAMPLES)) {
      const res = await get(p, { Cookie: cookie });
      expect(res.status, p).toBe(200);
      expect(res.headers.get("cache-control"), p).toBe("private, no-store");
      expect(res.headers.get("etag"), p).toBeNull();
      // A signed-in If-None-Match with the anonymous tag is not answered 304 from the public version.
      // (/api/v1/reports tags its body, which is the same for everyone: a 304 there is right.)
      if (pattern === "/api/v1/reports") continue;
      const anonymous = (await get(p)).headers.get("etag")!;
      expect((await get(p, { Cookie: cookie, "If-None-Match": anonymous })).status, p).toBe(200);
    }
  });

  it("answers /api/v1/reports 304 for its body's tag", async () => {
    const p = API_SAMPLES["/api/v1/reports"];
    const etag = (await get(p)).headers.get("etag")!;
    expect((await get(p, { "If-None-Match": etag })).status).toBe(304);
    expect((await get(`${p}&country=TR`, { "If-None-Match": etag })).status).toBe(200);
  });

  it("gives errors no ETag and no public caching", async () => {
    const res = await get("/api/v1/experts?page=-1");
    expect(res.status).toBe(400);
    expect(res.headers.get("etag")).toBeNull();
    expect(res.headers.get("cache-control") ?? "").not.toMatch(/public/);
  });
});

describe("pages and assets", () => {
  const PAGES = ["/", "/institutions?q=technical", "/experts", "/partners", "/calls", "/reports", "/institutions?_data=routes%2Finstitutions._index"];

  it("keeps pages and route data private, no-store with Vary: Cookie, Accept-Language (anonymous and signed in)", async () => {
    for (const p of PAGES) {
      for (const headers of [{}, { Cookie: cookie }] as Array<Record<string, string>>) {
        const res = await get(p, headers);
        expect(res.status, p).toBe(200);
        expect(res.headers.get("cache-control"), p).toBe("private, no-store");
        expect(res.headers.get("etag"), p).toBeNull();
        const vary = (res.headers.get("vary") ?? "").split(/,\s*/);
        expect(vary, p).toEqual(expect.arrayContaining(["Cookie", "Accept-Language"]));
      }
    }
  });

  it("serves /build assets immutable for a year", async () => {
    const dir = path.resolve(import.meta.dirname, "../public/build/_shared");
    const file = readdirSync(dir).find((f) => f.endsWith(".js"))!;
    for (const headers of [{}, { Cookie: cookie }] as Array<Record<string, string>>) {
      const res = await get(`/build/_shared/${file}`, headers);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    }
  });
});
