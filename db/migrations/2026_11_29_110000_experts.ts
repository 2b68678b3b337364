/**
 * Expert profiles and their topics.
 * Frozen in time: typed against Kysely<any>, never import app types here.
 *
 * `experts.user_id` has no foreign key yet: the `users` table arrives with the
 * accounts work (users, sessions, Lucia; `auth` branch). A later migration adds
 * `experts_user_id_fk` (user_id → users.id). Whatever its ON DELETE rule, the
 * code that deletes an account must enqueue the expert's search change in the
 * same transaction (a cascade alone would leave the document in the index).
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("experts")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    // Owner account (Lucia user ids are text). NULL for demo profiles. FK added by the accounts migration.
    .addColumn("user_id", "text", (c) => c.unique())
    .addColumn("full_name", "text", (c) => c.notNull().check(sql`length(btrim(full_name)) between 2 and 200`))
    // The same person's name in other scripts or spellings (Persian, Cyrillic, Urdu, ASCII-only…).
    .addColumn("name_variants", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("title", "text")
    .addColumn("position", "text")
    .addColumn("institution_id", "integer", (c) => c.references("institutions.id").onDelete("set null"))
    // Canonical form 0000-0002-1825-0097 (app/domain/identifiers.ts normalizeOrcid checks the check digit).
    .addColumn("orcid", "text", (c) => c.unique().check(sql`orcid ~ '^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$'`))
    .addColumn("bio", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("keywords", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    // ISO 639-1 codes of the languages the expert works in.
    .addColumn("languages", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("open_to", sql`text[]`, (c) =>
      c
        .notNull()
        .defaultTo(sql`'{}'`)
        .check(sql`open_to <@ array['joint_research', 'supervision', 'exchange_visits', 'teaching', 'consulting']::text[]`),
    )
    .addColumn("contact_email", "text")
    // Who may read contact_email: everyone, signed-in members, or nobody but the owner.
    .addColumn("contact_visibility", "text", (c) =>
      c
        .notNull()
        .defaultTo("hidden")
        .check(sql`contact_visibility in ('public', 'members', 'hidden')`),
    )
    // Generated demo rows (tooling/demo/seed-demo.ts); `seed:demo --remove` deletes exactly these.
    .addColumn("is_demo", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("experts_institution_idx").on("experts").column("institution_id").execute();
  await sql`create index experts_demo_idx on experts (id) where is_demo`.execute(db);

  await db.schema
    .createTable("expert_topics")
    .addColumn("expert_id", "integer", (c) => c.notNull().references("experts.id").onDelete("cascade"))
    .addColumn("topic_id", "text", (c) => c.notNull().references("topics.id"))
    .addPrimaryKeyConstraint("expert_topics_pk", ["expert_id", "topic_id"])
    .execute();
  await db.schema.createIndex("expert_topics_topic_idx").on("expert_topics").column("topic_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("expert_topics").ifExists().execute();
  await db.schema.dropTable("experts").ifExists().execute();
}
