/**
 * /projects and /api/v1/projects: `with` (consortium includes EVERY listed
 * member state) next to `country` (ANY of them), and `approvedFrom`/`approvedTo`
 * (approval dates, inclusive UTC days), through the loaders and a real
 * Meilisearch; the /reports matrix cells link to lists whose count equals the cell.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildAllOf } from "../app/search/filter";
import * as page from "../app/routes/projects._index";
import * as api from "../app/routes/api.v1.projects";
import * as reports from "../app/routes/reports._index";
import { projectsHref } from "../app/components/report-view";
import { callRoute, loaderArgs, syncSearch } from "./helpers";
import { insertApprovedProject, verifiedInstitution } from "./proposal-fixtures";

const ids = {} as Record<"trIr" | "trIrKz" | "trKz" | "azUz" | "pkTjIn" | "pkTjFirst" | "pkTjLast" | "pkTjBefore" | "pkTjAfter" | "pkTjKgIn", number>;
// A period in the past (the projects above are approved today, outside it).
const PERIOD = { from: "2024-01-01", to: "2024-06-30" };

beforeAll(async () => {
  const [tr, ir, kz, az, uz] = await Promise.all(["TR", "IR", "KZ", "AZ", "UZ"].map((c) => verifiedInstitution(c)));
  const ir2 = await verifiedInstitution("IR", [ir.id]);
  ids.trIr = await insertApprovedProject(tr.id, [ir.id]);
  ids.trIrKz = await insertApprovedProject(ir.id, [tr.id, kz.id]);
  // KZ only declined: the consortium is TR + IR, so with=KZ must not find it through the declined partner.
  ids.trKz = await insertApprovedProject(kz.id, [tr.id], { declinedIds: [ir2.id] });
  ids.azUz = await insertApprovedProject(az.id, [uz.id]);
  // PK–TJ: inside the period, on its first and last instants, one second either side of it.
  const [pk, kg, tj] = await Promise.all(["PK", "KG", "TJ"].map((c) => verifiedInstitution(c)));
  const at = (iso: string) => ({ decidedAt: new Date(iso) });
  ids.pkTjIn = await insertApprovedProject(pk.id, [tj.id], at("2024-03-15T12:00:00Z"));
  ids.pkTjFirst = await insertApprovedProject(tj.id, [pk.id], at("2024-01-01T00:00:00Z"));
  ids.pkTjLast = await insertApprovedProject(pk.id, [tj.id], at("2024-06-30T23:59:59Z"));
  ids.pkTjBefore = await insertApprovedProject(pk.id, [tj.id], at("2023-12-31T23:59:59Z"));
  ids.pkTjAfter = await insertApprovedProject(pk.id, [tj.id], at("2024-07-01T00:00:00Z"));
  ids.pkTjKgIn = await insertApprovedProject(kg.id, [pk.id, tj.id], at("2024-05-01T00:00:00Z"));
  await syncSearch();
});

async function apiIds(query: string): Promise<number[]> {
  const res = await callRoute(api.loader, loaderArgs(`/api/v1/projects?${query}`));
  expect(res.status, query).toBe(200);
  return ((await res.json()) as { hits: Array<{ id: number }> }).hits.map((h) => h.id).sort((a, b) => a - b);
}
async function pageIds(query: string): Promise<number[]> {
  const res = await callRoute(page.loader, loaderArgs(`/projects?${query}`));
  expect(res.status, query).toBe(200);
  const body = (await res.json()) as { params: { with: string[] }; result: { hits: Array<{ id: number }> } };
  return body.result.hits.map((h) => h.id).sort((a, b) => a - b);
}
const sorted = (...xs: number[]) => xs.sort((a, b) => a - b);

describe("with= : every listed member state", () => {
  it("with=IR&with=TR returns only projects whose consortium has both (API and page)", async () => {
    for (const get of [apiIds, pageIds]) {
      expect(await get("with=IR&with=TR")).toEqual(sorted(ids.trIr, ids.trIrKz));
      expect(await get("with=IR,TR")).toEqual(sorted(ids.trIr, ids.trIrKz));
      expect(await get("with=KZ&with=IR&with=TR")).toEqual([ids.trIrKz]);
      expect(await get("with=KZ&with=IR")).toEqual([ids.trIrKz]); // the declined IR partner of trKz does not count
      expect(await get("with=AZ&with=TR")).toEqual([]);
    }
  });

  it("country= keeps its any-of meaning, and combines with with= (AND)", async () => {
    expect(await apiIds("country=IR&country=UZ")).toEqual(sorted(ids.trIr, ids.trIrKz, ids.azUz));
    expect(await apiIds("with=TR&country=KZ")).toEqual(sorted(ids.trIrKz, ids.trKz));
  });

  it("the page keeps with= for its form and counts the member-state facet within it", async () => {
    const res = await callRoute(page.loader, loaderArgs("/projects?with=ir&with=TR"));
    const body = (await res.json()) as { params: { with: string[] }; result: { countries: Array<{ value: string; count: number }> } };
    expect(body.params.with).toEqual(["IR", "TR"]);
    expect(Object.fromEntries(body.result.countries.map((c) => [c.value, c.count]))).toEqual({ IR: 2, TR: 2, KZ: 1 });
  });

  it("a state that is not a member answers 400 naming the parameter (API and page)", async () => {
    const res = await callRoute(api.loader, loaderArgs("/api/v1/projects?with=IR&with=FR"));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: Array<{ param: string }> }).issues.map((i) => i.param)).toEqual(["with"]);
    const html = await callRoute(page.loader, loaderArgs("/projects?with=XX"));
    expect(html.status).toBe(400);
    expect(((await html.json()) as { issues: Array<{ param: string }> }).issues.map((i) => i.param)).toEqual(["with"]);
  });

  it("buildAllOf: one quoted condition per distinct value, attribute allow-listed", () => {
    expect(buildAllOf("countries", ["IR", "TR", "IR"], ["countries"])).toEqual(['countries = "IR"', 'countries = "TR"']);
    expect(buildAllOf("countries", [], ["countries"])).toEqual([]);
    expect(() => buildAllOf("countries OR 1", ["IR"], ["countries"])).toThrow(/not filterable/);
  });
});

describe("approvedFrom / approvedTo: approval dates, inclusive UTC days", () => {
  it("keep projects approved from the first day's 00:00 UTC to the last day's 23:59:59 UTC (API and page)", async () => {
    const inside = sorted(ids.pkTjIn, ids.pkTjFirst, ids.pkTjLast, ids.pkTjKgIn);
    for (const get of [apiIds, pageIds]) {
      expect(await get(`with=PK&with=TJ&approvedFrom=${PERIOD.from}&approvedTo=${PERIOD.to}`)).toEqual(inside);
      expect(await get("with=PK&with=TJ&approvedFrom=2024-07-01")).toEqual(sorted(ids.pkTjAfter));
      expect(await get("with=PK&with=TJ&approvedTo=2023-12-31")).toEqual(sorted(ids.pkTjBefore));
    }
  });

  it("refuse a date that is not a calendar day, and approvedTo before approvedFrom (400 naming the parameter)", async () => {
    for (const [query, param] of [
      ["approvedFrom=2024-13-01", "approvedFrom"],
      ["approvedTo=24-1-1", "approvedTo"],
      ["approvedFrom=2024-06-01&approvedTo=2024-05-01", "approvedTo"],
    ]) {
      for (const route of [api, page]) {
        const res = await callRoute(route.loader, loaderArgs(`/projects?${query}`));
        expect(res.status, query).toBe(400);
        expect(
          ((await res.json()) as { issues: Array<{ param: string }> }).issues.map((i) => i.param),
          query,
        ).toEqual([param]);
      }
    }
  });

  it("every link of the /reports matrix lists as many projects as its cell counts (period carried)", async () => {
    const res = await callRoute(reports.loader, loaderArgs(`/reports?from=${PERIOD.from}&to=${PERIOD.to}`));
    const m = ((await res.json()) as { figures: { collaboration: { states: Array<"PK">; counts: number[][] } } }).figures.collaboration;
    const cell = (a: string, b: string) => m.counts[m.states.indexOf(a as "PK")][m.states.indexOf(b as "PK")];
    expect(cell("PK", "TJ")).toBe(4);
    expect(cell("PK", "PK")).toBe(4);
    expect(cell("KG", "TJ")).toBe(1);
    for (const [a, b] of [
      ["PK", "TJ"],
      ["TJ", "PK"],
      ["PK", "PK"],
      ["KG", "TJ"],
      ["TJ", "TJ"],
    ] as const) {
      const href = projectsHref(PERIOD, a, b);
      expect(href).toContain(`approvedFrom=${PERIOD.from}&approvedTo=${PERIOD.to}`);
      const list = await callRoute(api.loader, loaderArgs(href.replace("/projects", "/api/v1/projects")));
      expect(((await list.json()) as { total: number }).total, href).toBe(cell(a, b));
      const shown = await callRoute(page.loader, loaderArgs(href));
      expect(((await shown.json()) as { result: { total: number } }).result.total, href).toBe(cell(a, b));
    }
  });
});
