/**
 * The network in figures (issue #13): counts per member state and in total
 * for a period, their quarterly trend, the collaboration matrix, approved
 * projects by OpenAlex field, the confidential proposal figures and the
 * secretariat's pipeline. Shapes: app/domain/report-figures.ts.
 *
 * Every number is a PostgreSQL aggregate (GROUP BY, FILTER, date_trunc,
 * percentile_cont) over indexed columns (migration 2026_11_29_190000_report_indexes);
 * no query returns one row per record, so the cost in Node does not grow with the data.
 *
 * Definitions (the docstrings of StateFigures and ProposalStateFigures say more):
 * - A period is [from 00:00 UTC, the day after `to` 00:00 UTC).
 * - A record's member state is its institution's country (an expert's
 *   institution, a call's issuing institution, a proposal's lead and accepted partners).
 * - The consortium of a proposal is its lead institution plus its accepted partners.
 * - ROR-imported institutions are present from the start and never "new".
 * - First submission = the proposal's `submit` event (resubmissions are `resubmit`);
 *   decision = approve or reject (proposals.decided_at, set by those two actions only).
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { DB } from "../../db/types";
import { MEMBER_STATE_CODES, type MemberStateCode } from "../../db/countries";
import {
  PERIOD_MEASURES,
  PIPELINE_CALLS_LISTED,
  REPORT_FIGURES_VERSION,
  REPORT_MEASURES,
  type CollaborationMatrix,
  type FieldFigures,
  type PeriodMeasure,
  type Pipeline,
  type ProposalFigures,
  type ProposalStateFigures,
  type QuarterFigures,
  type ReportFigures,
  type ReportParams,
  type StateFigures,
} from "../domain/report-figures";
import { QUEUE_STATES } from "../domain/proposal-workflow";
import { INSTITUTION_KINDS } from "../utils/search-params";
import { periodBounds } from "../utils/report-params";

export type * from "../domain/report-figures";

type Db = Kysely<DB> | Transaction<DB>;

const MEMBERS = MEMBER_STATE_CODES as MemberStateCode[];

/** Zeroed public figures. */
function emptyStateFigures(): StateFigures {
  return {
    ...(Object.fromEntries(REPORT_MEASURES.map((m) => [m, 0])) as Record<(typeof REPORT_MEASURES)[number], number>),
    institutionsByKind: Object.fromEntries(INSTITUTION_KINDS.map((k) => [k, 0])) as StateFigures["institutionsByKind"],
  };
}

function emptyMatrix(): CollaborationMatrix {
  return { states: [...MEMBERS], counts: MEMBERS.map(() => MEMBERS.map(() => 0)) };
}

function addToMatrix(m: CollaborationMatrix, a: string, b: string, n: number) {
  const i = m.states.indexOf(a as MemberStateCode);
  const j = m.states.indexOf(b as MemberStateCode);
  if (i >= 0 && j >= 0) m.counts[i][j] = n;
}

/** Every calendar quarter [start, end) touches, as "YYYY-Qn" and its first day. */
export function quartersOf(start: Date, end: Date): Array<{ quarter: string; start: string }> {
  const out: Array<{ quarter: string; start: string }> = [];
  const last = new Date(end.getTime() - 1);
  let y = start.getUTCFullYear();
  let q = Math.floor(start.getUTCMonth() / 3);
  const lastKey = last.getUTCFullYear() * 4 + Math.floor(last.getUTCMonth() / 3);
  while (y * 4 + q <= lastKey) {
    out.push({ quarter: `${y}-Q${q + 1}`, start: `${y}-${String(q * 3 + 1).padStart(2, "0")}-01` });
    if (++q === 4) [y, q] = [y + 1, 0];
  }
  return out;
}

/** A SQL `char(2)[]` literal of member-state codes. */
const codes = (list: readonly string[]) => sql`${[...list]}::char(2)[]`;

/** Days between two timestamptz expressions' epoch difference, one decimal (SQL fragment). */
const roundDays = (secondsExpr: RawBuilder<unknown>) => sql`round((${secondsExpr} / 86400)::numeric, 1)::float8`;

/**
 * The figures of `params` (period and member states in scope).
 * @param opts.includeProposals add the confidential proposal figures per member
 *   state (secretariat pages and published reports only; never in public output)
 * @param opts.includeProposalMatrix also the pairs matrix of submitted
 *   proposals (the secretariat's page only; never in a published report)
 * @returns a JSON-serialisable ReportFigures (codes and numbers only)
 *
 * The queries run concurrently on the pool. To read one consistent state of the
 * database (publishing a snapshot), pass a REPEATABLE READ transaction as `db`.
 */
export async function getReportFigures(
  db: Db,
  params: ReportParams,
  opts: { includeProposals?: boolean; includeProposalMatrix?: boolean } = {},
): Promise<ReportFigures> {
  const { start, end } = periodBounds(params);
  // In MEMBER_STATE_CODES order whatever the caller's order; unknown codes dropped.
  const selected = MEMBERS.filter((c) => params.country.includes(c));
  const filtered = params.country.length > 0;
  const scope = filtered ? selected : MEMBERS;

  const states: Partial<Record<MemberStateCode, StateFigures>> = {};
  for (const c of scope) states[c] = emptyStateFigures();
  const total = emptyStateFigures();
  const quarters = quartersOf(start, end);
  const trend: QuarterFigures[] = quarters.map((q) => ({
    ...q,
    counts: Object.fromEntries(PERIOD_MEASURES.map((m) => [m, 0])) as Record<PeriodMeasure, number>,
  }));
  const quarterIndex = new Map(quarters.map((q, i) => [q.quarter, i]));
  const collaboration = emptyMatrix();

  const quarterOf = (col: RawBuilder<unknown>) => sql<string>`to_char(date_trunc('quarter', ${col} at time zone 'UTC'), 'YYYY-"Q"Q')`;

  const [institutions, experts, calls, trendRows, projects, proposals] = await Promise.all([
    // Verified institutions as of the end (ROR imports always; registrations once decided before the end), by kind; registrations in the period.
    sql<{ state: string; kind: string; stock: number; registered: number }>`
      select i.country_code as state, i.kind,
        count(*) filter (where i.source = 'ror' or coalesce(i.decided_at, i.created_at) < ${end}::timestamptz)::int as stock,
        count(*) filter (where i.source <> 'ror' and i.created_at >= ${start}::timestamptz and i.created_at < ${end}::timestamptz)::int as registered
      from institutions i
      where i.status = 'verified' and i.country_code = any(${codes(scope)})
      group by i.country_code, i.kind`.execute(db),
    // Experts as of the end; null state = no institution in a member state.
    sql<{ state: string | null; stock: number; open: number; created: number }>`
      select case when i.country_code = any(${codes(MEMBERS)}) then i.country_code end as state,
        count(*)::int as stock,
        count(*) filter (where cardinality(e.open_to) > 0)::int as open,
        count(*) filter (where e.created_at >= ${start}::timestamptz)::int as created
      from experts e ${filtered ? sql`join` : sql`left join`} institutions i on i.id = e.institution_id
      where e.created_at < ${end}::timestamptz ${filtered ? sql`and i.country_code = any(${codes(scope)})` : sql``}
      group by 1`.execute(db),
    sql<{ state: string; n: number }>`
      select i.country_code as state, count(*)::int as n
      from calls c join institutions i on i.id = c.institution_id
      where c.status in ('open', 'closed') and c.created_at >= ${start}::timestamptz and c.created_at < ${end}::timestamptz
        and i.country_code = any(${codes(scope)})
      group by i.country_code`.execute(db),
    // Period measures per quarter (approved projects come with the project query).
    sql<{ measure: PeriodMeasure; quarter: string; n: number }>`
      select 'institutionsRegistered' as measure, ${quarterOf(sql`i.created_at`)} as quarter, count(*)::int as n
      from institutions i
      where i.status = 'verified' and i.source <> 'ror' and i.created_at >= ${start}::timestamptz and i.created_at < ${end}::timestamptz
        and i.country_code = any(${codes(scope)})
      group by 2
      union all
      select 'expertsCreated', ${quarterOf(sql`e.created_at`)}, count(*)::int
      from experts e ${filtered ? sql`join institutions i on i.id = e.institution_id and i.country_code = any(${codes(scope)})` : sql``}
      where e.created_at >= ${start}::timestamptz and e.created_at < ${end}::timestamptz
      group by 2
      union all
      select 'callsPosted', ${quarterOf(sql`c.created_at`)}, count(*)::int
      from calls c join institutions i on i.id = c.institution_id
      where c.status in ('open', 'closed') and c.created_at >= ${start}::timestamptz and c.created_at < ${end}::timestamptz
        and i.country_code = any(${codes(scope)})
      group by 2`.execute(db),
    // Approved projects: per state, distinct total, pairs, fields/subfields, quarters — one statement over one consortium set.
    sql<{ kind: "state" | "total" | "pair" | "field" | "subfield" | "quarter"; a: string | null; b: string | null; n: number }>`
      with proj as (
        select p.id, p.lead_institution_id, p.decided_at from proposals p
        where p.status = 'approved' and p.decided_at >= ${start}::timestamptz and p.decided_at < ${end}::timestamptz
      ),
      cons as (
        select proj.id, i.country_code as state from proj join institutions i on i.id = proj.lead_institution_id
        union
        select proj.id, i.country_code from proj
          join proposal_partners pp on pp.proposal_id = proj.id and pp.status = 'accepted'
          join institutions i on i.id = pp.institution_id
      ),
      sel as (select distinct id from cons where state = any(${codes(scope)}))
      select 'state' as kind, state::text as a, null::text as b, count(*)::int as n from cons where state = any(${codes(scope)}) group by state
      union all
      select 'total', null, null, count(*)::int from sel
      union all
      select 'pair', x.state, y.state, count(*)::int from cons x join cons y on y.id = x.id
        where x.state = any(${codes(MEMBERS)}) and y.state = any(${codes(MEMBERS)})
          and (x.state = any(${codes(scope)}) or y.state = any(${codes(scope)}))
        group by x.state, y.state
      union all
      select case when grouping(t.subfield_id) = 1 then 'field' else 'subfield' end, t.field_id, t.subfield_id, count(distinct sel.id)::int
        from sel join proposal_topics pt on pt.proposal_id = sel.id join topics t on t.id = pt.topic_id
        group by grouping sets ((t.field_id), (t.field_id, t.subfield_id))
      union all
      select 'quarter', ${quarterOf(sql`proj.decided_at`)}, null, count(*)::int from proj join sel on sel.id = proj.id group by 2`.execute(db),
    opts.includeProposals ? getProposalFigures(db, start, end, scope, Boolean(opts.includeProposalMatrix)) : Promise.resolve(null),
  ]);

  for (const r of institutions.rows) {
    const f = states[r.state as MemberStateCode]!;
    f.institutionsByKind[r.kind as keyof StateFigures["institutionsByKind"]] += r.stock;
    f.institutions += r.stock;
    f.institutionsRegistered += r.registered;
  }
  for (const r of experts.rows) {
    const f = r.state ? states[r.state as MemberStateCode] : undefined;
    for (const t of f ? [f, total] : [total]) {
      t.experts += r.stock;
      t.expertsOpen += r.open;
      t.expertsCreated += r.created;
    }
  }
  for (const r of calls.rows) states[r.state as MemberStateCode]!.callsPosted += r.n;
  for (const f of Object.values(states)) {
    total.institutions += f.institutions;
    total.institutionsRegistered += f.institutionsRegistered;
    total.callsPosted += f.callsPosted;
    for (const k of INSTITUTION_KINDS) total.institutionsByKind[k] += f.institutionsByKind[k];
  }
  for (const r of trendRows.rows) trend[quarterIndex.get(r.quarter)!].counts[r.measure] += r.n;

  const fieldMap = new Map<string, FieldFigures>();
  for (const r of projects.rows) {
    if (r.kind === "state") states[r.a as MemberStateCode]!.approvedProjects = r.n;
    else if (r.kind === "total") total.approvedProjects = r.n;
    else if (r.kind === "pair") addToMatrix(collaboration, r.a!, r.b!, r.n);
    else if (r.kind === "quarter") trend[quarterIndex.get(r.a!)!].counts.approvedProjects = r.n;
    else {
      const f = fieldMap.get(r.a!) ?? { fieldId: r.a!, count: 0, subfields: [] };
      fieldMap.set(r.a!, f);
      if (r.kind === "field") f.count = r.n;
      else f.subfields.push({ subfieldId: r.b!, count: r.n });
    }
  }
  const byCount = <T extends { count: number }>(id: (x: T) => string) => (x: T, y: T) => y.count - x.count || id(x).localeCompare(id(y), "en", { numeric: true });
  const fields = [...fieldMap.values()].sort(byCount((f) => f.fieldId));
  for (const f of fields) f.subfields.sort(byCount((s) => s.subfieldId));

  return {
    version: REPORT_FIGURES_VERSION,
    period: { from: params.from, to: params.to },
    countries: selected,
    states,
    total,
    trend,
    collaboration,
    fields,
    proposals,
  };
}

/** The confidential part: proposal figures per member state in `scope`, and optionally the submitted-proposals matrix. */
async function getProposalFigures(db: Db, start: Date, end: Date, scope: readonly MemberStateCode[], withMatrix: boolean): Promise<ProposalFigures> {
  const rows = await sql<{ kind: "lead" | "partner" | "approved" | "rejected" | "median" | "pair"; a: string; b: string | null; n: number | null }>`
    with sub as (
      select e.proposal_id as id from proposal_events e
      where e.action = 'submit' and e.at >= ${start}::timestamptz and e.at < ${end}::timestamptz
    ),
    dec as (
      select p.id, p.status, extract(epoch from p.decided_at - (
          select min(e.at) from proposal_events e where e.proposal_id = p.id and e.action = 'submit'
        ))::float8 as seconds
      from proposals p
      where p.status in ('approved', 'rejected') and p.decided_at >= ${start}::timestamptz and p.decided_at < ${end}::timestamptz
    ),
    ids as (select id from sub union select id from dec),
    roles as (
      select ids.id, i.country_code as state, 'lead' as role from ids
        join proposals p on p.id = ids.id join institutions i on i.id = p.lead_institution_id
      union
      select ids.id, i.country_code, 'partner' from ids
        join proposal_partners pp on pp.proposal_id = ids.id and pp.status = 'accepted'
        join institutions i on i.id = pp.institution_id
    ),
    cons as (select distinct id, state from roles)
    select r.role as kind, r.state::text as a, null::text as b, count(distinct r.id)::float8 as n
      from roles r join sub on sub.id = r.id where r.state = any(${codes(scope)}) group by r.role, r.state
    union all
    select d.status, c.state, null, count(*)::float8 from cons c join dec d on d.id = c.id
      where c.state = any(${codes(scope)}) group by d.status, c.state
    union all
    select 'median', c.state, null, ${roundDays(sql`percentile_cont(0.5) within group (order by d.seconds)`)}
      from cons c join dec d on d.id = c.id where c.state = any(${codes(scope)}) and d.seconds is not null group by c.state
    ${
      withMatrix
        ? sql`union all
    select 'pair', x.state, y.state, count(*)::float8 from cons x join cons y on y.id = x.id join sub on sub.id = x.id
      where x.state = any(${codes(MEMBERS)}) and y.state = any(${codes(MEMBERS)})
        and (x.state = any(${codes(scope)}) or y.state = any(${codes(scope)}))
      group by x.state, y.state`
        : sql``
    }`.execute(db);

  const states: Partial<Record<MemberStateCode, ProposalStateFigures>> = {};
  for (const c of scope) {
    states[c] = { submittedAsLead: 0, submittedAsPartner: 0, decided: 0, approved: 0, rejected: 0, successRate: null, medianDaysToDecision: null };
  }
  const matrix = withMatrix ? emptyMatrix() : null;
  for (const r of rows.rows) {
    const f = states[r.a as MemberStateCode];
    if (r.kind === "pair") addToMatrix(matrix!, r.a, r.b!, r.n ?? 0);
    else if (!f) continue;
    else if (r.kind === "lead") f.submittedAsLead = r.n ?? 0;
    else if (r.kind === "partner") f.submittedAsPartner = r.n ?? 0;
    else if (r.kind === "approved") f.approved = r.n ?? 0;
    else if (r.kind === "rejected") f.rejected = r.n ?? 0;
    else if (r.kind === "median") f.medianDaysToDecision = r.n;
  }
  for (const f of Object.values(states)) {
    f.decided = f.approved + f.rejected;
    f.successRate = f.decided ? f.approved / f.decided : null;
  }
  return { states, submittedCollaboration: matrix };
}

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
        select p.status, extract(epoch from ${now}::timestamptz - coalesce(
          (select max(e.at) from proposal_events e where e.proposal_id = p.id), p.updated_at))::float8 as seconds
        from proposals p where p.status <> 'draft'
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
