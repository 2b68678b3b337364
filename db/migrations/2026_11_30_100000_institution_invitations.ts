/**
 * Invitations to join an institution (issue 11, item 8c). An institution admin
 * invites an email address; its owner accepts through the emailed link while
 * signed in with that address. The answer to the admin is the same whether or
 * not the address has an account, and nobody becomes a member without
 * accepting. Tokens are stored as SHA-256 only, single use, expiring.
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("institution_invitations")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("institution_id", "integer", (c) => c.notNull().references("institutions.id").onDelete("cascade"))
    // Normalised (trimmed, NFC, lower case), like users.email.
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('admin', 'member')`))
    .addColumn("invited_by", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("accepted_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("institution_invitations_institution_email_idx").on("institution_invitations").columns(["institution_id", "email"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("institution_invitations").ifExists().execute();
}
