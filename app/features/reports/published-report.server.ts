/**
 * Published progress reports: immutable, numbered snapshots of the report
 * figures with the secretariat's summary (table `published_reports`; the
 * database refuses UPDATE, DELETE and TRUNCATE on it).
 *
 * Numbering: ECO-ICT-PR-<UTC year of publication>-<sequence>, the sequence
 * counting from 1 within each year with no gaps: publishers of the same year
 * queue on a transaction-scoped advisory lock, then take max(sequence) + 1
 * (the unique (year, sequence) constraint is the backstop).
 * Idempotency: each publish form carries a random key; a second submission
 * with the same key returns the report the first one created.
 */
import { randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { DB, Json } from "~db/types";
import type { ReportFigures } from "~/domain/report-figures";
import type { MemberStateCode } from "~/domain/member-states";
import { PER_PAGE } from "~/utils/search-params";

/** Advisory-lock namespace of the report numbering (any constant distinct from other advisory locks in the app). */
const NUMBERING_LOCK = 13013;

export interface PublishInput {
  /** The figures to freeze (from getReportFigures with includeProposals); the per-pair proposal matrix is dropped. */
  figures: ReportFigures;
  /** Plain text, already validated by summarySchema. */
  summary: string;
  /** The publish form's key (UUID). */
  idempotencyKey: string;
  publisher: { id: string; displayName: string };
}

export interface PublishedReportHeader {
  id: number;
  reference: string;
  periodFrom: string;
  periodTo: string;
  countries: MemberStateCode[];
  publishedAt: string;
}

export interface PublishedReport extends PublishedReportHeader {
  figures: ReportFigures;
  summary: string;
  publishedByName: string;
}

/** A fresh idempotency key for one rendering of the publish form (random UUID). */
export function newPublishKey(): string {
  return randomUUID();
}

/**
 * Publishes a report, or returns the one this idempotency key already
 * published (`created: false`).
 */
export async function publishReport(db: Kysely<DB>, input: PublishInput): Promise<{ id: number; reference: string; created: boolean }> {
  // Published reports never carry proposal counts per pair of states.
  const figures: ReportFigures = input.figures.proposals
    ? { ...input.figures, proposals: { ...input.figures.proposals, submittedCollaboration: null } }
    : input.figures;
  return db.transaction().execute(async (trx) => {
    const { year } = await sql<{ year: number }>`select extract(year from now() at time zone 'UTC')::int as year`.execute(trx).then((r) => r.rows[0]);
    await sql`select pg_advisory_xact_lock(${NUMBERING_LOCK}::int, ${year}::int)`.execute(trx);
    // After the lock: a concurrent submission of the same form has committed by now.
    const existing = await trx
      .selectFrom("published_reports")
      .select(["id", "reference"])
      .where("idempotency_key", "=", input.idempotencyKey)
      .executeTakeFirst();
    if (existing) return { ...existing, created: false };
    const { next } = await trx
      .selectFrom("published_reports")
      .select(sql<number>`coalesce(max(sequence), 0)::int + 1`.as("next"))
      .where("year", "=", year)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto("published_reports")
      .values({
        reference: `ECO-ICT-PR-${year}-${next}`,
        year,
        sequence: next,
        period_from: figures.period.from,
        period_to: figures.period.to,
        countries: figures.countries,
        // postgres.js serialises the object for the jsonb column (a string would be stored as one JSON string).
        figures: figures as unknown as Json,
        summary: input.summary,
        published_by: input.publisher.id,
        published_by_name: input.publisher.displayName,
        idempotency_key: input.idempotencyKey,
        // The time of numbering (after the lock), not the transaction's start: dates then follow the sequence.
        published_at: sql`clock_timestamp()`,
      })
      .returning(["id", "reference"])
      .executeTakeFirstOrThrow();
    return { ...row, created: true };
  });
}

const header = [
  "id",
  "reference",
  sql<string>`period_from::text`.as("periodFrom"),
  sql<string>`period_to::text`.as("periodTo"),
  "countries",
  sql<string>`to_char(published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as("publishedAt"),
] as const;

/** Published reports, newest first, PER_PAGE a page (1-based). */
export async function listPublishedReports(
  db: Kysely<DB>,
  page: number,
): Promise<{ items: PublishedReportHeader[]; total: number; page: number; totalPages: number }> {
  const [items, { total }] = await Promise.all([
    db
      .selectFrom("published_reports")
      .select(header)
      .orderBy("published_at", "desc")
      .orderBy("id", "desc")
      .limit(PER_PAGE)
      .offset((page - 1) * PER_PAGE)
      .execute(),
    db
      .selectFrom("published_reports")
      .select(sql<number>`count(*)::int`.as("total"))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: items.map(asHeader), total, page, totalPages: Math.max(1, Math.ceil(total / PER_PAGE)) };
}

/** One published report, or null when no report has that id. */
export async function getPublishedReport(db: Kysely<DB>, id: number): Promise<PublishedReport | null> {
  const row = await db
    .selectFrom("published_reports")
    .select([...header, "figures", "summary", "published_by_name"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  return { ...asHeader(row), figures: row.figures as unknown as ReportFigures, summary: row.summary, publishedByName: row.published_by_name };
}

function asHeader(r: { id: number; reference: string; periodFrom: string; periodTo: string; countries: string[]; publishedAt: string }): PublishedReportHeader {
  return {
    id: r.id,
    reference: r.reference,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    countries: r.countries as MemberStateCode[],
    publishedAt: r.publishedAt,
  };
}
