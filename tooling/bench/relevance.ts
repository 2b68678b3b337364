/**
 * Relevance benchmark for partner matching (issue #6).
 *
 *   npm run bench:relevance                  # run the judged queries, print and save the figures
 *   npm run bench:relevance -- --write-queries   # (re)build tooling/bench/relevance/queries.json
 *
 * Starts its own ephemeral PostgreSQL and Meilisearch when DATABASE_URL /
 * MEILI_URL are unset; with them set, it uses a fresh database `eco_bench_<pid>`
 * and the index prefix `bench_<pid>_` (dropped afterwards), so the app's data
 * is never touched. It imports the reference data, seeds the 600 demo experts
 * (tooling/demo/demo.ts, default seed) and indexes them.
 *
 * Judgments come from the demo generator's rules (tooling/demo/demo.ts buildDemoExperts:
 * the topics, keywords and name variants it assigns), never from the matcher:
 * - topic queries (name as typed, or with one typo): experts the generator gave
 *   that topic → grade 2; experts with another topic of the same subfield → 1;
 * - keyword queries: experts given that keyword → 2; experts with a topic
 *   carrying the keyword → 1;
 * - name queries in Cyrillic or Perso-Arabic script (Persian names also typed
 *   with Arabic ي/ك): the expert(s) with that name → 2.
 *
 * Metrics over the ranked experts (top 20): nDCG@10 (gain 2^g − 1, ideal from
 * all judgments), recall@20 (share of grade-2 entities in the top 20) and MRR
 * (1 / rank of the first grade-2 entity, 0 when absent). Systems: the matcher
 * (findPartners, experts only) and a plain keyword baseline (Meilisearch's
 * default ranking on the experts index, the text the experts search sends:
 * glossary-query.ts searchQueryText; no topic score).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { connect, withDatabase } from "../../db/connect";
import { migrateToLatest } from "../../db/migrate";
import { importAll } from "../../db/import";
import { buildDemoExperts, seedDemo } from "../demo/demo";
import { startServices } from "../services";

const ROOT = path.resolve(import.meta.dirname);
const QUERIES = path.join(ROOT, "relevance", "queries.json");
/** Free-text requests judged by hand by topics (issue 12); never edited while tuning. */
const FREE_TEXT = path.join(ROOT, "relevance", "free-text.json");

/** One judged free-text request of tooling/bench/relevance/free-text.json. */
export interface FreeTextRequest {
  id: string;
  lang: "en" | "ru" | "fa" | "tr" | "az" | "uz" | "kk";
  text: string;
  /** The right topics (grade 2). */
  topics: string[];
  /** Topics also right, broader or adjacent (grade 1). */
  acceptable: string[];
}

/**
 * Expert judgments of a free-text request, from the experts' topics: an
 * expert with one of its `topics` → 2, else with an `acceptable` one → 1.
 */
export function freeTextJudgments(req: FreeTextRequest, expertTopics: Map<number, string[]>): Record<string, number> {
  const j: Record<string, number> = {};
  for (const [id, ts] of expertTopics) {
    if (ts.some((t) => req.topics.includes(t))) j[`expert:${id}`] = 2;
    else if (ts.some((t) => req.acceptable.includes(t))) j[`expert:${id}`] = 1;
  }
  return j;
}

/** Topic recognition figures over requests: hit rate (some right topic), precision (pooled share of right recognised topics). */
export function recognitionFigures(rows: Array<{ req: FreeTextRequest; recognised: string[] }>) {
  let hits = 0;
  let right = 0;
  let recognised = 0;
  for (const { req, recognised: ids } of rows) {
    const ok = ids.filter((id) => req.topics.includes(id) || req.acceptable.includes(id));
    if (ok.length) hits++;
    right += ok.length;
    recognised += ids.length;
  }
  return { requests: rows.length, hitRate: rows.length ? hits / rows.length : 0, precision: recognised ? right / recognised : 1, recognised };
}

export interface JudgedQuery {
  id: string;
  kind: "topic" | "topic-typo" | "keyword" | "name-cyrillic" | "name-perso-arabic" | "name-arabic-letters";
  text: string;
  /** "expert:<id>" → grade (2 highly relevant, 1 relevant). */
  judgments: Record<string, number>;
  note: string;
}

// ---------------------------------------------------------------------------
// Metrics (pure)

export function ndcgAt(ranked: string[], judgments: Record<string, number>, k: number): number {
  const gain = (g: number) => 2 ** g - 1;
  const dcg = ranked.slice(0, k).reduce((s, id, i) => s + gain(judgments[id] ?? 0) / Math.log2(i + 2), 0);
  const ideal = Object.values(judgments)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((s, g, i) => s + gain(g) / Math.log2(i + 2), 0);
  return ideal ? dcg / ideal : 0;
}

export function recallAt(ranked: string[], judgments: Record<string, number>, k: number): number {
  const rel = Object.entries(judgments)
    .filter(([, g]) => g >= 2)
    .map(([id]) => id);
  if (rel.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return rel.filter((id) => top.has(id)).length / rel.length;
}

export function reciprocalRank(ranked: string[], judgments: Record<string, number>): number {
  const i = ranked.findIndex((id) => (judgments[id] ?? 0) >= 2);
  return i === -1 ? 0 : 1 / (i + 1);
}

// ---------------------------------------------------------------------------
// Query building from the generator's assignments

/** Deterministic typo: swap two inner letters of the longest word. */
function typo(text: string): string {
  const words = text.split(" ");
  let li = 0;
  words.forEach((w, i) => {
    if (w.length > words[li].length) li = i;
  });
  const w = words[li];
  const i = Math.floor(w.length / 2);
  words[li] = w.slice(0, i - 1) + w[i] + w[i - 1] + w.slice(i + 1);
  return words.join(" ");
}

const CYRILLIC = /[\u0400-\u04FF]/;
const ARABIC_SCRIPT = /[\u0600-\u06FF]/;

async function buildQueries(db: any): Promise<JudgedQuery[]> {
  const rows = await buildDemoExperts(db);
  const topics = await db.selectFrom("topics").select(["id", "name", "subfield_id", "keywords"]).orderBy("id").execute();
  const topicById = new Map<string, any>(topics.map((t: any) => [t.id, t]));
  // On a fresh database the demo experts get ids 1..600 in generation order (tooling/demo/demo.ts).
  const experts = rows.map((r, i) => ({ key: `expert:${i + 1}`, ...r }));
  const withTopic = (id: string) => experts.filter((e) => e.topicIds.includes(id));
  const topicJudgments = (id: string) => {
    const sub = topicById.get(id).subfield_id;
    const j: Record<string, number> = {};
    for (const e of experts) {
      if (e.topicIds.includes(id)) j[e.key] = 2;
      else if (e.topicIds.some((t) => topicById.get(t)?.subfield_id === sub)) j[e.key] = 1;
    }
    return j;
  };
  const popular = topics.filter((t: any) => withTopic(t.id).length >= 4).map((t: any) => t.id as string);
  const out: JudgedQuery[] = [];
  // 16 topic names as typed, 10 with one typo (disjoint topics, spread over the id order).
  const step = Math.max(1, Math.floor(popular.length / 26));
  const picked = popular.filter((_: string, i: number) => i % step === 0).slice(0, 26);
  picked.forEach((id: string, i: number) => {
    const t = topicById.get(id);
    const isTypo = i >= 16;
    out.push({
      id: `${isTypo ? "typo" : "topic"}-${id}`,
      kind: isTypo ? "topic-typo" : "topic",
      text: isTypo ? typo(t.name) : t.name,
      judgments: topicJudgments(id),
      note: `experts assigned ${id} (${t.name}) = 2, same subfield ${t.subfield_id} = 1`,
    });
  });
  // 6 keyword queries: keywords the generator gave to 3+ experts.
  const kwCount = new Map<string, number>();
  for (const e of experts) for (const k of e.expert.keywords) kwCount.set(k, (kwCount.get(k) ?? 0) + 1);
  const keywords = [...kwCount.entries()]
    .filter(([k, n]) => n >= 3 && k.length >= 6)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .filter((_, i) => i % 5 === 0)
    .slice(0, 6)
    .map(([k]) => k);
  for (const k of keywords) {
    const j: Record<string, number> = {};
    for (const e of experts) {
      if (e.expert.keywords.includes(k)) j[e.key] = 2;
      else if (e.topicIds.some((t) => topicById.get(t)?.keywords.includes(k))) j[e.key] = 1;
    }
    out.push({
      id: `keyword-${k.toLowerCase().replace(/\W+/g, "-")}`,
      kind: "keyword",
      text: k.toLowerCase(),
      judgments: j,
      note: `experts given keyword "${k}" = 2; experts with a topic carrying it = 1`,
    });
  }
  // Name queries in non-Latin scripts: 6 Cyrillic, 6 Perso-Arabic, 4 Persian names typed with Arabic letters.
  const nameOf = (e: (typeof experts)[number]) => [e.expert.full_name, ...e.expert.name_variants];
  const byName = (name: string) => Object.fromEntries(experts.filter((e) => nameOf(e).includes(name)).map((e) => [e.key, 2]));
  const cyr: string[] = [];
  const pa: string[] = [];
  for (const e of experts) {
    for (const n of nameOf(e)) {
      if (CYRILLIC.test(n) && !cyr.includes(n)) cyr.push(n);
      if (ARABIC_SCRIPT.test(n) && !pa.includes(n)) pa.push(n);
    }
  }
  const every = <T>(xs: T[], n: number) => xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / n)) === 0).slice(0, n);
  for (const n of every(cyr, 6))
    out.push({ id: `name-cyr-${out.length}`, kind: "name-cyrillic", text: n, judgments: byName(n), note: "the expert(s) with this name = 2" });
  for (const n of every(pa, 6))
    out.push({ id: `name-pa-${out.length}`, kind: "name-perso-arabic", text: n, judgments: byName(n), note: "the expert(s) with this name = 2" });
  const persian = pa.filter((n) => /[\u06CC\u06A9]/.test(n));
  for (const n of every(persian, 4).filter((n) => !every(pa, 6).includes(n) || true)) {
    out.push({
      id: `name-ar-${out.length}`,
      kind: "name-arabic-letters",
      text: n.replace(/\u06CC/g, "\u064A").replace(/\u06A9/g, "\u0643"),
      judgments: byName(n),
      note: "Persian name typed with Arabic ي/ك: the expert(s) with the Persian spelling = 2",
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Run

async function main() {
  const write = process.argv.includes("--write-queries");
  const ownServices = !process.env.DATABASE_URL || !process.env.MEILI_URL;
  const services = ownServices
    ? await startServices({ ephemeral: true, log: () => {} })
    : { databaseUrl: process.env.DATABASE_URL!, meiliUrl: process.env.MEILI_URL!, meiliKey: process.env.MEILI_MASTER_KEY ?? "", stop: async () => {} };
  const dbName = `eco_bench_${process.pid}`;
  const admin = connect(services.databaseUrl, { max: 1 });
  await admin.sql.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.sql.unsafe(`create database ${dbName}`);
  const url = withDatabase(services.databaseUrl, dbName);
  Object.assign(process.env, {
    DATABASE_URL: url,
    MEILI_URL: services.meiliUrl,
    MEILI_MASTER_KEY: services.meiliKey,
    MEILI_INDEX_PREFIX: `bench_${process.pid}_`,
    SEARCH_WORKER: "off",
    DEMO_DATA: "off",
  });
  // App modules read the environment on first use: import them after it is set.
  const { getDb, getDbHandle } = await import("../../app/utils/db.server");
  const { ensureIndexes, drainOutbox } = await import("../../app/search/sync.server");
  const { getMeili, indexUid } = await import("../../app/search/client.server");
  const { findPartners } = await import("../../app/features/matching/matching.server");
  // The text the experts search sends (normalised; a request in another language in English).
  const { searchQueryText } = await import("../../app/search/glossary-query");
  const db = getDb();
  try {
    await migrateToLatest(db);
    await importAll(db, () => {});
    if (write) {
      const queries = await buildQueries(db);
      mkdirSync(path.dirname(QUERIES), { recursive: true });
      writeFileSync(QUERIES, JSON.stringify(queries, null, 1) + "\n");
      console.log(`Wrote ${queries.length} judged queries to ${path.relative(process.cwd(), QUERIES)}`);
      return;
    }
    const t0 = performance.now();
    await seedDemo(db);
    await ensureIndexes();
    for (;;) {
      const r = await drainOutbox(db, { limit: 2000 });
      if (r.failed) throw new Error(`indexing failed for ${r.failed} documents`);
      if (!r.busy && r.applied === 0) break;
    }
    const queries: JudgedQuery[] = JSON.parse(readFileSync(QUERIES, "utf8"));
    // Judgments were built for generation-order ids: check they still hold.
    const check = await db.selectFrom("experts").select(["id"]).where("is_demo", "=", true).orderBy("id").execute();
    if (check.length !== 600 || check[0].id !== 1) throw new Error("demo experts did not get ids 1..600: judgments would not apply");

    const index = getMeili().index(indexUid("experts"));
    const systems = {
      matcher: async (q: JudgedQuery) => (await findPartners(db, { text: q.text, types: ["expert"], perPage: 20 })).results.map((r) => `expert:${r.id}`),
      baseline: async (q: JudgedQuery) =>
        ((await index.search(searchQueryText(q.text), { limit: 20, attributesToRetrieve: ["id"] })).hits as Array<{ id: number }>).map((h) => `expert:${h.id}`),
    };
    const perQuery: Array<Record<string, unknown>> = [];
    const sums: Record<string, { ndcg: number; recall: number; rr: number }> = {
      matcher: { ndcg: 0, recall: 0, rr: 0 },
      baseline: { ndcg: 0, recall: 0, rr: 0 },
    };
    const byKind: Record<string, Record<string, { ndcg: number; n: number }>> = {};
    for (const q of queries) {
      const row: Record<string, unknown> = { id: q.id, kind: q.kind, text: q.text };
      for (const [name, run] of Object.entries(systems)) {
        const ranked = await run(q);
        const m = { ndcg10: ndcgAt(ranked, q.judgments, 10), recall20: recallAt(ranked, q.judgments, 20), rr: reciprocalRank(ranked, q.judgments) };
        sums[name].ndcg += m.ndcg10;
        sums[name].recall += m.recall20;
        sums[name].rr += m.rr;
        ((byKind[q.kind] ??= {})[name] ??= { ndcg: 0, n: 0 }).ndcg += m.ndcg10;
        byKind[q.kind][name].n++;
        row[name] = m;
      }
      perQuery.push(row);
    }
    const n = queries.length;
    const summary = Object.fromEntries(Object.entries(sums).map(([k, s]) => [k, { ndcg10: s.ndcg / n, recall20: s.recall / n, mrr: s.rr / n }])) as Record<
      "matcher" | "baseline",
      { ndcg10: number; recall20: number; mrr: number }
    >;
    const f = (x: number) => x.toFixed(3);
    console.log(`\nPartner-matching relevance: ${n} judged queries over 600 demo experts (seed 20171205)\n`);
    console.log("system     nDCG@10  recall@20  MRR");
    for (const [k, s] of Object.entries(summary)) console.log(`${k.padEnd(10)} ${f(s.ndcg10).padStart(7)}  ${f(s.recall20).padStart(9)}  ${f(s.mrr)}`);
    console.log("\nnDCG@10 by query kind (matcher / baseline):");
    for (const [kind, v] of Object.entries(byKind)) {
      console.log(`  ${kind.padEnd(20)} ${String(v.matcher.n).padStart(2)} queries  ${f(v.matcher.ndcg / v.matcher.n)} / ${f(v.baseline.ndcg / v.baseline.n)}`);
    }
    const better = summary.matcher.ndcg10 > summary.baseline.ndcg10;
    console.log(
      `\nThe matcher's nDCG@10 is ${f(summary.matcher.ndcg10)} against the keyword baseline's ${f(summary.baseline.ndcg10)} (${better ? "above" : "NOT above"} the baseline); ` +
        `recall@20 ${f(summary.matcher.recall20)} vs ${f(summary.baseline.recall20)}; MRR ${f(summary.matcher.mrr)} vs ${f(summary.baseline.mrr)}.`,
    );

    // Free-text requests judged by topics (issue 12).
    const requests: FreeTextRequest[] = JSON.parse(readFileSync(FREE_TEXT, "utf8")).queries;
    const topicRows = await db
      .selectFrom("expert_topics")
      .innerJoin("experts", "experts.id", "expert_topics.expert_id")
      .select(["expert_topics.expert_id", "expert_topics.topic_id"])
      .where("experts.is_demo", "=", true)
      .execute();
    const expertTopics = new Map<number, string[]>();
    for (const r of topicRows) expertTopics.set(r.expert_id, [...(expertTopics.get(r.expert_id) ?? []), r.topic_id]);
    const freeRows: Array<{ req: FreeTextRequest; recognised: string[]; matcher: number; baseline: number }> = [];
    for (const req of requests) {
      const judgments = freeTextJudgments(req, expertTopics);
      const found = await findPartners(db, { text: req.text, types: ["expert"], perPage: 20 });
      const recognised = found.queryTopics.filter((t) => t.inferred).map((t) => t.id);
      const base = await systems.baseline({ id: req.id, kind: "keyword", text: req.text, judgments, note: "" });
      freeRows.push({
        req,
        recognised,
        matcher: ndcgAt(
          found.results.map((r) => `expert:${r.id}`),
          judgments,
          10,
        ),
        baseline: ndcgAt(base, judgments, 10),
      });
    }
    const freeGroup = (rows: typeof freeRows) => ({
      ...recognitionFigures(rows),
      ndcg10: {
        matcher: rows.reduce((s, r) => s + r.matcher, 0) / (rows.length || 1),
        baseline: rows.reduce((s, r) => s + r.baseline, 0) / (rows.length || 1),
      },
    });
    const freeText = {
      all: freeGroup(freeRows),
      en: freeGroup(freeRows.filter((r) => r.req.lang === "en")),
      other: freeGroup(freeRows.filter((r) => r.req.lang !== "en")),
      perRequest: freeRows.map((r) => ({
        id: r.req.id,
        lang: r.req.lang,
        text: r.req.text,
        recognised: r.recognised,
        ndcg10: { matcher: r.matcher, baseline: r.baseline },
      })),
    };
    const pc = (x: number) => `${(x * 100).toFixed(1)}%`;
    console.log(`\nFree-text requests (${requests.length}, judged by topics: tooling/bench/relevance/free-text.json)`);
    console.log("group   requests  hit rate  precision  nDCG@10 matcher / baseline");
    for (const [k, g] of [
      ["en", freeText.en],
      ["other", freeText.other],
      ["all", freeText.all],
    ] as const) {
      console.log(
        `${k.padEnd(7)} ${String(g.requests).padStart(8)}  ${pc(g.hitRate).padStart(8)}  ${pc(g.precision).padStart(9)}  ${f(g.ndcg10.matcher)} / ${f(g.ndcg10.baseline)}`,
      );
    }
    // Recognition threshold sweep (docs/matching.md): the same candidates, other thresholds.
    const { topicCandidates, selectRecognised, RECOGNITION_THRESHOLD } = await import("../../app/features/matching/topic-recognition.server");
    const candidates: Array<{ req: FreeTextRequest; c: Awaited<ReturnType<typeof topicCandidates>> }> = [];
    for (const req of requests) candidates.push({ req, c: await topicCandidates(req.text) }); // one at a time, like the requests above
    const sweep = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((threshold) => {
      const rows = candidates.map(({ req, c }) => ({ req, recognised: selectRecognised(c, { threshold }).map((t) => t.id) }));
      return { threshold, en: recognitionFigures(rows.filter((r) => r.req.lang === "en")), other: recognitionFigures(rows.filter((r) => r.req.lang !== "en")) };
    });
    console.log(`\nRecognition threshold sweep (in use: ${RECOGNITION_THRESHOLD}): hit rate / precision, English | other languages`);
    for (const s of sweep)
      console.log(`  ${s.threshold.toFixed(1)}  ${pc(s.en.hitRate)} / ${pc(s.en.precision)} | ${pc(s.other.hitRate)} / ${pc(s.other.precision)}`);
    mkdirSync(path.join(ROOT, "results"), { recursive: true });
    const out = path.join(ROOT, "results", "relevance.json");
    writeFileSync(
      out,
      JSON.stringify(
        { queries: n, summary, byKind, perQuery, freeText: { ...freeText, sweep }, seconds: Math.round((performance.now() - t0) / 1000) },
        null,
        1,
      ) + "\n",
    );
    console.log(`Details: ${path.relative(process.cwd(), out)}`);
  } finally {
    try {
      const indexes = await getMeili().getIndexes({ limit: 100 });
      for (const i of indexes.results) if (i.uid.startsWith(`bench_${process.pid}_`)) await getMeili().deleteIndex(i.uid);
    } catch {
      // Meilisearch already gone (own ephemeral instance stops below).
    }
    await getDbHandle().close();
    await admin.sql.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.close();
    await services.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
