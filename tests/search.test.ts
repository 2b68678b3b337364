import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { searchInstitutions } from "../app/features/institutions/institution.server";
import { buildFilter, quoteFilterValue } from "../app/search/filter";
import { getMeili, indexUid } from "../app/search/client.server";
import { outboxStats } from "../app/search/outbox.server";
import { ensureIndexes } from "../app/search/sync.server";
import { institutionSearchSchema } from "../app/features/institutions/institution-search-params";
import { getDb, syncSearch } from "./helpers";

const search = (q: string, extra: Partial<{ country: string[]; kind: Array<"university" | "research_centre" | "other">; page: number }> = {}) =>
  searchInstitutions({ ...institutionSearchSchema.parse({}), q, ...extra });

const METU = "Middle East Technical University";

beforeAll(async () => {
  await ensureIndexes();
  const applied = await syncSearch();
  expect(applied).toBe(1465 + 645); // the imported institutions and the taxonomy's topics (topics index)
  expect((await outboxStats(getDb())).backlog).toBe(0);
});

describe("institution search", () => {
  it("finds Middle East Technical University first by its English name", async () => {
    const r = await search("Middle East Technical");
    expect(r.hits[0].name).toBe(METU);
    expect(r.hits[0].highlightedName).toContain("\u0001Middle\u0002");
  });

  it("finds it with a one-letter typo", async () => {
    for (const q of ["Midle East Technical", "Middle East Tecnical", "Middle Esat Technical University"]) {
      expect((await search(q)).hits[0]?.name, q).toBe(METU);
    }
  });

  it("finds it by its Turkish label, with or without Turkish letters", async () => {
    expect((await search("Orta Doğu Teknik")).hits[0].name).toBe(METU);
    expect((await search("Orta Dogu Teknik Universitesi")).hits[0].name).toBe(METU);
  });

  it("finds it by acronym (METU and ODTÜ)", async () => {
    // A Kazakh university also carries "METU" as an acronym: an equal match, which the more
    // prominent METU wins (tests/institution-names.test.ts covers the ranking cases).
    const metu = await search("METU");
    expect(metu.hits[0].name).toBe(METU);
    expect(metu.hits.slice(0, 2).map((h) => h.country)).toEqual(["TR", "KZ"]);
    expect((await search("ODTÜ")).hits[0].name).toBe(METU);
  });

  it("finds institutions by Russian (Cyrillic) and Persian labels", async () => {
    const db = getDb();
    const ru = await db
      .selectFrom("institution_names")
      .innerJoin("institutions", "institutions.id", "institution_names.institution_id")
      .select(["institutions.name as english", "institution_names.name"])
      .where("lang", "=", "ru")
      .where("institution_names.name", "=", "Казахский национальный университет имени аль-Фараби")
      .executeTakeFirst();
    const ruLabel = ru?.name ?? "Казахский национальный университет";
    const r1 = await search(ruLabel);
    expect(r1.hits[0].labels.map((l) => l.name)).toContain(ruLabel);
    const fa = await db
      .selectFrom("institution_names")
      .select(["institution_id", "name"])
      .where("lang", "=", "fa")
      .where("name", "like", "دانشگاه%")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const r2 = await search(fa.name);
    expect(r2.hits.slice(0, 3).map((h) => h.id)).toContain(fa.institution_id);
  });

  it("facet counts equal the database's counts", async () => {
    const db = getDb();
    const r = await search("");
    const byCountry = await db
      .selectFrom("institutions")
      .select(["country_code", sql<number>`count(*)::int`.as("n")])
      .where("status", "=", "verified")
      .groupBy("country_code")
      .execute();
    expect(r.facets.country).toEqual(Object.fromEntries(byCountry.map((x) => [x.country_code, x.n])));
    const byKind = await db
      .selectFrom("institutions")
      .select(["kind", sql<number>`count(*)::int`.as("n")])
      .where("status", "=", "verified")
      .where("country_code", "=", "TR")
      .groupBy("kind")
      .execute();
    const tr = await search("", { country: ["TR"] });
    expect(tr.facets.kind).toEqual(Object.fromEntries(byKind.map((x) => [x.kind, x.n])));
    expect(tr.total).toBe(byKind.reduce((s, x) => s + x.n, 0));
    // Disjunctive: the country facet still counts the other countries while TR is selected.
    expect(tr.facets.country).toEqual(r.facets.country);
  });

  it("paginates with stable totals", async () => {
    const p1 = await search("", { country: ["IR"], page: 1 });
    const p2 = await search("", { country: ["IR"], page: 2 });
    expect(p1.total).toBe(p2.total);
    expect(p1.hits).toHaveLength(20);
    expect(new Set([...p1.hits, ...p2.hits].map((h) => h.id)).size).toBe(p1.hits.length + p2.hits.length);
  });
});

describe("filter escaping", () => {
  it("quotes strings, escaping backslash and double quote", () => {
    expect(quoteFilterValue('a"b')).toBe('"a\\"b"');
    expect(quoteFilterValue("a\\b")).toBe('"a\\\\b"');
    expect(quoteFilterValue('\\"')).toBe('"\\\\\\""');
    expect(quoteFilterValue(3)).toBe("3");
    expect(() => quoteFilterValue(Number.NaN)).toThrow(TypeError);
    expect(buildFilter({ country: ["TR", "IR"], kind: "university" }, ["country", "kind"])).toEqual(['country IN ["TR", "IR"]', 'kind = "university"']);
    expect(() => buildFilter({ "country = TR OR x": "1" }, ["country"])).toThrow(/not filterable/);
  });

  it("a value crafted to break out of its quotes matches nothing in Meilisearch (and is accepted)", async () => {
    const index = getMeili().index(indexUid("institutions"));
    for (const evil of ['TR" OR country = "IR', 'TR\\" OR country = \\"IR', "x\\", '"']) {
      const res = await index.search("", { filter: buildFilter({ country: evil }, ["country"]), limit: 1 });
      expect(res.estimatedTotalHits, evil).toBe(0);
    }
    // And a real value still works through the same path.
    const ok = await index.search("", { filter: buildFilter({ country: "TR" }, ["country"]), limit: 1 });
    expect(ok.estimatedTotalHits).toBeGreaterThan(100);
  });
});

describe("localized attributes", () => {
  it("declares a locale only for labels whose language ROR gives, and they stay findable", async () => {
    const index = getMeili().index(indexUid("institutions"));
    const settings = await index.getSettings();
    expect(settings.localizedAttributes).toEqual([
      { attributePatterns: ["labelsFa"], locales: ["pes"] },
      { attributePatterns: ["labelsTr"], locales: ["tur"] },
      { attributePatterns: ["labelsRu"], locales: ["rus"] },
    ]);
    const metu = (await search("Orta Doğu Teknik")).hits[0];
    const doc = await index.getDocument(metu.id);
    expect(doc.labelsTr).toEqual(["Orta Doğu Teknik Üniversitesi"]);
    expect(doc.labelsFa).toEqual([]);
    // Latin search is unaffected by the localized fields.
    expect((await search("Middle East Technical")).hits[0].name).toBe(METU);
  });
});
