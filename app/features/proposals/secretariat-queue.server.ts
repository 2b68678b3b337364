/**
 * The secretariat's queue of proposals waiting for a decision, filtered by
 * status, lead member state and call, one page at a time, with the counts
 * per status for its filter.
 */
import { sql } from "kysely";
import type { Db } from "~/utils/db.server";
import { QUEUE_PER_PAGE } from "~/features/proposals/queue-params";

/** One row of the secretariat's queue (see secretariatQueue). */
export type QueueRow = Awaited<ReturnType<typeof queueRows>>[number] & { ageDays: number | null };

export interface QueuePage {
  /** At most `perPage` rows, oldest submission first (never-submitted last), then by id. */
  rows: QueueRow[];
  /** Proposals matching the filters, over all pages. */
  total: number;
  page: number;
  perPage: number;
  /** ceil(total / perPage); 0 when nothing matches. A `page` above it gives no rows. */
  totalPages: number;
}

function queueFilter(db: Db, f: { status?: string[]; country?: string; callId?: number }) {
  const statuses = f.status?.length ? f.status : ["submitted", "under_review"];
  let q = db.selectFrom("proposals as p").innerJoin("institutions as i", "i.id", "p.lead_institution_id").where("p.status", "in", statuses);
  if (f.country) q = q.where("i.country_code", "=", f.country);
  if (f.callId) q = q.where("p.call_id", "=", f.callId);
  return q;
}

function queueRows(db: Db, f: { status?: string[]; country?: string; callId?: number }, limit: number, offset: number) {
  return (
    queueFilter(db, f)
      .leftJoin("calls as c", "c.id", "p.call_id")
      .select([
        "p.id",
        "p.title",
        "p.acronym",
        "p.status",
        "p.reference_code",
        "p.submitted_at",
        "p.updated_at",
        "p.version",
        "i.name as lead_name",
        "i.country_code as lead_country",
        "c.title as call_title",
        sql<number>`(select count(*)::int from proposal_partners pp where pp.proposal_id = p.id and pp.status = 'accepted')`.as("partners"),
      ])
      // p.id breaks ties between equal submission times, so pages neither overlap nor skip rows.
      .orderBy(sql`p.submitted_at asc nulls last`)
      .orderBy("p.id")
      .limit(limit)
      .offset(offset)
      .execute()
  );
}

/**
 * The secretariat's queue, one page at a time: proposals in `status` (default:
 * submitted and under review), optionally of one lead member state (`country`,
 * ISO code of the lead institution) or one call, oldest submission first then
 * by id, each with `partners` (accepted partners) and `ageDays` (whole days
 * from submission to `now`, null if never submitted).
 *
 * Two queries with the same filters: the rows (LIMIT/OFFSET) and the count.
 * @param f.page 1-based page (default 1); past the last page gives `rows: []` with the real total
 * @param f.perPage rows per page (default QUEUE_PER_PAGE, 50)
 * @throws RangeError if `page` is not a whole number ≥ 1 or `perPage` not one in 1–500
 */
export async function secretariatQueue(
  db: Db,
  f: { status?: string[]; country?: string; callId?: number; now?: Date; page?: number; perPage?: number } = {},
): Promise<QueuePage> {
  const page = f.page ?? 1;
  const perPage = f.perPage ?? QUEUE_PER_PAGE;
  if (!Number.isSafeInteger(page) || page < 1) throw new RangeError(`page must be a whole number ≥ 1, got ${page}`);
  if (!Number.isSafeInteger(perPage) || perPage < 1 || perPage > 500) throw new RangeError(`perPage must be a whole number in 1–500, got ${perPage}`);
  const [rows, count] = await Promise.all([
    queueRows(db, f, perPage, (page - 1) * perPage),
    queueFilter(db, f)
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  const now = (f.now ?? new Date()).getTime();
  return {
    rows: rows.map((r) => ({ ...r, ageDays: r.submitted_at ? Math.floor((now - r.submitted_at.getTime()) / 86_400_000) : null })),
    total: count.n,
    page,
    perPage,
    totalPages: Math.ceil(count.n / perPage),
  };
}

/**
 * Proposals per status for the queue's status checkboxes, `{ status: count }`
 * (statuses with none are absent), under the same lead member state filter as
 * the list, so a count next to a status is what ticking it shows.
 */
export async function queueCounts(db: Db, f: { country?: string } = {}): Promise<Record<string, number>> {
  let q = db
    .selectFrom("proposals as p")
    .select(["p.status", sql<number>`count(*)::int`.as("n")])
    .groupBy("p.status");
  if (f.country) q = q.innerJoin("institutions as i", "i.id", "p.lead_institution_id").where("i.country_code", "=", f.country);
  const rows = await q.execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
