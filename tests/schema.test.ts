/**
 * Guards for claims the README makes about the schema: every migration file
 * is registered in db/migrations/index.ts (in order), and db/types.ts matches
 * the migrated schema (kysely-codegen --verify against this file's database).
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrations } from "../db/migrations/index";

const ROOT = path.resolve(import.meta.dirname, "..");

describe("schema", () => {
  it("registers every migration file, in file-name order", () => {
    const files = readdirSync(path.join(ROOT, "db/migrations"))
      .filter((f) => /^\d{4}_\d{2}_\d{2}_\d{6}_.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
    for (const m of Object.values(migrations)) {
      expect(typeof m.up).toBe("function");
      expect(typeof m.down).toBe("function");
    }
  });

  it("db/types.ts matches the migrated schema", () => {
    const r = spawnSync(path.join(ROOT, "node_modules/.bin/kysely-codegen"), ["--url", process.env.DATABASE_URL!, "--verify"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}\nRun \`npm run db:types\` and commit db/types.ts.`).toBe(0);
  });
});
