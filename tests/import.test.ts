import { describe, expect, it } from "vitest";
import { importAll, importRorInstitutions, kindFromRorTypes, readDataFile, type RorRecord } from "../db/import";
import { getDb } from "./helpers";

async function counts() {
  const db = getDb();
  const one = async (t: "institutions" | "institution_names" | "institution_relationships" | "topics" | "search_outbox") =>
    Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    institutions: await one("institutions"),
    names: await one("institution_names"),
    relationships: await one("institution_relationships"),
    topics: await one("topics"),
    outbox: await one("search_outbox"),
  };
}

describe("import of ROR institutions and OpenAlex topics", () => {
  it("imported every record of the shared data, from all ten member states", async () => {
    const db = getDb();
    const c = await counts();
    expect(c.institutions).toBe(1465);
    expect(c.topics).toBe(645);
    const countries = await db.selectFrom("institutions").select("country_code").distinct().execute();
    expect(countries.map((r) => r.country_code).sort()).toEqual(["AF", "AZ", "IR", "KG", "KZ", "PK", "TJ", "TM", "TR", "UZ"]);
    const metu = await db.selectFrom("institutions").selectAll().where("ror_id", "=", "014weej12").executeTakeFirstOrThrow();
    expect(metu).toMatchObject({
      name: "Middle East Technical University",
      kind: "university",
      country_code: "TR",
      city: "Ankara",
      established: 1956,
      status: "verified",
    });
    expect(metu.acronyms).toEqual(["METU", "ODTÜ"]);
    const label = await db.selectFrom("institution_names").selectAll().where("institution_id", "=", metu.id).executeTakeFirstOrThrow();
    expect(label).toMatchObject({ name: "Orta Doğu Teknik Üniversitesi", lang: "tr", kind: "label" });
  });

  it("keeps thin GRID-era records with what is known and nulls (not 'undefined') for the rest", async () => {
    const thin = await getDb().selectFrom("institutions").selectAll().where("ror_id", "=", "05x6q7t13").executeTakeFirstOrThrow();
    expect(thin.name).toBe("Alberoni University");
    expect(thin.city).toBeNull();
    expect(thin.lat).toBeNull();
    expect(thin.source_note).toMatch(/GRID 2018/);
    const bad = await getDb()
      .selectFrom("institutions")
      .select("id")
      .where((eb) => eb.or([eb("city", "=", "undefined"), eb("name", "like", "%undefined%"), eb("website", "=", "undefined")]))
      .execute();
    expect(bad).toEqual([]);
  });

  it("resolves parent/child links between records of the file", async () => {
    const db = getDb();
    const withParent = await db.selectFrom("institutions").select(["id", "parent_id"]).where("parent_id", "is not", null).execute();
    expect(withParent.length).toBeGreaterThan(50);
    const metu = await db.selectFrom("institutions").select("id").where("ror_id", "=", "014weej12").executeTakeFirstOrThrow();
    // The data file holds both METU and its research centre (db/data/ror-eco-institutions.json).
    const child = await db.selectFrom("institutions").select(["name", "parent_id"]).where("ror_id", "=", "00pcnn364").executeTakeFirst();
    expect(child).toEqual({ name: "Research Center for Built Environment and Design", parent_id: metu.id });
  });

  it("maps ROR types to our kinds", () => {
    expect(kindFromRorTypes(["education", "funder"])).toBe("university");
    expect(kindFromRorTypes(["facility"])).toBe("research_centre");
    expect(kindFromRorTypes(["government"])).toBe("other");
    expect(kindFromRorTypes(["facility", "education"])).toBe("university");
  });

  it("a second run changes nothing", async () => {
    const before = await counts();
    const report = await importAll(getDb(), () => {});
    expect(report).toMatchObject({ inserted: 0, updated: 0, unchanged: 1465, topicsChanged: 0 });
    expect(report.skipped).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it("updates a changed record in place, skips bad records with id and reason, and never aborts", async () => {
    const db = getDb();
    const records = await readDataFile<RorRecord>("ror-eco-institutions.json");
    const metu = records.find((r) => r.ror === "014weej12")!;
    const changed = { ...metu, name: "Middle East Technical University (renamed)", aliases: ["ODTU"] };
    const broken: RorRecord[] = [
      { ...metu, ror: "not-a-ror" },
      { ...metu, ror: "02mjsj765" }, // checksum off by one
      { ...records[1], ror: "03yrrjy16", country: "DE" },
      { ...records[2], ror: "00f54p054", name: "  " },
    ];
    const before = await counts();
    const { id } = await db.selectFrom("institutions").select("id").where("ror_id", "=", "014weej12").executeTakeFirstOrThrow();
    const report = await importRorInstitutions(db, [broken[0], changed, broken[1], broken[2], broken[3], ...records.filter((r) => r !== metu)]);
    expect(report.updated).toBe(1);
    expect(report.inserted).toBe(0);
    expect(report.skipped.map((s) => s.id)).toEqual(["not-a-ror", "02mjsj765", "03yrrjy16", "00f54p054"]);
    expect(report.skipped[2].reason).toMatch(/not an ECO member state/);
    expect(report.skipped[3].reason).toMatch(/missing name/);
    const after = await db.selectFrom("institutions").selectAll().where("ror_id", "=", "014weej12").execute();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id, name: "Middle East Technical University (renamed)" });
    const names = await db.selectFrom("institution_names").select("name").where("institution_id", "=", id).orderBy("name").execute();
    expect(names.map((n) => n.name)).toEqual(["ODTU", "Orta Doğu Teknik Üniversitesi"]);
    const c = await counts();
    expect(c.institutions).toBe(before.institutions);
    // The changed institution is queued for re-indexing.
    const queued = await db.selectFrom("search_outbox").select("doc_id").where("index_name", "=", "institutions").where("doc_id", "=", String(id)).execute();
    expect(queued).toHaveLength(1);
  });
});
