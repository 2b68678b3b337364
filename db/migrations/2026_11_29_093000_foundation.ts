/**
 * Foundation schema: countries, the OpenAlex topic taxonomy, institutions with
 * their names, relationships and topics, and the search outbox.
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists unaccent`.execute(db);

  await db.schema
    .createTable("countries")
    .addColumn("code", "char(2)", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("eco_member", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .createTable("topics")
    .addColumn("id", "text", (c) => c.primaryKey()) // OpenAlex id, e.g. T10020
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("subfield_id", "text", (c) => c.notNull())
    .addColumn("subfield", "text", (c) => c.notNull())
    .addColumn("field_id", "text", (c) => c.notNull())
    .addColumn("field", "text", (c) => c.notNull())
    .addColumn("domain_id", "text", (c) => c.notNull())
    .addColumn("domain", "text", (c) => c.notNull())
    .addColumn("keywords", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("scope", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("topics_subfield_idx").on("topics").column("subfield_id").execute();

  await db.schema
    .createTable("institutions")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('university', 'research_centre', 'other')`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("acronyms", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("country_code", "char(2)", (c) => c.notNull().references("countries.code"))
    .addColumn("city", "text")
    .addColumn("region", "text")
    .addColumn("lat", "double precision")
    .addColumn("lng", "double precision")
    .addColumn("website", "text")
    .addColumn("ror_id", "text", (c) => c.unique().check(sql`ror_id ~ '^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$'`))
    .addColumn("established", "integer")
    .addColumn("parent_id", "integer", (c) => c.references("institutions.id").onDelete("set null"))
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending', 'verified', 'rejected')`),
    )
    // ROR's own lifecycle (active | inactive | withdrawn); null when not from ROR or unknown.
    .addColumn("ror_status", "text")
    .addColumn("ror_types", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    // Where the row came from: 'ror' import, 'registration' by a user, 'demo' generator.
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('ror', 'registration', 'demo')`))
    // Provenance detail, e.g. "ROR v2.9" or the GRID 2018 note for thin records.
    .addColumn("source_note", "text")
    .addColumn("wikidata_id", "text")
    .addColumn("grid_id", "text")
    // Tie-breaker for search ranking only, from registry signals (see db/import.ts prominenceOf).
    .addColumn("prominence", "integer", (c) => c.notNull().defaultTo(0))
    // Hash of the imported source record: a re-import skips rows whose hash is unchanged.
    .addColumn("source_hash", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("institutions_country_idx").on("institutions").columns(["country_code", "status"]).execute();
  await db.schema.createIndex("institutions_parent_idx").on("institutions").column("parent_id").execute();
  await sql`create index institutions_name_trgm_idx on institutions using gin (lower(name) gin_trgm_ops)`.execute(db);

  await db.schema
    .createTable("institution_names")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("institution_id", "integer", (c) => c.notNull().references("institutions.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    // ISO 639-1 language of the name when known (ROR labels), else null.
    .addColumn("lang", "text")
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('label', 'alias')`))
    .addUniqueConstraint("institution_names_unique", ["institution_id", "name", "kind"])
    .execute();

  await db.schema
    .createTable("institution_relationships")
    .addColumn("institution_id", "integer", (c) => c.notNull().references("institutions.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull().check(sql`type in ('parent', 'child', 'related', 'predecessor', 'successor')`))
    // ROR id of the other organisation; it may not be in our data (ROR covers the world).
    .addColumn("related_ror_id", "text", (c) => c.notNull())
    .addColumn("related_label", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("institution_relationships_pk", ["institution_id", "type", "related_ror_id"])
    .execute();

  await db.schema
    .createTable("institution_topics")
    .addColumn("institution_id", "integer", (c) => c.notNull().references("institutions.id").onDelete("cascade"))
    .addColumn("topic_id", "text", (c) => c.notNull().references("topics.id"))
    .addPrimaryKeyConstraint("institution_topics_pk", ["institution_id", "topic_id"])
    .execute();
  await db.schema.createIndex("institution_topics_topic_idx").on("institution_topics").column("topic_id").execute();

  // Transactional outbox: a row here commits with the domain write; the drainer
  // re-reads the entity and upserts or deletes its document. One row per document.
  await db.schema
    .createTable("search_outbox")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("index_name", "text", (c) => c.notNull())
    .addColumn("doc_id", "text", (c) => c.notNull())
    .addColumn("enqueued_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    // Bumped when the same document is enqueued again; the drainer deletes only the generation it applied.
    .addColumn("generation", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_error", "text")
    .addUniqueConstraint("search_outbox_doc_unique", ["index_name", "doc_id"])
    .execute();
  await db.schema.createIndex("search_outbox_due_idx").on("search_outbox").column("next_attempt_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["search_outbox", "institution_topics", "institution_relationships", "institution_names", "institutions", "topics", "countries"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
