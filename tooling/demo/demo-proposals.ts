/**
 * Demo calls and proposals (issue #5): so every page has something
 * real-looking on a fresh start. Built from the demo experts (tooling/demo/demo.ts) and
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
 * Coherent topics: a call's topics are the taxonomy topics its title names; a
 * proposal's topics are two of its lead institution's demo experts' topics,
 * its title and acronym are generated from them (proposalTitle), and its
 * partners are, where possible, institutions whose demo experts work in the
 * same subfields.
 * Idempotent: does nothing when demo calls exist. Seeded (mulberry32), so
 * the choice of institutions, experts and topics is reproducible; dates are
 * relative to `now`.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "../../db/types";
import { mulberry32, DEFAULT_DEMO_SEED } from "./demo";
import { enqueueIndexChange } from "../../app/search/outbox.server";
import { nextReferenceCode } from "../../app/features/proposals/transitions.server";
import type { ProposalAction, ProposalState } from "../../app/domain/proposal-workflow";
import { insertProposalRows } from "../builders/proposal-rows";

const DAY = 86_400_000;

/** The current demo calls; `topics` are OpenAlex topic names that fit the title (the call's topics). */
const CALLS = [
  {
    kind: "joint_research",
    title: "ECO joint research call on trustworthy AI for public services",
    status: "open",
    deadlineDays: 45,
    zone: "Asia/Tehran",
    minPartners: 1,
    minCountries: 2,
    topics: ["Explainable Artificial Intelligence (XAI)", "Ethics and Social Impacts of AI", "E-Government and Public Services"],
  },
  {
    kind: "mobility",
    title: "Doctoral exchange visits in cybersecurity (spring semester)",
    status: "open",
    deadlineDays: 75,
    zone: "Asia/Almaty",
    minPartners: 1,
    minCountries: 2,
    topics: ["Network Security and Intrusion Detection", "Information and Cyber Security", "Cryptography and Data Security"],
  },
  {
    kind: "joint_supervision",
    title: "Joint PhD supervision in wireless networks and 5G/6G",
    status: "open",
    deadlineDays: 120,
    zone: "Europe/Istanbul",
    minPartners: 2,
    minCountries: 3,
    topics: ["Software-Defined Networks and 5G", "Wireless Communication Networks Research", "Advanced MIMO Systems Optimization"],
  },
  {
    kind: "event",
    title: "Regional summer school on natural language processing for ECO languages",
    status: "open",
    deadlineDays: -4,
    zone: "Asia/Tashkent",
    minPartners: 1,
    minCountries: 2,
    topics: ["Natural Language Processing Techniques", "Speech Recognition and Synthesis", "Text and Document Classification Technologies"],
  },
  {
    kind: "joint_research",
    title: "Smart agriculture and remote sensing: seed grants",
    status: "closed",
    deadlineDays: -30,
    zone: "Asia/Karachi",
    minPartners: 1,
    minCountries: 2,
    topics: ["Smart Agriculture and AI", "Remote-Sensing Image Classification", "Satellite Image Processing and Photogrammetry"],
  },
  {
    kind: "event",
    title: "Workshop on e-government interoperability (cancelled)",
    status: "cancelled",
    deadlineDays: 20,
    zone: "Asia/Baku",
    minPartners: 0,
    minCountries: 1,
    topics: ["E-Government and Public Services", "Semantic Web and Ontologies", "QoS-Aware Web Services Composition and Semantic Matching"],
  },
  {
    kind: "joint_research",
    title: "Quantum-safe cryptography pilot call (in preparation)",
    status: "draft",
    deadlineDays: 150,
    zone: "Asia/Bishkek",
    minPartners: 1,
    minCountries: 2,
    topics: ["Quantum Information and Cryptography", "Cryptography and Data Security", "Coding theory and cryptography"],
  },
] as const;

/** Actions that lead from draft to each state (the history written for a demo proposal). */
const PATHS: Array<{ state: ProposalState; path: ProposalAction[]; comments?: Partial<Record<number, string>> }> = [
  { state: "draft", path: [] },
  { state: "submitted", path: ["submit"] },
  { state: "under_review", path: ["submit", "start_review"] },
  {
    state: "revision_requested",
    path: ["submit", "start_review", "request_revision"],
    comments: { 2: "Please detail the data-management plan and the budget per partner." },
  },
  { state: "approved", path: ["submit", "start_review", "approve"], comments: { 2: "Strong consortium, clear work plan." } },
  {
    state: "approved",
    path: ["submit", "start_review", "request_revision", "resubmit", "start_review", "approve"],
    comments: { 2: "Clarify the partners' roles.", 5: "Revised plan accepted." },
  },
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
/** Trailing words of OpenAlex topic names that a project title leaves out ("… Techniques", "… Research"). */
const GENERIC_TAIL = /\s+(techniques|research|technologies|methods|studies|and applications|applications|research topics|systems research)$/i;

/**
 * A topic name as a phrase inside a title: without a leading "Advanced", its
 * generic tail ("Techniques", "Research") and, unless `first`, with
 * ordinary capitalised words in lower case (acronyms and names like "COVID-19",
 * "IoT", "5G" kept). Words of the phrase are words of the topic name.
 */
export function topicPhrase(name: string, first = false): string {
  let p = name.replace(/^(advanced|advancements in|innovative)\s+/i, "");
  for (let i = 0; i < 2; i++) {
    const cut = p.replace(GENERIC_TAIL, "");
    if (cut.split(/\s+/).length >= 2) p = cut;
  }
  const words = p.split(" ").map((w, i) => (/^[A-Z][a-z]+(-[A-Z]?[a-z]+)*,?$/.test(w) && !(first && i === 0) ? w.toLowerCase() : w));
  if (first) words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return words.join(" ");
}

/** Title patterns over a proposal's main topic (a) and second topic (b, same when it has one). */
const TITLE_PATTERNS: ReadonlyArray<(a: string, b: string, A: string) => string> = [
  (a, b, A) => (a === b ? `${A} across the ECO region` : `${A} ${/ and /.test(a + b) ? "with" : "and"} ${b} across the ECO region`),
  (a) => `Joint research on ${a}: shared data and methods`,
  (a, b, A) => (a === b ? `A regional testbed for ${a}` : `${A} meets ${b}: a regional testbed`),
  (a) => `Open datasets and tools for ${a} in the ECO member states`,
  (a, b, A) => (a === b ? `${A} for universities of the region` : `${A} for ${b}: a cross-border study`),
  (a) => `Doctoral network on ${a}`,
];

/** Initials of a phrase's content words (an acronym, ≤ 6 letters). */
function initials(phrase: string): string {
  return phrase
    .replace(/\(.*?\)/g, "")
    .split(/[\s/,:()-]+/)
    .filter((w) => w.length > 2 && !/^(and|for|the|with|of|in|on|using|based)$/i.test(w))
    .map((w) => (/^[A-Z0-9]{2,4}$/.test(w) ? w : w[0].toUpperCase()))
    .join("")
    .slice(0, 6);
}

/**
 * Title and acronym of a demo proposal, generated from its topic names (first
 * = main topic) so the title says what the topics say. `pattern` chooses the
 * pattern (any integer; taken modulo the number of patterns).
 */
export function proposalTitle(topicNames: readonly string[], pattern: number): { title: string; acronym: string } {
  const a = topicPhrase(topicNames[0]);
  const b = topicNames[1] ? topicPhrase(topicNames[1]) : a;
  const A = topicPhrase(topicNames[0], true);
  const title = TITLE_PATTERNS[((pattern % TITLE_PATTERNS.length) + TITLE_PATTERNS.length) % TITLE_PATTERNS.length](a, b, A);
  const acronym = (initials(a) + (b === a ? "" : `-${initials(b).slice(0, 3)}`)).replace(/-$/, "") || "ECO";
  return { title, acronym };
}

/** Demo calls in the database. */
export async function countDemoCalls(db: Kysely<DB> | Transaction<DB>): Promise<number> {
  const r = await db
    .selectFrom("calls")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("is_demo", "=", true)
    .executeTakeFirstOrThrow();
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
  {
    kind: "joint_research",
    title: "Seed grants for joint research in artificial intelligence",
    zone: "Asia/Tehran",
    topics: ["Artificial Intelligence Applications", "Machine Learning and Algorithms", "Neural Networks and Applications"],
  },
  {
    kind: "mobility",
    title: "Mobility grants for young researchers in networks and communications",
    zone: "Asia/Almaty",
    topics: ["Wireless Networks and Protocols", "Mobile Ad Hoc Networks", "Network Traffic and Congestion Control"],
  },
  {
    kind: "joint_supervision",
    title: "Joint supervision of doctoral theses in data science",
    zone: "Europe/Istanbul",
    topics: ["Data Mining Algorithms and Applications", "Big Data Technologies and Applications", "Data Visualization and Analytics"],
  },
  {
    kind: "event",
    title: "Regional workshop series on digital government",
    zone: "Asia/Baku",
    topics: ["E-Government and Public Services", "Digital Transformation in Law", "ICT Impact and Policies"],
  },
  {
    kind: "joint_research",
    title: "Joint research on the cybersecurity of critical infrastructure",
    zone: "Asia/Karachi",
    topics: ["Smart Grid Security and Resilience", "Network Security and Intrusion Detection", "Cybersecurity and Cyber Warfare Studies"],
  },
  {
    kind: "mobility",
    title: "Exchange visits in computer vision and remote sensing",
    zone: "Asia/Tashkent",
    topics: ["Remote-Sensing Image Classification", "Image and Object Detection Techniques", "Satellite Image Processing and Photogrammetry"],
  },
  {
    kind: "joint_research",
    title: "Joint research on ICT for agriculture and water",
    zone: "Asia/Dushanbe",
    topics: ["Smart Agriculture and AI", "Water Quality Monitoring Technologies", "Hydrological Forecasting Using AI"],
  },
  {
    kind: "event",
    title: "Summer schools on software engineering",
    zone: "Asia/Bishkek",
    topics: ["Software Engineering Research", "Software Testing and Debugging Techniques", "Model-Driven Software Engineering Techniques"],
  },
] as const;

/**
 * Seeds the demo calls, proposals, histories and demo users (see module
 * comment), plus DEMO_HISTORY: two years of calls and decided proposals.
 * Needs the demo experts. Returns what was created.
 */
export async function seedDemoCollaboration(
  db: Kysely<DB>,
  opts: { seed?: number; now?: Date } = {},
): Promise<{ calls: number; proposals: number; skipped: boolean }> {
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
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const instOf = (country: string) => pick(byCountry.get(country)!);
    const hour = (ms: number) => new Date(Math.floor(ms / 3_600_000) * 3_600_000);

    const users = new Map<number, string>();
    async function adminOf(institutionId: number): Promise<string> {
      const known = users.get(institutionId);
      if (known) return known;
      const id = `demo-admin-${institutionId}`;
      await trx
        .insertInto("users")
        .values({ id, email: `admin.${institutionId}@demo.example`, display_name: `Demo admin #${institutionId}`, is_demo: true })
        .execute();
      await trx.insertInto("institution_members").values({ user_id: id, institution_id: institutionId, role: "admin" }).execute();
      users.set(institutionId, id);
      return id;
    }
    const secretariat = "demo-secretariat";
    await trx
      .insertInto("users")
      .values({ id: secretariat, email: "secretariat@demo.example", display_name: "Demo secretariat officer", is_demo: true })
      .execute();
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
    const topicRows = await trx.selectFrom("topics").select(["id", "name", "subfield_id"]).orderBy("id").execute();
    const topicById = new Map(topicRows.map((t) => [t.id, t]));
    const topicByName = new Map(topicRows.map((t) => [t.name, t.id]));
    /** Subfields of each demo institution's experts' topics: partners are chosen to share one with the proposal. */
    const subfieldsOf = new Map<number, Set<string>>();
    for (const r of await trx
      .selectFrom("expert_topics as et")
      .innerJoin("experts as e", "e.id", "et.expert_id")
      .innerJoin("topics as t", "t.id", "et.topic_id")
      .select(["e.institution_id", "t.subfield_id"])
      .distinct()
      .where("e.is_demo", "=", true)
      .orderBy("e.institution_id")
      .orderBy("t.subfield_id")
      .execute()) {
      if (r.institution_id !== null) subfieldsOf.set(r.institution_id, (subfieldsOf.get(r.institution_id) ?? new Set()).add(r.subfield_id));
    }
    /** A demo institution of `country`, preferably one whose experts work in a subfield of `topicIds`. */
    const institutionFor = (country: string, topicIds: string[]) => {
      const all = byCountry.get(country)!;
      const fit = all.filter((i) => topicIds.some((t) => subfieldsOf.get(i.id)?.has(topicById.get(t)?.subfield_id ?? "")));
      return pick(fit.length ? fit : all);
    };
    /** Topics of an institution's demo experts (so a project's topics fit its lead), else any demo topic. */
    async function topicsOf(institutionId: number): Promise<string[]> {
      const own = await demoTopicIds(institutionId);
      return own.length ? own : topics;
    }

    type Inst = (typeof insts)[number];
    const callTopics = new Map<number, string[]>();
    async function insertCall(c: {
      inst: Inst;
      kind: string;
      title: string;
      topics: readonly string[];
      status: string;
      zone: string;
      minPartners: number;
      minCountries: number;
      createdAt: Date;
      opensAt: Date;
      deadline: Date;
    }) {
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
      // The topics the title names; random demo topics only when the taxonomy lacks them (tiny test data).
      const named = c.topics.map((n) => topicByName.get(n)).filter((t): t is string => t !== undefined);
      const ts = named.length ? named : [pick(topics), pick(topics), pick(topics)];
      await trx
        .insertInto("call_topics")
        .values([...new Set(ts)].map((topic_id) => ({ call_id: id, topic_id })))
        .execute();
      callTopics.set(id, [...new Set(ts)]);
      return id;
    }

    /**
     * One demo proposal led by an institution of `leadCountry` with a partner in each of
     * `partnerCountries`, team, topics (two of the lead's demo experts' topics), a title and
     * acronym generated from those topics, and the event history of `spec`, events `gapDays`
     * apart from `start`. When it answers a call, the lead (where the country has one) and
     * its first topic share a subfield with the call's topics.
     */
    async function insertProposal(p: {
      leadCountry: string;
      partnerCountries: string[];
      spec: (typeof PATHS)[number];
      start: number;
      gapDays: number;
      callId: number | null;
    }) {
      const { spec, start, gapDays } = p;
      const forCall = p.callId === null ? [] : (callTopics.get(p.callId) ?? []);
      const lead = forCall.length ? institutionFor(p.leadCountry, forCall) : instOf(p.leadCountry);
      const own = await topicsOf(lead.id);
      const callSubfields = new Set(forCall.map((t) => topicById.get(t)?.subfield_id));
      const fit = own.filter((t) => callSubfields.has(topicById.get(t)?.subfield_id));
      // A second topic of the same subfield when the lead has one, so the title reads as one project.
      const first = pick(fit.length ? fit : own);
      const sameSubfield = own.filter((t) => t !== first && topicById.get(t)?.subfield_id === topicById.get(first)?.subfield_id);
      const topicIds = sameSubfield.length ? [first, pick(sameSubfield)] : [first];
      const partners = p.partnerCountries.map((c) => institutionFor(c, topicIds));
      const topicNames = topicIds.map((t) => topicById.get(t)?.name ?? t);
      const { title, acronym } = proposalTitle(topicNames, Math.floor(rand() * 1000));
      const leadAdmin = await adminOf(lead.id);
      for (const x of partners) await adminOf(x.id);
      // The partners' contacts: their first demo expert, when they have one.
      const partnerRows = [];
      for (const x of partners) {
        const contact = await trx
          .selectFrom("experts")
          .select("id")
          .where("institution_id", "=", x.id)
          .where("is_demo", "=", true)
          .orderBy("id")
          .executeTakeFirst();
        partnerRows.push({
          institution_id: x.id,
          status: "accepted" as const,
          contact_expert_id: contact?.id ?? null,
          invited_by: leadAdmin,
          invited_at: new Date(start),
          responded_by: users.get(x.id)!,
          responded_at: new Date(start + DAY),
        });
      }
      const leadExperts = await trx
        .selectFrom("experts")
        .select("id")
        .where("institution_id", "=", lead.id)
        .where("is_demo", "=", true)
        .orderBy("id")
        .limit(3)
        .execute();
      const id = await insertProposalRows(trx, {
        proposal: {
          lead_institution_id: lead.id,
          call_id: p.callId,
          title,
          acronym,
          abstract: `${title}: a joint project of ${[lead, ...partners].map((x) => x.name).join(", ")} on ${topicNames.join(" and ")}. Demo text: the consortium shares data, methods and doctoral students across member states.`,
          objectives:
            "1. Build a shared dataset and testbed.\n2. Develop and evaluate methods across the partner countries.\n3. Train doctoral and master's students through exchange visits.",
          duration_months: 12 + Math.floor(rand() * 4) * 6,
          budget_amount: String(50_000 + Math.floor(rand() * 20) * 10_000),
          budget_currency: pick(["USD", "EUR", "TRY", "KZT"] as const),
          status: spec.state,
          version: spec.path.length + 1,
          created_by: leadAdmin,
          is_demo: true,
          created_at: new Date(start),
          updated_at: new Date(start + spec.path.length * gapDays * DAY),
        },
        topicIds,
        partners: partnerRows,
        team: leadExperts.map((e, i) => ({ expert_id: e.id, role: i === 0 ? ("pi" as const) : i === 1 ? ("co_pi" as const) : ("researcher" as const) })),
      });

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
      const id = await insertCall({
        inst: instOf(countries[(q * 7 + 1) % countries.length]),
        kind: c.kind,
        title: c.title,
        topics: c.topics,
        status: "closed",
        zone: c.zone,
        minPartners: 1,
        minCountries: 2,
        createdAt,
        opensAt: createdAt,
        deadline,
      });
      callIds.push(id);
      history.push({ id, from: createdAt.getTime(), to: deadline.getTime() });
    }
    const pairs = countries.flatMap((a, i) => countries.slice(i + 1).map((b) => [a, b] as const));
    for (let i = pairs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
    }
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
      proposalIds.push(
        await insertProposal({
          leadCountry,
          partnerCountries,
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
        topics: c.topics,
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
      proposalIds.push(
        await insertProposal({
          leadCountry,
          partnerCountries,
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
