/**
 * The network in figures (issue #13): counts per member state and in total
 * for a period, their quarterly trend, the collaboration matrix, approved
 * projects by OpenAlex field, the confidential proposal figures and the
 * secretariat's pipeline. Shapes: app/domain/report-figures.ts.
 *
 * Every number is a PostgreSQL aggregate (GROUP BY, FILTER, width_bucket,
 * percentile_cont) over indexed columns (migrations 2026_11_29_190000_report_indexes
 * and 2026_11_30_110000_report_perf_indexes);
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
 *
 * This module: the public figures and the trend (getReportFigures). The
 * confidential proposal figures: proposal-figures.server.ts; the
 * secretariat's pipeline: pipeline.server.ts; shared SQL pieces:
 * report-sql.server.ts.
 */
import { sql, type RawBuilder } from "kysely";
import type { MemberStateCode } from "~/domain/member-states";
import {
  PERIOD_MEASURES,
  REPORT_FIGURES_VERSION,
  REPORT_MEASURES,
  type FieldFigures,
  type PeriodMeasure,
  type QuarterFigures,
  type ReportFigures,
  type ReportParams,
  type StateFigures,
} from "~/domain/report-figures";
import { INSTITUTION_KINDS } from "~/domain/institution-kinds";
import { periodBounds } from "~/features/reports/report-params";
import { MEMBERS, addConsortium, codes, emptyMatrix, type Db } from "~/features/reports/report-sql.server";
import { getProposalFigures } from "~/features/reports/proposal-figures.server";

export type * from "~/domain/report-figures";

/** Zeroed public figures. */
function emptyStateFigures(): StateFigures {
  return {
    ...(Object.fromEntries(REPORT_MEASURES.map((m) => [m, 0])) as Record<(typeof REPORT_MEASURES)[number], number>),
    institutionsByKind: Object.fromEntries(INSTITUTION_KINDS.map((k) => [k, 0])) as StateFigures["institutionsByKind"],
  };
}

/**
 * Every calendar quarter [start, end) touches, as "YYYY-Qn" with its first
 * and last day inside the period (YYYY-MM-DD, inclusive): a quarter the
 * period cuts is clipped to it (a period from 30 Nov: 2025-Q4 starts 2025-11-30).
 */
export function quartersOf(start: Date, end: Date): Array<{ quarter: string; start: string; end: string }> {
  const out: Array<{ quarter: string; start: string; end: string }> = [];
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const [first, lastDay] = [day(start), day(new Date(end.getTime() - 1))];
  const last = new Date(end.getTime() - 1);
  let y = start.getUTCFullYear();
  let q = Math.floor(start.getUTCMonth() / 3);
  const lastKey = last.getUTCFullYear() * 4 + Math.floor(last.getUTCMonth() / 3);
  while (y * 4 + q <= lastKey) {
    const qStart = day(new Date(Date.UTC(y, q * 3, 1)));
    const qEnd = day(new Date(Date.UTC(y, q * 3 + 3, 0)));
    out.push({ quarter: `${y}-Q${q + 1}`, start: qStart < first ? first : qStart, end: qEnd > lastDay ? lastDay : qEnd });
    if (++q === 4) [y, q] = [y + 1, 0];
  }
  return out;
}

/**
 * The figures of `params` (period and member states in scope).
 * @param opts.includeProposals add the confidential proposal figures per member
 *   state (secretariat pages and published reports only; never in public output)
 * @param opts.includeProposalMatrix also the pairs matrix of submitted
 *   proposals (the secretariat's page only; never in a published report)
 * @returns a JSON-serialisable ReportFigures (codes and numbers only)
 *
 * Four statements (five with proposals), run concurrently on the pool. Each
 * returns aggregate groups only: per state, kind or quarter (a width_bucket
 * over the quarters' first days), and, for projects, per consortium mask (the
 * member states a consortium spans as bits, bit k = MEMBER_STATE_CODES[k]; at
 * most 2^10 of them whatever the number of projects), from which the
 * per-state counts and the pairs of the matrix are added up here.
 * To read one consistent state of the database (publishing a snapshot), pass a
 * REPEATABLE READ transaction as `db`.
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
  const inScope = (c: string) => scope.includes(c as MemberStateCode);

  const states: Partial<Record<MemberStateCode, StateFigures>> = {};
  for (const c of scope) states[c] = emptyStateFigures();
  const total = emptyStateFigures();
  const quarters = quartersOf(start, end);
  const trend: QuarterFigures[] = quarters.map((q) => ({
    ...q,
    counts: Object.fromEntries(PERIOD_MEASURES.map((m) => [m, 0])) as Record<PeriodMeasure, number>,
  }));
  const collaboration = emptyMatrix();
  const inPeriod = (col: RawBuilder<unknown>) => sql`${col} >= ${start}::timestamptz and ${col} < ${end}::timestamptz`;

  // Quarter of a row: its bucket in the quarters' first days (width_bucket: 1 = first quarter), which
  // costs an integer per row where date_trunc/to_char cost a time-zone conversion and a hash of a timestamp.
  const quarterStarts = sql`${quarters.map((q) => `${q.start}T00:00:00Z`)}::timestamptz[]`;
  const bucketOf = (col: RawBuilder<unknown>) => sql`width_bucket(${col}, ${quarterStarts})`;
  const addBucket = (b: number, m: PeriodMeasure, n: number) => {
    if (b >= 1 && b <= trend.length) trend[b - 1].counts[m] += n;
  };
  /** Member states as bits (bit k = MEMBERS[k]) in SQL: a consortium's states fold into one integer. */
  const stateBit = (country: RawBuilder<unknown>) => sql`(1 << (array_position(${[...MEMBERS]}::text[], ${country}::text) - 1))`;
  const scopeMask = scope.reduce((m, c) => m | (1 << MEMBERS.indexOf(c)), 0);

  const [institutions, experts, calls, projects, proposals] = await Promise.all([
    // Verified institutions as of the end (ROR imports always; registrations once decided before the end) per state and kind;
    // registrations in the period per state, kind and quarter bucket (b: null for rows not registered in the period).
    sql<{ state: string | null; kind: string | null; b: number | null; stock: number; registered: number }>`
      select i.country_code::text as state, i.kind, q.b,
        count(*) filter (where i.source = 'ror' or coalesce(i.decided_at, i.created_at) < ${end}::timestamptz)::int as stock,
        count(*) filter (where q.b is not null)::int as registered
      from institutions i
        cross join lateral (select case when i.source <> 'ror' and ${inPeriod(sql`i.created_at`)} then ${bucketOf(sql`i.created_at`)} end as b) q
      where i.status = 'verified' and i.country_code = any(${codes(scope)})
      group by grouping sets ((i.country_code, i.kind), (q.b))`.execute(db),
    // Experts created before the end, per member state (null: no institution in a member state): first counted per
    // institution in one streaming pass over experts_institution_created_idx (index-only, already in institution
    // order: the heap holds long bios); then experts created in the period per quarter bucket over experts_created_idx.
    sql<{ state: string | null; b: number | null; stock: number; open: number; created: number }>`
      with x as (
        select e.institution_id,
          count(*) filter (where e.created_at < ${end}::timestamptz) as stock,
          count(*) filter (where e.created_at < ${end}::timestamptz and cardinality(e.open_to) > 0) as open,
          count(*) filter (where ${inPeriod(sql`e.created_at`)}) as created
        from experts e
        group by e.institution_id order by e.institution_id
      )
      select case when i.country_code = any(${codes(MEMBERS)}) then i.country_code::text end as state, null::int as b,
        sum(x.stock)::int as stock, sum(x.open)::int as open, sum(x.created)::int as created
      from x ${filtered ? sql`join` : sql`left join`} institutions i on i.id = x.institution_id
      ${filtered ? sql`where i.country_code = any(${codes(scope)})` : sql``}
      group by 1
      union all
      select null, ${bucketOf(sql`e.created_at`)}, 0, 0, count(*)::int
      from experts e ${filtered ? sql`join institutions i on i.id = e.institution_id and i.country_code = any(${codes(scope)})` : sql``}
      where ${inPeriod(sql`e.created_at`)}
      group by 2`.execute(db),
    // Calls posted (open or closed) in the period, per state and per quarter bucket.
    sql<{ state: string | null; b: number | null; n: number }>`
      select i.country_code::text as state, ${bucketOf(sql`c.created_at`)} as b, count(*)::int as n
      from calls c join institutions i on i.id = c.institution_id
      where c.status in ('open', 'closed') and ${inPeriod(sql`c.created_at`)} and i.country_code = any(${codes(scope)})
      group by grouping sets ((1), (2))`.execute(db),
    // Approved projects: per consortium (mask: the bits of the member states of its lead and accepted
    // partners; at most 2^10 of them whatever the number of projects) and quarter bucket; per field and
    // subfield (projects whose consortium includes a state in scope).
    sql<{ kind: "sig" | "field" | "subfield"; mask: number | null; b: number | null; field: string | null; subfield: string | null; n: number }>`
      with ids as (
        select p.id, p.lead_institution_id, ${bucketOf(sql`p.decided_at`)} as b from proposals p
        where p.status = 'approved' and ${inPeriod(sql`p.decided_at`)}
      ),
      members as (
        select ids.id, ids.b, ids.lead_institution_id as institution_id from ids
        union all
        select ids.id, ids.b, pp.institution_id from ids join proposal_partners pp on pp.proposal_id = ids.id and pp.status = 'accepted'
      ),
      span as materialized (
        select m.id, m.b, coalesce(bit_or(${stateBit(sql`i.country_code`)}), 0) as mask
        from members m join institutions i on i.id = m.institution_id
        group by m.id, m.b
      )
      select 'sig' as kind, s.mask, s.b, null::text as field, null::text as subfield, count(*)::int as n from span s group by s.mask, s.b
      union all
      select case when grouping(t.subfield_id) = 1 then 'field' else 'subfield' end, null, null, t.field_id, t.subfield_id, count(distinct s.id)::int
        from span s join proposal_topics pt on pt.proposal_id = s.id join topics t on t.id = pt.topic_id
        where s.mask & ${scopeMask} <> 0
        group by grouping sets ((t.field_id), (t.field_id, t.subfield_id))`.execute(db),
    opts.includeProposals ? getProposalFigures(db, start, end, scope, Boolean(opts.includeProposalMatrix)) : Promise.resolve(null),
  ]);

  for (const r of institutions.rows) {
    if (r.state === null) {
      if (r.b !== null) addBucket(r.b, "institutionsRegistered", r.registered);
      continue;
    }
    const f = states[r.state as MemberStateCode]!;
    f.institutionsByKind[r.kind as keyof StateFigures["institutionsByKind"]] += r.stock;
    f.institutions += r.stock;
    f.institutionsRegistered += r.registered;
  }
  for (const r of experts.rows) {
    if (r.b !== null) {
      addBucket(r.b, "expertsCreated", r.created);
      continue;
    }
    const f = r.state ? states[r.state as MemberStateCode] : undefined;
    for (const t of f ? [f, total] : [total]) {
      t.experts += r.stock;
      t.expertsOpen += r.open;
      t.expertsCreated += r.created;
    }
  }
  for (const r of calls.rows) {
    if (r.state === null) addBucket(r.b!, "callsPosted", r.n);
    else states[r.state as MemberStateCode]!.callsPosted += r.n;
  }
  for (const f of Object.values(states)) {
    total.institutions += f.institutions;
    total.institutionsRegistered += f.institutionsRegistered;
    total.callsPosted += f.callsPosted;
    for (const k of INSTITUTION_KINDS) total.institutionsByKind[k] += f.institutionsByKind[k];
  }

  const fieldMap = new Map<string, FieldFigures>();
  for (const r of projects.rows) {
    if (r.kind === "sig") {
      const spans = MEMBERS.filter((_, k) => r.mask! & (1 << k));
      if (!spans.some(inScope)) continue;
      total.approvedProjects += r.n;
      addBucket(r.b!, "approvedProjects", r.n);
      for (const c of spans.filter(inScope)) states[c]!.approvedProjects += r.n;
      addConsortium(collaboration, spans, r.n, inScope);
    } else {
      const f = fieldMap.get(r.field!) ?? { fieldId: r.field!, count: 0, subfields: [] };
      fieldMap.set(r.field!, f);
      if (r.kind === "field") f.count = r.n;
      else f.subfields.push({ subfieldId: r.subfield!, count: r.n });
    }
  }
  const byCount =
    <T extends { count: number }>(id: (x: T) => string) =>
    (x: T, y: T) =>
      y.count - x.count || id(x).localeCompare(id(y), "en", { numeric: true });
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
