/**
 * Published progress reports (issue #13): a frozen snapshot per publication —
 * period, figures as JSON (codes and numbers only), the officer's summary,
 * who published and when, and the reference ECO-ICT-PR-<year>-<sequence>.
 * Immutable: a trigger refuses UPDATE and DELETE, as for proposal_events.
 * A double submit of the publish form publishes once (unique idempotency_key).
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("published_reports")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    // ECO-ICT-PR-<year of publication>-<sequence within that year>
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("sequence", "integer", (c) => c.notNull().check(sql`sequence >= 1`))
    .addColumn("period_from", "date", (c) => c.notNull())
    .addColumn("period_to", "date", (c) => c.notNull())
    // Member states the report was restricted to; empty = all ten.
    .addColumn("countries", sql`char(2)[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("figures", "jsonb", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull().check(sql`length(btrim(summary)) between 1 and 20000`))
    // No FK on the publisher: the snapshot outlives deleted accounts (and may not be updated to null them).
    .addColumn("published_by", "text", (c) => c.notNull())
    .addColumn("published_by_name", "text", (c) => c.notNull())
    .addColumn("published_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // One per publish form: a second submission of the same form finds the first report.
    .addColumn("idempotency_key", "uuid", (c) => c.notNull().unique())
    .addUniqueConstraint("published_reports_year_sequence_uq", ["year", "sequence"])
    .addCheckConstraint("published_reports_period_ck", sql`period_from <= period_to`)
    .execute();
  await db.schema.createIndex("published_reports_published_at_idx").on("published_reports").columns(["published_at desc", "id desc"]).execute();
  await sql`
    create function published_reports_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'published_reports are immutable (% refused)', tg_op;
    end $$`.execute(db);
  await sql`
    create trigger published_reports_no_change before update or delete on published_reports
    for each row execute function published_reports_immutable()`.execute(db);
  // TRUNCATE bypasses row triggers; refuse it too.
  await sql`
    create trigger published_reports_no_truncate before truncate on published_reports
    for each statement execute function published_reports_immutable()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("published_reports").ifExists().execute();
  await sql`drop function if exists published_reports_immutable()`.execute(db);
}
