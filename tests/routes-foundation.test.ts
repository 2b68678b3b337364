import { beforeAll, describe, expect, it } from "vitest";
import { loader as apiLoader } from "../app/routes/api.v1.institutions";
import { loader as listLoader } from "../app/routes/institutions._index";
import { loader as detailLoader } from "../app/routes/institutions.$id";
import { loader as healthLoader } from "../app/routes/healthz";
import { loader as homeLoader } from "../app/routes/_index";
import { ensureIndexes } from "../app/search/sync.server";
import { degradeRouteModule } from "../app/search/unavailable.server";
import * as apiRoute from "../app/routes/api.v1.institutions";
import * as listRoute from "../app/routes/institutions._index";
import { callRoute, getDb, loaderArgs, syncSearch } from "./helpers";

beforeAll(async () => {
  await ensureIndexes();
  await syncSearch();
});

describe("GET /api/v1/institutions", () => {
  it("returns hits, total and page", async () => {
    const res = await callRoute(apiLoader, loaderArgs("/api/v1/institutions?q=Middle%20East%20Technical&country=tr&kind=university"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.page).toBe(1);
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(body.hits[0]).toMatchObject({ name: "Middle East Technical University", country: "TR", kind: "university", rorId: "014weej12" });
    expect(typeof body.hits[0].id).toBe("number");
  });

  it.each([
    ["country=XX", "country"],
    ["page=-1", "page"],
    ["page=abc", "page"],
    ["page=0", "page"],
    ["kind=castle", "kind"],
    [`q=${"a".repeat(5000)}`, "q"],
  ])("answers 400 with a clear message for %s", async (qs, param) => {
    const res = await callRoute(apiLoader, loaderArgs(`/api/v1/institutions?${qs.slice(0, 40)}${qs.length > 40 ? qs.slice(40) : ""}`));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.issues.map((i: { param: string }) => i.param)).toContain(param);
    expect(body.error).toMatch(new RegExp(`^${param}: `));
  });
});

describe("pages", () => {
  it("/institutions answers 400 for bad parameters and keeps the query", async () => {
    const res = await callRoute(listLoader, loaderArgs("/institutions?q=metu&country=XX"));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.params.q).toBe("metu");
    expect(body.issues[0].param).toBe("country");
  });

  it("/institutions/:id shows names with languages and 404s for unknown or pending ids", async () => {
    const db = getDb();
    const metu = await db.selectFrom("institutions").select("id").where("ror_id", "=", "014weej12").executeTakeFirstOrThrow();
    const ok = await callRoute(detailLoader, loaderArgs(`/institutions/${metu.id}`, { id: String(metu.id) }));
    expect(ok.status).toBe(200);
    const { institution } = await ok.json();
    expect(institution.names).toEqual([expect.objectContaining({ name: "Orta Doğu Teknik Üniversitesi", lang: "tr", kind: "label" })]);
    expect(institution.children.length).toBeGreaterThanOrEqual(0);
    for (const id of ["999999", "abc", "-1", "1e3"]) {
      expect((await callRoute(detailLoader, loaderArgs(`/institutions/${id}`, { id }))).status, id).toBe(404);
    }
    await db.updateTable("institutions").set({ status: "pending" }).where("id", "=", metu.id).execute();
    expect((await callRoute(detailLoader, loaderArgs(`/institutions/${metu.id}`, { id: String(metu.id) }))).status).toBe(404);
    await db.updateTable("institutions").set({ status: "verified" }).where("id", "=", metu.id).execute();
  });

  it("/ counts institutions of all ten member states", async () => {
    const res = await callRoute(homeLoader as any, loaderArgs("/"));
    const body = await res.json();
    expect(body.countries).toHaveLength(10);
    expect(body.total).toBe(1465);
    expect(body.countries.every((c: { count: number }) => c.count > 0)).toBe(true);
  });

  it("/healthz answers 200 with db and search ok", async () => {
    const res = await callRoute(healthLoader as any, loaderArgs("/healthz"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ db: "ok", search: "ok", outbox: { backlog: 0 } });
  });
});

describe("API edge cases", () => {
  it.each([
    ["q=a&q=b", "q", /more than once/],
    ["page=1&page=2", "page", /more than once/],
    ["country[]=TR", "country[]", /is not understood: write country=/],
    ["q=%FF%FE", "q", /not valid UTF-8/],
  ])("refuses %s with 400", async (qs, param, message) => {
    const res = await callRoute(apiLoader, loaderArgs(`/api/v1/institutions?${qs}`));
    expect(res.status).toBe(400);
    const body = await res.json();
    const issue = body.issues.find((i: { param: string }) => i.param === param);
    expect(issue?.message).toMatch(message);
  });

  it("answers a page past the last one with an empty list and the real page count", async () => {
    const res = await callRoute(apiLoader, loaderArgs("/api/v1/institutions?country=TM&page=5"));
    const body = await res.json();
    expect(body).toMatchObject({ hits: [], page: 5, totalPages: 1 });
    expect(body.total).toBeGreaterThan(0);
  });

  it("unknown /api/ URLs answer JSON 404", async () => {
    const { loader } = await import("../app/routes/api.$");
    const res = await loader(loaderArgs("/api/v1/nope"));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "No API endpoint at /api/v1/nope" });
  });

  it("shows external ROR parents and children as links instead of dropping them", async () => {
    const db = getDb();
    const ana = await db.selectFrom("institutions").select("id").where("name", "=", "Azerbaijan National Academy of Sciences").executeTakeFirstOrThrow();
    const res = await callRoute(detailLoader, loaderArgs(`/institutions/${ana.id}`, { id: String(ana.id) }));
    const { institution } = await res.json();
    const rorChildren = await db
      .selectFrom("institution_relationships")
      .select("related_ror_id")
      .where("institution_id", "=", ana.id)
      .where("type", "=", "child")
      .execute();
    expect(institution.children.length + institution.externalChildren.length).toBe(rorChildren.length);
  });
});

describe("when Meilisearch is unreachable", () => {
  it("the API answers 503 JSON and the page 503, and /healthz reports search error", async () => {
    const saved = process.env.MEILI_URL;
    process.env.MEILI_URL = "http://127.0.0.1:9"; // discard port: nothing listens
    try {
      // As server.ts serves them (degradeWhenSearchDown); tests/search-down.test.ts checks every route over HTTP.
      const api = await callRoute(degradeRouteModule(apiRoute as never).loader as never, loaderArgs("/api/v1/institutions?q=metu"));
      expect(api.status).toBe(503);
      expect((await api.json()).error).toMatch(/temporarily unavailable/);
      const page = await callRoute(degradeRouteModule(listRoute as never).loader as never, loaderArgs("/institutions?q=metu"));
      expect(page.status).toBe(503);
      const health = await callRoute(healthLoader as any, loaderArgs("/healthz"));
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ db: "ok", search: "error" });
    } finally {
      process.env.MEILI_URL = saved;
    }
  });
});
