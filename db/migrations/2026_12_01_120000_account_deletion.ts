/**
 * Deleting one's own account (issue 14, item 9): the row stays (append-only
 * histories point at it) but is anonymised; `deleted_at` marks it so that
 * views say "former member" and nothing signs in or writes as it again.
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("deleted_at", "timestamptz").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("deleted_at").execute();
}
