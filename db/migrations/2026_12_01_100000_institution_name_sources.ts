/**
 * Where each institution name comes from (issue 14, item 1): `source` 'ror'
 * (the ROR import, replaced on each re-import), 'curated' (the project's list
 * of native-script names, db/data/institution-native-names.json) or 'admin'
 * (added on /institutions/:id/edit by its administrators or the secretariat).
 * A ROR re-import replaces only its own rows. A new kind 'short' holds short
 * forms people type (КазНУ, امیرکبیر), searched like acronyms.
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("institution_names")
    .addColumn("source", "text", (c) =>
      c
        .notNull()
        .defaultTo("ror")
        .check(sql`source in ('ror', 'curated', 'admin')`),
    )
    // Who added an 'admin' name (kept as null when the account goes).
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`alter table institution_names drop constraint if exists institution_names_kind_check`.execute(db);
  await sql`alter table institution_names add constraint institution_names_kind_check check (kind in ('label', 'alias', 'short'))`.execute(db);
  // The same name may come from two sources (an admin's variant that ROR adopts later); each source owns its rows.
  await sql`alter table institution_names drop constraint institution_names_unique`.execute(db);
  await sql`alter table institution_names add constraint institution_names_unique unique (institution_id, source, kind, name)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom("institution_names").where("source", "<>", "ror").execute();
  await sql`alter table institution_names drop constraint institution_names_unique`.execute(db);
  await sql`alter table institution_names add constraint institution_names_unique unique (institution_id, name, kind)`.execute(db);
  await sql`alter table institution_names drop constraint institution_names_kind_check`.execute(db);
  await sql`alter table institution_names add constraint institution_names_kind_check check (kind in ('label', 'alias'))`.execute(db);
  await db.schema.alterTable("institution_names").dropColumn("created_at").dropColumn("created_by").dropColumn("source").execute();
}
