/**
 * Institution registrations counted by status, for the secretariat's start
 * page (what waits for verification).
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";

/** `{ status: count }` over all institutions (pending, verified, rejected); statuses with none are absent. */
export async function institutionCountsByStatus(db: Kysely<DB>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("institutions")
    .select(["status", sql<number>`count(*)::int`.as("n")])
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
