/**
 * Requests to join an institution as a member (issue 14, item 3). A
 * researcher without institution rights asks; the institution's admins or the
 * secretariat grant (the requester becomes a member, audited in role_audit) or
 * refuse (reason kept). One open request per user and institution.
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("institution_join_requests")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("institution_id", "integer", (c) => c.notNull().references("institutions.id").onDelete("cascade"))
    .addColumn("message", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending', 'granted', 'refused')`),
    )
    .addColumn("decided_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index institution_join_requests_open_idx on institution_join_requests (user_id, institution_id) where status = 'pending'`.execute(db);
  // The admins' queue reads the pending requests of their institutions.
  await sql`create index institution_join_requests_pending_idx on institution_join_requests (institution_id, created_at) where status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("institution_join_requests").ifExists().execute();
}
