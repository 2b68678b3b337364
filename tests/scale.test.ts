/**
 * Scale generator (db/scale.ts, `npm run seed:scale`): reproducible on fresh
 * databases, every row marked as demo, and removal deletes exactly those rows.
 * Tiny counts: the benchmarks run it at 100k; no timing is asserted here.
 */
import { describe, expect, inject, it } from "vitest";
import { sql, type Kysely } from "kysely";
import { connect, withDatabase } from "../db/connect";
import { existingTables, removeScale, seedScale } from "../db/scale";
import type { DB } from "../db/types";
import { upsertExpertProfileAs } from "./helpers";

async function snapshot(db: Kysely<DB>) {
  const institutions = await db.selectFrom("institutions").selectAll().where("source", "=", "demo").orderBy("id").execute();
  const institutionTopics = await db
    .selectFrom("institution_topics")
    .innerJoin("institutions", "institutions.id", "institution_topics.institution_id")
    .select(["institution_id", "topic_id"])
    .where("institutions.source", "=", "demo")
    .orderBy("institution_id")
    .orderBy("topic_id")
    .execute();
  const experts = await db.selectFrom("experts").selectAll().where("is_demo", "=", true).orderBy("id").execute();
  const expertTopics = await db
    .selectFrom("expert_topics")
    .innerJoin("experts", "experts.id", "expert_topics.expert_id")
    .select(["expert_id", "topic_id"])
    .where("experts.is_demo", "=", true)
    .orderBy("expert_id")
    .orderBy("topic_id")
    .execute();
  return { institutions, institutionTopics, experts, expertTopics };
}

/** A fresh database cloned from the migrated, imported template; dropped by the returned close(). */
async function freshDatabase() {
  const admin = connect(inject("adminDatabaseUrl"), { max: 1 });
  const name = `eco_test_scale_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await admin.sql.unsafe(`create database ${name} template ${inject("templateDatabase")}`);
  const handle = connect(withDatabase(inject("adminDatabaseUrl"), name), { max: 2 });
  return {
    db: handle.db,
    async close() {
      await handle.close();
      await admin.sql.unsafe(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}

describe("scale generator", () => {
  it("gives identical rows on two fresh databases, in small batches, all marked as demo", async () => {
    const a = await freshDatabase();
    const b = await freshDatabase();
    try {
      // batchSize 7 forces several batches, so streaming cannot change the output.
      const ra = await seedScale(a.db, { institutions: 40, experts: 60, seed: 11, batchSize: 7 });
      const rb = await seedScale(b.db, { institutions: 40, experts: 60, seed: 11, batchSize: 25 });
      expect(ra).toMatchObject({ institutions: 40, experts: 60 });
      expect(rb).toEqual(ra);
      const sa = await snapshot(a.db);
      const sb = await snapshot(b.db);
      expect(sa.institutions).toHaveLength(40);
      expect(sa.experts).toHaveLength(60);
      expect(sb).toEqual(sa);
      for (const i of sa.institutions) expect(i).toMatchObject({ source: "demo", status: "verified" });
      for (const e of sa.experts) expect(e).toMatchObject({ is_demo: true, orcid: null, user_id: null });
      expect(new Set(sa.institutions.map((i) => i.name)).size).toBe(40); // names are unique
      expect(new Set(sa.institutions.map((i) => i.country_code)).size).toBe(10);
      // Another seed gives other data.
      await removeScale(b.db);
      await seedScale(b.db, { institutions: 40, experts: 60, seed: 12 });
      expect((await snapshot(b.db)).experts.map((e) => e.full_name)).not.toEqual(sa.experts.map((e) => e.full_name));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("refuses to mix with existing demo data, and removal deletes exactly the demo rows", async () => {
    const { db, close } = await freshDatabase();
    try {
      const real = await upsertExpertProfileAs(db, "scale-real-user", { fullName: "Real Researcher Zephyrine", topicIds: ["T10028"] });
      if (!real.ok) throw new Error("setup failed");
      const count = async () => {
        const r = await sql<{ i: number; e: number }>`select (select count(*)::int from institutions) as i, (select count(*)::int from experts) as e`.execute(db);
        return r.rows[0];
      };
      const before = await count();
      await seedScale(db, { institutions: 20, experts: 30, seed: 3 });
      expect(await count()).toEqual({ i: before.i + 20, e: before.e + 30 });
      await expect(seedScale(db, { institutions: 1, experts: 1 })).rejects.toThrow(/already present/);
      expect(await removeScale(db, { batchSize: 8 })).toEqual({ experts: 30, institutions: 20 });
      expect(await count()).toEqual(before);
      expect(await db.selectFrom("experts").select("id").where("id", "=", real.expertId).executeTakeFirst()).toBeDefined();
      expect(await db.selectFrom("institutions").select("id").where("source", "=", "demo").execute()).toEqual([]);
    } finally {
      await close();
    }
  });

  it("reports which optional tables (calls, proposals) exist in this build", async () => {
    const { db, close } = await freshDatabase();
    try {
      expect(await existingTables(db, ["experts", "no_such_table"])).toEqual(["experts"]);
    } finally {
      await close();
    }
  });
});
