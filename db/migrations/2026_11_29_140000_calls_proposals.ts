/**
 * Joint calls, joint project proposals, their append-only event trail,
 * reference-code counters and in-app notifications (issue #5).
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("calls")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("institution_id", "integer", (c) => c.notNull().references("institutions.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('joint_research', 'mobility', 'joint_supervision', 'event')`))
    .addColumn("title", "text", (c) => c.notNull().check(sql`length(btrim(title)) between 3 and 300`))
    .addColumn("summary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("opens_at", "timestamptz")
    .addColumn("deadline", "timestamptz", (c) => c.notNull())
    // IANA zone the deadline was entered in; used to show it as entered (plus the viewer's view).
    .addColumn("deadline_zone", "text", (c) => c.notNull().defaultTo("UTC"))
    .addColumn("eligible_countries", sql`char(2)[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("min_partners", "integer", (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`min_partners between 0 and 50`),
    )
    .addColumn("min_countries", "integer", (c) =>
      c
        .notNull()
        .defaultTo(2)
        .check(sql`min_countries between 1 and 10`),
    )
    .addColumn("funding_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft', 'open', 'closed', 'cancelled')`),
    )
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("is_demo", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("calls_institution_idx").on("calls").column("institution_id").execute();

  await db.schema
    .createTable("call_topics")
    .addColumn("call_id", "integer", (c) => c.notNull().references("calls.id").onDelete("cascade"))
    .addColumn("topic_id", "text", (c) => c.notNull().references("topics.id"))
    .addPrimaryKeyConstraint("call_topics_pk", ["call_id", "topic_id"])
    .execute();

  await db.schema
    .createTable("proposals")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    // ECO-ICT-<year>-<sequence>, assigned on first submission.
    .addColumn("reference_code", "text", (c) => c.unique())
    .addColumn("call_id", "integer", (c) => c.references("calls.id").onDelete("set null"))
    .addColumn("lead_institution_id", "integer", (c) => c.notNull().references("institutions.id"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`length(btrim(title)) between 1 and 300`))
    .addColumn("acronym", "text")
    .addColumn("abstract", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("objectives", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("duration_months", "integer", (c) => c.check(sql`duration_months between 1 and 120`))
    .addColumn("budget_amount", sql`numeric(14,2)`, (c) => c.check(sql`budget_amount >= 0`))
    .addColumn("budget_currency", sql`char(3)`, (c) => c.check(sql`budget_currency ~ '^[A-Z]{3}$'`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft', 'submitted', 'under_review', 'revision_requested', 'approved', 'rejected', 'withdrawn')`),
    )
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("is_demo", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("submitted_at", "timestamptz")
    .addColumn("decided_at", "timestamptz")
    .execute();
  await db.schema.createIndex("proposals_lead_idx").on("proposals").column("lead_institution_id").execute();
  await db.schema.createIndex("proposals_status_idx").on("proposals").column("status").execute();

  await db.schema
    .createTable("proposal_topics")
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("topic_id", "text", (c) => c.notNull().references("topics.id"))
    .addPrimaryKeyConstraint("proposal_topics_pk", ["proposal_id", "topic_id"])
    .execute();

  await db.schema
    .createTable("proposal_partners")
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("institution_id", "integer", (c) => c.notNull().references("institutions.id"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("invited")
        .check(sql`status in ('invited', 'accepted', 'declined')`),
    )
    .addColumn("contact_expert_id", "integer", (c) => c.references("experts.id").onDelete("set null"))
    .addColumn("invited_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("invited_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("responded_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("responded_at", "timestamptz")
    .addPrimaryKeyConstraint("proposal_partners_pk", ["proposal_id", "institution_id"])
    .execute();
  await db.schema.createIndex("proposal_partners_institution_idx").on("proposal_partners").column("institution_id").execute();

  await db.schema
    .createTable("proposal_team")
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("expert_id", "integer", (c) => c.notNull().references("experts.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('pi', 'co_pi', 'researcher')`))
    .addPrimaryKeyConstraint("proposal_team_pk", ["proposal_id", "expert_id"])
    .execute();
  await db.schema.createIndex("proposal_team_expert_idx").on("proposal_team").column("expert_id").execute();

  // Append-only audit trail. No FK on the actor: the trail outlives deleted accounts.
  await db.schema
    .createTable("proposal_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id"))
    .addColumn("actor_id", "text")
    .addColumn("actor_name", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("from_status", "text", (c) => c.notNull())
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("comment", "text")
    // The proposal version the action was taken on.
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("is_demo", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex("proposal_events_proposal_idx").on("proposal_events").column("proposal_id").execute();
  // One event per (proposal, version): two decisions on the same version cannot both be recorded.
  await db.schema.createIndex("proposal_events_version_uq").on("proposal_events").columns(["proposal_id", "version"]).unique().execute();
  await sql`
    create function proposal_events_append_only() returns trigger language plpgsql as $$
    begin
      -- Only demo rows, and only when the demo remover asks (seed:demo --remove).
      if tg_op = 'DELETE' and old.is_demo and current_setting('eco.allow_event_delete', true) = 'on' then
        return old;
      end if;
      raise exception 'proposal_events is append-only (% refused)', tg_op;
    end $$`.execute(db);
  await sql`
    create trigger proposal_events_no_change before update or delete on proposal_events
    for each row execute function proposal_events_append_only()`.execute(db);

  await db.schema
    .createTable("reference_counters")
    .addColumn("year", "integer", (c) => c.primaryKey())
    .addColumn("next", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("url", "text")
    .addColumn("read_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index notifications_unread_idx on notifications (user_id, created_at desc) where read_at is null`.execute(db);
  await db.schema.createIndex("notifications_user_idx").on("notifications").columns(["user_id", "created_at"]).execute();

  // Demo users (is_demo) administer the demo proposals' institutions.
  await db.schema
    .alterTable("users")
    .addColumn("is_demo", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("is_demo").execute();
  for (const t of ["notifications", "reference_counters"]) await db.schema.dropTable(t).ifExists().execute();
  await sql`drop trigger if exists proposal_events_no_change on proposal_events`.execute(db);
  await db.schema.dropTable("proposal_events").ifExists().execute();
  await sql`drop function if exists proposal_events_append_only()`.execute(db);
  for (const t of ["proposal_team", "proposal_partners", "proposal_topics", "proposals", "call_topics", "calls"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
