/**
 * Runs the migrations in db/migrations/index.ts with Kysely's Migrator.
 * CLI: `npm run db:migrate` (up to latest) or `npm run db:migrate -- down` (one step).
 * Throws (exit code 1 from the CLI) when a migration fails; the failed one is named.
 */
import type { Kysely } from "kysely";
import { Migrator, type MigrationProvider } from "kysely";
import { migrations } from "./migrations";

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Migrates `db` to the latest version; returns the names applied in this call. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${String((error as Error)?.message ?? error)}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Reverts the most recent migration; returns its name or null when none was applied. */
export async function migrateDown(db: Kysely<any>): Promise<string | null> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateDown();
  if (error) throw new Error(`Migrating down failed: ${String((error as Error)?.message ?? error)}`);
  return results?.[0]?.migrationName ?? null;
}
