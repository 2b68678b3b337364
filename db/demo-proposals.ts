/**
 * Demo calls and proposals (issue #5): so every page has something
 * real-looking on a fresh start. Built from the demo experts (db/demo.ts) and
 * their verified institutions; every row is marked `is_demo` and
 * `removeDemoCollaboration` deletes exactly those rows.
 *
 * Creates: demo institution admins and one demo secretariat member (users
 * with `is_demo`, addresses at demo.example, no password: nobody can sign in
 * as them); calls that are open, closed, open-but-past-deadline, cancelled and
 * draft, with deadlines in member states' time zones; proposals in every
 * workflow state, each with partners from other member states, a team with
 * one PI, and a history of events consistent with its state and version;
 * and two years of history (DEMO_HISTORY): closed calls, one a quarter, and
 * decided or withdrawn proposals every ~2 weeks whose consortia cover every
 * pair of member states with demo institutions.
 * Idempotent: does nothing when demo calls exist. Seeded (mulberry32), so
 * the choice of institutions, experts and topics is reproducible; dates are
 * relative to `now`.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "./types";
import { mulberry32, DEFAULT_DEMO_SEED } from "./demo";
import { enqueueIndexChange } from "../app/search/outbox.server";
import { nextReferenceCode } from "../app/models/proposal.server";
import type { ProposalAction, ProposalState } from "../app/domain/proposal-workflow";

const DAY = 86_400_000;

const CALLS = [
  { kind: "joint_research", title: "ECO joint research call on trustworthy AI for public services", status: "open", deadlineDays: 45, zone: "Asia/Tehran", minPartners: 1, minCountries: 2 },
  { kind: "mobility", title: "Doctoral exchange visits in cybersecurity (spring semester)", status: "open", deadlineDays: 75, zone: "Asia/Almaty", minPartners: 1, minCountries: 2 },
  { kind: "joint_supervision", title: "Joint PhD supervision in wireless networks and 5G/6G", status: "open", deadlineDays: 120, zone: "Europe/Istanbul", minPartners: 2, minCountries: 3 },
  { kind: "event", title: "Regional summer school on natural language processing for ECO languages", status: "open", deadlineDays: -4, zone: "Asia/Tashkent", minPartners: 1, minCountries: 2 },
  { kind: "joint_research", title: "Smart agriculture and remote sensing: seed grants", status: "closed", deadlineDays: -30, zone: "Asia/Karachi", minPartners: 1, minCountries: 2 },
  { kind: "event", title: "Workshop on e-government interoperability (cancelled)", status: "cancelled", deadlineDays: 20, zone: "Asia/Baku", minPartners: 0, minCountries: 1 },
  { kind: "joint_research", title: "Quantum-safe cryptography pilot call (in preparation)", status: "draft", deadlineDays: 150, zone: "Asia/Bishkek", minPartners: 1, minCountries: 2 },
] as const;

/** Actions that lead from draft to each state (the history written for a demo proposal). */
const PATHS: Array<{ state: ProposalState; path: ProposalAction[]; comments?: Partial<Record<number, string>> }> = [
  { state: "draft", path: [] },
  { state: "submitted", path: ["submit"] },
  { state: "under_review", path: ["submit", "start_review"] },
  { state: "revision_requested", path: ["submit", "start_review", "request_revision"], comments: { 2: "Please detail the data-management plan and the budget per partner." } },
  { state: "approved", path: ["submit", "start_review", "approve"], comments: { 2: "Strong consortium, clear work plan." } },
  { state: "approved", path: ["submit", "start_review", "request_revision", "resubmit", "start_review", "approve"], comments: { 2: "Clarify the partners' roles.", 5: "Revised plan accepted." } },
  { state: "rejected", path: ["submit", "start_review", "reject"], comments: { 2: "Out of the call's scope: the work is not ICT research." } },
  { state: "withdrawn", path: ["submit", "withdraw"] },
];
const TO: Record<ProposalAction, ProposalState> = {
  submit: "submitted",
  start_review: "under_review",
  approve: "approved",
  reject: "rejected",
  request_revision: "revision_requested",
  resubmit: "submitted",
  withdraw: "withdrawn",
};
const TITLES = [
  ["Federated learning for low-resource Turkic and Iranian languages", "FEDLANG"],
  ["Edge computing for earthquake early warning across the ECO region", "QUAKEDGE"],
  ["Open cross-border e-health records with privacy by design", "OPENHEALTH"],
  ["Satellite and IoT monitoring of water use in Central Asian agriculture", "AQUASENSE"],
  ["Energy-efficient data centres for hot and arid climates", "COOLDC"],
  ["Machine translation between Persian, Uzbek, Kazakh and Turkish", "ECO-MT"],
  ["Blockchain-based trade documents for ECO transit corridors", "TRANSCHAIN"],
  ["Cybersecurity skills and shared testbeds for universities", "CYBERLAB"],
] as const;

/** Demo calls in the database. */
export async function countDemoCalls(db: Kysely<DB> | Transaction<DB>): Promise<number> {
  const r = await db.selectFrom("calls").select(sql<number>`count(*)::int`.as("n")).where("is_demo", "=", true).executeTakeFirstOrThrow();
  return r.n;
}

/**
 * The past two years of demo activity, so /reports has trends, a map and a
 * collaboration matrix worth reading: `proposals` decided or withdrawn
 * proposals spread evenly over the `days` before now (every ~2 weeks), their
 * consortia walking through every pair of member states that have demo
 * institutions (every fourth adds a third state), and `calls` closed calls,
 * one per quarter.
 */
export const DEMO_HISTORY = { proposals: 48, calls: 8, days: 730 } as const;

/** Outcomes of the historical proposals, with their weights (most are approved: the matrix needs projects). */
const HISTORY_PATHS: Array<{ spec: (typeof PATHS)[number]; weight: number }> = [
  { spec: PATHS[4], weight: 9 }, // approved
  { spec: PATHS[5], weight: 3 }, // approved after a revision
  { spec: PATHS[6], weight: 4 }, // rejected
  { spec: PATHS[7], weight: 2 }, // withdrawn
];

const HISTORY_CALLS = [
  { kind: "joint_research", title: "Seed grants for joint research in artificial intelligence", zone: "Asia/Tehran" },
  { kind: "mobility", title: "Mobility grants for young researchers in networks and communications", zone: "Asia/Almaty" },
  { kind: "joint_supervision", title: "Joint supervision of doctoral theses in data science", zone: "Europe/Istanbul" },
  { kind: "event", title: "Regional workshop series on digital government", zone: "Asia/Baku" },
  { kind: "joint_research", title: "Joint research on the cybersecurity of critical infrastructure", zone: "Asia/Karachi" },
  { kind: "mobility", title: "Exchange visits in computer vision and remote sensing", zone: "Asia/Tashkent" },
  { kind: "joint_research", title: "Joint research on ICT for agriculture and water", zone: "Asia/Dushanbe" },
  { kind: "event", title: "Summer schools on software engineering", zone: "Asia/Bishkek" },
] as const;

const MORE_TITLES = [
  ["Low-power wide-area networks for rural connectivity", "RURALNET"],
  ["Open speech corpora for Pashto, Tajik and Turkmen", "OPENSPEECH"],
  ["Digital twins of irrigation systems in the Aral Sea basin", "ARALTWIN"],
  ["Trustworthy AI for credit and microfinance", "FAIRCREDIT"],
  ["Seismic data sharing over a regional research network", "SEISNET"],
  ["Smart grids for solar-rich member states", "SUNGRID"],
  ["Computer vision for cotton and wheat crop monitoring", "CROPVISION"],
  ["Privacy-preserving health analytics for regional hospitals", "PRIVHEALTH"],
  ["Secure e-government identity across borders", "ECO-ID"],
  ["Open educational resources for computer science in national languages", "OPENCS"],
  ["Air-quality sensing and forecasting in growing cities", "AIRSENSE"],
  ["Robust optical character recognition for Perso-Arabic and Cyrillic scripts", "SCRIPTOCR"],
  ["Logistics optimisation for the ECO rail corridors", "RAILOPT"],
  ["Cyber-threat intelligence sharing between national CERTs", "CERTSHARE"],
  ["Edge AI for glacier and snow monitoring", "GLACIER-AI"],
  ["High-performance computing for climate downscaling", "HPCLIMATE"],
] as const;

/**
 * Seeds the demo calls, proposals, histories and demo users (see module
 * comment), plus DEMO_HISTORY: two years of calls and decided proposals.
 * Needs the demo experts. Returns what was created.
 */
export async function seedDemoCollaboration(db: Kysely<DB>, opts: { seed?: number; now?: Date } = {}): Promise<{ calls: number; proposals: number; skipped: boolean }> {
  const rand = mulberry32((opts.seed ?? DEFAULT_DEMO_SEED) + 5);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(727005)`.execute(trx);
    if ((await countDemoCalls(trx)) > 0) return { calls: 0, proposals: 0, skipped: true };
    // Institutions with at least two demo experts, by country.
    const insts = await trx
      .selectFrom("experts as e")
      .innerJoin("institutions as i", "i.id", "e.institution_id")
      .select(["i.id", "i.name", "i.country_code", sql<number>`count(*)::int`.as("n")])
      .where("e.is_demo", "=", true)
      .where("i.status", "=", "verified")
      .groupBy(["i.id", "i.name", "i.country_code"])
      .having(sql`count(*)`, ">=", 2)
      .orderBy("i.id")
      .execute();
    const byCountry = new Map<string, typeof insts>();
    for (const i of insts) byCountry.set(i.country_code, [...(byCountry.get(i.country_code) ?? []), i]);
    const countries = [...byCountry.keys()].sort();
    if (countries.length < 3) return { calls: 0, proposals: 0, skipped: true };
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const instOf = (country: string) => pick(byCountry.get(country)!);
    const hour = (ms: number) => new Date(Math.floor(ms / 3_600_000) * 3_600_000);

    const users = new Map<number, string>();
    async function adminOf(institutionId: number): Promise<string> {
      const known = users.get(institutionId);
      if (known) return known;
      const id = `demo-admin-${institutionId}`;
      await trx.insertInto("users").values({ id, email: `admin.${institutionId}@demo.example`, display_name: `Demo admin #${institutionId}`, is_demo: true }).execute();
      await trx.insertInto("institution_members").values({ user_id: id, institution_id: institutionId, role: "admin" }).execute();
      users.set(institutionId, id);
      return id;
    }
    const secretariat = "demo-secretariat";
    await trx.insertInto("users").values({ id: secretariat, email: "secretariat@demo.example", display_name: "Demo secretariat officer", is_demo: true }).execute();
    await trx.insertInto("user_roles").values({ user_id: secretariat, role: "secretariat" }).execute();

    /** Topics of demo experts, ordered: of one institution's experts, or (null) the first 200 of all. */
    async function demoTopicIds(institutionId: number | null): Promise<string[]> {
      let q = trx
        .selectFrom("expert_topics as et")
        .innerJoin("experts as e", "e.id", "et.expert_id")
        .select("et.topic_id")
        .distinct()
        .where("e.is_demo", "=", true)
        .orderBy("et.topic_id");
      q = institutionId === null ? q.limit(200) : q.where("e.institution_id", "=", institutionId);
      return (await q.execute()).map((t) => t.topic_id);
    }
    const topics = await demoTopicIds(null);
    /** Topics of an institution's demo experts (so a project's topics fit its lead), else any demo topic. */
    async function topicsOf(institutionId: number): Promise<string[]> {
      const own = await demoTopicIds(institutionId);
      return own.length ? own : topics;
    }

    type Inst = (typeof insts)[number];
    async function insertCall(c: { inst: Inst; kind: string; title: string; status: string; zone: string; minPartners: number; minCountries: number; createdAt: Date; opensAt: Date; deadline: Date }) {
      const { id } = await trx
        .insertInto("calls")
        .values({
          institution_id: c.inst.id,
          kind: c.kind,
          title: c.title,
          summary: `${c.inst.name} invites universities and research centres of the ECO member states to apply.`,
          body: "Eligible: consortia of ICT universities and research centres of the ECO member states.\n\nSubmit a joint proposal through this network before the deadline. The ECO secretariat reviews every eligible proposal.",
          opens_at: c.opensAt,
          deadline: c.deadline,
          deadline_zone: c.zone,
          min_partners: c.minPartners,
          min_countries: c.minCountries,
          funding_note: "Demo call: amounts are illustrative.",
          status: c.status,
          created_by: await adminOf(c.inst.id),
          is_demo: true,
          created_at: c.createdAt,
          updated_at: c.createdAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const ts = [pick(topics), pick(topics), pick(topics)];
      await trx.insertInto("call_topics").values([...new Set(ts)].map((topic_id) => ({ call_id: id, topic_id }))).execute();
      return id;
    }

    /** One demo proposal with partners, team, topics and the event history of `spec`, events `gapDays` apart from `start`. */
    async function insertProposal(p: { lead: Inst; partners: Inst[]; title: string; acronym: string; spec: (typeof PATHS)[number]; start: number; gapDays: number; callId: number | null }) {
      const { lead, partners, spec, start, gapDays } = p;
      const leadAdmin = await adminOf(lead.id);
      for (const x of partners) await adminOf(x.id);
      const { id } = await trx
        .insertInto("proposals")
        .values({
          lead_institution_id: lead.id,
          call_id: p.callId,
          title: p.title,
          acronym: p.acronym,
          abstract: `${p.title}: a joint project of ${[lead, ...partners].map((x) => x.name).join(", ")}. Demo text: the consortium shares data, methods and doctoral students across member states.`,
          objectives: "1. Build a shared dataset and testbed.\n2. Develop and evaluate methods across the partner countries.\n3. Train doctoral and master's students through exchange visits.",
          duration_months: 12 + Math.floor(rand() * 4) * 6,
          budget_amount: String(50_000 + Math.floor(rand() * 20) * 10_000),
          budget_currency: pick(["USD", "EUR", "TRY", "KZT"] as const),
          status: spec.state,
          version: spec.path.length + 1,
          created_by: leadAdmin,
          is_demo: true,
          created_at: new Date(start),
          updated_at: new Date(start + spec.path.length * gapDays * DAY),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const own = await topicsOf(lead.id);
      await trx.insertInto("proposal_topics").values([...new Set([pick(own), pick(own)])].map((topic_id) => ({ proposal_id: id, topic_id }))).execute();
      for (const x of partners) {
        const contact = await trx.selectFrom("experts").select("id").where("institution_id", "=", x.id).where("is_demo", "=", true).orderBy("id").executeTakeFirst();
        await trx
          .insertInto("proposal_partners")
          .values({ proposal_id: id, institution_id: x.id, status: "accepted", contact_expert_id: contact?.id ?? null, invited_by: leadAdmin, invited_at: new Date(start), responded_by: users.get(x.id)!, responded_at: new Date(start + DAY) })
          .execute();
      }
      const leadExperts = await trx.selectFrom("experts").select("id").where("institution_id", "=", lead.id).where("is_demo", "=", true).orderBy("id").limit(3).execute();
      await trx.insertInto("proposal_team").values(leadExperts.map((e, i) => ({ proposal_id: id, expert_id: e.id, role: i === 0 ? ("pi" as const) : i === 1 ? ("co_pi" as const) : ("researcher" as const) }))).execute();

      let from: ProposalState = "draft";
      let ref: string | null = null;
      let submittedAt: Date | null = null;
      let decidedAt: Date | null = null;
      for (const [i, action] of spec.path.entries()) {
        const at = new Date(start + (i + 1) * gapDays * DAY);
        const bySecretariat = action === "start_review" || action === "approve" || action === "reject" || action === "request_revision";
        if (action === "submit") ref = await nextReferenceCode(trx, at.getUTCFullYear());
        if (action === "submit" || action === "resubmit") submittedAt = at; // the latest submission, as applyTransition sets it
        if (action === "approve" || action === "reject") decidedAt = at;
        await trx
          .insertInto("proposal_events")
          .values({
            proposal_id: id,
            actor_id: bySecretariat ? secretariat : leadAdmin,
            actor_name: bySecretariat ? "Demo secretariat officer" : `Demo admin #${lead.id}`,
            action,
            from_status: from,
            to_status: TO[action],
            comment: spec.comments?.[i] ?? null,
            version: i + 1,
            at,
            is_demo: true,
          })
          .execute();
        from = TO[action];
      }
      await trx.updateTable("proposals").set({ reference_code: ref, submitted_at: submittedAt, decided_at: decidedAt }).where("id", "=", id).execute();
      return id;
    }

    const callIds: number[] = [];
    const proposalIds: number[] = [];

    // Two years of history first, oldest first, so reference codes follow submission order within a year.
    const history: Array<{ id: number; from: number; to: number }> = [];
    for (let q = 0; q < DEMO_HISTORY.calls; q++) {
      const c = HISTORY_CALLS[q % HISTORY_CALLS.length];
      const createdAt = hour(now.getTime() - (DEMO_HISTORY.days - q * 90) * DAY);
      const deadline = hour(createdAt.getTime() + 75 * DAY);
      const id = await insertCall({ inst: instOf(countries[(q * 7 + 1) % countries.length]), kind: c.kind, title: c.title, status: "closed", zone: c.zone, minPartners: 1, minCountries: 2, createdAt, opensAt: createdAt, deadline });
      callIds.push(id);
      history.push({ id, from: createdAt.getTime(), to: deadline.getTime() });
    }
    const pairs = countries.flatMap((a, i) => countries.slice(i + 1).map((b) => [a, b] as const));
    for (let i = pairs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
    }
    const themes = [...TITLES, ...MORE_TITLES];
    const totalWeight = HISTORY_PATHS.reduce((s, h) => s + h.weight, 0);
    const spacing = (DEMO_HISTORY.days - 90) / DEMO_HISTORY.proposals;
    for (let k = 0; k < DEMO_HISTORY.proposals; k++) {
      const [a, b] = pairs[k % pairs.length];
      const [leadCountry, partnerCountry] = rand() < 0.5 ? [a, b] : [b, a];
      const third = k % 4 === 3 ? countries.filter((c) => c !== a && c !== b) : [];
      const partnerCountries = third.length ? [partnerCountry, pick(third)] : [partnerCountry];
      let r = rand() * totalWeight;
      const spec = (HISTORY_PATHS.find((h) => (r -= h.weight) < 0) ?? HISTORY_PATHS[0]).spec;
      // Oldest ~DEMO_HISTORY.days ago, newest ~90 days ago; with at most 6 steps of ≤ 8 days, every event is in the past.
      const start = now.getTime() - (DEMO_HISTORY.days - 10 - k * spacing) * DAY - Math.floor(rand() * 5 * 24) * 3_600_000;
      const theme = themes[k % themes.length];
      const round = Math.floor(k / themes.length);
      proposalIds.push(
        await insertProposal({
          lead: instOf(leadCountry),
          partners: partnerCountries.map(instOf),
          title: round ? `${theme[0]} (phase ${round + 1})` : theme[0],
          acronym: round ? `${theme[1]}-${round + 1}` : theme[1],
          spec,
          start,
          gapDays: 2 + Math.floor(rand() * 7),
          callId: history.find((c) => c.from <= start && start <= c.to)?.id ?? null,
        }),
      );
    }

    // The current calls and one recent proposal in every workflow state.
    const recentCalls: number[] = [];
    for (const [k, c] of CALLS.entries()) {
      const id = await insertCall({
        inst: instOf(countries[(k * 3) % countries.length]),
        kind: c.kind,
        title: c.title,
        status: c.status,
        zone: c.zone,
        minPartners: c.minPartners,
        minCountries: c.minCountries,
        createdAt: new Date(now.getTime() - 70 * DAY),
        opensAt: new Date(now.getTime() - 60 * DAY),
        deadline: hour(now.getTime() + c.deadlineDays * DAY),
      });
      recentCalls.push(id);
      callIds.push(id);
    }
    for (const [k, spec] of PATHS.entries()) {
      const leadCountry = countries[k % countries.length];
      const others = countries.filter((c) => c !== leadCountry);
      const partnerCountries = [others[(k * 2) % others.length], others[(k * 2 + 1) % others.length]].filter((c, i, a) => a.indexOf(c) === i);
      const [title, acronym] = TITLES[k % TITLES.length];
      proposalIds.push(
        await insertProposal({
          lead: instOf(leadCountry),
          partners: partnerCountries.map(instOf),
          title,
          acronym,
          spec,
          start: now.getTime() - (40 - k * 3) * DAY,
          gapDays: 2,
          callId: k < 4 ? recentCalls[k % 3] : null,
        }),
      );
    }
    await enqueueIndexChange(trx, "calls", callIds);
    await enqueueIndexChange(trx, "projects", proposalIds);
    return { calls: callIds.length, proposals: proposalIds.length, skipped: false };
  });
}

/**
 * Deletes exactly the demo calls, proposals (with their events, partners,
 * team, topics) and demo users, queueing their search documents for deletion.
 * @returns counts removed
 */
export async function removeDemoCollaboration(db: Kysely<DB>): Promise<{ calls: number; proposals: number; users: number }> {
  return db.transaction().execute(async (trx) => {
    const proposals = (await trx.selectFrom("proposals").select("id").where("is_demo", "=", true).execute()).map((r) => r.id);
    const calls = (await trx.selectFrom("calls").select("id").where("is_demo", "=", true).execute()).map((r) => r.id);
    await enqueueIndexChange(trx, "projects", proposals);
    await enqueueIndexChange(trx, "calls", calls);
    if (proposals.length) {
      // The append-only trigger lets demo events go only when this transaction asks for it.
      await sql`select set_config('eco.allow_event_delete', 'on', true)`.execute(trx);
      await trx.deleteFrom("proposal_events").where("proposal_id", "in", proposals).where("is_demo", "=", true).execute();
      await trx.deleteFrom("proposals").where("id", "in", proposals).execute();
    }
    // Real proposals may have answered a demo call: they keep existing, unlinked (FK set null).
    await trx.deleteFrom("calls").where("is_demo", "=", true).execute();
    const users = await trx.deleteFrom("users").where("is_demo", "=", true).executeTakeFirst();
    return { calls: calls.length, proposals: proposals.length, users: Number(users.numDeletedRows) };
  });
}
