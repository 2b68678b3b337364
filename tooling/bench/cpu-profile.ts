/**
 * Summarises V8 CPU profiles (`.cpuprofile` JSON, written by `node --cpu-prof`)
 * as self time per function and per origin (our bundle, each npm package, Node
 * internals, garbage collection, idle). `npm run bench -- pages --cpu-prof`
 * prints this for the web processes it profiled; by hand:
 *
 *   npx tsx tooling/bench/cpu-profile.ts <file.cpuprofile | dir>… [--top 20]
 *
 * Several files (one per web process of a cluster) are added up.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { printTable } from "./lib";

/** The parts of V8's profile format read here (Chrome DevTools Protocol `Profiler.Profile`). */
export interface CpuProfile {
  /** Monotonic clock, µs: the same clock as process.hrtime() of any process on the machine (Linux CLOCK_MONOTONIC). */
  startTime: number;
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>;
  /** Node id of each sample. */
  samples: number[];
  /** Microseconds since the previous sample (the first: since startTime). */
  timeDeltas: number[];
}

export interface SelfTime {
  /** `name url:line` (line 1-based); the unit self time is counted by. */
  key: string;
  functionName: string;
  url: string;
  line: number;
  origin: string;
  selfMs: number;
  /** Fraction of all sampled time (idle included), 4 decimals. */
  share: number;
}

export interface ProfileSummary {
  files: number;
  /** Sampled wall time, ms, summed over the files. */
  totalMs: number;
  /** Sampled time not idle (the process was running JS, native code or GC), ms. */
  busyMs: number;
  /** Functions by self time, descending. */
  functions: SelfTime[];
  /** Self time grouped by origin, descending: ms and share of busy time. */
  origins: Array<{ origin: string; selfMs: number; shareOfBusy: number }>;
}

/**
 * Where a function comes from: "app (build)" for our server bundle, the npm
 * package for node_modules, "node internals", or V8's pseudo-functions
 * ("(garbage collector)", "(idle)", "(program)").
 */
export function originOf(url: string, functionName: string): string {
  if (!url) return /^\(.*\)$/.test(functionName) ? functionName : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith("node:")) return "node internals";
  if (/\/build\/|\/app\/|server\.ts/.test(url)) return "app (build)";
  return "other";
}

/** A time window in µs of the monotonic clock (`process.hrtime.bigint() / 1000n`), start inclusive, end exclusive. */
export type Window = readonly [startUs: number, endUs: number];

/** Microseconds of the monotonic clock now: comparable with profiles' sample times. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * Self time per function over `profiles` (each sample's duration is its time delta).
 * @param windows only samples taken inside one of them (e.g. the load runs, not the start-up); all when omitted
 */
export function summarizeProfiles(profiles: CpuProfile[], windows?: Window[]): ProfileSummary {
  const self = new Map<string, SelfTime>();
  let totalUs = 0;
  for (const prof of profiles) {
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    let t = prof.startTime;
    for (let i = 0; i < prof.samples.length; i++) {
      // timeDeltas[i] is the gap before sample i: attributed to sample i (enough for a ranking).
      const us = Math.max(0, prof.timeDeltas[i] ?? 0);
      t += prof.timeDeltas[i] ?? 0;
      if (windows && !windows.some(([a, b]) => t >= a && t < b)) continue;
      totalUs += us;
      const node = byId.get(prof.samples[i]);
      if (!node) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      const name = functionName || "(anonymous)";
      const key = url ? `${name} ${url.replace(/^file:\/\//, "")}:${lineNumber + 1}` : name;
      const s = self.get(key) ?? { key, functionName: name, url, line: lineNumber + 1, origin: originOf(url, name), selfMs: 0, share: 0 };
      s.selfMs += us / 1000;
      self.set(key, s);
    }
  }
  const totalMs = totalUs / 1000;
  const functions = [...self.values()]
    .map((s) => ({ ...s, selfMs: Math.round(s.selfMs * 10) / 10, share: totalMs ? Math.round((s.selfMs / totalMs) * 10_000) / 10_000 : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs);
  const idleMs = functions.filter((f) => f.functionName === "(idle)").reduce((a, f) => a + f.selfMs, 0);
  const busyMs = totalMs - idleMs;
  const byOrigin = new Map<string, number>();
  for (const f of functions) if (f.functionName !== "(idle)") byOrigin.set(f.origin, (byOrigin.get(f.origin) ?? 0) + f.selfMs);
  const origins = [...byOrigin]
    .map(([origin, ms]) => ({ origin, selfMs: Math.round(ms), shareOfBusy: busyMs ? Math.round((ms / busyMs) * 1000) / 1000 : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return { files: profiles.length, totalMs: Math.round(totalMs), busyMs: Math.round(busyMs), functions, origins };
}

/** The .cpuprofile files named by `paths` (files, or directories read one level deep). */
export function profileFiles(paths: string[]): string[] {
  return paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith(".cpuprofile"))
          .sort()
          .map((f) => path.join(p, f))
      : [p],
  );
}

/** Parsed .cpuprofile files. */
export function readProfiles(files: string[]): CpuProfile[] {
  return files.map((f) => JSON.parse(readFileSync(f, "utf8")) as CpuProfile);
}

/**
 * Prints the top `top` functions by self time (idle left out) and the time by origin of `profiles`
 * (within `windows` when given).
 */
export function printProfileSummary(profiles: CpuProfile[], top = 20, windows?: Window[]): ProfileSummary {
  const summary = summarizeProfiles(profiles, windows);
  const shorten = (url: string) =>
    url
      .replace(/^file:\/\//, "")
      .replace(/^.*node_modules\//, "")
      .replace(process.cwd() + "/", "");
  console.log(`CPU profile: ${summary.files} file(s), ${summary.totalMs} ms sampled${windows ? " in the load runs" : ""}, ${summary.busyMs} ms not idle.`);
  printTable(
    ["self ms", "% busy", "function", "where"],
    summary.functions
      .filter((f) => f.functionName !== "(idle)")
      .slice(0, top)
      .map((f) => [f.selfMs, summary.busyMs ? ((f.selfMs / summary.busyMs) * 100).toFixed(1) : "", f.functionName, f.url ? `${shorten(f.url)}:${f.line}` : ""]),
  );
  console.log("");
  printTable(
    ["origin", "self ms", "% busy"],
    summary.origins.map((o) => [o.origin, o.selfMs, (o.shareOfBusy * 100).toFixed(1)]),
  );
  return summary;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "20" } } });
  const files = profileFiles(positionals);
  if (!files.length || !/^\d+$/.test(String(values.top))) {
    console.error("usage: npx tsx tooling/bench/cpu-profile.ts <file.cpuprofile | dir>… [--top 20]");
    process.exit(2);
  }
  printProfileSummary(readProfiles(files), Number(values.top));
}
