/**
 * Scale generator, part two (issue #7: `--calls 5000 --proposals 20000`):
 * joint calls posted by the generated institutions and joint proposals of
 * generated consortia, with topics, partners, teams of generated experts and
 * an event history consistent with each proposal's workflow state. Used by
 * tooling/scale/scale.ts (`seedScale`/`removeScale`); same conventions as there: seeded
 * (mulberry32), every timestamp derived from `base`, streamed in batches (one
 * multi-row INSERT per table and one transaction per batch), every row marked
 * `is_demo`, no search outbox (the caller runs `reindex`).
 *
 * No users are created: `created_by`, `invited_by`, `responded_by` stay null
 * and events carry only an `actor_name` (actor_id has no FK by design, so the
 * trail reads as written by nobody who can sign in). Demo users would be
 * thousands of rows of membership noise in a benchmark database.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { DB } from "../../db/types";
import { ECO_MEMBER_STATES } from "../../app/domain/member-states";
import { Rng, type TopicRow } from "../demo/demo";
import { TRANSITIONS, type ProposalAction, type ProposalState } from "../../app/domain/proposal-workflow";
import { MEMBER_STATE_ZONES, zonedToInstant } from "../../app/utils/time-zone";

const DAY = 86_400_000;

/** The zone a call's deadline is entered in: the posting institution's. */
const ZONE = MEMBER_STATE_ZONES;

const CALL_KINDS = [
  ["joint_research", 50, ["Joint research call on {topic}", "Seed grants for joint research in {subfield}", "ECO collaborative projects: {topic}"]],
  ["mobility", 20, ["Researcher mobility grants in {subfield}", "Exchange visits for doctoral students: {topic}"]],
  ["joint_supervision", 15, ["Joint PhD supervision in {subfield}", "Co-supervised doctorates on {topic}"]],
  ["event", 15, ["Regional workshop on {topic}", "Summer school on {subfield}"]],
] as const;

/** Actions from draft to each state: the history written for a generated proposal (weights sum to 100). */
const PATHS: ReadonlyArray<{ state: ProposalState; weight: number; path: readonly ProposalAction[] }> = [
  { state: "draft", weight: 15, path: [] },
  { state: "submitted", weight: 10, path: ["submit"] },
  { state: "submitted", weight: 2, path: ["submit", "start_review", "request_revision", "resubmit"] },
  { state: "under_review", weight: 10, path: ["submit", "start_review"] },
  { state: "under_review", weight: 2, path: ["submit", "start_review", "request_revision", "resubmit", "start_review"] },
  { state: "revision_requested", weight: 8, path: ["submit", "start_review", "request_revision"] },
  { state: "approved", weight: 24, path: ["submit", "start_review", "approve"] },
  { state: "approved", weight: 6, path: ["submit", "start_review", "request_revision", "resubmit", "start_review", "approve"] },
  { state: "rejected", weight: 11, path: ["submit", "start_review", "reject"] },
  { state: "rejected", weight: 2, path: ["submit", "start_review", "request_revision", "resubmit", "start_review", "reject"] },
  { state: "withdrawn", weight: 8, path: ["submit", "withdraw"] },
  { state: "withdrawn", weight: 2, path: ["submit", "start_review", "request_revision", "withdraw"] },
];

const COMMENTS: Partial<Record<ProposalAction, readonly string[]>> = {
  request_revision: [
    "Please detail the data-management plan and the budget per partner.",
    "Clarify each partner's role and the work-package leaders.",
    "The work plan needs milestones and deliverables per year.",
  ],
  reject: [
    "Out of the call's scope: the work is not ICT research.",
    "The consortium lacks the expertise the objectives require.",
    "The budget is not justified by the planned work.",
  ],
  approve: ["Strong consortium, clear work plan.", "Well-justified budget and a realistic plan.", ""],
};

const TITLE_PATTERNS = [
  "{topic} for the ECO region",
  "Advancing {topic} across member states",
  "Shared testbeds and data for {topic}",
  "Open methods in {topic}: a regional consortium",
  "{topic}: from research to regional practice",
];

/** A call as the proposal generator needs it (held for every generated call: bounded by --calls). */
interface CallInfo {
  id: number;
  status: "draft" | "open" | "closed";
  opensAt: number;
  deadline: number;
  eligible: string[];
  minPartners: number;
  minCountries: number;
  topicIds: string[];
}

export interface CollabContext {
  seed: number;
  batchSize: number;
  /** Epoch ms every timestamp derives from; nothing generated lies after it. */
  base: number;
  topics: readonly TopicRow[];
  subfields: ReadonlyArray<readonly [string, TopicRow[]]>;
  log: (m: string) => void;
  elapsed: () => string;
}

/**
 * Postgres takes at most 65,535 bind parameters per statement; events (up to
 * 7 per proposal) and partners would exceed it at the default batch size, so
 * link tables are inserted in chunks that stay well below.
 */
async function insertChunked(
  trx: Transaction<DB>,
  table: "call_topics" | "proposal_topics" | "proposal_partners" | "proposal_team" | "proposal_events",
  rows: Record<string, unknown>[],
) {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(30_000 / Object.keys(rows[0]).length));
  for (let i = 0; i < rows.length; i += per)
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + per) as any)
      .execute();
}

function topicsFor(rng: Rng, ctx: CollabContext, n: number): TopicRow[] {
  const [, pool] = rng.weighted(ctx.subfields, ([, ts]) => ts.length);
  return rng.sample(pool, Math.min(n, pool.length));
}

/** Generated institutions by member state (ordered by id, so the draws are reproducible). */
async function generatedInstitutions(db: Kysely<DB>) {
  const rows = await db.selectFrom("institutions").select(["id", "name", "country_code", "kind"]).where("source", "=", "demo").orderBy("id").execute();
  const byCountry = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byCountry.get(r.country_code);
    if (list) list.push(r);
    else byCountry.set(r.country_code, [r]);
  }
  return { rows, byCountry };
}

/**
 * Inserts `count` demo calls posted by generated institutions: 1–4 topics from
 * one subfield, mostly open (deadline after `base`), some closed (deadline
 * before it) and some drafts; a fifth restricted to a few member states.
 * @returns the calls as the proposal generator needs them, in id order.
 * @throws when `count > 0` and there are no generated institutions.
 */
export async function generateCalls(db: Kysely<DB>, ctx: CollabContext, count: number): Promise<{ calls: CallInfo[]; callTopics: number }> {
  const calls: CallInfo[] = [];
  let callTopics = 0;
  if (count === 0) return { calls, callTopics };
  const { rows: insts } = await generatedInstitutions(db);
  if (insts.length === 0) throw new Error("Calls are posted by generated institutions: pass --institutions > 0 with --calls.");
  const posters = insts.filter((i) => i.kind !== "other").length ? insts.filter((i) => i.kind !== "other") : insts;
  const rng = new Rng(ctx.seed ^ 0xca11);
  const codes = ECO_MEMBER_STATES.map((c) => c.code);
  type Pending = { row: Record<string, unknown>; info: Omit<CallInfo, "id"> };
  let batch: Pending[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await db.transaction().execute(async (trx) => {
      const ids = await trx
        .insertInto("calls")
        .values(batch.map((b) => b.row as any))
        .returning("id")
        .execute();
      const links = ids.flatMap((r, j) => batch[j].info.topicIds.map((topic_id) => ({ call_id: r.id, topic_id })));
      await insertChunked(trx, "call_topics", links);
      callTopics += links.length;
      ids.forEach((r, j) => calls.push({ id: r.id, ...batch[j].info }));
    });
    batch = [];
    ctx.log(`  calls: ${calls.length}/${count} (${ctx.elapsed()})`);
  };
  for (let k = 0; k < count; k++) {
    const inst = rng.pick(posters);
    const [kind, , patterns] = rng.weighted(CALL_KINDS, ([, w]) => w);
    const chosen = topicsFor(rng, ctx, rng.int(1, 4));
    const title = rng.pick(patterns).replace("{topic}", chosen[0].name).replace("{subfield}", chosen[0].subfield).slice(0, 300);
    const roll = rng.float();
    const status = roll < 0.75 ? "open" : roll < 0.92 ? "closed" : "draft";
    const zone = ZONE[inst.country_code] ?? "UTC";
    // Deadlines at 17:00 on a day, as entered in the poster's zone (what the form produces).
    const dayOffset = status === "open" ? rng.int(7, 180) : status === "closed" ? -rng.int(1, 365) : rng.int(60, 240);
    const day = new Date(ctx.base + dayOffset * DAY).toISOString().slice(0, 10);
    const deadline = zonedToInstant(`${day}T17:00`, zone)!.getTime();
    // Open and closed calls opened at least a week before `base`, so submissions can precede it.
    const opensAt = status === "draft" ? deadline - rng.int(30, 90) * DAY : Math.min(ctx.base - 7 * DAY, deadline - rng.int(30, 120) * DAY);
    const restricted = rng.chance(0.2);
    const eligible = restricted ? [...new Set([inst.country_code, ...rng.sample(codes, rng.int(2, 6))])].sort() : [];
    const minCountries = rng.chance(0.2) ? 3 : 2;
    const minPartners = rng.chance(0.2) ? 2 : 1;
    const createdAt = Math.min(opensAt, ctx.base) - rng.int(1, 30) * DAY;
    const topicIds = [...new Set(chosen.map((t) => t.id))];
    batch.push({
      row: {
        institution_id: inst.id,
        kind,
        title,
        summary: `${inst.name} invites universities and research centres of the ECO member states to apply (${chosen[0].subfield}).`,
        body:
          `Topics: ${chosen.map((t) => t.name).join("; ")}.\n\n` +
          `Eligible: consortia of at least ${minCountries} member states${eligible.length ? ` among ${eligible.join(", ")}` : ""}. ` +
          "The ECO secretariat reviews every eligible proposal. (Demo call: generated, fictitious.)",
        opens_at: status === "draft" && rng.chance(0.5) ? null : new Date(opensAt),
        deadline: new Date(deadline),
        deadline_zone: zone,
        eligible_countries: eligible,
        min_partners: minPartners,
        min_countries: minCountries,
        funding_note: "Demo call: amounts are illustrative.",
        status,
        created_by: null,
        is_demo: true,
        created_at: new Date(createdAt),
        updated_at: new Date(Math.min(ctx.base, createdAt + rng.int(0, 20) * DAY)),
      },
      info: { status, opensAt, deadline, eligible, minPartners, minCountries, topicIds },
    });
    if (batch.length >= ctx.batchSize) await flush();
  }
  await flush();
  return { calls, callTopics };
}

export interface ProposalCounts {
  proposals: number;
  proposalTopics: number;
  proposalPartners: number;
  proposalTeam: number;
  proposalEvents: number;
  /** Per workflow state. */
  byState: Record<string, number>;
}

/**
 * Inserts `count` demo proposals. Each: a lead among the generated
 * institutions (preferring ones with generated experts) and 1–4 partners
 * from other member states (so every consortium spans ≥ 2); 85% answer an open
 * or closed call when there are any (partners from its eligible states,
 * enough of them for its minimums, submitted before its deadline), the rest
 * have no call; 1–3 topics; a PI (plus co-PIs/researchers) from the generated
 * experts of the consortium's institutions when it has any; a state from
 * PATHS with one event per action (version i+1, the proposal at version
 * path length + 1), reference code on the first submission.
 *
 * Reference codes: each batch reserves its numbers per year from
 * reference_counters in its own transaction (the same counter
 * `nextReferenceCode` increments), so codes never collide with real
 * submissions made before, during or after the run.
 * @throws when `count > 0` and fewer than two member states have generated institutions.
 */
export async function generateProposals(db: Kysely<DB>, ctx: CollabContext, count: number, calls: readonly CallInfo[]): Promise<ProposalCounts> {
  const out: ProposalCounts = { proposals: 0, proposalTopics: 0, proposalPartners: 0, proposalTeam: 0, proposalEvents: 0, byState: {} };
  if (count === 0) return out;
  const { byCountry } = await generatedInstitutions(db);
  const countries = ECO_MEMBER_STATES.map((c) => c.code).filter((c) => byCountry.has(c));
  if (countries.length < 2) throw new Error("Proposals need generated institutions in at least two member states: pass a larger --institutions.");
  // Generated experts by institution (only the generated institutions': held once, bounded by --experts).
  const expertRows = await db
    .selectFrom("experts as e")
    .innerJoin("institutions as i", "i.id", "e.institution_id")
    .select(["e.id", "e.institution_id"])
    .where("e.is_demo", "=", true)
    .where("i.source", "=", "demo")
    .orderBy("e.id")
    .execute();
  const expertsOf = new Map<number, number[]>();
  for (const r of expertRows) {
    if (r.institution_id === null) continue;
    const list = expertsOf.get(r.institution_id);
    if (list) list.push(r.id);
    else expertsOf.set(r.institution_id, [r.id]);
  }
  expertRows.length = 0;
  const staffed = new Map<string, Array<{ id: number; name: string; country_code: string }>>();
  for (const [c, list] of byCountry)
    staffed.set(
      c,
      list.filter((i) => expertsOf.has(i.id)),
    );
  const pickInst = (rng: Rng, country: string) => {
    const withExperts = staffed.get(country)!;
    return withExperts.length && rng.chance(0.9) ? rng.pick(withExperts) : rng.pick(byCountry.get(country)!);
  };
  const answerable = calls.filter((c) => c.status !== "draft");
  const rng = new Rng(ctx.seed ^ 0x960905);

  type Pending = {
    row: Record<string, unknown>;
    submitYear: number | null;
    topicIds: string[];
    partners: Array<Record<string, unknown>>;
    team: Array<{ expert_id: number; role: "pi" | "co_pi" | "researcher" }>;
    events: Array<Record<string, unknown>>;
  };
  let batch: Pending[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await db.transaction().execute(async (trx) => {
      // Reserve a block of reference numbers per year, atomically (counter `next` = last issued).
      const perYear = new Map<number, number>();
      for (const b of batch) if (b.submitYear !== null) perYear.set(b.submitYear, (perYear.get(b.submitYear) ?? 0) + 1);
      const nextOf = new Map<number, number>();
      for (const [year, k] of [...perYear].sort(([a], [b]) => a - b)) {
        const r = await sql<{ next: number }>`insert into reference_counters (year, next) values (${year}, ${k})
          on conflict (year) do update set next = reference_counters.next + excluded.next returning next`.execute(trx);
        nextOf.set(year, r.rows[0].next - k + 1);
      }
      const rows = batch.map((b) => {
        if (b.submitYear === null) return b.row;
        const n = nextOf.get(b.submitYear)!;
        nextOf.set(b.submitYear, n + 1);
        return { ...b.row, reference_code: `ECO-ICT-${b.submitYear}-${String(n).padStart(4, "0")}` };
      });
      const ids = await trx
        .insertInto("proposals")
        .values(rows as any)
        .returning("id")
        .execute();
      const topics = ids.flatMap((r, j) => batch[j].topicIds.map((topic_id) => ({ proposal_id: r.id, topic_id })));
      const partners = ids.flatMap((r, j) => batch[j].partners.map((p) => ({ proposal_id: r.id, ...p })));
      const team = ids.flatMap((r, j) => batch[j].team.map((t) => ({ proposal_id: r.id, ...t })));
      const events = ids.flatMap((r, j) => batch[j].events.map((e) => ({ proposal_id: r.id, ...e })));
      await insertChunked(trx, "proposal_topics", topics);
      await insertChunked(trx, "proposal_partners", partners);
      await insertChunked(trx, "proposal_team", team);
      await insertChunked(trx, "proposal_events", events);
      out.proposalTopics += topics.length;
      out.proposalPartners += partners.length;
      out.proposalTeam += team.length;
      out.proposalEvents += events.length;
    });
    out.proposals += batch.length;
    batch = [];
    ctx.log(`  proposals: ${out.proposals}/${count} (${ctx.elapsed()})`);
  };

  for (let k = 0; k < count; k++) {
    const spec = rng.weighted(PATHS, (p) => p.weight);
    // A call whose eligible states leave room for a consortium; otherwise none.
    let call: CallInfo | null = answerable.length && rng.chance(0.85) ? rng.pick(answerable) : null;
    let pool = call?.eligible.length ? countries.filter((c) => call!.eligible.includes(c)) : countries;
    // Partners come from distinct other member states, so the pool must cover the call's minimums.
    if (call && pool.length < Math.max(2, call.minCountries, call.minPartners + 1)) {
      call = null;
      pool = countries;
    }
    const leadCountry = rng.pick(pool);
    const others = pool.filter((c) => c !== leadCountry);
    const wantPartners = Math.max(
      rng.weighted(
        [
          [1, 35],
          [2, 35],
          [3, 20],
          [4, 10],
        ] as const,
        ([, w]) => w,
      )[0],
      call ? Math.max(call.minPartners, call.minCountries - 1) : 1,
    );
    const partnerCountries = rng.sample(others, Math.min(wantPartners, others.length));
    const lead = pickInst(rng, leadCountry);
    const partnerInsts = partnerCountries.map((c) => pickInst(rng, c));

    // Timeline: gaps between actions, then a submission time that lets every event fit before `base`.
    const path = spec.path;
    const gaps = path.slice(1).map(() => rng.int(1, 14) * DAY + rng.int(0, 86_399) * 1000);
    const span = gaps.reduce((s, g) => s + g, 0);
    const lo = call ? call.opensAt : ctx.base - 540 * DAY;
    const hi = Math.min(call ? call.deadline : ctx.base, ctx.base - span);
    let first: number;
    let scale = 1;
    if (path.length === 0) first = lo + Math.floor(rng.float() * (ctx.base - lo));
    else if (hi > lo) first = lo + Math.floor(rng.float() * (hi - lo));
    else {
      // Not enough room (a call that closed shortly after opening): compress the gaps to fit.
      first = lo + Math.floor(rng.float() * Math.min(DAY, (ctx.base - lo) / 2));
      scale = (ctx.base - first) / (span + 1);
    }
    const createdAt = path.length === 0 ? first : first - rng.int(3, 40) * DAY;
    const times = [first];
    for (const g of gaps) times.push(times[times.length - 1] + Math.max(1000, Math.floor(g * scale)));

    const chosen = call && rng.chance(0.7) ? call.topicIds.slice(0, rng.int(1, 3)) : topicsFor(rng, ctx, rng.int(1, 3)).map((t) => t.id);
    const mainTopic = ctx.topics.find((t) => t.id === chosen[0])!;
    const title = rng.pick(TITLE_PATTERNS).replace("{topic}", mainTopic.name).slice(0, 300);
    const acronym = (mainTopic.name.match(/\b[A-Z]/g) ?? ["X"]).join("").slice(0, 5) + String(rng.int(1, 99));
    const draft = path.length === 0;

    // Team: PI from the lead's generated experts, else from a partner's; co-PIs and researchers around them.
    const team: Pending["team"] = [];
    const used = new Set<number>();
    const add = (expertId: number, role: "pi" | "co_pi" | "researcher") => {
      if (used.has(expertId)) return;
      used.add(expertId);
      team.push({ expert_id: expertId, role });
    };
    const leadStaff = expertsOf.get(lead.id) ?? [];
    const piSource = leadStaff.length ? leadStaff : (partnerInsts.map((p) => expertsOf.get(p.id) ?? []).find((l) => l.length) ?? []);
    if (piSource.length && !(draft && rng.chance(0.2))) {
      add(rng.pick(piSource), "pi");
      for (const e of rng.sample(leadStaff, rng.int(0, 2))) add(e, rng.chance(0.4) ? "co_pi" : "researcher");
    }
    const partners = partnerInsts.map((p) => {
      const staff = expertsOf.get(p.id) ?? [];
      const contact = staff.length ? rng.pick(staff) : null;
      if (contact !== null && team.length && rng.chance(0.6)) add(contact, "co_pi");
      const invitedAt = Math.min(ctx.base, createdAt + rng.int(0, 3) * DAY);
      // Drafts may still wait for answers; anything submitted passed the "all partners accepted" check.
      const status = draft && rng.chance(0.3) ? (rng.chance(0.8) ? "invited" : "declined") : "accepted";
      return {
        institution_id: p.id,
        status,
        contact_expert_id: contact,
        invited_by: null,
        invited_at: new Date(invitedAt),
        responded_by: null,
        responded_at: status === "invited" ? null : new Date(Math.min(invitedAt + rng.int(1, 5) * DAY, draft ? ctx.base : first)),
      };
    });

    let from: ProposalState = "draft";
    let submittedAt: number | null = null;
    let decidedAt: number | null = null;
    const events = path.map((action, i) => {
      const at = times[i];
      const rule = TRANSITIONS[action];
      if (action === "submit" || action === "resubmit") submittedAt = at;
      if (action === "approve" || action === "reject") decidedAt = at;
      const comments = COMMENTS[action];
      const comment = comments ? rng.pick(comments) || null : null;
      const e = {
        actor_id: null,
        actor_name: rule.by === "secretariat" ? "Demo secretariat officer" : `Demo admin, ${lead.name}`,
        action,
        from_status: from,
        to_status: rule.to,
        comment,
        version: i + 1,
        at: new Date(at),
        is_demo: true,
      };
      from = rule.to;
      return e;
    });
    const lastAt = draft ? createdAt : times[times.length - 1];
    batch.push({
      row: {
        reference_code: null,
        call_id: call?.id ?? null,
        lead_institution_id: lead.id,
        title,
        acronym,
        abstract:
          `${title}: a joint project of ${[lead, ...partnerInsts].map((x) => x.name).join(", ")}. ` +
          "The consortium shares data, methods and doctoral students across member states. (Demo proposal: generated, fictitious.)",
        objectives:
          "1. Build a shared dataset and testbed.\n2. Develop and evaluate methods across the partner countries.\n3. Train doctoral and master's students through exchange visits.",
        duration_months: rng.int(2, 8) * 6,
        budget_amount: String(rng.int(3, 50) * 10_000),
        budget_currency: rng.pick(["USD", "EUR", "TRY", "KZT"] as const),
        status: spec.state,
        version: path.length + 1,
        created_by: null,
        is_demo: true,
        created_at: new Date(createdAt),
        updated_at: new Date(lastAt),
        submitted_at: submittedAt === null ? null : new Date(submittedAt),
        decided_at: decidedAt === null ? null : new Date(decidedAt),
      },
      submitYear: draft ? null : new Date(first).getUTCFullYear(),
      topicIds: [...new Set(chosen)],
      partners,
      team,
      events,
    });
    out.byState[spec.state] = (out.byState[spec.state] ?? 0) + 1;
    if (batch.length >= ctx.batchSize) await flush();
  }
  await flush();
  return out;
}

/**
 * Deletes every demo proposal (`is_demo`; events first, since the append-only
 * trigger admits demo event deletes only when the transaction asks, and
 * topics/partners/team cascade), then every demo call (real proposals that
 * answered one keep existing, unlinked: FK set null). In batches of
 * `batchSize`, one transaction each.
 * @returns the numbers of proposals and calls removed.
 */
export async function removeScaleCollab(db: Kysely<DB>, batchSize: number, log: (m: string) => void): Promise<{ proposals: number; calls: number }> {
  let proposals = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const ids = (await trx.selectFrom("proposals").select("id").where("is_demo", "=", true).orderBy("id").limit(batchSize).execute()).map((r) => r.id);
      if (ids.length === 0) return 0;
      await sql`select set_config('eco.allow_event_delete', 'on', true)`.execute(trx);
      await trx.deleteFrom("proposal_events").where("proposal_id", "in", ids).where("is_demo", "=", true).execute();
      await trx.deleteFrom("proposals").where("id", "in", ids).execute();
      return ids.length;
    });
    if (n === 0) break;
    proposals += n;
    log(`  removed ${proposals} demo proposals`);
  }
  const calls = await deleteInBatches(db, "calls", sql`is_demo`, batchSize, (n) => log(`  removed ${n} demo calls`));
  return { proposals, calls };
}

/**
 * Deletes the rows of `table` matching `where`, `batchSize` rows (lowest ids
 * first) per statement so no statement holds locks over the whole set;
 * `progress(total)` after each batch. Returns how many rows went.
 */
export async function deleteInBatches(
  db: Kysely<DB>,
  table: "calls" | "experts" | "institutions",
  where: RawBuilder<unknown>,
  batchSize: number,
  progress: (total: number) => void,
): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await sql`delete from ${sql.table(table)} where id in (select id from ${sql.table(table)} where ${where} order by id limit ${batchSize})`.execute(
      db,
    );
    const n = Number(r.numAffectedRows ?? 0);
    if (n === 0) return total;
    total += n;
    progress(total);
  }
}
