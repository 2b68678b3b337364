/**
 * `npm run bench -- <search|matching|pages|sync|reindex|reports|exports|all> [--experts 100000] [--institutions 10000] [--calls 5000] [--proposals 20000] [--seed S] [--lng en,fa]
 *   [--web-concurrency 1,max] [--page institutions,experts,partners] [--cpu-prof] [--edits 200] [--runs 5]`
 * (`sync` makes `--runs` consecutive runs of `--edits` profile edits and reports each run.)
 * (`pages` loads /institutions, /experts and /partners, each with its fixed set of 40+ URLs
 * (tooling/bench/queries.ts PAGE_PATHS), 50 connections × `--duration` s, once per language of `--lng`
 * (default `en,fa`; Cookie `lng=<code>`) and once per server size of `--web-concurrency` (default `1,max`:
 * WEB_CONCURRENCY=1, then one web process per core), sending `Accept-Encoding: gzip, br` as a browser does.
 * Before the load it requests every URL once as identity, br and gzip: the 200 check and the bytes per page
 * before and after compression. It records the CPU time of PostgreSQL, Meilisearch, the web processes and
 * autocannon during each run (/proc). `--cpu-prof` runs the web processes under `node --cpu-prof` (profiles in
 * tooling/bench/results/cpu-profiles/, not committed) and prints their top-20 self time (cpu-profile.ts).
 * `--page` limits the pages. 3 pages × 2 languages × 2 sizes × 30 s ≈ 6 min of load; `--lng en` halves it.)
 * (`search` measures search and partner matching; `matching` only the latter;
 * `reports` the progress-report figures, in-process and over HTTP, then
 * the experts CSV export (`exports` alone runs only the latter).)
 *
 * Runs benchmarks against a DEDICATED database and Meilisearch (`.data-bench/`
 * unless DATABASE_URL/MEILI_URL are set; never the app's `.data`). When the
 * demo data there does not match the requested sizes it is regenerated with
 * the scale generator (tooling/scale/scale.ts) and the indexes rebuilt. Every command
 * prints a table and writes tooling/bench/results/<name>-<timestamp>.json plus
 * tooling/bench/results/latest-<name>.json, each with the machine, its load averages
 * before and after, and the data sizes. `npm run bench:report` puts the latest
 * figures into docs/performance.md.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { startServices } from "../services";
import { freePort } from "../free-port";
import { MAX_SCALE_COUNT, scaleSizesProblem, wholeNumberOption } from "../scale/scale-args";
import {
  MiB,
  RESULTS_DIR,
  benchAskingInstitutionId,
  machine,
  nodeProcessCount,
  printTable,
  procRss,
  summarize,
  treeCpuMs,
  writeResult,
  type LatencyStats,
} from "./lib";
import { MATCH_QUERIES, partnerQueryOf, PAGE_NAMES, PAGE_PATHS, QUERIES, type BenchPage, type BenchQuery, type MatchQuery } from "./queries";
import { compareLanguages, type PageRow } from "./report-table";
import { BROWSER_ACCEPT_ENCODING, cpuSnapshot, cpuUse, measurePageBytes, parseWebConcurrency, type PageBytes } from "./pages";
import { monotonicUs, printProfileSummary, profileFiles, readProfiles, type Window } from "./cpu-profile";
import { SUPPORTED_LANGUAGES } from "../../app/i18n/languages";
import { topicCountsSettled } from "../../app/features/matching/topic-counts.server";

const PAGES = Object.keys(PAGE_PATHS) as BenchPage[];
const USAGE =
  "usage: npm run bench -- <search|matching|pages|sync|reindex|reports|exports|all> [--experts N] [--institutions N] [--calls N] [--proposals N] [--seed S] [--rounds N] [--duration S] [--edits N] [--runs N] [--lng en,fa] [--web-concurrency 1,max] [--page institutions,experts,partners] [--cpu-prof]";
/** Arguments, checked before any server starts or data is touched; exits 2 with the usage line when wrong. */
function parseCli() {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        experts: { type: "string", default: "100000" },
        institutions: { type: "string", default: "10000" },
        calls: { type: "string", default: "5000" },
        proposals: { type: "string", default: "20000" },
        seed: { type: "string" },
        rounds: { type: "string", default: "5" },
        duration: { type: "string", default: "30" },
        edits: { type: "string", default: "200" },
        runs: { type: "string", default: "5" },
        lng: { type: "string", default: "en,fa" },
        "web-concurrency": { type: "string", default: "1,max" },
        page: { type: "string", default: PAGES.join(",") },
        "cpu-prof": { type: "boolean", default: false },
      },
    });
    const command = positionals[0] ?? "";
    if (!["search", "matching", "pages", "sync", "reindex", "reports", "exports", "all"].includes(command) || positionals.length > 1) {
      throw new Error(command ? `unknown benchmark: ${positionals.join(" ")}` : "which benchmark?");
    }
    const whole = (name: keyof typeof values, min: number, max: number) => wholeNumberOption(String(values[name]), name, min, max);
    const sizes = {
      experts: whole("experts", 0, MAX_SCALE_COUNT),
      institutions: whole("institutions", 0, MAX_SCALE_COUNT),
      calls: whole("calls", 0, MAX_SCALE_COUNT),
      proposals: whole("proposals", 0, MAX_SCALE_COUNT),
    };
    const problem = scaleSizesProblem(sizes);
    if (problem) throw new Error(problem);
    if (values.seed !== undefined && !/^-?\d+$/.test(values.seed)) throw new Error("--seed must be an integer");
    const languages = [
      ...new Set(
        String(values.lng)
          .split(",")
          .map((l) => l.trim()),
      ),
    ];
    const unknown = languages.filter((l) => !SUPPORTED_LANGUAGES.includes(l));
    if (unknown.length || !languages.length)
      throw new Error(`--lng: unknown language ${unknown.join(", ")} (one or more of ${SUPPORTED_LANGUAGES.join(", ")}, comma-separated)`);
    const pages = [
      ...new Set(
        String(values.page)
          .split(",")
          .map((p) => p.trim()),
      ),
    ] as BenchPage[];
    const unknownPage = pages.filter((p) => !PAGES.includes(p));
    if (unknownPage.length || !pages.length)
      throw new Error(`--page: unknown page ${unknownPage.join(", ")} (one or more of ${PAGES.join(", ")}, comma-separated)`);
    return {
      command,
      sizes,
      webConcurrency: parseWebConcurrency(String(values["web-concurrency"]), availableParallelism()),
      pages,
      cpuProf: values["cpu-prof"] === true,
      seed: values.seed === undefined ? undefined : Number(values.seed),
      rounds: whole("rounds", 1, 1000),
      durationS: whole("duration", 1, 3600),
      edits: whole("edits", 1, 100_000),
      runs: whole("runs", 1, 100),
      languages,
    };
  } catch (err) {
    const message = (err as Error).message;
    console.error(`${/ambiguous/.test(message) ? "numbers must be whole and not negative (a leading - is read as an option)" : message}\n${USAGE}`);
    process.exit(2);
  }
}
const { command, sizes, seed: seedArg, rounds, durationS, edits, runs, languages, webConcurrency, pages: benchPageNames, cpuProf } = parseCli();

const DATA_DIR = path.resolve(process.env.DATA_DIR ?? ".data-bench");
const services = await startServices({ dataDir: DATA_DIR, log: (m) => console.log(m) });
process.env.DATABASE_URL = services.databaseUrl;
process.env.MEILI_URL = services.meiliUrl;
process.env.MEILI_MASTER_KEY = services.meiliKey;
process.env.MEILI_INDEX_PREFIX ??= "";

// Imported after the environment is set: these modules read it.
const { connect } = await import("../../db/connect");
const { prepareDatabase } = await import("../../app/utils/bootstrap.server");
const { countScale, removeScale, seedScale, DEFAULT_SCALE_SEED } = await import("../scale/scale");
const sync = {
  ...(await import("../../app/search/sync.server")),
  ...(await import("../../app/search/reindex.server")),
  ...(await import("../../app/search/worker.server")),
};
const { outdatedIndexes } = await import("../../app/search/index-version.server");
const { getMeili, indexUid } = await import("../../app/search/client.server");
const { searchExperts } = await import("../../app/features/experts/expert-search.server");
const { searchInstitutions } = await import("../../app/features/institutions/institution.server");
const { findPartners } = await import("../../app/features/matching/matching.server");
const { upsertExpertProfile } = await import("../../app/features/experts/expert-profile.server");
const sp = await import("../../app/utils/search-params");
const { expertSearchSchema, EXPERT_LIST_PARAMS } = await import("../../app/features/experts/expert-search-params");
const { institutionSearchSchema } = await import("../../app/features/institutions/institution-search-params");
const { getReportFigures } = await import("../../app/features/reports/reports.server");
const { getPipeline } = await import("../../app/features/reports/pipeline.server");
const { parseReportParams, isoDay } = await import("../../app/features/reports/report-params");

const handle = connect(services.databaseUrl, { max: 8 });
const db = handle.db;

/** Sizes actually in the database (all rows, real imported ones included). */
async function dataSizes() {
  const r = await sql<{
    institutions: number;
    verified: number;
    experts: number;
    expert_topics: number;
    calls: number;
    proposals: number;
    approved: number;
  }>`select
    (select count(*)::int from institutions) as institutions,
    (select count(*)::int from institutions where status = 'verified') as verified,
    (select count(*)::int from experts) as experts,
    (select count(*)::int from expert_topics) as expert_topics,
    (select count(*)::int from calls) as calls,
    (select count(*)::int from proposals) as proposals,
    (select count(*)::int from proposals where status = 'approved') as approved`.execute(db);
  return r.rows[0];
}

/** @param opts.indexes false: the database only (the reports benchmark reads no search index) */
async function ensureData(opts: { indexes: boolean } = { indexes: true }): Promise<void> {
  await prepareDatabase(db, (m) => console.log(m));
  await sync.ensureIndexes(); // the declared settings of this build (they may have changed since the last run)
  const have = await countScale(db);
  let stale: Array<"experts" | "institutions" | "calls" | "projects" | "topics"> = [];
  const sameSizes =
    have.experts === sizes.experts && have.institutions === sizes.institutions && have.calls === sizes.calls && have.proposals === sizes.proposals;
  if (sameSizes && !opts.indexes) return;
  // Indexes built by an older version of the code (settings such as synonyms, or the topics index
  // missing) are rebuilt first: measuring them would measure the old settings.
  const outdated = sameSizes ? ((await outdatedIndexes()) as typeof stale) : [];
  if (outdated.length) {
    console.log(`Indexes of an older version: ${outdated.join(", ")}: rebuilding…`);
    stale.push(...outdated);
  } else if (sameSizes) {
    const docs = async (name: "experts" | "institutions") =>
      (
        await getMeili()
          .index(indexUid(name))
          .getStats()
          .catch(() => ({ numberOfDocuments: -1 }))
      ).numberOfDocuments;
    const { verified, experts } = await dataSizes();
    const [e, i] = [await docs("experts"), await docs("institutions")];
    const projectsOk =
      (
        await getMeili()
          .index(indexUid("projects"))
          .getStats()
          .catch(() => ({ numberOfDocuments: -1 }))
      ).numberOfDocuments === (await dataSizes()).approved;
    if (!projectsOk) stale.push("calls", "projects");
    if (e === experts && i === verified && projectsOk) return;
    console.log(`Indexes hold ${e} expert / ${i} institution documents, the database ${experts} / ${verified}: rebuilding…`);
    stale.push(...(e === experts ? [] : ["experts" as const]), ...(i === verified ? [] : ["institutions" as const]));
  } else {
    stale = ["experts", "institutions", "calls", "projects"];
    console.log(
      `Demo data is ${have.institutions} institutions / ${have.experts} experts / ${have.calls} calls / ${have.proposals} proposals; ` +
        `want ${sizes.institutions} / ${sizes.experts} / ${sizes.calls} / ${sizes.proposals}: regenerating…`,
    );
    await removeScale(db, { log: (m) => console.log(m) });
    await seedScale(db, { ...sizes, seed: seedArg ?? DEFAULT_SCALE_SEED, log: (m) => console.log(m) });
    if (!opts.indexes) return;
  }
  // The reindex benchmark builds the experts index itself (and measures it): no need to build it twice.
  const only = command === "reindex" || command === "all" ? stale.filter((n) => n !== "experts") : stale;
  if (only.length === 0) return;
  const t0 = performance.now();
  await sync.reindex(db, { only, log: () => {} });
  console.log(`Indexes rebuilt in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function header(name: string) {
  return { bench: name, at: new Date().toISOString(), machine: machine(), requestedSizes: sizes };
}

// ---------------------------------------------------------------------------
// search

interface Method<Q = BenchQuery> {
  name: string;
  run(q: Q): Promise<unknown>;
}

function parsed(q: BenchQuery) {
  const params = new URLSearchParams(q.qs);
  const r =
    q.target === "experts"
      ? sp.parseSearchParams(expertSearchSchema, params, EXPERT_LIST_PARAMS)
      : sp.parseSearchParams(institutionSearchSchema, params, ["country", "kind"]);
  if (!r.ok) throw new Error(`bad bench query ${q.qs}: ${JSON.stringify(r.issues)}`);
  return r.value as any;
}

/**
 * Baseline WHERE clauses over the same filters the service supports
 * (country, openTo, topic, subfield, kind), so the comparison is like for like.
 */
function filterSql(q: BenchQuery, p: any) {
  const parts = [];
  if (q.target === "experts") {
    if (p.country.length) parts.push(sql`i.country_code = any(${p.country}::text[])`);
    if (p.openTo.length) parts.push(sql`e.open_to && ${p.openTo}::text[]`);
    if (p.topic.length) parts.push(sql`exists (select 1 from expert_topics et where et.expert_id = e.id and et.topic_id = any(${p.topic}::text[]))`);
    if (p.subfield.length)
      parts.push(
        sql`exists (select 1 from expert_topics et join topics t on t.id = et.topic_id where et.expert_id = e.id and t.subfield_id = any(${p.subfield}::text[]))`,
      );
  } else {
    parts.push(sql`i.status = 'verified'`);
    if (p.country.length) parts.push(sql`i.country_code = any(${p.country}::text[])`);
    if (p.kind.length) parts.push(sql`i.kind = any(${p.kind}::text[])`);
  }
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

/** PostgreSQL ILIKE over names, keywords, topic-free text — the "no search engine" baseline. */
const ilike: Method = {
  name: "pg-ilike",
  async run(q) {
    const p = parsed(q);
    const pat = `%${p.q.replace(/[\\%_]/g, "\\$&")}%`;
    if (q.target === "experts") {
      const text = p.q
        ? sql`(e.full_name ilike ${pat} or array_to_string(e.name_variants, ' ') ilike ${pat} or array_to_string(e.keywords, ' ') ilike ${pat} or e.position ilike ${pat} or e.bio ilike ${pat})`
        : sql`true`;
      return sql`select e.id, e.full_name, count(*) over () as total from experts e
        left join institutions i on i.id = e.institution_id and i.status = 'verified'
        where ${text} and ${filterSql(q, p)} order by e.id limit 20`.execute(db);
    }
    const text = p.q
      ? sql`(i.name ilike ${pat} or array_to_string(i.acronyms, ' ') ilike ${pat} or i.city ilike ${pat} or i.description ilike ${pat}
          or exists (select 1 from institution_names n where n.institution_id = i.id and n.name ilike ${pat}))`
      : sql`true`;
    return sql`select i.id, i.name, count(*) over () as total from institutions i where ${text} and ${filterSql(q, p)} order by i.id limit 20`.execute(db);
  },
};

/** PostgreSQL full text: a tsvector column with a GIN index (created by the bench), ranked by ts_rank. */
const fts: Method = {
  name: "pg-tsvector",
  async run(q) {
    const p = parsed(q);
    const alias = q.target === "experts" ? sql`e` : sql`i`;
    const text = p.q ? sql`${alias}.bench_tsv @@ plainto_tsquery('simple', ${p.q})` : sql`true`;
    const rank = p.q ? sql`ts_rank(${alias}.bench_tsv, plainto_tsquery('simple', ${p.q})) desc,` : sql``;
    if (q.target === "experts") {
      return sql`select e.id, e.full_name, count(*) over () as total from experts e
        left join institutions i on i.id = e.institution_id and i.status = 'verified'
        where ${text} and ${filterSql(q, p)} order by ${rank} e.id limit 20`.execute(db);
    }
    return sql`select i.id, i.name, count(*) over () as total from institutions i where ${text} and ${filterSql(q, p)} order by ${rank} i.id limit 20`.execute(
      db,
    );
  },
};

/** The app's service functions (Meilisearch; hits + disjunctive facets + PostgreSQL labels). */
const service: Method = {
  name: "service",
  async run(q) {
    const p = parsed(q);
    return q.target === "experts" ? searchExperts(db as any, p) : searchInstitutions(p);
  },
};

async function createFtsColumns() {
  console.log("Baseline: tsvector columns + GIN indexes (bench database only)…");
  await sql`alter table experts add column if not exists bench_tsv tsvector`.execute(db);
  await sql`update experts set bench_tsv = to_tsvector('simple', full_name || ' ' || array_to_string(name_variants, ' ') || ' ' ||
    array_to_string(keywords, ' ') || ' ' || coalesce(position, '') || ' ' || bio)`.execute(db);
  await sql`create index if not exists experts_bench_tsv_idx on experts using gin (bench_tsv)`.execute(db);
  await sql`alter table institutions add column if not exists bench_tsv tsvector`.execute(db);
  await sql`update institutions i set bench_tsv = to_tsvector('simple', i.name || ' ' || array_to_string(i.acronyms, ' ') || ' ' ||
    coalesce(i.city, '') || ' ' || i.description || ' ' ||
    coalesce((select string_agg(n.name, ' ') from institution_names n where n.institution_id = i.id), ''))`.execute(db);
  await sql`create index if not exists institutions_bench_tsv_idx on institutions using gin (bench_tsv)`.execute(db);
  await sql`analyze experts, institutions`.execute(db);
}

async function dropFtsColumns() {
  await sql`alter table experts drop column if exists bench_tsv`.execute(db);
  await sql`alter table institutions drop column if exists bench_tsv`.execute(db);
}

/** Runs every query once (warm-up), then `rounds` times in order; one client, sequential. */
async function measure<Q extends { kind: string; target?: string }>(m: Method<Q>, queries: Q[]) {
  for (const q of queries) await m.run(q);
  // Steady state: the per-topic counts partner matching reads in the background (about 1 s of
  // PostgreSQL, then every 10 minutes) are loaded in a running server; their first read would
  // otherwise compete with the measured rounds.
  await topicCountsSettled(db);
  const all: number[] = [];
  const byKind = new Map<string, number[]>();
  const byTarget = new Map<string, number[]>();
  // Meilisearch's own processingTimeMs of the main query (service only): separates engine time
  // from round trips and scheduling delays on a loaded machine.
  const engine: number[] = [];
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const s = performance.now();
      const res = (await m.run(q)) as { processingTimeMs?: number };
      const ms = performance.now() - s;
      if (typeof res?.processingTimeMs === "number") engine.push(res.processingTimeMs);
      all.push(ms);
      byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), ms]);
      const target = q.target ?? "partners";
      byTarget.set(target, [...(byTarget.get(target) ?? []), ms]);
    }
  }
  const wall = performance.now() - t0;
  const sub = (m: Map<string, number[]>) =>
    Object.fromEntries(
      [...m].map(([k, v]) => [
        k,
        summarize(
          v,
          v.reduce((a, b) => a + b, 0),
        ),
      ]),
    );
  return {
    overall: summarize(all, wall),
    byTarget: sub(byTarget),
    byKind: sub(byKind),
    ...(engine.length ? { meiliProcessingTimeMs: summarize(engine, wall) } : {}),
  };
}

/**
 * Measures `methods` (the first is the app's service) over `queries`, prints
 * the table and returns the results per method plus `ratio(stat, baseline)`
 * = baseline ÷ service for that statistic, one decimal.
 */
async function compareMethods<Q extends { kind: string; target?: string }>(label: string, methods: Method<Q>[], queries: Q[]) {
  const results: Record<string, Awaited<ReturnType<typeof measure<Q>>>> = {};
  for (const m of methods) {
    console.log(`${label}: ${m.name} — ${queries.length} queries × ${rounds} rounds…`);
    results[m.name] = await measure(m, queries);
  }
  const service = results[methods[0].name].overall;
  const ratio = (k: keyof LatencyStats, base: string) => Math.round(((results[base].overall[k] as number) / (service[k] as number)) * 10) / 10;
  printTable(
    ["method", "n", "p50 ms", "p95 ms", "p99 ms", "QPS"],
    methods.map((m) => {
      const o = results[m.name].overall;
      return [m.name, o.n, o.p50, o.p95, o.p99, o.qps];
    }),
  );
  return { results, ratio };
}

/** Search: the service against the PostgreSQL baselines (needs the bench's tsvector columns). */
async function benchSearch() {
  const load0 = machine().loadavg;
  const { results, ratio } = await compareMethods("search", [service, fts, ilike], QUERIES);
  const out = {
    ...header("search"),
    loadBefore: load0,
    loadAfter: machine().loadavg,
    sizes: await dataSizes(),
    queries: QUERIES.length,
    rounds,
    note: "One sequential client. 'service' = searchExperts/searchInstitutions (Meilisearch multi-search: hits + disjunctive facets, then PostgreSQL labels); baselines return the top 20 and the total, no facets.",
    results,
    ratios: {
      ilikeOverServiceP50: ratio("p50", "pg-ilike"),
      ilikeOverServiceP95: ratio("p95", "pg-ilike"),
      tsvectorOverServiceP95: ratio("p95", "pg-tsvector"),
    },
  };
  const eng = results.service.meiliProcessingTimeMs;
  if (eng) console.log(`Meilisearch processingTimeMs of the main query: p50 ${eng.p50}, p95 ${eng.p95}, p99 ${eng.p99}`);
  console.log(`ILIKE/service p95 ratio: ${out.ratios.ilikeOverServiceP95}×; tsvector/service p95: ${out.ratios.tsvectorOverServiceP95}×`);
  console.log(`→ ${writeResult("search", out)}`);
}

// ---------------------------------------------------------------------------
// partner matching

/** A verified generated institution in Türkiye: the "asking institution" of consortium queries. */
let askingInstitutionId = 0;

function partnerQuery(q: MatchQuery) {
  return partnerQueryOf(q, askingInstitutionId);
}

/** The app's matcher: Meilisearch candidates rescored by the documented score (one page of 20). */
const matchService: Method<MatchQuery> = {
  name: "service",
  run: (q) => findPartners(db as any, partnerQuery(q)),
};

/**
 * What a team would write without a search engine: per kind of partner, one SQL
 * query ranking by the number of shared topics (expert_topics / institution_topics
 * joins), OR-ed with a text match (ILIKE, or the bench's tsvector column), with
 * the same filters, exclusion and new-country rule; top 20 of each. No related
 * topics (subfields) and no explanation: it is cheaper in what it computes.
 */
function matchBaseline(text: "ilike" | "tsvector"): Method<MatchQuery> {
  return {
    name: text === "ilike" ? "pg-ilike" : "pg-tsvector",
    async run(q) {
      const topics = q.topicIds ?? [];
      const words = (q.text ?? "").trim();
      const pat = `%${words.replace(/[\\%_]/g, "\\$&")}%`;
      let represented: string[] = [...(q.consortium ?? [])];
      if (q.exclude) {
        const a = await db.selectFrom("institutions").select("country_code").where("id", "=", askingInstitutionId).executeTakeFirstOrThrow();
        represented = [...new Set([...represented, a.country_code])];
      }
      const common = (alias: "e" | "i") => {
        const parts = [sql`i.status = 'verified'`];
        if (q.country?.length) parts.push(sql`i.country_code = any(${q.country}::text[])`);
        if (q.kind_?.length) parts.push(sql`i.kind = any(${q.kind_}::text[])`);
        if (q.exclude) parts.push(sql`i.id <> ${askingInstitutionId}`);
        if (q.onlyNewCountries && represented.length) parts.push(sql`i.country_code <> all(${represented}::text[])`);
        if (alias === "e" && q.openTo?.length) parts.push(sql`e.open_to && ${q.openTo}::text[]`);
        return sql.join(parts, sql` and `);
      };
      const expText =
        text === "ilike"
          ? sql`(e.full_name ilike ${pat} or array_to_string(e.name_variants, ' ') ilike ${pat} or array_to_string(e.keywords, ' ') ilike ${pat} or e.bio ilike ${pat})`
          : sql`e.bench_tsv @@ plainto_tsquery('simple', ${words})`;
      const instText = text === "ilike" ? sql`(i.name ilike ${pat} or i.description ilike ${pat})` : sql`i.bench_tsv @@ plainto_tsquery('simple', ${words})`;
      const expMatch = [
        ...(topics.length ? [sql`exists (select 1 from expert_topics et where et.expert_id = e.id and et.topic_id = any(${topics}::text[]))`] : []),
        ...(words ? [expText] : []),
      ];
      const instMatch = [
        ...(topics.length ? [sql`exists (select 1 from institution_topics it where it.institution_id = i.id and it.topic_id = any(${topics}::text[]))`] : []),
        ...(words ? [instText] : []),
      ];
      const [experts, institutions] = await Promise.all([
        sql`select e.id, e.full_name, i.country_code,
              (select count(*) from expert_topics et where et.expert_id = e.id and et.topic_id = any(${topics}::text[])) as shared
            from experts e join institutions i on i.id = e.institution_id
            where (${sql.join(expMatch, sql` or `)}) and ${common("e")}
            order by shared desc, e.id limit 20`.execute(db),
        sql`select i.id, i.name, i.country_code,
              (select count(*) from institution_topics it where it.institution_id = i.id and it.topic_id = any(${topics}::text[])) as shared
            from institutions i
            where (${sql.join(instMatch, sql` or `)}) and ${common("i")}
            order by shared desc, i.id limit 20`.execute(db),
      ]);
      return { experts: experts.rows, institutions: institutions.rows };
    },
  };
}

/** Partner matching: findPartners against the SQL baselines (needs the bench's tsvector columns). */
async function benchMatching() {
  askingInstitutionId = await benchAskingInstitutionId(db);
  const load0 = machine().loadavg;
  const { results, ratio } = await compareMethods("matching", [matchService, matchBaseline("tsvector"), matchBaseline("ilike")], MATCH_QUERIES);
  const out = {
    ...header("matching"),
    loadBefore: load0,
    loadAfter: machine().loadavg,
    sizes: await dataSizes(),
    queries: MATCH_QUERIES.length,
    rounds,
    askingInstitutionId,
    note: "One sequential client. 'service' = findPartners (two or four Meilisearch queries of up to 300 candidates each, rescored: shared + related topics, text score, new member state; first page of 20 with explanations). Baselines: SQL ranking by shared topic count OR a text match (ILIKE / tsvector), top 20 experts and top 20 institutions.",
    results,
    ratios: {
      ilikeOverServiceP95: ratio("p95", "pg-ilike"),
      tsvectorOverServiceP95: ratio("p95", "pg-tsvector"),
    },
  };
  console.log(`matching: ILIKE/service p95 ${out.ratios.ilikeOverServiceP95}×; tsvector/service p95 ${out.ratios.tsvectorOverServiceP95}×`);
  console.log(`→ ${writeResult("matching", out)}`);
}

// ---------------------------------------------------------------------------
// sync

function letters(n: number): string {
  let s = "";
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

/** Milliseconds between two Meilisearch timestamps (RFC 3339, nanoseconds cut to ms). */
const meiliMs = (from: string, to: string) => Date.parse(to) - Date.parse(from);
/** Meilisearch task `duration` (ISO 8601, e.g. "PT0.228621841S" or "PT1M2.5S") in ms; NaN when absent. */
function isoDurationMs(d: string | null | undefined): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(d ?? "");
  return m ? (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000 : Number.NaN;
}

/**
 * One run of the sync benchmark: every owner edits their profile once (LANES at a time), with
 * `runWorker` running as the app runs it, and each lag measured from the commit to the edited
 * keyword being found. Also where the time went, from Meilisearch's task list: the experts
 * tasks of the run (documents per task, queue wait = enqueued → started, processing = started →
 * finished) and, per edit, commit → the task carrying it enqueued (our drain: wake-up, outbox
 * read, document build, request), that task's wait and processing, and finished → found
 * (the benchmark's own 10 ms poll).
 */
async function syncRun(runIndex: number, owners: Array<{ expertId: number; userId: string }>, inputs: Map<number, any>) {
  const run = letters(Date.now() % 26 ** 5) + letters(runIndex);
  const stop = new AbortController();
  const worker = sync.runWorker(db, stop.signal, { log: (m) => console.log(m), listen: handle.sql });
  const index = getMeili().index(indexUid("experts"));
  const lags: number[] = [];
  const edits: Array<{ committedAt: number; lag: number }> = [];
  let timeouts = 0;
  const LANES = 4; // a few editors at once, as on a busy day; each waits for its own edit to show
  let next = 0;
  const startedAt = new Date(Date.now() - 1000); // Meilisearch's clock is this machine's; a margin for rounding
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      while (next < owners.length) {
        const k = next++;
        const o = owners[k];
        const token = `benchsync${run}${letters(k)}`;
        const input = inputs.get(o.expertId);
        const res = await upsertExpertProfile(db as any, o.userId, { ...input, keywords: [...input.keywords, token] });
        if (!res.ok) throw new Error(`edit refused: ${JSON.stringify(res.fieldErrors)}`);
        const committed = performance.now();
        const committedAt = Date.now();
        for (;;) {
          const r = await index.search(token, { filter: `id = ${o.expertId}`, limit: 1, attributesToRetrieve: ["id"] });
          if (r.hits.length) {
            lags.push(performance.now() - committed);
            edits.push({ committedAt, lag: performance.now() - committed });
            break;
          }
          if (performance.now() - committed > 30_000) {
            timeouts++;
            break;
          }
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    }),
  );
  const wall = performance.now() - t0;
  stop.abort();
  await worker;
  const tasks = (
    await getMeili().tasks.getTasks({
      indexUids: [indexUid("experts")],
      types: ["documentAdditionOrUpdate"],
      statuses: ["succeeded"],
      afterEnqueuedAt: startedAt.toISOString(),
      limit: 1000,
    })
  ).results.sort((a, b) => a.uid - b.uid);
  // The task that carried an edit: the last one that had finished when the keyword was found
  // (tasks run one after another and the search polls every 10 ms; the first task enqueued after
  // the commit may come from a drain that read the outbox before it). Approximate: the worker
  // shares this process, so it can send the task before the edit's promise resolves here (hence
  // the 250 ms margin); toEnqueued is then ≤ 0.
  const phases = { toEnqueued: [] as number[], queued: [] as number[], processing: [] as number[], finishedToFound: [] as number[] };
  for (const e of edits) {
    const found = e.committedAt + e.lag;
    const t = [...tasks].reverse().find((t) => Date.parse(t.enqueuedAt) >= e.committedAt - 250 && !!t.finishedAt && Date.parse(t.finishedAt) <= found);
    if (!t || !t.startedAt || !t.finishedAt) continue;
    phases.toEnqueued.push(Date.parse(t.enqueuedAt) - e.committedAt);
    phases.queued.push(meiliMs(t.enqueuedAt, t.startedAt));
    phases.processing.push(meiliMs(t.startedAt, t.finishedAt));
    phases.finishedToFound.push(e.committedAt + e.lag - Date.parse(t.finishedAt));
  }
  const brief = (xs: number[]) => {
    const s = summarize(xs, 1);
    return { n: s.n, p50: s.p50, p95: s.p95, max: s.max };
  };
  const lagMs = summarize(lags, wall);
  return {
    run: runIndex + 1,
    edits: owners.length,
    timeouts,
    lagMs,
    meiliTasks: {
      count: tasks.length,
      documentsPerTask: brief(tasks.map((t) => Number((t.details as { receivedDocuments?: number })?.receivedDocuments ?? 0))),
      durationMs: brief(tasks.map((t) => isoDurationMs(t.duration))),
      queuedMs: brief(tasks.map((t) => (t.startedAt ? meiliMs(t.enqueuedAt, t.startedAt) : Number.NaN)).filter(Number.isFinite)),
    },
    perEditPhasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, brief(v)])),
  };
}

async function benchSync() {
  const load0 = machine().loadavg;
  const run = letters(Date.now() % 26 ** 5);
  // 200 demo experts get an owner (bare users rows), then each owner edits their profile.
  const targets = await db.selectFrom("experts").select("id").where("is_demo", "=", true).orderBy("id").limit(edits).execute();
  const owners: Array<{ expertId: number; userId: string }> = [];
  for (const [k, t] of targets.entries()) {
    const userId = `bench-${run}-${k}`;
    await db
      .insertInto("users")
      .values({ id: userId, email: `${userId}@bench.example`, display_name: `Bench ${k}` } as any)
      .execute();
    await db.updateTable("experts").set({ user_id: userId }).where("id", "=", t.id).execute();
    owners.push({ expertId: t.id, userId });
  }
  const inputs = new Map<number, any>();
  for (const o of owners) {
    const r = await db.selectFrom("experts").selectAll().where("id", "=", o.expertId).executeTakeFirstOrThrow();
    const topics = await db.selectFrom("expert_topics").select("topic_id").where("expert_id", "=", o.expertId).execute();
    inputs.set(o.expertId, {
      fullName: r.full_name,
      nameVariants: r.name_variants,
      title: r.title ?? undefined,
      position: r.position ?? undefined,
      institutionId: r.institution_id ?? undefined,
      bio: r.bio,
      keywords: r.keywords,
      languages: r.languages,
      openTo: r.open_to,
      topicIds: topics.map((t) => t.topic_id),
      contactEmail: r.contact_email ?? undefined,
      contactVisibility: r.contact_visibility,
    });
  }
  const results = [];
  for (let k = 0; k < runs; k++) {
    const r = await syncRun(k, owners, inputs);
    results.push(r);
    const m = r.meiliTasks;
    console.log(
      `run ${r.run}/${runs}: p50 ${r.lagMs.p50} ms, p95 ${r.lagMs.p95} ms, max ${r.lagMs.max} ms, ${r.timeouts} timeouts; ` +
        `${m.count} Meilisearch tasks (${m.documentsPerTask.p50} docs p50), duration p50 ${m.durationMs.p50} / p95 ${m.durationMs.p95} / max ${m.durationMs.max} ms`,
    );
  }
  const out = {
    ...header("sync"),
    loadBefore: load0,
    loadAfter: machine().loadavg,
    sizes: await dataSizes(),
    edits: owners.length,
    concurrentEditors: 4,
    worker: "LISTEN/NOTIFY wake-up, 1 s fallback poll (as the app runs it)",
    pollMs: 10,
    timeouts: results.reduce((a, r) => a + r.timeouts, 0),
    note: "Lag = from upsertExpertProfile's commit to the edited keyword being found by a Meilisearch search (polled every 10 ms); worker = runWorker as server.ts runs it (woken by NOTIFY on commit, 1 s fallback poll); 4 editors at once; `runs` consecutive runs of `edits` edits each (target: p95 ≤ 1 s in every run). meiliTasks: the run's experts tasks from GET /tasks; perEditPhasesMs: commit → the task carrying the edit enqueued, its queue wait and processing, finished → found.",
    // The worst run's p95 (the target holds only when it holds in every run); per-run figures in `runs`.
    lagMs: results.map((r) => r.lagMs).reduce((worst, s) => (s.p95 > worst.p95 ? s : worst)),
    runs: results,
  };
  printTable(
    ["run", "edits", "p50 ms", "p95 ms", "p99 ms", "max ms", "timeouts", "Meili tasks", "task p50 ms", "task p95 ms"],
    results.map((r) => [
      r.run,
      r.lagMs.n,
      r.lagMs.p50,
      r.lagMs.p95,
      r.lagMs.p99,
      r.lagMs.max,
      r.timeouts,
      r.meiliTasks.count,
      r.meiliTasks.durationMs.p50,
      r.meiliTasks.durationMs.p95,
    ]),
  );
  console.log(`→ ${writeResult("sync", out)}`);
}

// ---------------------------------------------------------------------------
// reindex

function meiliPid(): number | null {
  try {
    return JSON.parse(readFileSync(path.join(DATA_DIR, "meili.pid"), "utf8")).pid as number;
  } catch {
    return null;
  }
}

async function benchReindex() {
  const load0 = machine().loadavg;
  const mpid = meiliPid();
  let peakNode = process.memoryUsage().rss;
  let peakMeili = mpid ? procRss(mpid) : 0;
  const baseNode = peakNode;
  const timer = setInterval(() => {
    peakNode = Math.max(peakNode, process.memoryUsage().rss);
    if (mpid) peakMeili = Math.max(peakMeili, procRss(mpid));
  }, 50);
  const t0 = performance.now();
  const counts = await sync.reindex(db, { only: ["experts"], log: () => {} });
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  clearInterval(timer);
  const out = {
    ...header("reindex"),
    loadBefore: load0,
    loadAfter: machine().loadavg,
    sizes: await dataSizes(),
    index: "experts",
    documents: counts.experts,
    seconds,
    docsPerSecond: Math.round(counts.experts / seconds),
    peakRssMiB: { node: MiB(peakNode), nodeAtStart: MiB(baseNode), meilisearch: mpid ? MiB(peakMeili) : null },
    note: "Full reindex of the experts index into a fresh uid and swap (sync.reindex, batch 2,000). RSS sampled every 50 ms: this Node process and the Meilisearch process (/proc).",
  };
  printTable(
    ["index", "documents", "seconds", "docs/s", "peak RSS node MiB", "peak RSS meili MiB"],
    [["experts", counts.experts, seconds, out.docsPerSecond, out.peakRssMiB.node, out.peakRssMiB.meilisearch ?? "n/a"]],
  );
  console.log(`→ ${writeResult("reindex", out)}`);
}

// ---------------------------------------------------------------------------
// pages

/**
 * Starts the production build (building it unless BENCH_SKIP_BUILD=1 and it
 * exists) as its own process on a free port, against the bench database.
 * @param opts.searchWorker "inline" (default, as in production) or "off": a benchmark that reads no search index
 *   turns it off, since the worker rebuilds an index whose version is not this build's on start, which
 *   would be measured as load (and as the server's CPU per request)
 * @param opts.webConcurrency WEB_CONCURRENCY of the server (web processes; server.ts's cluster mode); unset: its default
 * @param opts.cpuProfDir run Node with `--cpu-prof` writing profiles there (cluster workers inherit the flags);
 *   a profile is written when a process exits normally, so stop() must not end in SIGKILL
 * @returns the base URL, the process id and `stop()` (SIGTERM, resolves when the process exited)
 */
let builtThisRun = false;
async function startProductionServer(
  opts: { searchWorker?: "inline" | "off"; webConcurrency?: number; cpuProfDir?: string } = {},
): Promise<{ base: string; pid: number; stop: () => Promise<void> }> {
  if (!builtThisRun && (!existsSync("build/index.js") || process.env.BENCH_SKIP_BUILD !== "1")) {
    console.log("Building the production bundle (remix build)…");
    const b = spawnSync("npx", ["remix", "build"], { stdio: "inherit" });
    if (b.status !== 0) throw new Error("remix build failed");
    builtThisRun = true;
  }
  const port = await freePort();
  const profiling = opts.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  if (opts.cpuProfDir) mkdirSync(opts.cpuProfDir, { recursive: true });
  // Node itself with tsx's loader, not `npx tsx`: SIGTERM must reach server.ts (through npx and the tsx CLI it
  // orphaned the server, which kept running, inline sync worker and all, after the benchmark).
  const server: ChildProcess = spawn(process.execPath, [...profiling, "--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DEMO_DATA: "off",
      SEARCH_WORKER: opts.searchWorker ?? "inline",
      ...(opts.webConcurrency ? { WEB_CONCURRENCY: String(opts.webConcurrency) } : {}),
      DATABASE_URL: services.databaseUrl,
      MEILI_URL: services.meiliUrl,
      MEILI_MASTER_KEY: services.meiliKey,
      SESSION_SECRET: "bench-only-session-secret-0123456789abcdef",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let serverLog = "";
  server.stdout?.on("data", (d) => (serverLog += d));
  server.stderr?.on("data", (d) => (serverLog += d));
  const stop = async () => {
    if (server.exitCode !== null) return;
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    // Its graceful shutdown waits for the pool, the sync worker and any index rebuild it started: do not wait for
    // ever. A second SIGTERM makes server.ts exit at once (process.exit, which still writes a --cpu-prof profile);
    // SIGKILL is the last resort.
    const timers = [
      setTimeout(() => {
        console.log(`The server did not stop within 30 s of SIGTERM: sending it a second one. Its last output:\n${serverLog.slice(-1500)}`);
        server.kill("SIGTERM");
      }, 30_000),
      setTimeout(() => {
        console.log("The server did not stop after a second SIGTERM: killing it (no CPU profile is written then).");
        server.kill("SIGKILL");
      }, 45_000),
    ];
    await exited;
    for (const t of timers) clearTimeout(t);
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).status < 500) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || server.exitCode !== null) {
      await stop();
      throw new Error(`server did not start:\n${serverLog.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, pid: server.pid!, stop };
}

/** Node processes in the server's tree once the cluster has forked its web processes (primary + N), or after 20 s. */
async function settledNodeProcesses(pid: number, webConcurrency: number): Promise<number> {
  const deadline = Date.now() + 20_000;
  let n = nodeProcessCount(pid);
  while (webConcurrency > 1 && n < webConcurrency + 1 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    n = nodeProcessCount(pid);
  }
  return n;
}

/** Resolves once `base`/healthz answers (the requests queued before it are then done), or after 60 s. */
async function drained(base: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(deadline - Date.now()) })).status < 500) return;
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** One load run of the pages benchmark: a page in a language at a WEB_CONCURRENCY. */
type PagesRow = PageRow & {
  latencyMs: Record<string, number>;
  /** Bytes per answer as received (compressed when the server compresses), from autocannon's throughput. */
  bytesPerRequest: number;
  cpu: ReturnType<typeof cpuUse>;
};

/**
 * The pages benchmark: for each WEB_CONCURRENCY of `--web-concurrency` a fresh
 * production server; before the first load run every URL of the set once
 * (200 check, bytes per page as identity, br and gzip); then each page and
 * language under 50 connections for `--duration` seconds, with the CPU time
 * of each service over the run.
 */
async function benchPages() {
  const autocannonModule = "autocannon"; // untyped package: imported by name, typed as any
  const { default: autocannon } = (await import(autocannonModule)) as any;
  const pgPid = Number(readFileSync(path.join(DATA_DIR, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
  const load0 = machine().loadavg;
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const rows: PagesRow[] = [];
  const bytes: Partial<Record<BenchPage, PageBytes>> = {};
  const servers: Array<{
    webConcurrency: number;
    nodeProcesses: number;
    /** Per page: the top-20 self time and the time by origin of the web processes during that page's load runs. */
    cpuProfile?: { dir: string; files: number; byPage: Record<string, { busyMs: number; top: unknown[]; origins: unknown[] }> };
  }> = [];
  for (const wc of webConcurrency) {
    const cpuProfDir = cpuProf ? path.join(RESULTS_DIR, "cpu-profiles", `pages-${stamp}-wc${wc}`) : undefined;
    console.log(`pages: starting the production server with WEB_CONCURRENCY=${wc}${cpuProfDir ? " under --cpu-prof" : ""}…`);
    const { base, pid, stop } = await startProductionServer({ webConcurrency: wc, cpuProfDir });
    const server: (typeof servers)[number] = { webConcurrency: wc, nodeProcesses: await settledNodeProcesses(pid, wc) };
    servers.push(server);
    console.log(`pages: ${server.nodeProcesses} Node process(es) in the server's tree.`);
    const windows: Partial<Record<BenchPage, Window[]>> = {};
    try {
      for (const page of benchPageNames) {
        if (bytes[page]) continue;
        console.log(`pages: ${PAGE_PATHS[page].length} URLs of ${PAGE_NAMES[page]} once each as identity, br and gzip (200 check, bytes)…`);
        const b = await measurePageBytes(base, PAGE_PATHS[page], `lng=${languages[0]}`);
        bytes[page] = b;
        for (const bad of b.non200) console.log(`  NOT 200: ${bad.status} ${bad.path}`);
      }
      for (const [i, page] of benchPageNames.entries()) {
        const name = PAGE_NAMES[page];
        // Every other page runs its languages in reverse order: neither one always gets the warmer server.
        for (const lng of i % 2 ? [...languages].reverse() : languages) {
          console.log(`pages: ${name} in ${lng}, WEB_CONCURRENCY=${wc} — 50 connections, ${durationS} s…`);
          const pids = { postgres: pgPid, meilisearch: meiliPid(), web: pid };
          const before = cpuSnapshot(pids);
          const from = monotonicUs();
          const r: any = await autocannon({
            url: base,
            connections: 50,
            duration: durationS,
            // The language as a returning visitor's cookie carries it (no ?lng=: the URLs stay the same in every language);
            // compression accepted as a browser accepts it.
            headers: { cookie: `lng=${lng}`, "accept-encoding": BROWSER_ACCEPT_ENCODING },
            requests: PAGE_PATHS[page].map((p) => ({ method: "GET", path: p })),
          });
          const cpu = cpuUse(before, cpuSnapshot(pids), r.requests.total);
          (windows[page] ??= []).push([from, monotonicUs()]);
          rows.push({
            page: name,
            lng,
            webConcurrency: wc,
            requests: r.requests.total,
            rps: Math.round(r.requests.average * 10) / 10,
            latencyMs: { p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max },
            errors: r.errors,
            timeouts: r.timeouts,
            non2xx: r.non2xx,
            bytesPerRequest: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
            cpu,
          });
        }
      }
    } finally {
      // Requests still queued when autocannon stopped are answered first, so SIGTERM finds the server idle
      // (a busy server may miss the shutdown timeout and be killed, which loses its CPU profile).
      await drained(base);
      await stop();
    }
    if (cpuProfDir) {
      const files = profileFiles([cpuProfDir]);
      if (!files.length) {
        console.log(`No CPU profile in ${cpuProfDir}: did the web processes exit normally on SIGTERM?`);
      } else {
        const profiles = readProfiles(files);
        server.cpuProfile = { dir: path.relative(process.cwd(), cpuProfDir), files: files.length, byPage: {} };
        for (const page of benchPageNames) {
          console.log(`\n${PAGE_NAMES[page]}, WEB_CONCURRENCY=${wc}: CPU profile of the web process(es) during its load runs (${server.cpuProfile.dir}):`);
          const summary = printProfileSummary(profiles, 20, windows[page] ?? []);
          server.cpuProfile.byPage[PAGE_NAMES[page]] = {
            busyMs: summary.busyMs,
            top: summary.functions.filter((f) => f.functionName !== "(idle)").slice(0, 20),
            origins: summary.origins,
          };
        }
      }
    }
  }
  const comparison = compareLanguages(rows);
  const out = {
    ...header("pages"),
    loadBefore: load0,
    loadAfter: machine().loadavg,
    sizes: await dataSizes(),
    connections: 50,
    durationSeconds: durationS,
    languages,
    cores: availableParallelism(),
    webConcurrency,
    acceptEncoding: BROWSER_ACCEPT_ENCODING,
    note:
      "Production build (remix build + server.ts, NODE_ENV=production, inline sync worker) on the same machine as PostgreSQL, Meilisearch and autocannon (in the bench process). " +
      "For each WEB_CONCURRENCY a fresh server; requests cycle through each page's URL set (urls), once per language (Cookie lng=<code>), with Accept-Encoding: gzip, br as a browser sends. " +
      "bytes: each URL once before the load (first language), body bytes on the wire as identity, br and gzip (served: the content-encoding the server chose). " +
      "cpu: CPU time (from /proc) of each service's process tree during the run, its share of the machine's busy CPU (other = everything else on the machine) and per request. " +
      "servers.nodeProcesses: Node processes in the server's tree (a cluster's primary included). comparison: each language's req/s and p99 against English's, same page and WEB_CONCURRENCY.",
    urls: Object.fromEntries(benchPageNames.map((p) => [PAGE_NAMES[p], PAGE_PATHS[p]])),
    bytes: Object.fromEntries(benchPageNames.map((p) => [PAGE_NAMES[p], bytes[p]])),
    servers,
    results: rows,
    comparison,
  };
  printTable(
    ["page", "lng", "WEB_CONC.", "req/s", "p50 ms", "p99 ms", "errors+timeouts+non-2xx", "bytes/req", "CPU web/pg/meili/ac/other %", "web CPU ms/req"],
    rows.map((r) => [
      r.page,
      r.lng ?? "",
      r.webConcurrency ?? "",
      r.rps,
      r.latencyMs.p50,
      r.latencyMs.p99,
      r.errors + r.timeouts + r.non2xx,
      r.bytesPerRequest,
      [r.cpu.share.web, r.cpu.share.postgres, r.cpu.share.meilisearch, r.cpu.share.loadGenerator, r.cpu.share.other].map((x) => Math.round(x * 100)).join("/"),
      r.cpu.perRequestMs.web,
    ]),
  );
  console.log("");
  printTable(
    ["page", "URLs", "not 200", "identity mean/max B", "br mean/max B", "gzip mean/max B", "served"],
    benchPageNames.map((p) => {
      const b = bytes[p]!;
      return [
        PAGE_NAMES[p],
        b.urls,
        b.non200.length,
        `${b.identity.mean}/${b.identity.max}`,
        `${b.br.mean}/${b.br.max}`,
        `${b.gzip.mean}/${b.gzip.max}`,
        [...new Set([...b.br.served, ...b.gzip.served])].join(","),
      ];
    }),
  );
  if (comparison.length) {
    console.log("");
    printTable(
      ["page", "lng", "WEB_CONC.", "÷ en req/s", "÷ en p99"],
      comparison.map((c) => [c.page, c.lng, c.webConcurrency ?? "", c.rpsRatio, c.p99Ratio]),
    );
  }
  console.log(`→ ${writeResult("pages", out)}`);
}

// ---------------------------------------------------------------------------
// reports

/** A report query: the query string of /reports and /api/v1/reports; `kind` groups the statistics (the target is on "12 months"). */
interface ReportQuery {
  kind: "12 months" | "3 months" | "24 months";
  qs: string;
}

/** Periods and filters relative to today (UTC), as a visitor would pick them. */
function reportQueries(): ReportQuery[] {
  const day = 86_400_000;
  const ago = (days: number) => isoDay(new Date(Date.now() - days * day));
  const lastYear = new Date().getUTCFullYear() - 1;
  return [
    { kind: "12 months", qs: "" }, // the default period, all member states
    { kind: "12 months", qs: "country=TR" },
    { kind: "12 months", qs: "country=IR,KZ,UZ" },
    { kind: "12 months", qs: `from=${ago(548)}&to=${ago(183)}` },
    { kind: "12 months", qs: `from=${lastYear}-01-01&to=${lastYear}-12-31` },
    { kind: "3 months", qs: `from=${ago(91)}&to=${ago(0)}&country=PK` },
    { kind: "24 months", qs: `from=${ago(730)}&to=${ago(0)}` },
  ];
}

function reportParams(q: ReportQuery) {
  const r = parseReportParams(new URLSearchParams(q.qs));
  if (!r.ok) throw new Error(`bad bench query ${q.qs}: ${JSON.stringify(r.issues)}`);
  return r.value;
}

/**
 * Reports: getReportFigures in this process (the /reports loader's work: the
 * public figures), the secretariat's figures (with proposal figures, the
 * submitted matrix and the pipeline), and GET /api/v1/reports over HTTP
 * against the production build; one sequential client each.
 */
async function benchReports() {
  console.log("reports: VACUUM ANALYZE (the steady state autovacuum keeps; index-only scans need the visibility map)…");
  await sql`vacuum analyze`.execute(db);
  const queries = reportQueries();
  const load0 = machine().loadavg;
  const pgPid = Number(readFileSync(path.join(DATA_DIR, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
  type Measured = Awaited<ReturnType<typeof measure<ReportQuery>>> & {
    /** CPU (user + system) per request, ms: PostgreSQL's processes, this process, the app server's (API only). Independent of other load. */
    cpuMsPerRequest: { postgres: number; benchProcess: number; appServer: number | null };
  };
  const results: Record<string, Measured> = {};
  /** measure() plus the CPU it cost, per request (its warm-up pass included). */
  const measureWithCpu = async (m: Method<ReportQuery>, serverPid?: number): Promise<Measured> => {
    const pg0 = treeCpuMs(pgPid);
    const srv0 = serverPid ? treeCpuMs(serverPid) : 0;
    const own0 = process.cpuUsage();
    const r = await measure(m, queries);
    const own = process.cpuUsage(own0);
    const requests = queries.length * (rounds + 1);
    const per = (ms: number) => Math.round((ms / requests) * 10) / 10;
    return {
      ...r,
      cpuMsPerRequest: {
        postgres: per(treeCpuMs(pgPid) - pg0),
        benchProcess: per((own.user + own.system) / 1000),
        appServer: serverPid ? per(treeCpuMs(serverPid) - srv0) : null,
      },
    };
  };
  const methods: Method<ReportQuery>[] = [
    { name: "getReportFigures (public)", run: (q) => getReportFigures(db as any, reportParams(q)) },
    {
      name: "getReportFigures (secretariat) + getPipeline",
      run: (q) => Promise.all([getReportFigures(db as any, reportParams(q), { includeProposals: true, includeProposalMatrix: true }), getPipeline(db as any)]),
    },
  ];
  for (const m of methods) {
    console.log(`reports: ${m.name} — ${queries.length} queries × ${rounds} rounds…`);
    results[m.name] = await measureWithCpu(m);
  }
  const { base, pid: serverPid, stop } = await startProductionServer({ searchWorker: "off" });
  try {
    const api: Method<ReportQuery> = {
      name: "GET /api/v1/reports",
      async run(q) {
        const res = await fetch(`${base}/api/v1/reports${q.qs ? `?${q.qs}` : ""}`);
        if (res.status !== 200) throw new Error(`GET /api/v1/reports?${q.qs}: ${res.status} ${await res.text()}`);
        return res.json();
      },
    };
    console.log(`reports: ${api.name} — ${queries.length} queries × ${rounds} rounds…`);
    results[api.name] = await measureWithCpu(api, serverPid);
  } finally {
    await stop();
  }
  const out = {
    ...header("reports"),
    loadBefore: load0,
    loadAfter: machine().loadavg,
    sizes: await dataSizes(),
    queries: queries.map((q) => `${q.kind}: ${q.qs || "(default)"}`),
    rounds,
    note: "One sequential client per method, after VACUUM ANALYZE. The app server runs with SEARCH_WORKER=off (no index rebuild during the measurement). 'getReportFigures (public)' is the /reports loader's database work; the API adds HTTP and JSON on the production build (remix build + server.ts). Target: /api/v1/reports p95 ≤ 300 ms over the 12-month periods. cpuMsPerRequest: CPU time (from /proc) of PostgreSQL, this process and the app server per request, which other load on the machine does not inflate.",
    results,
  };
  printTable(
    ["method", "n", "p50 ms", "p95 ms", "12-month p95 ms", "max ms", "CPU ms/req pg", "node", "server"],
    Object.entries(results).map(([name, r]) => [
      name,
      r.overall.n,
      r.overall.p50,
      r.overall.p95,
      r.byKind["12 months"].p95,
      r.overall.max,
      r.cpuMsPerRequest.postgres,
      r.cpuMsPerRequest.benchProcess,
      r.cpuMsPerRequest.appServer ?? "",
    ]),
  );
  console.log(`→ ${writeResult("reports", out)}`);
}

// ---------------------------------------------------------------------------
// exports

/** /exports/experts.csv streamed through its route handler in this process: time and peak RSS (tooling/bench/exports.ts). */
async function benchExports() {
  const load0 = machine().loadavg;
  const { benchExpertsExport } = await import("./exports");
  console.log("exports: streaming /exports/experts.csv, then the in-memory contrast…");
  const r = await benchExpertsExport();
  const out = {
    ...header("exports"),
    loadBefore: load0,
    loadAfter: machine().loadavg,
    sizes: await dataSizes(),
    note: "In-process: the route's loader, its ReadableStream read to the end; RSS of this Node process sampled every 5 ms. 'naive' = the same rows collected into one array and stringified at once, for contrast.",
    ...r,
  };
  printTable(
    ["way", "rows", "MiB written", "seconds", "node CPU s", "rows/s", "baseline RSS MiB", "peak RSS MiB", "peak − baseline MiB"],
    [["streamed", r.streamed], ...(r.naive ? [["naive (one array)", r.naive] as const] : [])].map(([way, x]: any) => [
      way,
      x.rows,
      MiB(x.bytes),
      x.seconds,
      x.cpuSeconds,
      x.rowsPerSecond,
      x.baselineRssMiB,
      x.peakRssMiB,
      x.peakOverBaselineMiB,
    ]),
  );
  console.log(`→ ${writeResult("exports", out)}`);
}

// ---------------------------------------------------------------------------

try {
  await ensureData({ indexes: command !== "reports" });
  const todo = command === "all" ? ["reindex", "search", "sync", "pages", "reports"] : [command];
  for (const c of todo) {
    if (c === "search" || c === "matching") {
      // The baselines' tsvector columns are built once for both and dropped after.
      await createFtsColumns();
      try {
        if (c === "search") await benchSearch();
        await benchMatching();
      } finally {
        await dropFtsColumns();
      }
    }
    if (c === "sync") await benchSync();
    if (c === "reindex") await benchReindex();
    if (c === "pages") await benchPages();
    if (c === "reports") await benchReports();
    if (c === "reports" || c === "exports") await benchExports();
  }
} catch (err) {
  console.error((err as Error).stack ?? err);
  process.exitCode = 1;
} finally {
  await handle.close();
  await services.stop();
}
// A failed reindex can leave task polls (waitTask timers) pending: exit instead of waiting them out.
process.exit(process.exitCode ?? 0);
