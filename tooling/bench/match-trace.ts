/**
 * Where partner matching's time goes, per query of MATCH_QUERIES (issue 17):
 * `npx tsx tooling/bench/match-trace.ts [--rounds N] [--cold]` against the
 * bench database in `.data-bench/` (as `npm run bench -- matching`; run that
 * first so the data and index settings are in place).
 *
 * Per query kind it prints the wall time of findPartners, the Meilisearch
 * requests it made (count, sequential waves, their wall time and the
 * `processingTimeMs` Meilisearch reports for searches), the SQL statements
 * (count) and the Node time left (wall minus time waiting on the slowest
 * request of each wave). Load-independent figures (request counts, waves,
 * processingTimeMs) are what to compare between versions; wall times only in
 * interleaved A/B runs. Output: one table on stdout; nothing is written.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { startServices } from "../services";
import { MATCH_QUERIES, partnerQueryOf, type MatchQuery } from "./queries";
import { benchAskingInstitutionId, percentile } from "./lib";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, cold: { type: "boolean", default: false } } });
const rounds = Number(values.rounds);

const services = await startServices({ dataDir: path.resolve(process.env.DATA_DIR ?? ".data-bench"), log: () => {} });
process.env.DATABASE_URL = services.databaseUrl;
process.env.MEILI_URL = services.meiliUrl;
process.env.MEILI_MASTER_KEY = services.meiliKey;
process.env.MEILI_INDEX_PREFIX ??= "";

const { connect } = await import("../../db/connect");
const { getMeili } = await import("../../app/search/client.server");
const http = await import("../../app/search/http.server");
const { findPartners } = await import("../../app/features/matching/matching.server");
const { Meilisearch } = await import("meilisearch");
const { forgetRecognitionCache } = await import("../../app/features/matching/topic-recognition.server");

/** One Meilisearch request made during a traced query. */
interface Call {
  what: string;
  start: number;
  end: number;
  /** Sum of processingTimeMs over the searches of the request (undefined for other requests). */
  engineMs?: number;
}
let calls: Call[] = [];
let sqlCount = 0;

// The app's client with a recording transport (same undici pool underneath).
const real = getMeili();
const traced = new Meilisearch({
  host: process.env.MEILI_URL!,
  apiKey: process.env.MEILI_MASTER_KEY,
  timeout: 5_000,
  httpClient: async (input: string | URL | Request, init?: RequestInit) => {
    const start = performance.now();
    const out: any = await http.meiliHttpClient(input, init);
    const url = new URL(String(input));
    let engineMs: number | undefined;
    let what = `${init?.method ?? "GET"} ${url.pathname}`;
    if (out?.results && url.pathname.endsWith("multi-search")) {
      engineMs = out.results.reduce((s: number, r: any) => s + (r.processingTimeMs ?? 0), 0);
      const body = JSON.parse(String(init?.body));
      what += ` [${body.queries.map((q: any) => q.indexUid).join(",")}]`;
    } else if (out?.processingTimeMs != null) engineMs = out.processingTimeMs;
    calls.push({ what, start, end: performance.now(), engineMs });
    return out;
  },
});
void real;
globalThis.__ecoMeili = { ...globalThis.__ecoMeili!, client: traced };

const handle = connect(services.databaseUrl, { max: 8 });
const db = handle.db;
// Count statements: wrap the pool's unsafe/query path through Kysely's executor.
const exec = (db as any).getExecutor();
const origExecute = exec.executeQuery.bind(exec);
exec.executeQuery = (...args: unknown[]) => {
  sqlCount++;
  return origExecute(...args);
};

const askingId = await benchAskingInstitutionId(db);

function partnerQuery(q: MatchQuery) {
  return partnerQueryOf(q, askingId);
}

/** Sequential waves: requests that overlap in time form one wave. */
function waves(cs: Call[]): Call[][] {
  const sorted = [...cs].sort((a, b) => a.start - b.start);
  const out: Call[][] = [];
  let end = -Infinity;
  for (const c of sorted) {
    if (c.start > end) out.push([]);
    out[out.length - 1].push(c);
    end = Math.max(end, c.end);
  }
  return out;
}

// Warm caches (taxonomy, related topics, recognition cache excluded by text variation? no: same texts).
for (const q of MATCH_QUERIES) await findPartners(db as any, partnerQuery(q));

interface Row {
  kind: string;
  label: string;
  wall: number[];
  requests: number;
  waves: number;
  meiliWall: number[];
  engine: number[];
  sql: number;
  node: number[];
  seq: string;
}
const rows: Row[] = MATCH_QUERIES.map((q) => ({
  kind: q.kind,
  label: `${q.kind}: ${q.text ?? ""} ${(q.topicIds ?? []).join("+")}${q.country ? " c=" + q.country : ""}${q.exclude ? " excl" : ""}`.slice(0, 60),
  wall: [],
  requests: 0,
  waves: 0,
  meiliWall: [],
  engine: [],
  sql: 0,
  node: [],
  seq: "",
}));
for (let r = 0; r < rounds; r++) {
  for (const [i, q] of MATCH_QUERIES.entries()) {
    // --cold: every text recognised afresh, as the pages benchmark's varied queries mostly are.
    if (values.cold) forgetRecognitionCache();
    calls = [];
    sqlCount = 0;
    const t0 = performance.now();
    await findPartners(db as any, partnerQuery(q));
    const wall = performance.now() - t0;
    const ws = waves(calls);
    const waiting = ws.reduce((s, w) => s + (Math.max(...w.map((c) => c.end)) - Math.min(...w.map((c) => c.start))), 0);
    const row = rows[i];
    row.wall.push(wall);
    row.requests = calls.length;
    row.waves = ws.length;
    row.sql = sqlCount;
    row.meiliWall.push(waiting);
    row.engine.push(calls.reduce((s, c) => s + (c.engineMs ?? 0), 0));
    row.node.push(wall - waiting);
    row.seq = ws.map((w) => w.map((c) => c.what.replace(/^(GET|POST) \/(indexes\/)?/, "")).join(" | ")).join("  ->  ");
  }
}
const med = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  ).toFixed(1);
console.log("query | wall p50 | requests | waves | meili wait p50 | engine ms p50 | sql | node p50");
for (const r of rows)
  console.log(`${r.label} | ${med(r.wall)} | ${r.requests} | ${r.waves} | ${med(r.meiliWall)} | ${med(r.engine)} | ${r.sql} | ${med(r.node)}`);
console.log("\nrequest waves per query:");
for (const r of rows) console.log(`${r.label}\n    ${r.seq}`);
const all = rows.flatMap((r) => r.wall).sort((a, b) => a - b);
console.log(`\nall: p50 ${percentile(all, 50).toFixed(1)} p95 ${percentile(all, 95).toFixed(1)} ms over ${all.length}`);
await handle.close();
await services.stop();
process.exit(0);
