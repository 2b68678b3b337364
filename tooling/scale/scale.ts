/**
 * Scale data for benchmarks (issue #7): tens of thousands of generated
 * institutions, hundreds of thousands of experts, and thousands of joint calls
 * and proposals (tooling/scale/scale-proposals.ts), reproducible from a seed and marked
 * as demo exactly like tooling/demo/demo.ts and tooling/demo/demo-proposals.ts data
 * (`institutions.source = 'demo'`; `is_demo = true` on experts, calls,
 * proposals and proposal events).
 *
 * Streamed: rows are generated and inserted in batches (default 2,000 rows per
 * multi-row INSERT, one transaction per batch), so memory stays flat whatever
 * the count; only the institution list (bounded by --institutions), the
 * generated experts' ids and a small record per call (bounded by --calls) are held.
 *
 * Bulk path, no outbox: at this size one outbox row per document would make the
 * worker re-read 100k experts one batch at a time after the seed; a full
 * `reindex` (fresh index + swap) does the same work in bulk, once. So these
 * functions do NOT enqueue search changes; the caller (tooling/scale/seed-scale.ts,
 * bench/) runs `reindex` afterwards. Never run this against a production
 * database: it is for a dedicated bench database (default `.data-bench/`).
 *
 * Same seed + same reference data (ROR import, topics) on a fresh database ⇒
 * the same rows, ids and timestamps included.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../../db/types";
import { ECO_MEMBER_STATES } from "../../app/domain/member-states";
import { Rng, demoCountryCounts, demoExpert, demoWeight, institutionProfiles, type TopicRow } from "../demo/demo";
import { themePools, type InstitutionProfile } from "../demo/demo-profiles";
import { deleteInBatches, generateCalls, generateProposals, removeScaleCollab } from "./scale-proposals";

export const DEFAULT_SCALE_SEED = 7_2026;
const BASE = Date.UTC(2026, 10, 1); // every timestamp derives from it, so runs are identical
/** Demo emails of scale experts start here, so they never equal seed:demo's (which count from 1). */
const SERIAL_OFFSET = 1_000_000;

/** Share of generated institutions per member state (as tooling/demo/demo.ts shares experts). */
const INSTITUTION_SHARE: Record<string, number> = { IR: 22, TR: 20, PK: 16, KZ: 9, UZ: 9, AZ: 6, AF: 5, KG: 5, TJ: 4, TM: 4 };
/** Fallback cities when the import has none for a country (tests with tiny reference data). */
const CAPITALS: Record<string, string> = {
  AF: "Kabul",
  AZ: "Baku",
  IR: "Tehran",
  KZ: "Astana",
  KG: "Bishkek",
  PK: "Islamabad",
  TJ: "Dushanbe",
  TR: "Ankara",
  TM: "Ashgabat",
  UZ: "Tashkent",
};

const UNIVERSITY_PATTERNS = [
  "{city} University of Technology",
  "{city} State University",
  "University of {city}",
  "{city} Polytechnic University",
  "{city} University of Information Technologies",
  "{city} Institute of Engineering and Technology",
  "{city} University of Science and Technology",
  "{city} Technical University",
];
const CENTRE_PATTERNS = [
  "Research Centre for {subfield}, {city}",
  "Institute of {subfield}, {city}",
  "{city} Laboratory of {subfield}",
  "{city} Centre for {subfield} Research",
];
const OTHER_PATTERNS = ["{city} Technology Park", "{city} Innovation Hub", "{city} Digital Development Agency"];

export interface ScaleOptions {
  institutions: number;
  experts: number;
  /** Joint calls posted by the generated institutions (default 0). */
  calls?: number;
  /** Joint proposals of generated consortia (default 0); with `calls` 0 they answer no call. */
  proposals?: number;
  seed?: number;
  /** Rows per multi-row INSERT and transaction (default 2,000). */
  batchSize?: number;
  /** Progress lines (default: none). */
  log?: (m: string) => void;
}

/** Rows created by {@link seedScale}, per table (link tables included). */
export interface ScaleResult {
  institutions: number;
  experts: number;
  expertTopics: number;
  institutionTopics: number;
  calls: number;
  callTopics: number;
  proposals: number;
  proposalTopics: number;
  proposalPartners: number;
  proposalTeam: number;
  proposalEvents: number;
  /** Generated proposals per workflow state (draft, submitted, …; absent states omitted). */
  proposalsByState: Record<string, number>;
}

export { MAX_SCALE_COUNT, scaleSizesProblem, wholeNumberOption } from "./scale-args";
import { scaleSizesProblem } from "./scale-args";

/** Which of `tables` exist in the current schema (information_schema). */
export async function existingTables(db: Kysely<DB>, tables: string[]): Promise<string[]> {
  const r = await sql<{ table_name: string }>`select table_name from information_schema.tables
    where table_schema = current_schema() and table_name = any(${tables}::text[])`.execute(db);
  return r.rows.map((x) => x.table_name);
}

/**
 * Number of generated institutions (`source = 'demo'`) and of demo experts,
 * calls and proposals present (seed:demo's count too: they share the mark).
 */
export async function countScale(db: Kysely<DB>): Promise<{ institutions: number; experts: number; calls: number; proposals: number }> {
  const r = await sql<{ institutions: number; experts: number; calls: number; proposals: number }>`select
    (select count(*)::int from institutions where source = 'demo') as institutions,
    (select count(*)::int from experts where is_demo) as experts,
    (select count(*)::int from calls where is_demo) as calls,
    (select count(*)::int from proposals where is_demo) as proposals`.execute(db);
  return r.rows[0];
}

/** `total` split over member states by `share` (sums to `total`; the rounding rest goes to IR). */
function splitByShare(total: number, share: Record<string, number>): Record<string, number> {
  const sum = Object.values(share).reduce((s, n) => s + n, 0);
  const out: Record<string, number> = {};
  let given = 0;
  for (const { code } of ECO_MEMBER_STATES) {
    out[code] = Math.floor((total * share[code]) / sum);
    given += out[code];
  }
  out.IR += total - given;
  return out;
}

async function loadTopics(db: Kysely<DB>) {
  const topics: TopicRow[] = await db.selectFrom("topics").select(["id", "name", "subfield_id", "subfield", "field", "keywords"]).orderBy("id").execute();
  const bySubfield = new Map<string, TopicRow[]>();
  for (const t of topics) bySubfield.set(t.subfield_id, [...(bySubfield.get(t.subfield_id) ?? []), t]);
  const subfields = [...bySubfield.entries()].filter(([, ts]) => ts.length >= 8).sort(([a], [b]) => a.localeCompare(b));
  if (subfields.length === 0) throw new Error("No topics imported: run the import before generating scale data.");
  return { topics, subfields };
}

/**
 * Generates `opts.institutions` verified demo institutions, then `opts.experts`
 * demo experts affiliated with real and generated institutions, then
 * `opts.calls` calls posted by the generated institutions and `opts.proposals`
 * proposals of generated consortia (tooling/scale/scale-proposals.ts), in batches.
 * Does not touch the search outbox (see the module comment): run `reindex` after.
 * @returns the rows created per table ({@link ScaleResult}).
 * @throws when the reference data is missing, when scale data already exists
 *   (call {@link removeScale} first; mixing two seeds would not be reproducible),
 *   when calls are asked for without generated institutions, or proposals
 *   without generated institutions in at least two member states.
 */
export async function seedScale(db: Kysely<DB>, opts: ScaleOptions): Promise<ScaleResult> {
  const log = opts.log ?? (() => {});
  const seed = opts.seed ?? DEFAULT_SCALE_SEED;
  const batchSize = opts.batchSize ?? 2000;
  const existing = await countScale(db);
  if (existing.institutions > 0 || existing.experts > 0 || existing.calls > 0 || existing.proposals > 0) {
    throw new Error(
      `Demo data already present (${existing.institutions} institutions, ${existing.experts} experts, ${existing.calls} calls, ${existing.proposals} proposals): pass --replace to regenerate it or --remove to delete it.`,
    );
  }
  const wantCalls = opts.calls ?? 0;
  const wantProposals = opts.proposals ?? 0;
  // Fail before writing anything rather than after a long expert phase.
  const problem = scaleSizesProblem({ institutions: opts.institutions, experts: opts.experts, calls: wantCalls, proposals: wantProposals });
  if (problem) throw new Error(problem);
  const { topics, subfields } = await loadTopics(db);
  const t0 = performance.now();
  const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

  // Institutions ---------------------------------------------------------------
  const irng = new Rng(seed);
  const cityRows = await db
    .selectFrom("institutions")
    .select(["country_code", "city"])
    .distinct()
    .where("city", "is not", null)
    .where("source", "!=", "demo")
    .orderBy("country_code")
    .orderBy("city")
    .execute();
  const cities = new Map<string, string[]>();
  for (const r of cityRows) if (r.city) cities.set(r.country_code, [...(cities.get(r.country_code) ?? []), r.city]);
  const perCountry = splitByShare(opts.institutions, INSTITUTION_SHARE);
  const usedNames = new Set<string>();
  let instDone = 0;
  let institutionTopics = 0;
  type InstRow = { row: Record<string, unknown>; topicIds: string[]; profile: InstitutionProfile };
  /** Generated institutions' profiles (their topics, drawn from one subfield), by id: their experts draw from them. */
  const generatedProfiles = new Map<number, InstitutionProfile>();
  const flushInstitutions = async (batch: InstRow[]) => {
    if (batch.length === 0) return;
    await db.transaction().execute(async (trx) => {
      const ids = await trx
        .insertInto("institutions")
        .values(batch.map((b) => b.row as any))
        .returning("id")
        .execute();
      ids.forEach((r, j) => generatedProfiles.set(r.id, batch[j].profile));
      const links = ids.flatMap((r, j) => batch[j].topicIds.map((topic_id) => ({ institution_id: r.id, topic_id })));
      if (links.length) await trx.insertInto("institution_topics").values(links).execute();
      institutionTopics += links.length;
    });
    instDone += batch.length;
    log(`  institutions: ${instDone}/${opts.institutions} (${elapsed()})`);
  };
  let batch: InstRow[] = [];
  for (const { code } of ECO_MEMBER_STATES) {
    const own = cities.get(code)?.length ? cities.get(code)! : [CAPITALS[code]];
    for (let k = 0; k < perCountry[code]; k++) {
      const city = irng.pick(own);
      const roll = irng.float();
      const kind = roll < 0.45 ? "university" : roll < 0.9 ? "research_centre" : "other";
      const [, pool] = irng.weighted(subfields, ([, ts]) => ts.length);
      const chosen = irng.sample(pool, irng.int(2, 6));
      const patterns = kind === "university" ? UNIVERSITY_PATTERNS : kind === "research_centre" ? CENTRE_PATTERNS : OTHER_PATTERNS;
      let name = irng.pick(patterns).replace("{city}", city).replace("{subfield}", chosen[0].subfield);
      // Same pattern, city and subfield twice: number the branches, as real registries do.
      for (let n = 2; usedNames.has(name); n++) name = `${name.replace(/ \(Branch \d+\)$/, "")} (Branch ${n})`;
      usedNames.add(name);
      const acronym = name
        .split(/[\s,]+/)
        .filter((w) => /^[A-Z]/.test(w))
        .map((w) => w[0])
        .join("")
        .slice(0, 6);
      const established = irng.int(1925, 2022);
      batch.push({
        row: {
          kind,
          name,
          acronyms: acronym.length >= 2 ? [acronym] : [],
          country_code: code,
          city,
          status: "verified",
          source: "demo",
          source_note: `generated by seed:scale (seed ${seed}); fictitious`,
          established,
          description: `${name} is a generated demo ${kind.replace("_", " ")} in ${city} working on ${chosen
            .map((t) => t.name)
            .slice(0, 3)
            .join("; ")}. (Demo record: fictitious.)`,
          prominence: irng.int(0, 3),
          created_at: new Date(BASE - irng.int(30, 720) * 86_400_000),
          updated_at: new Date(BASE),
        },
        topicIds: [...new Set(chosen.map((t) => t.id))],
        profile: { themes: [], topics: chosen, pool },
      });
      if (batch.length >= batchSize) {
        await flushInstitutions(batch);
        batch = [];
      }
    }
  }
  await flushInstitutions(batch);
  usedNames.clear();

  // Experts --------------------------------------------------------------------
  const erng = new Rng(seed ^ 0x5ca1e);
  const eligible = await db
    .selectFrom("institutions")
    .select(["id", "name", "country_code", "kind", "prominence", "ror_id"])
    .where("status", "=", "verified")
    .where("kind", "in", ["university", "research_centre"])
    .where((eb) => eb.or([eb("ror_status", "is", null), eb("ror_status", "=", "active")]))
    .orderBy("id")
    .execute();
  // Imported institutions get the name-derived profile seed:demo uses; generated ones their own topics.
  const importedProfile = await institutionProfiles(db, seed, themePools(topics));
  const profileOf = (i: { id: number; name: string; kind: string; ror_id?: string | null }) => generatedProfiles.get(i.id) ?? importedProfile(i);
  const counts = demoCountryCounts(opts.experts);
  let expDone = 0;
  let expertTopics = 0;
  let serial = SERIAL_OFFSET;
  type ExpertRow = ReturnType<typeof demoExpert>;
  const flushExperts = async (rows: ExpertRow[]) => {
    if (rows.length === 0) return;
    await db.transaction().execute(async (trx) => {
      const ids = await trx
        .insertInto("experts")
        .values(rows.map((r) => ({ ...r.expert, is_demo: true })))
        .returning("id")
        .execute();
      const links = ids.flatMap((r, j) => rows[j].topicIds.map((topic_id) => ({ expert_id: r.id, topic_id })));
      if (links.length) await trx.insertInto("expert_topics").values(links).execute();
      expertTopics += links.length;
    });
    expDone += rows.length;
    log(`  experts: ${expDone}/${opts.experts} (${elapsed()})`);
  };
  let rows: ExpertRow[] = [];
  for (const { code } of ECO_MEMBER_STATES) {
    if (counts[code] === 0) continue;
    const own = eligible.filter((i) => i.country_code === code && demoWeight(i) > 0);
    if (own.length === 0) throw new Error(`No verified institutions of ${code}: run the import before generating scale data.`);
    // Cumulative weights once per country: a binary search per expert instead of a scan.
    const cumulative: number[] = [];
    let total = 0;
    for (const i of own) cumulative.push((total += demoWeight(i)));
    const pickInstitution = (rng: Rng) => {
      const r = rng.float() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > r) hi = mid;
        else lo = mid + 1;
      }
      return own[lo];
    };
    for (let k = 0; k < counts[code]; k++) {
      rows.push(demoExpert(erng, { code, institutions: own, profileOf, base: BASE, serial: ++serial, pickInstitution }));
      if (rows.length >= batchSize) {
        await flushExperts(rows);
        rows = [];
      }
    }
  }
  await flushExperts(rows);

  // Calls and proposals -------------------------------------------------------
  const ctx = { seed, batchSize, base: BASE, topics, subfields, log, elapsed };
  const { calls, callTopics } = await generateCalls(db, ctx, wantCalls);
  const p = await generateProposals(db, ctx, wantProposals, calls);
  await sql`analyze institutions, institution_topics, experts, expert_topics, calls, call_topics, proposals, proposal_topics, proposal_partners, proposal_team, proposal_events`.execute(
    db,
  );
  return {
    institutions: instDone,
    experts: expDone,
    expertTopics,
    institutionTopics,
    calls: calls.length,
    callTopics,
    proposals: p.proposals,
    proposalTopics: p.proposalTopics,
    proposalPartners: p.proposalPartners,
    proposalTeam: p.proposalTeam,
    proposalEvents: p.proposalEvents,
    proposalsByState: p.byState,
  };
}

/**
 * Deletes exactly the demo rows, in batches: proposals with `is_demo = true`
 * (their demo events, topics, partners, team) and demo calls first, since
 * proposals reference the generated institutions without cascade; then
 * experts with `is_demo = true` (topics cascade) and institutions with
 * `source = 'demo'` (names/topics cascade), and institution topics with
 * `source = 'demo'` (seed:demo's declared profiles). Real profiles, calls, proposals
 * and imported institutions are untouched (a real proposal that answered a
 * demo call loses only the link). Like {@link seedScale} it skips the outbox:
 * run `reindex` after.
 * @returns the numbers of proposals, calls, experts and institutions removed.
 * @throws when a real (non-demo) proposal names a generated institution as
 *   lead or partner (foreign key violation; nothing of that batch is deleted).
 */
export async function removeScale(db: Kysely<DB>, opts: { batchSize?: number; log?: (m: string) => void } = {}) {
  const batchSize = opts.batchSize ?? 5000;
  const log = opts.log ?? (() => {});
  const { proposals, calls } = await removeScaleCollab(db, batchSize, log);
  const experts = await deleteInBatches(db, "experts", sql`is_demo`, batchSize, (n) => log(`  removed ${n} demo experts`));
  // seed:demo's declared profiles of imported institutions go with its experts (tooling/demo/demo.ts).
  await db.deleteFrom("institution_topics").where("source", "=", "demo").execute();
  const institutions = await deleteInBatches(db, "institutions", sql`source = 'demo'`, batchSize, (n) => log(`  removed ${n} demo institutions`));
  return { proposals, calls, experts, institutions };
}
