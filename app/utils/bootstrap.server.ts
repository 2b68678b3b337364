/**
 * Brings a database and the search indexes to a usable state; shared by the
 * start script, the worker and the test setup.
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { migrateToLatest } from "~db/migrate";
import { importAll, importCuratedNamesFile } from "~db/import";
import { hasCuratedNames } from "~db/import-names";

/**
 * Migrates to the latest version and imports the reference data when the
 * database has no institutions yet (first run); a database imported before
 * the curated names existed gets them once (db/import-names.ts). Returns what it did.
 */
export async function prepareDatabase(db: Kysely<DB>, log: (m: string) => void = console.log) {
  const applied = await migrateToLatest(db);
  if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);
  const { n } = await db
    .selectFrom("institutions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  let imported = false;
  if (Number(n) === 0) {
    log("Empty database: importing ROR institutions and OpenAlex topics…");
    await importAll(db, log);
    imported = true;
  } else if (!(await hasCuratedNames(db))) {
    await importCuratedNamesFile(db, log);
  }
  return { applied, imported };
}
