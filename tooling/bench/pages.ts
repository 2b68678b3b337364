/**
 * Helpers of the pages benchmark (`npm run bench -- pages`, tooling/bench/run.ts):
 * the `--web-concurrency` option, bytes per page with and without compression,
 * and the CPU each service used during a load run (from /proc, so other load on
 * the machine does not inflate it). Pure apart from the HTTP requests and the
 * /proc reads named in each function.
 */
import http from "node:http";
import { readFileSync } from "node:fs";
import { treeCpuMs } from "./lib";

/**
 * Parses `--web-concurrency` ("1,max" by default): comma-separated whole numbers
 * ≥ 1 or `max` (= `cores`), in the order given, duplicates dropped (on a 1-core
 * machine "1,max" is one run).
 * @throws Error naming the bad value
 */
export function parseWebConcurrency(value: string, cores: number): number[] {
  const out: number[] = [];
  for (const part of value.split(",").map((s) => s.trim())) {
    const n = part === "max" ? Math.max(1, cores) : /^\d+$/.test(part) ? Number(part) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`--web-concurrency: "${part}" is not a whole number from 1 to 256 or max`);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** One GET as a client with `accept-encoding` sees it: status, bytes on the wire (body as sent), the encoding used. */
export interface WireResponse {
  status: number;
  /** Body bytes as transferred (compressed when `encoding` is not identity); headers not counted. */
  bytes: number;
  /** content-encoding of the answer ("identity" when none). */
  encoding: string;
}

/** GET `base + path` with node:http (which never decompresses), counting body bytes as sent. */
export function getOnTheWire(base: string, path: string, headers: Record<string, string>): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, base), { headers }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, encoding: String(res.headers["content-encoding"] ?? "identity") }));
      res.on("error", reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`GET ${path}: no answer in 60 s`)));
    req.on("error", reject);
  });
}

/** The Accept-Encoding values measured: none, then what a browser sends, then each alone. */
export const ENCODINGS = { identity: "identity", br: "br", gzip: "gzip" } as const;
/** What the load run sends, as a browser does (Chrome and Firefox also list deflate/zstd; the server picks br or gzip). */
export const BROWSER_ACCEPT_ENCODING = "gzip, br";

export interface BytesStats {
  /** Mean body bytes per page over the URL set. */
  mean: number;
  max: number;
  /** content-encoding values the server answered with (e.g. ["identity"] while compression is off). */
  served: string[];
}

/** Bytes per page of one URL set, per requested encoding; `non200`: paths that did not answer 200 (printed before the load run). */
export interface PageBytes {
  urls: number;
  identity: BytesStats;
  br: BytesStats;
  gzip: BytesStats;
  non200: Array<{ path: string; status: number }>;
}

/** Mean, max and the encodings served of `rs` (bytes rounded to whole numbers). */
export function bytesStats(rs: WireResponse[]): BytesStats {
  const bytes = rs.map((r) => r.bytes);
  return {
    mean: bytes.length ? Math.round(bytes.reduce((a, b) => a + b, 0) / bytes.length) : 0,
    max: bytes.length ? Math.max(...bytes) : 0,
    served: [...new Set(rs.map((r) => r.encoding))].sort(),
  };
}

/**
 * Requests every path once per encoding (identity, br, gzip), one at a time,
 * with `cookie`: the 200 check before the load run and the bytes per page
 * before and after compression.
 */
export async function measurePageBytes(base: string, paths: string[], cookie: string): Promise<PageBytes> {
  const by: Record<keyof typeof ENCODINGS, WireResponse[]> = { identity: [], br: [], gzip: [] };
  const non200: PageBytes["non200"] = [];
  for (const p of paths) {
    for (const [name, value] of Object.entries(ENCODINGS) as Array<[keyof typeof ENCODINGS, string]>) {
      const r = await getOnTheWire(base, p, { cookie, "accept-encoding": value });
      if (r.status !== 200) {
        if (name === "identity") non200.push({ path: p, status: r.status });
        continue;
      }
      by[name].push(r);
    }
  }
  return { urls: paths.length, identity: bytesStats(by.identity), br: bytesStats(by.br), gzip: bytesStats(by.gzip), non200 };
}

/** Busy CPU time (ms) of the whole machine from /proc/stat (all CPUs; idle and iowait excluded); 0 when unreadable. */
export function machineBusyMs(): number {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already inside user).
    const busy = f.slice(0, 8).reduce((a, b) => a + b, 0) - f[3] - f[4];
    return (busy * 1000) / 100;
  } catch {
    return 0;
  }
}

/** Process ids (roots of process trees) of the services whose CPU a load run divides up. */
export interface ServicePids {
  postgres: number;
  meilisearch: number | null;
  /** The web server (with cluster: its primary; the web processes are its children). */
  web: number;
}

/** CPU times (ms) at one moment: each service's process tree, this process (the load generator), the machine. */
export interface CpuSnapshot {
  postgres: number;
  meilisearch: number;
  web: number;
  loadGenerator: number;
  machine: number;
}

/** Reads a CpuSnapshot now (/proc; the load generator, autocannon, runs in this process). */
export function cpuSnapshot(pids: ServicePids): CpuSnapshot {
  const own = process.cpuUsage();
  return {
    postgres: treeCpuMs(pids.postgres),
    meilisearch: pids.meilisearch ? treeCpuMs(pids.meilisearch) : 0,
    web: treeCpuMs(pids.web),
    loadGenerator: (own.user + own.system) / 1000,
    machine: machineBusyMs(),
  };
}

/** CPU used between two snapshots: ms per service, each one's share of the machine's busy time, and web CPU per request. */
export interface CpuUse {
  ms: { postgres: number; meilisearch: number; web: number; loadGenerator: number; other: number; machine: number };
  /** Fraction (0–1, 2 decimals) of the machine's busy CPU time; `other` is everything else on the machine (e.g. other users). */
  share: { postgres: number; meilisearch: number; web: number; loadGenerator: number; other: number };
  /** CPU ms per request of the web processes, PostgreSQL and Meilisearch (independent of other load). */
  perRequestMs: { web: number; postgres: number; meilisearch: number };
}

/** What `after − before` cost, over `requests` requests. */
export function cpuUse(before: CpuSnapshot, after: CpuSnapshot, requests: number): CpuUse {
  const d = (k: keyof CpuSnapshot) => Math.max(0, after[k] - before[k]);
  const ours = d("postgres") + d("meilisearch") + d("web") + d("loadGenerator");
  const machine = Math.max(d("machine"), ours);
  const ms = { postgres: d("postgres"), meilisearch: d("meilisearch"), web: d("web"), loadGenerator: d("loadGenerator"), other: machine - ours, machine };
  const share = (x: number) => (machine ? Math.round((x / machine) * 100) / 100 : 0);
  const per = (x: number) => (requests ? Math.round((x / requests) * 100) / 100 : 0);
  return {
    ms: Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, Math.round(v)])) as CpuUse["ms"],
    share: {
      postgres: share(ms.postgres),
      meilisearch: share(ms.meilisearch),
      web: share(ms.web),
      loadGenerator: share(ms.loadGenerator),
      other: share(ms.other),
    },
    perRequestMs: { web: per(ms.web), postgres: per(ms.postgres), meilisearch: per(ms.meilisearch) },
  };
}
