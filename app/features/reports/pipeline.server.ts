/**
 * The secretariat's pipeline (/secretariat/reports): what waits for a
 * decision and for how long — pending institution registrations, proposals
 * per workflow status, open calls closing within 30 days.
 */
import { sql } from "kysely";
import { PIPELINE_CALLS_LISTED, type Pipeline } from "~/domain/report-figures";
import { QUEUE_STATES } from "~/domain/proposal-workflow";
import { roundDays, type Db } from "~/features/reports/report-sql.server";

/**
 * The secretariat's pipeline at `now`: pending institution registrations
 * (count, oldest and median age since registration), proposals per workflow
 * status except draft (count, oldest and median age since the proposal's last
 * event, i.e. since it entered that status), and open calls closing within 30
 * days (count, the soonest PIPELINE_CALLS_LISTED). Ages in days, one decimal.
 */
export async function getPipeline(db: Db, now: Date = new Date()): Promise<Pipeline> {
  const soon = new Date(now.getTime() + 30 * 86_400_000);
  const [registrations, byStatus, callCount, calls] = await Promise.all([
    sql<{ count: number; oldest: number | null; median: number | null }>`
      select count(*)::int as count,
        ${roundDays(sql`max(extract(epoch from ${now}::timestamptz - i.created_at)::float8)`)} as oldest,
        ${roundDays(sql`percentile_cont(0.5) within group (order by extract(epoch from ${now}::timestamptz - i.created_at)::float8)`)} as median
      from institutions i where i.status = 'pending'`.execute(db),
    sql<{ status: string; count: number; oldest: number; median: number }>`
      select x.status, count(*)::int as count,
        ${roundDays(sql`max(x.seconds)`)} as oldest,
        ${roundDays(sql`percentile_cont(0.5) within group (order by x.seconds)`)} as median
      from (
        select p.status, extract(epoch from ${now}::timestamptz - coalesce(e.last_at, p.updated_at))::float8 as seconds
        from proposals p
        left join (select proposal_id, max(at) as last_at from proposal_events group by proposal_id) e on e.proposal_id = p.id
        where p.status <> 'draft'
      ) x group by x.status`.execute(db),
    db
      .selectFrom("calls")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("status", "=", "open")
      .where("deadline", ">", now)
      .where("deadline", "<=", soon)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("calls as c")
      .innerJoin("institutions as i", "i.id", "c.institution_id")
      .select(["c.id", "c.title", "c.deadline", "c.institution_id", "i.country_code"])
      .where("c.status", "=", "open")
      .where("c.deadline", ">", now)
      .where("c.deadline", "<=", soon)
      .orderBy("c.deadline")
      .orderBy("c.id")
      .limit(PIPELINE_CALLS_LISTED)
      .execute(),
  ]);
  const reg = registrations.rows[0];
  const found = new Map(byStatus.rows.map((r) => [r.status, r]));
  return {
    asOf: now.toISOString(),
    pendingRegistrations: { count: reg.count, oldestDays: reg.oldest, medianDays: reg.median },
    proposalsByStatus: QUEUE_STATES.map((status) => {
      const r = found.get(status);
      return { status, count: r?.count ?? 0, oldestDays: r?.oldest ?? null, medianDays: r?.median ?? null };
    }),
    callsClosingSoon: {
      count: callCount.n,
      calls: calls.map((c) => ({
        id: c.id,
        title: c.title,
        deadline: new Date(c.deadline).toISOString(),
        institutionId: c.institution_id,
        countryCode: c.country_code,
      })),
    },
  };
}
