/**
 * Benchmark of the open data export: `/exports/experts.csv` through its real
 * route handler (app/routes/exports.$file.ts: keyset batches → csv-stringify
 * → ReadableStream), read to the last byte in this process, while the
 * process's resident set size is sampled every `sampleMs`.
 *
 * For contrast, the same rows are then written the naive way: every batch
 * collected into one array, stringified in one call (what streaming avoids).
 * Its peak shows what "the whole table in memory" would cost at this scale.
 *
 * Used by `npm run bench -- exports` (tooling/bench/run.ts) and meant for the
 * `reports` benchmark too. Needs DATABASE_URL set before this module is
 * imported (the route reads it through getDb()).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { stringify } from "csv-stringify/sync";
import { MiB } from "./lib";

// A full collection before each baseline, so the second run does not start from the first one's garbage.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

export interface ExportRun {
  /** Rows and bytes written (bytes include the BOM and the header). */
  rows: number;
  bytes: number;
  seconds: number;
  /** CPU time (user + system) of this Node process during the run: the wall time depends on the machine's load, this less. */
  cpuSeconds: number;
  rowsPerSecond: number;
  /** RSS just before the export started, after a full garbage collection. */
  baselineRssMiB: number;
  /** Highest RSS sampled during the export. */
  peakRssMiB: number;
  peakOverBaselineMiB: number;
  /** Highest V8 heap in use sampled during the export. */
  peakHeapUsedMiB: number;
  samples: number;
  /**
   * RSS over the run in 20 equal slices of time (the highest sample of each
   * slice): flat, or growing with the rows? null for a slice without a sample
   * (the event loop was blocked, e.g. by one long synchronous stringify).
   */
  rssSeriesMiB: Array<number | null>;
}

export interface ExportBenchResult {
  streamed: ExportRun;
  /** The same rows collected into one array and written at once (omitted with `naive: false`). */
  naive?: ExportRun;
  batchSize: number;
  sampleMs: number;
}

/** Runs `work` while sampling this process's memory every `sampleMs`; returns its result with the figures. */
async function sampled(sampleMs: number, work: () => Promise<{ rows: number; bytes: number }>): Promise<ExportRun> {
  collect();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  let samples = 0;
  const series: Array<[number, number]> = [];
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    series.push([performance.now(), m.rss]);
    samples++;
  };
  const timer = setInterval(sample, sampleMs);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const { rows, bytes } = await work();
    sample();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const slices: Array<number | null> = Array.from({ length: 20 }, () => null);
    for (const [t, rss] of series) {
      const k = Math.min(19, Math.floor(((t - t0) / (seconds * 1000)) * 20));
      slices[k] = Math.max(slices[k] ?? 0, rss);
    }
    return {
      rows,
      bytes,
      seconds: Math.round(seconds * 100) / 100,
      cpuSeconds: Math.round((cpu.user + cpu.system) / 10_000) / 100,
      rowsPerSecond: Math.round(rows / seconds),
      baselineRssMiB: MiB(baseline.rss),
      peakRssMiB: MiB(peakRss),
      peakOverBaselineMiB: MiB(peakRss - baseline.rss),
      peakHeapUsedMiB: MiB(peakHeap),
      samples,
      rssSeriesMiB: slices.map((x) => (x === null ? null : MiB(x))),
    };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Streams /exports/experts.csv through the route's loader and measures time
 * and peak RSS; then (unless `naive: false`) the in-memory way for contrast.
 * @param opts.origin origin for the url column (default http://localhost:3000)
 * @param opts.sampleMs RSS sampling interval in ms (default 5)
 * @throws when the route does not answer 200
 */
export async function benchExpertsExport(opts: { origin?: string; sampleMs?: number; naive?: boolean } = {}): Promise<ExportBenchResult> {
  const { loader } = await import("../../app/routes/exports.$file");
  const { DATASETS } = await import("../../app/features/open-data/exports.server");
  const { EXPORT_BATCH_SIZE } = await import("../../app/features/open-data/export-batches.server");
  const { getDb } = await import("../../app/utils/db.server");
  const origin = opts.origin ?? "http://localhost:3000";
  const sampleMs = opts.sampleMs ?? 5;
  // Every expert is a row (counted apart: a cell may hold line breaks, so the file's lines are no count).
  const { n } = await getDb()
    .selectFrom("experts")
    .select((e) => e.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const rows = Number(n);

  const streamed = await sampled(sampleMs, async () => {
    const res = await loader({ request: new Request(`${origin}/exports/experts.csv`), params: { file: "experts.csv" }, context: {} });
    if (res.status !== 200 || !res.body) throw new Error(`/exports/experts.csv answered ${res.status}`);
    let bytes = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    return { rows, bytes };
  });

  let naive: ExportRun | undefined;
  if (opts.naive !== false) {
    const d = DATASETS.experts;
    naive = await sampled(sampleMs, async () => {
      const all: Array<Record<string, unknown>> = [];
      for await (const batch of d.batches(getDb(), { origin })) all.push(...batch);
      const text = stringify(all, { columns: d.columns.map((c) => ({ key: c.key, header: c.header })), header: true, bom: true, record_delimiter: "windows" });
      return { rows: all.length, bytes: Buffer.byteLength(text) };
    });
  }
  return { streamed, naive, batchSize: EXPORT_BATCH_SIZE, sampleMs };
}
