/**
 * Demo data: reproducible (same rows on two fresh databases), idempotent,
 * spread over the ten member states with names in their scripts, and
 * `--remove` deletes exactly the demo rows (and, through the outbox, their
 * documents). Also drives the `seed:demo` CLI.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { sql, type Kysely } from "kysely";
import { connect, withDatabase } from "../db/connect";
import { DEMO_NAMES } from "../tooling/demo/demo-names";
import { countDemo, demoCountryCounts, removeDemo, seedDemo, type TopicRow } from "../tooling/demo/demo";
import { HEALTH_TOPIC, institutionThemes, themePools } from "../tooling/demo/demo-profiles";
import type { DB } from "../db/types";
import { getMeili, indexUid } from "../app/search/client.server";
import { ensureIndexes } from "../app/search/sync.server";
import { getDb, syncSearch, upsertExpertProfileAs } from "./helpers";

const ROOT = path.resolve(import.meta.dirname, "..");

async function snapshot(db: Kysely<DB>) {
  const experts = await db.selectFrom("experts").selectAll().orderBy("id").execute();
  const topics = await db.selectFrom("expert_topics").selectAll().orderBy("expert_id").orderBy("topic_id").execute();
  const profiles = await db.selectFrom("institution_topics").selectAll().where("source", "=", "demo").orderBy("institution_id").orderBy("topic_id").execute();
  return { experts, topics, profiles };
}

/** How each kind of native name variant is written (DEMO_NAMES[country].variant). */
const VARIANT_SCRIPT: Record<(typeof DEMO_NAMES)[string]["variant"], RegExp> = {
  cyrillic: /^[\p{Script=Cyrillic} ]+$/u,
  persian: /^[\p{Script=Arabic}\u200C ]+$/u,
  urdu: /^[\p{Script=Arabic}\u200C ]+$/u,
  ascii: /^[A-Za-z ]+$/,
};

describe("demo experts", () => {
  it("splits any total exactly over the ten member states", () => {
    for (const n of [10, 37, 600, 1000]) {
      const c = demoCountryCounts(n);
      expect(Object.values(c).reduce((s, x) => s + x, 0)).toBe(n);
      expect(Object.values(c).every((x) => x >= 1)).toBe(true);
    }
  });

  it("are spread over all ten member states, affiliated with real verified institutions of their country, in plausible scripts", async () => {
    const db = getDb();
    expect(await seedDemo(db)).toEqual({ created: 600, skipped: false });
    const rows = await db
      .selectFrom("experts as e")
      .innerJoin("institutions as i", "i.id", "e.institution_id")
      .select([
        "e.id",
        "e.full_name",
        "e.name_variants",
        "e.orcid",
        "e.is_demo",
        "e.user_id",
        "e.contact_email",
        "e.contact_visibility",
        "e.open_to",
        "i.country_code",
        "i.status",
        "i.source",
        "i.kind",
      ])
      .execute();
    expect(rows).toHaveLength(600);
    expect(new Set(rows.map((r) => r.country_code)).size).toBe(10);
    for (const r of rows) {
      expect(r).toMatchObject({ is_demo: true, orcid: null, user_id: null, status: "verified", source: "ror" });
      expect(["university", "research_centre"]).toContain(r.kind);
      expect(r.full_name).toMatch(/^[\p{Script=Latin}\p{M}ʻ' -]+$/u); // the Latin form is always the full name
      // No email is allowed (counted below); one that is set is a demo address.
      expect(r.contact_email ?? "none@demo.example").toMatch(/@demo\.example$/);
      for (const v of r.name_variants) expect(v).toMatch(VARIANT_SCRIPT[DEMO_NAMES[r.country_code].variant]);
    }
    // Variety: each visibility and each openness value occurs, and some experts have no email.
    const count = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).length;
    for (const v of ["public", "members", "hidden"])
      expect(
        count((r) => r.contact_visibility === v),
        v,
      ).toBeGreaterThan(50);
    for (const o of ["joint_research", "supervision", "exchange_visits", "teaching", "consulting"])
      expect(
        count((r) => r.open_to.includes(o)),
        o,
      ).toBeGreaterThan(50);
    expect(count((r) => r.contact_email === null)).toBeGreaterThan(20);
    expect(count((r) => r.contact_email !== null)).toBeGreaterThan(100);
    expect(count((r) => r.name_variants.some((v) => /\p{Script=Cyrillic}/u.test(v)))).toBeGreaterThan(100);
    expect(count((r) => r.name_variants.some((v) => /\p{Script=Arabic}/u.test(v)))).toBeGreaterThan(150);

    // Topics: 2–5 each, mostly from one subfield; keywords drawn from those topics.
    const topics = await sql<{ expert_id: number; n: number; top: number }>`
      select expert_id, count(*)::int as n, max(c)::int as top from (
        select et.expert_id, t.subfield_id, count(*) over (partition by et.expert_id, t.subfield_id) as c
        from expert_topics et join topics t on t.id = et.topic_id) x
      group by expert_id`.execute(db);
    expect(topics.rows).toHaveLength(600);
    for (const t of topics.rows) {
      expect(t.n).toBeGreaterThanOrEqual(2);
      expect(t.n).toBeLessThanOrEqual(5);
      expect(t.top).toBeGreaterThanOrEqual(t.n - 1);
    }
    const strayKeywords = await sql<{ id: number }>`
      select e.id from experts e, unnest(e.keywords) k
      where not exists (select 1 from expert_topics et join topics t on t.id = et.topic_id where et.expert_id = e.id and k = any(t.keywords))`.execute(db);
    expect(strayKeywords.rows).toEqual([]);
  });

  it("fit their institutions: each host institution has a declared profile from its name, and its experts' topics come from it", async () => {
    const db = getDb();
    const experts = await db
      .selectFrom("experts as e")
      .innerJoin("institutions as i", "i.id", "e.institution_id")
      .select(["e.id", "e.institution_id", "i.name", sql<string[]>`array(select n.name from institution_names n where n.institution_id = i.id)`.as("labels")])
      .where("e.is_demo", "=", true)
      .execute();
    const topicRows = await db
      .selectFrom("expert_topics as et")
      .innerJoin("topics as t", "t.id", "et.topic_id")
      .select(["et.expert_id", "t.id", "t.name", "t.field", "t.subfield"])
      .execute();
    const topicsOf = new Map<number, typeof topicRows>();
    for (const t of topicRows) topicsOf.set(t.expert_id, [...(topicsOf.get(t.expert_id) ?? []), t]);
    const declared = await db.selectFrom("institution_topics").select(["institution_id", "topic_id"]).where("source", "=", "demo").execute();
    const profileOf = new Map<number, Set<string>>();
    for (const d of declared) profileOf.set(d.institution_id, (profileOf.get(d.institution_id) ?? new Set()).add(d.topic_id));

    // Every host institution has a declared profile; experts' topics come mostly from it.
    const hosts = new Set(experts.map((e) => e.institution_id));
    expect([...hosts].filter((id) => (profileOf.get(id!)?.size ?? 0) < 4)).toEqual([]);
    expect([...profileOf.keys()].filter((id) => !hosts.has(id))).toEqual([]);
    const all = topicRows.length;
    const inProfile = experts.reduce((s, e) => s + topicsOf.get(e.id)!.filter((t) => profileOf.get(e.institution_id!)!.has(t.id)).length, 0);
    expect(inProfile / all).toBeGreaterThan(0.75);

    // Medical universities: health topics only (judged by topic name and OpenAlex field, not by the generator's own map).
    const healthy = (t: { name: string; field: string; subfield: string }) =>
      /health|medic|clinic|cancer|tumou?r|disease|drug|bio|gene|DNA|ECG|EEG|brain|COVID|blood|stroke|mental|psychiatr|infusion|radiom/i.test(t.name) ||
      /Medicine|Health|Neuroscience|Biochemistry/.test(t.field) ||
      t.subfield === "Biomedical Engineering";
    const medical = experts.filter((e) => /\bmedical|medicine/i.test(e.name) && !/veterin/i.test(e.name)); // not "Biomedical" in a chemistry institute, nor veterinary medicine (an agricultural profile)
    expect(medical.length).toBeGreaterThan(20);
    for (const e of medical)
      expect(
        topicsOf
          .get(e.id)!
          .filter((t) => !healthy(t))
          .map((t) => t.name),
        e.name,
      ).toEqual([]);
    // Nobody outside medicine and health gets medical-imaging or clinical topics.
    const clinical = /medical|clinical|cancer|tumou?r|radiom|disease|healthcare/i;
    // (Health names include epidemiology, physiology, diabetes…; life-science names may hold bioinformatics topics.)
    const others = experts.filter(
      (e) =>
        !/medic|health|pharma|dent|nursing|hospital|clinic|oncolog|endocrin|metabol|rheumat|disease|sleep|rehabilit|surg|physician|epidemiol|physiolog|diabet|obesity|brain|virolog|pasteur|cerrah|hekim|shifa|şifa|doctors|həkim|biolog|biotechnolog|genom|genetic|bioinform|molecular|zoolog|cognitive|tıp|sağlık|tibbiyot|медицин|پزشکی|سلامت|بهداشت|دارو/iu.test(
          [e.name, ...e.labels].join(" "),
        ),
    );
    expect(others.length).toBeGreaterThan(400);
    for (const e of others)
      expect(
        topicsOf
          .get(e.id)!
          .filter((t) => clinical.test(t.name))
          .map((t) => t.name),
        e.name,
      ).toEqual([]);
    // Ocean and marine institutions: environmental and remote-sensing topics, none medical.
    const marine = experts.filter((e) => /ocean|marine|maritime/i.test(e.name));
    expect(marine.length).toBeGreaterThanOrEqual(2);
    for (const e of marine) {
      const names = topicsOf.get(e.id)!.map((t) => t.name);
      expect(
        names.filter((n) => clinical.test(n) || HEALTH_TOPIC.test(n)),
        e.name,
      ).toEqual([]);
    }
    expect(marine.some((e) => topicsOf.get(e.id)!.some((t) => /radar|satellite|remote.sensing|SAR|geolog|seism|GNSS|water|hydrolog/i.test(t.name)))).toBe(true);
  });

  it("seeding again changes nothing", async () => {
    const db = getDb();
    const before = await snapshot(db);
    expect(await seedDemo(db)).toEqual({ created: 0, skipped: true });
    expect(await snapshot(db)).toEqual(before);
  });

  it("are reproducible: a second fresh database gets identical rows, ids and timestamps included", async () => {
    const admin = connect(inject("adminDatabaseUrl"), { max: 1 });
    const name = `eco_test_demo_${process.pid}_${Date.now()}`;
    await admin.sql.unsafe(`create database ${name} template ${inject("templateDatabase")}`);
    const other = connect(withDatabase(inject("adminDatabaseUrl"), name), { max: 2 });
    try {
      await seedDemo(other.db);
      const a = await snapshot(getDb());
      const b = await snapshot(other.db);
      expect(b.experts).toHaveLength(600);
      expect(b).toEqual(a);
      // A different seed gives different people.
      await removeDemo(other.db);
      await seedDemo(other.db, { seed: 7, experts: 50 });
      const c = await snapshot(other.db);
      expect(c.experts).toHaveLength(50);
      expect(c.experts.map((e) => e.full_name)).not.toEqual(a.experts.slice(0, 50).map((e) => e.full_name));
    } finally {
      await other.close();
      await admin.sql.unsafe(`drop database if exists ${name} with (force)`);
      await admin.close();
    }
  });

  it("--remove deletes exactly the demo rows and, through the outbox, their documents", { timeout: 120_000 }, async () => {
    const db = getDb();
    const real = await upsertExpertProfileAs(db, "real-user", { fullName: "Real Researcher Quendolyn", topicIds: ["T10028"] });
    if (!real.ok) throw new Error("setup failed");
    await ensureIndexes();
    await syncSearch();
    const index = getMeili().index(indexUid("experts"));
    expect((await index.search("", { limit: 0 })).estimatedTotalHits).toBe(601);
    const institutions = Number(
      (
        await db
          .selectFrom("institutions")
          .select(sql<number>`count(*)`.as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

    expect(
      Number(
        (
          await db
            .selectFrom("institution_topics")
            .select(sql<number>`count(*)`.as("n"))
            .where("source", "=", "demo")
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBeGreaterThan(1000);
    expect(await removeDemo(db)).toBe(600);
    expect(await removeDemo(db)).toBe(0);
    // The declared demo profiles went with them.
    expect(await db.selectFrom("institution_topics").select("institution_id").where("source", "=", "demo").execute()).toEqual([]);
    const left = await db.selectFrom("experts").select(["id", "full_name", "is_demo"]).execute();
    expect(left).toEqual([{ id: real.expertId, full_name: "Real Researcher Quendolyn", is_demo: false }]);
    expect(await db.selectFrom("expert_topics").select("expert_id").distinct().execute()).toEqual([{ expert_id: real.expertId }]);
    expect(
      Number(
        (
          await db
            .selectFrom("institutions")
            .select(sql<number>`count(*)`.as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(institutions);
    await syncSearch();
    const docs = await index.getDocuments({ limit: 1000, fields: ["id"] });
    expect(docs.results).toEqual([{ id: real.expertId }]);
  });

  it("npm run seed:demo (the CLI) loads and removes them", async () => {
    const db = getDb();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "tooling/demo/seed-demo.ts", ...args], {
        cwd: ROOT,
        env: { ...process.env },
        encoding: "utf8",
        timeout: 60_000,
      });
    const load = run("--experts", "40");
    expect(load.status, load.stderr).toBe(0);
    expect(load.stdout).toContain("Created 40 demo experts");
    expect(await countDemo(db)).toBe(40);
    const remove = run("--remove");
    expect(remove.status, remove.stderr).toBe(0);
    expect(remove.stdout).toContain("Removed 40 demo expert(s)");
    expect(await countDemo(db)).toBe(0);
    expect(await db.selectFrom("experts").select("full_name").execute()).toEqual([{ full_name: "Real Researcher Quendolyn" }]);
    const bad = run("--experts=-3");
    expect(bad.status).toBe(2);
  });
});

describe("demo institution profiles (keyword → topic map)", () => {
  it("reads the institution's kind of research from its name in English, transliteration or native script", () => {
    const cases: Array<[string, string, string?]> = [
      ["Tehran University of Medical Sciences", "health"],
      ["دانشگاه علوم پزشکی شیراز", "health"],
      ["Karaganda Medical University", "health"],
      ["Медицинский Университет Караганды", "health"],
      ["Toshkent farmatsevtika instituti", "health"],
      ["Iranian National Institute for Oceanography and Atmospheric Science", "ocean"],
      ["پژوهشگاه ملی اقیانوس شناسی و علوم جوی", "ocean"],
      ["Khorramshahr University of Marine Science and Technology", "ocean", "engineering"],
      ["Iran Telecommunication Research Center", "telecom"],
      ["Muhammad al-Khwarizmi nomidagi Toshkent axborot texnologiyalari universiteti", "computing", "engineering"],
      ["Sindh Agriculture University", "agriculture"],
      ["Konya Gıda ve Tarım Üniversitesi", "agriculture"],
      ["Azerbaijan State Oil and Industry University", "energy", "engineering"],
      ["Abai Kazakh National Pedagogical University", "education"],
      ["Istanbul Technical University", "engineering"],
    ];
    for (const [name, theme, also] of cases) {
      const got = institutionThemes([name]);
      expect(got, name).toContain(theme);
      expect(got, name).toEqual(expect.arrayContaining(also ? [theme, also] : [theme]));
      expect(got.includes("health"), name).toBe(theme === "health");
    }
    // No keyword: the general computing profile.
    expect(institutionThemes(["University of Tehran"])).toEqual(["computing"]);
  });

  it("keeps medical topics out of every pool but the health one", async () => {
    const topics: TopicRow[] = await getDb()
      .selectFrom("topics")
      .select(["id", "name", "subfield_id", "subfield", "field", "keywords"])
      .orderBy("id")
      .execute();
    const pools = themePools(topics);
    const names = (id: string) => pools.get(id)!.map((t) => t.name);
    expect(names("health")).toEqual(
      expect.arrayContaining(["Medical Image Segmentation Techniques", "ECG Monitoring and Analysis", "Brain Tumor Detection and Classification"]),
    );
    for (const [id, pool] of pools) {
      // Life and cognitive sciences may hold the bioinformatics / EEG topics their names call for (tests/demo-profiles.test.ts).
      if (id === "health" || id === "life" || id === "cognitive") continue;
      expect(pool.length, id).toBeGreaterThanOrEqual(10);
      expect(
        pool.filter((t) => HEALTH_TOPIC.test(t.name) || /medical/i.test(t.name)).map((t) => t.name),
        id,
      ).toEqual([]);
    }
    expect(names("ocean")).toEqual(
      expect.arrayContaining(["Synthetic Aperture Radar (SAR) Applications and Techniques", "Water Quality Monitoring Technologies"]),
    );
    expect(names("telecom")).toEqual(expect.arrayContaining(["Software-Defined Networks and 5G", "Antenna Design and Analysis"]));
    expect(names("agriculture")).toContain("Smart Agriculture and AI");
  });
});
