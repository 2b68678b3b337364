/**
 * /projects and /api/v1/projects: `with` (consortium includes EVERY listed
 * member state) next to `country` (ANY of them), through the loaders and a
 * real Meilisearch.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildAllOf } from "../app/search/filter";
import * as page from "../app/routes/projects._index";
import * as api from "../app/routes/api.v1.projects";
import { callRoute, loaderArgs, syncSearch } from "./helpers";
import { insertApprovedProject, verifiedInstitution } from "./proposal-fixtures";

const ids = {} as Record<"trIr" | "trIrKz" | "trKz" | "azUz", number>;

beforeAll(async () => {
  const [tr, ir, kz, az, uz] = await Promise.all(["TR", "IR", "KZ", "AZ", "UZ"].map((c) => verifiedInstitution(c)));
  const ir2 = await verifiedInstitution("IR", [ir.id]);
  ids.trIr = await insertApprovedProject(tr.id, [ir.id]);
  ids.trIrKz = await insertApprovedProject(ir.id, [tr.id, kz.id]);
  // KZ only declined: the consortium is TR + IR, so with=KZ must not find it through the declined partner.
  ids.trKz = await insertApprovedProject(kz.id, [tr.id], { declinedIds: [ir2.id] });
  ids.azUz = await insertApprovedProject(az.id, [uz.id]);
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
