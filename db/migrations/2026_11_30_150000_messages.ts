/**
 * In-app messages between members (issue 14, item 2): conversations of
 * exactly two accounts, their messages, reports of them to the secretariat,
 * and two flags on each account — whether it accepts messages (default on)
 * and whether the secretariat stopped it from sending any.
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("accepts_messages", "boolean", (c) => c.notNull().defaultTo(true))
    // Set by the secretariat after a report; null: may send.
    .addColumn("messaging_stopped_at", "timestamptz")
    .addColumn("messaging_stopped_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .execute();

  await db.schema
    .createTable("conversations")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("starter_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("recipient_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // The profile the starter wrote from (its Contact button); kept if the profile goes.
    .addColumn("expert_id", "integer", (c) => c.references("experts.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_message_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_sender_id", "text", (c) => c.references("users.id").onDelete("set null"))
    // What each side has read up to (null: nothing yet).
    .addColumn("starter_read_at", "timestamptz")
    .addColumn("recipient_read_at", "timestamptz")
    .addCheckConstraint("conversations_two_people", sql`starter_id <> recipient_id`)
    .execute();
  // One conversation per pair of accounts, whoever wrote first.
  await sql`create unique index conversations_pair_idx on conversations (least(starter_id, recipient_id), greatest(starter_id, recipient_id))`.execute(db);
  await db.schema.createIndex("conversations_recipient_idx").on("conversations").columns(["recipient_id", "last_message_at"]).execute();
  await db.schema.createIndex("conversations_starter_idx").on("conversations").columns(["starter_id", "last_message_at"]).execute();

  await db.schema
    .createTable("messages")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("conversation_id", "integer", (c) => c.notNull().references("conversations.id").onDelete("cascade"))
    .addColumn("sender_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("body", "text", (c) => c.notNull().check(sql`length(btrim(body)) between 1 and 5000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("messages_conversation_idx").on("messages").columns(["conversation_id", "created_at"]).execute();

  await db.schema
    .createTable("message_reports")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("conversation_id", "integer", (c) => c.notNull().references("conversations.id").onDelete("cascade"))
    .addColumn("reporter_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("reported_user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("reason", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(reason) <= 1000`),
    )
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(sql`status in ('open', 'dismissed', 'sender_stopped')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decided_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await sql`create index message_reports_open_idx on message_reports (created_at) where status = 'open'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("message_reports").ifExists().execute();
  await db.schema.dropTable("messages").ifExists().execute();
  await db.schema.dropTable("conversations").ifExists().execute();
  await db.schema.alterTable("users").dropColumn("messaging_stopped_by").dropColumn("messaging_stopped_at").dropColumn("accepts_messages").execute();
}
