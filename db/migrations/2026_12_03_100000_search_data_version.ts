/**
 * The search data version (issue 17, HTTP caching): a sequence the search-sync
 * drain advances after Meilisearch has applied a batch of changes, and a reindex
 * after its swap (app/search/data-version.server.ts). Every web process reads
 * its `last_value` to derive the ETag of public API answers, so a conditional
 * request is answered 304 without running the search. A sequence, not a row:
 * advancing it takes no row lock and is never rolled back.
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence search_data_version`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop sequence search_data_version`.execute(db);
}
