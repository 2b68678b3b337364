import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { promisify } from "node:util";
import path from "node:path";
import { describe, expect, it, inject } from "vitest";
import { connect, withDatabase } from "../db/connect";
import { migrateDown, migrateToLatest } from "../db/migrate";
import { migrations } from "../db/migrations";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");

describe("schema and migrations", () => {
  it("lists every migration file in db/migrations/index.ts, in order", () => {
    const files = readdirSync(path.join(ROOT, "db/migrations"))
      .filter((f) => /^\d{4}_\d{2}_\d{2}_\d{6}_.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });

  it("db/types.ts matches the migrated schema (kysely-codegen --verify)", async () => {
    const { stdout, stderr } = await run(path.join(ROOT, "node_modules/.bin/kysely-codegen"), ["--url", process.env.DATABASE_URL!, "--verify"], {
      cwd: ROOT,
    }).catch((err) => {
      throw new Error(`db/types.ts has drifted from the migrations; run \`npm run db:types\`.\n${err.stdout}\n${err.stderr}`);
    });
    expect(`${stdout}${stderr}`).toMatch(/up-to-date|up to date/i);
  });

  it("migrates down to nothing and up again on an empty database", async () => {
    const admin = connect(inject("adminDatabaseUrl"), { max: 1 });
    const name = `eco_migrate_${Date.now()}`;
    await admin.sql.unsafe(`create database ${name}`);
    const h = connect(withDatabase(inject("adminDatabaseUrl"), name), { max: 2 });
    try {
      const names = Object.keys(migrations);
      expect(await migrateToLatest(h.db)).toEqual(names);
      for (const n of [...names].reverse()) expect(await migrateDown(h.db)).toBe(n);
      const tables = await h.sql`select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'`;
      expect(tables.map((t) => t.table_name)).toEqual([]);
      expect(await migrateToLatest(h.db)).toEqual(names);
    } finally {
      await h.close();
      await admin.sql.unsafe(`drop database ${name} with (force)`);
      await admin.close();
    }
  });
});
