/**
 * The confidential proposal figures of a report (secretariat pages and
 * published reports only, never public output): per member state submitted
 * as lead / as partner, decisions, success rate and median days to decision,
 * and optionally the submitted-proposals collaboration matrix.
 */
import { sql } from "kysely";
import type { MemberStateCode } from "~/domain/member-states";
import type { ProposalFigures, ProposalStateFigures } from "~/domain/report-figures";
import { MEMBERS, addConsortium, codes, emptyMatrix, roundDays, type Db } from "~/features/reports/report-sql.server";

/**
 * The consortium states of the proposals in CTE `ids` (column `id`), as CTEs
 * `lead` (id, state) and `partner` (id, state: accepted partners, distinct)
 * and `sig` (id, lead, partners: sorted distinct text[] of partner states).
 */
const consortiumCtes = sql`
  lead as (
    select ids.id, i.country_code::text as state from ids
      join proposals p on p.id = ids.id join institutions i on i.id = p.lead_institution_id
  ),
  partner as (
    select distinct ids.id, i.country_code::text as state from ids
      join proposal_partners pp on pp.proposal_id = ids.id and pp.status = 'accepted'
      join institutions i on i.id = pp.institution_id
  ),
  psig as (select id, array_agg(state order by state) as partners from partner group by id),
  sig as (select l.id, l.state as lead, coalesce(ps.partners, '{}') as partners from lead l left join psig ps on ps.id = l.id)`;
/** The member states of a consortium signature (lead plus partners), distinct. */
function statesOf(lead: string | null, partners: readonly string[]): string[] {
  return [...new Set([...(lead ? [lead] : []), ...partners])].filter((c) => MEMBERS.includes(c as MemberStateCode));
}
/**
 * The confidential part: proposal figures per member state in `scope`, and
 * optionally the submitted-proposals matrix. Counts come per consortium
 * signature (lead state, partner states) like the approved projects; medians
 * per state from percentile_cont.
 */
export async function getProposalFigures(db: Db, start: Date, end: Date, scope: readonly MemberStateCode[], withMatrix: boolean): Promise<ProposalFigures> {
  const rows = await sql<{ kind: "sub" | "dec" | "median"; lead: string; partners: string[] | null; status: string | null; n: number | null }>`
    with sub as (
      select distinct e.proposal_id as id from proposal_events e
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
    ${consortiumCtes},
    dstates as (
      select s.id, s.lead as state from sig s join dec on dec.id = s.id
      union
      select s.id, unnest(s.partners) from sig s join dec on dec.id = s.id
    )
    select 'sub' as kind, s.lead, s.partners, null::text as status, count(*)::float8 as n
      from sig s join sub on sub.id = s.id group by s.lead, s.partners
    union all
    select 'dec', s.lead, s.partners, d.status, count(*)::float8
      from sig s join dec d on d.id = s.id group by s.lead, s.partners, d.status
    union all
    select 'median', ds.state, null, null, ${roundDays(sql`percentile_cont(0.5) within group (order by d.seconds)`)}
      from dstates ds join dec d on d.id = ds.id
      where ds.state = any(${codes(scope)}) and d.seconds is not null group by ds.state`.execute(db);

  const inScope = (c: string) => scope.includes(c as MemberStateCode);
  const states: Partial<Record<MemberStateCode, ProposalStateFigures>> = {};
  for (const c of scope) {
    states[c] = { submittedAsLead: 0, submittedAsPartner: 0, decided: 0, approved: 0, rejected: 0, successRate: null, medianDaysToDecision: null };
  }
  const matrix = withMatrix ? emptyMatrix() : null;
  for (const r of rows.rows) {
    if (r.kind === "median") {
      states[r.lead as MemberStateCode]!.medianDaysToDecision = r.n;
      continue;
    }
    const n = r.n ?? 0;
    const spans = statesOf(r.lead, r.partners ?? []);
    if (r.kind === "sub") {
      if (inScope(r.lead)) states[r.lead as MemberStateCode]!.submittedAsLead += n;
      for (const c of new Set(r.partners ?? [])) if (inScope(c)) states[c as MemberStateCode]!.submittedAsPartner += n;
      if (matrix) addConsortium(matrix, spans, n, inScope);
    } else {
      for (const c of spans.filter(inScope)) states[c as MemberStateCode]![r.status === "approved" ? "approved" : "rejected"] += n;
    }
  }
  for (const f of Object.values(states)) {
    f.decided = f.approved + f.rejected;
    f.successRate = f.decided ? f.approved / f.decided : null;
  }
  return { states, submittedCollaboration: matrix };
}
