/**
 * Accounts: users and their password hashes, Lucia sessions, single-use email
 * tokens, site roles, institution memberships, the role audit trail and the
 * rate-limit counters shared by every app instance.
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Lucia user ids are text. Emails are stored normalised (trimmed, lower case),
  // so the unique constraint is also the case-insensitive one.
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`email = lower(btrim(email)) and length(email) between 3 and 254`),
    )
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("email_verified_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Apart from the user row: Lucia's adapter reads `users.*` on every request,
  // and the hash must never travel with it.
  await db.schema
    .createTable("user_passwords")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Lucia's session shape (id, user_id, expires_at) plus what /account shows.
  // The id is the SHA-256 of the cookie's token (see app/features/accounts/auth.server.ts).
  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("user_agent", "text")
    .addColumn("ip_address", "text")
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  // Links sent by email; only the SHA-256 of the token is stored.
  await db.schema
    .createTable("email_tokens")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('verify', 'reset')`))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("email_tokens_user_idx").on("email_tokens").columns(["user_id", "purpose"]).execute();

  // Site-wide roles beyond "researcher" (which every user is).
  await db.schema
    .createTable("user_roles")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('secretariat', 'admin')`))
    .addColumn("granted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("user_roles_pk", ["user_id", "role"])
    .execute();
  await db.schema.createIndex("user_roles_role_idx").on("user_roles").column("role").execute();

  await db.schema
    .createTable("institution_members")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("institution_id", "integer", (c) => c.notNull().references("institutions.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('admin', 'member')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("institution_members_pk", ["user_id", "institution_id"])
    .execute();
  await db.schema.createIndex("institution_members_institution_idx").on("institution_members").column("institution_id").execute();

  // Append-only. No foreign keys: the trail must outlive deleted accounts, so
  // it keeps ids and the email addresses as they were at the time.
  await db.schema
    .createTable("role_audit")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    // null: the command line (npm run user:create), not a signed-in user.
    .addColumn("actor_id", "text")
    .addColumn("actor_email", "text")
    .addColumn("target_id", "text", (c) => c.notNull())
    .addColumn("target_email", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull().check(sql`action in ('grant', 'revoke')`))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('secretariat', 'admin', 'institution_admin', 'institution_member')`))
    .addColumn("institution_id", "integer")
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("role_audit_target_idx").on("role_audit").columns(["target_id", "at"]).execute();

  // rate-limiter-flexible's RateLimiterPostgres table shape (key, points,
  // expire in epoch ms), created here so the app never runs DDL at run time.
  await db.schema
    .createTable("rate_limits")
    .addColumn("key", "varchar(255)", (c) => c.primaryKey())
    .addColumn("points", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expire", "bigint")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["rate_limits", "role_audit", "institution_members", "user_roles", "email_tokens", "sessions", "user_passwords", "users"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
