/**
 * Small helpers shared by the benchmarks: percentiles, the machine/load
 * snapshot every result carries, result files and console tables.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import type { DB } from "../../db/types";

/** tooling/bench/results, wherever the command runs from. */
export const RESULTS_DIR = fileURLToPath(new URL("./results", import.meta.url));

/** Latency summary in milliseconds (nearest-rank percentiles) and queries per second. */
export interface LatencyStats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** Samples / wall time of the sequential loop that produced them (1 client). */
  qps: number;
}

/** Nearest-rank percentile of ascending-sorted `sorted` (ms); NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Summarises `samples` (ms) taken in `wallMs` of wall time. */
export function summarize(samples: number[], wallMs: number): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    n: s.length,
    p50: r(percentile(s, 50)),
    p95: r(percentile(s, 95)),
    p99: r(percentile(s, 99)),
    mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
    max: r(s[s.length - 1] ?? Number.NaN),
    qps: r((s.length * 1000) / wallMs),
  };
}

/** What machine and how busy: CPUs, memory, Node, and the 1/5/15-min load averages at that moment. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/**
 * Writes `data` to tooling/bench/results/<name>-<timestamp>.json and copies it to
 * tooling/bench/results/latest-<name>.json. Returns the timestamped path.
 */
export function writeResult(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = path.join(RESULTS_DIR, `${name}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  copyFileSync(file, path.join(RESULTS_DIR, `latest-${name}.json`));
  return file;
}

/** Prints rows as an aligned plain-text table. */
export function printTable(headers: string[], rows: Array<Array<string | number>>): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  for (const [k, r] of cells.entries()) {
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
    if (k === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}

/** Resident set size of process `pid` in bytes from /proc (0 when unreadable, e.g. not Linux). */
export function procRss(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export const MiB = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const USER_HZ = 100;

/** One process of /proc: its parent, its command name and its CPU ticks (utime + stime + cutime + cstime). */
interface ProcEntry {
  ppid: number;
  name: string;
  ticks: number;
}

/** Every process readable in /proc now (empty when /proc is unreadable, e.g. not Linux). */
function procTable(): Map<number, ProcEntry> {
  const table = new Map<number, ProcEntry>();
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return table;
  }
  for (const e of entries) {
    try {
      const raw = readFileSync(`/proc/${e}/stat`, "utf8");
      // Fields after the parenthesised command name: state ppid … utime(14) stime(15) cutime(16) cstime(17).
      const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
      table.set(Number(e), {
        ppid: Number(f[1]),
        name: raw.slice(raw.indexOf("(") + 1, raw.lastIndexOf(")")),
        ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]),
      });
    } catch {
      // the process ended meanwhile
    }
  }
  return table;
}

/** `pid` and its live descendants, as found in `table`. */
function processTree(table: Map<number, ProcEntry>, pid: number): ProcEntry[] {
  const out: ProcEntry[] = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    const entry = table.get(p);
    if (entry) out.push(entry);
    for (const [child, s] of table) if (s.ppid === p) todo.push(child);
  }
  return out;
}

/**
 * CPU time (user + system, ms) used so far by process `pid` and all its live
 * descendants, plus what their exited children left in cutime/cstime; 0 when
 * /proc is unreadable. Taken before and after a run, the difference is the CPU
 * the run cost those processes, whatever else loads the machine.
 */
export function treeCpuMs(pid: number): number {
  const ticks = processTree(procTable(), pid).reduce((n, p) => n + p.ticks, 0);
  return (ticks * 1000) / USER_HZ;
}

/** How many Node processes the tree of `pid` holds (a cluster's primary and its web processes); 0 when /proc is unreadable. */
export function nodeProcessCount(pid: number): number {
  return processTree(procTable(), pid).filter((p) => /^node/.test(p.name)).length;
}

/**
 * The "asking institution" of the benchmark's consortium queries: the first verified generated
 * institution in Türkiye, else the first verified one. @throws when there is no verified institution.
 */
export async function benchAskingInstitutionId(db: Kysely<DB>): Promise<number> {
  const asking = await db
    .selectFrom("institutions")
    .select("id")
    .where("status", "=", "verified")
    .where("country_code", "=", "TR")
    .where("source", "=", "demo")
    .orderBy("id")
    .executeTakeFirst();
  return asking?.id ?? (await db.selectFrom("institutions").select("id").where("status", "=", "verified").orderBy("id").executeTakeFirstOrThrow()).id;
}
