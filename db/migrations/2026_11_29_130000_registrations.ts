/**
 * Institution registrations and administration requests (issue #4, part 3):
 * who registered an institution and how the secretariat decided, requests to
 * administer an existing institution, and where an institution topic came
 * from ('declared' by its admins, or 'ror'/'derived' by an import).
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("institutions")
    .addColumn("registered_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decision_reason", "text")
    .execute();
  await db.schema.createIndex("institutions_registered_by_idx").on("institutions").column("registered_by").execute();
  await sql`create index institution_names_name_trgm_idx on institution_names using gin (lower(name) gin_trgm_ops)`.execute(db);

  await db.schema
    .alterTable("institution_topics")
    .addColumn("source", "text", (c) => c.notNull().defaultTo("declared"))
    .execute();

  await db.schema
    .createTable("institution_admin_requests")
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
  // One open request per user and institution.
  await sql`create unique index institution_admin_requests_open_idx on institution_admin_requests (user_id, institution_id) where status = 'pending'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("institution_admin_requests").execute();
  await db.schema.alterTable("institution_topics").dropColumn("source").execute();
  await sql`drop index if exists institution_names_name_trgm_idx`.execute(db);
  await db.schema
    .alterTable("institutions")
    .dropColumn("registered_by")
    .dropColumn("decided_by")
    .dropColumn("decided_at")
    .dropColumn("decision_reason")
    .execute();
}
