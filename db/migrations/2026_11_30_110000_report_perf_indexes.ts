/**
 * Indexes that make the progress-report figures cheap at benchmark scale
 * (issue #13, app/features/reports/reports.server.ts; measured with `npm run bench -- reports`).
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import { type Kysely, sql } from "kysely";

const INDEXES: Array<[name: string, definition: string]> = [
  // Experts per institution as of a date: an index-only scan already in institution order feeds a
  // streaming GroupAggregate (a hash aggregate of 100,000 rows into 10,000 groups cost twice as much).
  ["experts_institution_created_idx", "experts (institution_id, created_at) include (open_to)"],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, def] of INDEXES) await sql.raw(`create index ${name} on ${def}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await sql.raw(`drop index if exists ${name}`).execute(db);
}
