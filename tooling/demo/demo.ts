/**
 * Demo expert profiles: generated, reproducible, marked `is_demo`.
 *
 * `seedDemo(db, { seed, experts })` creates fictitious experts in all ten
 * member states, affiliated with real imported, verified, active universities
 * and research centres of their country (larger and technical ones get more
 * experts; arts, sport, theology and security-force academies none),
 * named in the scripts their country uses (tooling/demo/demo-names.ts), with 2–5
 * coherent topics (mostly from one OpenAlex subfield), keywords from those
 * topics, and a spread of openness and contact visibility. Demo experts have
 * no ORCID iD (a made-up iD could belong to a real researcher) and emails at
 * the reserved `.example` domain.
 *
 * Topics fit the institution: each host institution first gets a declared
 * topic profile derived from its name (ROR labels included) and kind
 * (tooling/demo/demo-profiles.ts: a medical university gets health topics, a
 * telecommunications institute networking ones), stored as
 * `institution_topics` rows with `source = 'demo'` unless its admins already
 * declared topics; its experts' topics are drawn from that profile.
 *
 * Same seed + same reference data (institutions, topics) ⇒ the same rows,
 * timestamps included; on fresh databases the ids match too. Seeding when demo
 * rows exist does nothing (idempotent). `removeDemo` deletes exactly the rows
 * with `is_demo = true` and the `source = 'demo'` institution topics. Both
 * write the search outbox in the same transaction.
 *
 * CLI: `npm run seed:demo` / `npm run seed:demo -- --remove` (tooling/demo/seed-demo.ts).
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../../db/types";
import { ECO_MEMBER_STATES } from "../../app/domain/member-states";
import { DEMO_NAMES, asciiFold, feminine, type Pair } from "./demo-names";
import { enqueueIndexChange } from "../../app/search/outbox.server";
import { touchInstitutionProfiles } from "../../app/features/matching/topic-profile.server";
import { OPEN_TO, type ContactVisibility, type OpenTo } from "../../app/domain/expert-vocabulary";
import { kindFromRorTypes, type OpenAlexTopic, type RorRecord } from "../../db/import";
import { HEALTH_TOPIC, drawExpertTopics, institutionProfile, themePools, type InstitutionProfile } from "./demo-profiles";

export const DEFAULT_DEMO_SEED = 20171205; // the Baku Declaration, 5 December 2017
export const DEFAULT_DEMO_EXPERTS = 600;

/** Share of demo experts per member state (roughly by research-institution count). */
const COUNTRY_SHARE: Record<string, number> = {
  IR: 120,
  TR: 110,
  PK: 90,
  KZ: 60,
  UZ: 55,
  AZ: 45,
  AF: 35,
  KG: 30,
  TJ: 30,
  TM: 25,
};

export { mulberry32, Rng } from "../rng";
import { Rng } from "../rng";

/** How many of `total` demo experts each member state gets (sums to `total`). */
export function demoCountryCounts(total: number): Record<string, number> {
  const sum = Object.values(COUNTRY_SHARE).reduce((s, n) => s + n, 0);
  const out: Record<string, number> = {};
  let given = 0;
  for (const { code } of ECO_MEMBER_STATES) {
    out[code] = Math.max(total >= 10 ? 1 : 0, Math.floor((total * COUNTRY_SHARE[code]) / sum));
    given += out[code];
  }
  // Rounding remainder (±) to the largest share, so the total is exact.
  out.IR += total - given;
  return out;
}

/**
 * Institutions where an ICT researcher would be implausible (arts, sport, theology, security forces),
 * in English and the Turkish/Azerbaijani forms ROR names use (güzel sanatlar, müzik, ilahiyyat, savunma, harp okulu, jandarma).
 */
const NOT_ICT =
  /choreograph|conservator|music|müzik|\bart(s)?\b|fine arts|güzel sanatlar|institute of culture|theat(re|er)|cinema|film|sport|physical (culture|education)|theolog|[iİ]lahiyy?at|religio|islamic studies|islamic sciences|quran|hadith|madrasa|police|military|defen[cs]e|savunma|harp okulu|air force|jandarma|gendarm|coast guard|national guard|border/iu;
/** Institutions where ICT research is likely: weighted up. */
const ICT_LIKELY = /techn|polytechn|engineer|informat|comput|science|telecom|communicat|electr|\bIT\b|\bICT\b|digital|cyber|artificial|physics|mathemat/i;

/** Relative chance of an institution to host a demo expert: 0 for implausible ones, more for big and technical ones. */
export function demoWeight(i: { name: string; prominence: number }): number {
  if (NOT_ICT.test(i.name)) return 0;
  return (1 + i.prominence) * (ICT_LIKELY.test(i.name) ? 3 : 1);
}

/** A reference-data institution that seed:demo and the scale generator may give demo experts, read from the ROR file. */
export interface DemoHostCandidate {
  ror: string;
  name: string;
  /** Name, labels and aliases, as the import stores them in `institutions` / `institution_names`. */
  names: string[];
  kind: "university" | "research_centre";
  country: string;
}

/**
 * The institutions of db/data/ror-eco-institutions.json that can host demo
 * experts, without a database: the same rule as {@link buildDemo} (a
 * university or research centre, active or without a ROR status, demo weight
 * above 0). Used by tests/demo-profiles.test.ts and tooling/demo/print-demo-profiles.ts
 * to check every host's profile.
 */
export function demoHostCandidates(records: readonly RorRecord[]): DemoHostCandidate[] {
  const out: DemoHostCandidate[] = [];
  for (const r of records) {
    const kind = kindFromRorTypes(r.types);
    const name = r.name.trim();
    if (kind === "other" || (r.status && r.status !== "active") || demoWeight({ name, prominence: 0 }) === 0) continue;
    const names = [name, ...(r.labels ?? []).map((l) => l.value.trim()), ...(r.aliases ?? []).map((a) => a.trim())];
    out.push({ ror: r.ror, name, names: [...new Set(names.filter(Boolean))], kind, country: r.country.toUpperCase() });
  }
  return out;
}

/** Topics of db/data/openalex-ict-topics.json as {@link TopicRow}s in id order (the rows the import writes). */
export function topicRowsOf(topics: readonly OpenAlexTopic[]): TopicRow[] {
  return topics
    .map((t) => ({ id: t.id, name: t.name, subfield_id: t.subfieldId, subfield: t.subfield, field: t.field, keywords: t.keywords ?? [] }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export interface TopicRow {
  id: string;
  name: string;
  subfield_id: string;
  subfield: string;
  field: string;
  keywords: string[];
}

const RESEARCH_CENTRE_TITLES: ReadonlyArray<readonly [string | null, string, number]> = [
  ["Dr.", "Senior Researcher", 10],
  ["Dr.", "Research Fellow", 8],
  ["Dr.", "Head of Laboratory", 4],
  ["Prof.", "Chief Researcher", 3],
  [null, "Research Engineer", 6],
];

const TITLES: ReadonlyArray<readonly [string | null, string, number]> = [
  // [title, rank in the position, weight]
  ["Prof.", "Professor", 18],
  ["Assoc. Prof.", "Associate Professor", 16],
  ["Asst. Prof.", "Assistant Professor", 14],
  ["Dr.", "Senior Lecturer", 10],
  ["Dr.", "Postdoctoral Researcher", 8],
  ["Dr.", "Senior Researcher", 10],
  [null, "Lecturer", 9],
  [null, "PhD Candidate", 9],
  [null, "Research Engineer", 6],
];

function department(t: TopicRow): string {
  if (HEALTH_TOPIC.test(t.name) || /Medicine|Health|Neuroscience|Biochemistry/.test(t.field)) return "Medical Informatics";
  if (t.field === "Computer Science") return t.subfield === "Information Systems" ? "Information Systems" : "Computer Engineering";
  if (t.field === "Engineering") return /Electrical|Control|Signal/.test(t.subfield) ? "Electrical and Electronics Engineering" : t.subfield;
  if (t.field === "Decision Sciences") return "Industrial Engineering";
  if (t.field.startsWith("Business")) return "Management Information Systems";
  if (t.subfield === "Media Technology") return "Media and Communication";
  return t.field;
}

const OPEN_TO_P: Record<OpenTo, number> = {
  joint_research: 0.72,
  supervision: 0.45,
  exchange_visits: 0.5,
  teaching: 0.35,
  consulting: 0.25,
};

const OPEN_TO_PHRASE: Record<OpenTo, string> = {
  joint_research: "joint research",
  supervision: "co-supervising students",
  exchange_visits: "exchange visits",
  teaching: "guest teaching",
  consulting: "consulting",
};

/** "a, b and c" — or "a; b; and c" when an item has its own "and" (topic names often do). */
function listPhrase(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  const sep = items.some((s) => s.includes(" and ")) ? "; " : ", ";
  return `${items.slice(0, -1).join(sep)}${sep === "; " ? "; and " : " and "}${items[items.length - 1]}`;
}

/** One generated demo expert row and its topic ids (see {@link demoExpert}). */
export type DemoExpertRow = ReturnType<typeof demoExpert>;

/**
 * Everything `seedDemo` would insert, pure given the reference data
 * (institutions with their ROR labels, topics): the experts in insertion order
 * and the declared topic profile (topic ids) of every institution hosting one
 * of them, by institution id (tooling/demo/demo-profiles.ts).
 */
export async function buildDemo(db: Kysely<DB>, opts: { seed?: number; experts?: number } = {}) {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const rng = new Rng(seed);
  const total = opts.experts ?? DEFAULT_DEMO_EXPERTS;
  const [institutions, topics] = await Promise.all([
    db
      .selectFrom("institutions")
      .select(["id", "name", "country_code", "kind", "prominence", "ror_id"])
      .where("status", "=", "verified")
      .where("kind", "in", ["university", "research_centre"])
      .where((eb) => eb.or([eb("ror_status", "is", null), eb("ror_status", "=", "active")]))
      .where("source", "!=", "demo")
      .orderBy("ror_id")
      .orderBy("id")
      .execute(),
    db.selectFrom("topics").select(["id", "name", "subfield_id", "subfield", "field", "keywords"]).orderBy("id").execute(),
  ]);
  if (topics.length === 0) throw new Error("No topics imported: run the import before seeding demo data.");
  const pools = themePools(topics);
  const profileOf = await institutionProfiles(db, seed, pools);

  const counts = demoCountryCounts(total);
  const base = Date.UTC(2026, 10, 1); // 2026-11-01: every timestamp derives from it, so runs are identical
  const rows: DemoExpertRow[] = [];
  let serial = 0;
  for (const { code } of ECO_MEMBER_STATES) {
    const own = institutions.filter((i) => i.country_code === code && demoWeight(i) > 0);
    if (own.length === 0) throw new Error(`No verified institutions of ${code}: run the import before seeding demo data.`);
    for (let k = 0; k < counts[code]; k++) {
      serial++;
      rows.push(demoExpert(rng, { code, institutions: own, profileOf, base, serial }));
    }
  }
  const profiles = new Map<number, string[]>();
  for (const r of rows) {
    const id = r.expert.institution_id;
    if (!profiles.has(id))
      profiles.set(
        id,
        profileOf(institutions.find((i) => i.id === id)!).topics.map((t) => t.id),
      );
  }
  return { experts: rows, profiles };
}

/** The experts `seedDemo` would insert, in insertion order (see {@link buildDemo}). */
export async function buildDemoExperts(db: Kysely<DB>, opts: { seed?: number; experts?: number } = {}): Promise<DemoExpertRow[]> {
  return (await buildDemo(db, opts)).experts;
}

/**
 * A cached profile lookup for institutions of this database: names are the
 * institution's name plus its ROR labels and aliases; the key is its ROR id
 * (else its name), so the profile does not depend on database ids.
 * Used by seed:demo and the scale generator (for imported institutions).
 */
export async function institutionProfiles(
  db: Kysely<DB>,
  seed: number,
  pools: ReturnType<typeof themePools>,
): Promise<(i: { id: number; name: string; kind: string; ror_id?: string | null }) => InstitutionProfile> {
  const names = new Map<number, string[]>();
  const rows = await db.selectFrom("institution_names").select(["institution_id", "name"]).orderBy("institution_id").orderBy("name").execute();
  for (const r of rows) names.set(r.institution_id, [...(names.get(r.institution_id) ?? []), r.name]);
  const cache = new Map<number, InstitutionProfile>();
  return (i) => {
    let p = cache.get(i.id);
    if (!p) {
      p = institutionProfile(seed, { key: i.ror_id ?? i.name, names: [i.name, ...(names.get(i.id) ?? [])], kind: i.kind }, pools);
      cache.set(i.id, p);
    }
    return p;
  };
}

/** Context for {@link demoExpert}: the member state, its eligible institutions, topics grouped by subfield. */
export interface DemoExpertContext {
  code: string;
  /** Eligible institutions of `code` (weight > 0 under demoWeight). */
  institutions: ReadonlyArray<{ id: number; name: string; kind: string; prominence: number }>;
  /** The declared topic profile of an institution (tooling/demo/demo-profiles.ts); the expert's topics come from it. */
  profileOf: (institution: { id: number; name: string; kind: string; ror_id?: string | null }) => InstitutionProfile;
  /** Epoch ms every timestamp derives from. */
  base: number;
  /** 1-based running number (makes demo emails unique). */
  serial: number;
  /**
   * Picks the affiliation with exactly one `rng.float()` draw; default
   * `rng.weighted(institutions, demoWeight)`. The scale generator passes a
   * precomputed cumulative-weight lookup (thousands of institutions per country).
   */
  pickInstitution?: (rng: Rng) => { id: number; name: string; kind: string; ror_id?: string | null };
}

/**
 * One demo expert of member state `ctx.code` (shared by seed:demo and the
 * scale generator, tooling/scale/scale.ts): a name in the country's scripts, 2–5 topics
 * from its institution's profile, mostly from one subfield, keywords from them, position, languages,
 * openness, contact. Pure given the rng state: same draws ⇒ same row.
 */
export function demoExpert(rng: Rng, ctx: DemoExpertContext) {
  const { code, base, serial } = ctx;
  const own = ctx.institutions;
  const names = DEMO_NAMES[code];
  const female = rng.chance(0.42);
  const given = rng.pick(female ? names.female : names.male);
  const surnameBase = rng.pick(names.surnames);
  const surname: Pair = female && names.gendered ? feminine(surnameBase) : surnameBase;
  const fullName = `${given[0]} ${surname[0]}`;
  const variants: string[] = [];
  if (rng.chance(names.variantShare)) {
    const v = names.variant === "ascii" ? asciiFold(fullName) : `${given[1]} ${surname[1]}`;
    if (v !== fullName) variants.push(v);
  }
  const institution = ctx.pickInstitution ? ctx.pickInstitution(rng) : rng.weighted(own, demoWeight);
  // Topics from the institution's declared profile: mostly one subfield, now and then one from another.
  const { main, chosen } = drawExpertTopics(rng, ctx.profileOf(institution));
  // Keywords come from the main subfield's topics, so they read as one person's interests.
  const keywords = rng.sample([...new Set(main.flatMap((t) => t.keywords))], rng.int(3, 6));
  const atCentre = institution.kind === "research_centre";
  const [title, rank] = rng.weighted(atCentre ? RESEARCH_CENTRE_TITLES : TITLES, ([, , w]) => w);
  const position = atCentre ? rank : `${rank}, Department of ${department(main[0])}`;
  const languages = [...names.languages];
  for (const [lang, p] of names.extraLanguages) if (rng.chance(p) && !languages.includes(lang)) languages.push(lang);
  const openTo = rng.chance(0.1) ? [] : OPEN_TO.filter((o) => rng.chance(OPEN_TO_P[o]));
  const emailRoll = rng.float();
  const visibility: ContactVisibility = emailRoll < 0.5 ? "public" : emailRoll < 0.8 ? "members" : "hidden";
  const hasEmail = rng.chance(0.9);
  const local = asciiFold(`${given[0]}.${surname[0]}`)
    .toLowerCase()
    .replace(/[^a-z.]/g, "");
  const email = hasEmail ? `${local}.${serial}@demo.example` : null;
  const createdAt = new Date(base - rng.int(30, 720) * 86_400_000 - rng.int(0, 86_399) * 1000);
  const updatedAt = new Date(Math.min(base, createdAt.getTime() + rng.int(0, 90) * 86_400_000));
  const focus = chosen.map((t) => t.name);
  const bio =
    `${title ? `${title} ` : ""}${surname[0]} works on ${listPhrase(focus.slice(0, 3))} at ${institution.name}.` +
    (keywords.length ? ` Current interests: ${listPhrase(keywords.slice(0, 3))}.` : "") +
    (openTo.length ? ` Open to ${listPhrase(openTo.map((o) => OPEN_TO_PHRASE[o]))} with partners across the ECO region.` : "") +
    " (Demo profile: a generated, fictitious person.)";
  return {
    expert: {
      full_name: fullName,
      name_variants: variants,
      title,
      position,
      institution_id: institution.id,
      bio,
      keywords,
      languages,
      open_to: openTo,
      contact_email: email,
      contact_visibility: hasEmail ? visibility : "hidden",
      created_at: createdAt,
      updated_at: updatedAt,
    },
    topicIds: [...new Set(chosen.map((t) => t.id))],
  };
}

/** Number of demo experts in the database. */
export async function countDemo(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom("experts")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("is_demo", "=", true)
    .executeTakeFirstOrThrow();
  return r.n;
}

/**
 * Inserts the demo experts (see the module comment) in one transaction with
 * their topics and search-outbox entries. Does nothing when demo rows exist.
 * @returns `{ created, skipped }` — skipped is true when demo rows already existed.
 * @throws when the reference data (institutions, topics) has not been imported.
 */
export async function seedDemo(db: Kysely<DB>, opts: { seed?: number; experts?: number } = {}): Promise<{ created: number; skipped: boolean }> {
  const { experts: rows, profiles } = await buildDemo(db, opts);
  return db.transaction().execute(async (trx) => {
    // Serialise concurrent seeders (two app processes starting on one fresh database).
    await sql`select pg_advisory_xact_lock(727002)`.execute(trx);
    const existing = await countDemo(trx);
    if (existing > 0) return { created: 0, skipped: true };
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += 200) {
      const batch = rows.slice(i, i + 200);
      const inserted = await trx
        .insertInto("experts")
        .values(batch.map((r) => ({ ...r.expert, is_demo: true })))
        .returning("id")
        .execute();
      const topicRows = inserted.flatMap((row, j) => batch[j].topicIds.map((topic_id) => ({ expert_id: row.id, topic_id })));
      if (topicRows.length) await trx.insertInto("expert_topics").values(topicRows).execute();
      ids.push(...inserted.map((r) => r.id));
    }
    // Declared profiles (source 'demo') of the host institutions, unless their admins declared topics already.
    const declared = new Set(
      (
        await trx
          .selectFrom("institution_topics")
          .select("institution_id")
          .distinct()
          .where("institution_id", "in", [...profiles.keys()])
          .execute()
      ).map((r) => r.institution_id),
    );
    const profileRows = [...profiles]
      .filter(([id]) => !declared.has(id))
      .flatMap(([institution_id, topicIds]) => topicIds.map((topic_id) => ({ institution_id, topic_id, source: "demo" })));
    for (let i = 0; i < profileRows.length; i += 1000)
      await trx
        .insertInto("institution_topics")
        .values(profileRows.slice(i, i + 1000))
        .execute();
    await enqueueIndexChange(trx, "experts", ids);
    // Their institutions' topic profiles now include the demo experts' topics.
    await touchInstitutionProfiles(
      trx,
      rows.map((r) => r.expert.institution_id),
    );
    return { created: ids.length, skipped: false };
  });
}

/**
 * Deletes exactly the demo experts (`is_demo = true`; their topics cascade)
 * and the demo institution profiles (`institution_topics.source = 'demo'`),
 * and queues their documents for deletion / re-indexing, in one transaction. Real profiles
 * and imported institutions are untouched.
 * @returns the number of experts removed.
 */
export async function removeDemo(db: Kysely<DB>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom("experts").select(["id", "institution_id"]).where("is_demo", "=", true).execute();
    const ids = rows.map((r) => r.id);
    const declared = await trx.deleteFrom("institution_topics").where("source", "=", "demo").returning("institution_id").execute();
    await touchInstitutionProfiles(
      trx,
      declared.map((r) => r.institution_id),
    );
    if (ids.length === 0) return 0;
    await enqueueIndexChange(trx, "experts", ids);
    await touchInstitutionProfiles(
      trx,
      rows.map((r) => r.institution_id),
    );
    await trx.deleteFrom("experts").where("is_demo", "=", true).execute();
    return ids.length;
  });
}
