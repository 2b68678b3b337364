/**
 * The pages benchmark's tooling (tooling/bench/queries.ts PAGE_PATHS,
 * tooling/bench/pages.ts, tooling/bench/cpu-profile.ts): the URL set is wide and
 * valid, `--web-concurrency` parses, bytes are counted on the wire per encoding
 * against a real local HTTP server, CPU shares add up, and a real
 * `node --cpu-prof` profile is summarised. No database.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAGE_PATHS } from "../tooling/bench/queries";
import { cpuUse, getOnTheWire, measurePageBytes, parseWebConcurrency, type CpuSnapshot } from "../tooling/bench/pages";
import { nodeProcessCount, treeCpuMs } from "../tooling/bench/lib";
import { monotonicUs, originOf, profileFiles, readProfiles, summarizeProfiles } from "../tooling/bench/cpu-profile";
import { parseSearchParams } from "~/utils/search-params";
import { EXPERT_LIST_PARAMS, expertSearchSchema } from "~/features/experts/expert-search-params";
import { institutionSearchSchema } from "~/features/institutions/institution-search-params";
import { PARTNER_LIST_PARAMS, partnerSearchSchema, partnerTextProblem } from "~/features/matching/partner-params";

const taxonomy = new Set((JSON.parse(readFileSync("db/data/openalex-ict-topics.json", "utf8")) as Array<{ id: string }>).map((t) => t.id));

describe("pages benchmark URL set", () => {
  it("has at least 40 different URLs per page, each valid for its page", () => {
    const schemas = {
      institutions: (p: URLSearchParams) => parseSearchParams(institutionSearchSchema, p, ["country", "kind"]),
      experts: (p: URLSearchParams) => parseSearchParams(expertSearchSchema, p, EXPERT_LIST_PARAMS),
      partners: (p: URLSearchParams) => parseSearchParams(partnerSearchSchema, p, PARTNER_LIST_PARAMS),
    };
    for (const [page, paths] of Object.entries(PAGE_PATHS) as Array<[keyof typeof schemas, string[]]>) {
      expect(new Set(paths).size, page).toBe(paths.length);
      expect(paths.length, page).toBeGreaterThanOrEqual(40);
      for (const p of paths) {
        const url = new URL(p, "http://x");
        expect(url.pathname).toBe(`/${page}`);
        const r = schemas[page](url.searchParams);
        expect(r.ok ? null : r.issues, p).toBeNull();
        if (page === "partners" && r.ok) expect(partnerTextProblem(r.value as any), p).toBeNull();
      }
    }
  });

  it("mixes scripts, misspellings, filters, page 2 and real topic ids", () => {
    const params = (page: keyof typeof PAGE_PATHS) => PAGE_PATHS[page].map((p) => new URL(p, "http://x").searchParams);
    for (const page of ["institutions", "experts"] as const) {
      const qs = params(page).map((s) => s.get("q") ?? "");
      expect(
        qs.some((q) => /\p{Script=Arabic}/u.test(q)),
        page,
      ).toBe(true);
      expect(
        qs.some((q) => /\p{Script=Cyrillic}/u.test(q)),
        page,
      ).toBe(true);
      expect(
        params(page).some((s) => s.has("country")),
        page,
      ).toBe(true);
      expect(
        params(page).some((s) => s.get("page") === "2"),
        page,
      ).toBe(true);
    }
    expect(PAGE_PATHS.experts).toContain("/experts?q=machin+lerning");
    expect(PAGE_PATHS.institutions.some((p) => p.includes("kind="))).toBe(true);
    const partners = params("partners");
    const topics = partners.flatMap((s) => (s.get("topics") ?? "").split(",").filter(Boolean));
    expect(new Set(topics).size).toBeGreaterThanOrEqual(15);
    expect(topics.filter((t) => !taxonomy.has(t))).toEqual([]);
    expect(partners.some((s) => s.get("type") === "expert")).toBe(true);
    expect(partners.some((s) => s.get("type") === "institution")).toBe(true);
    expect(partners.filter((s) => s.has("q") && !s.has("topics")).length).toBeGreaterThanOrEqual(10);
  });
});

describe("--web-concurrency", () => {
  it("reads 1,max as one process, then all cores; duplicates dropped; bad values refused", () => {
    expect(parseWebConcurrency("1,max", 4)).toEqual([1, 4]);
    expect(parseWebConcurrency("max,1", 2)).toEqual([2, 1]);
    expect(parseWebConcurrency("1,max", 1)).toEqual([1]);
    expect(parseWebConcurrency("3", 2)).toEqual([3]);
    expect(() => parseWebConcurrency("0", 2)).toThrow(/--web-concurrency: "0"/);
    expect(() => parseWebConcurrency("1,all", 2)).toThrow(/"all"/);
    expect(() => parseWebConcurrency("1.5", 2)).toThrow(/"1.5"/);
  });
});

describe("bytes per page on the wire", () => {
  const body = "<html>" + "experts and institutions of the network ".repeat(200) + "</html>";
  let server: http.Server;
  let base = "";
  beforeAll(async () => {
    // A real server that compresses as asked (br before gzip) and answers 404 for /missing.
    server = http.createServer((req, res) => {
      if (req.url?.startsWith("/missing")) return void res.writeHead(404).end("no");
      const accept = String(req.headers["accept-encoding"] ?? "");
      if (/\bbr\b/.test(accept)) return void res.writeHead(200, { "content-encoding": "br" }).end(zlib.brotliCompressSync(body));
      if (/\bgzip\b/.test(accept)) return void res.writeHead(200, { "content-encoding": "gzip" }).end(zlib.gzipSync(body));
      res.writeHead(200).end(body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("counts compressed bytes as sent, per encoding, and lists what did not answer 200", async () => {
    const raw = Buffer.byteLength(body);
    const br = zlib.brotliCompressSync(body).length;
    const gz = zlib.gzipSync(body).length;
    expect(await getOnTheWire(base, "/a", { "accept-encoding": "gzip, br" })).toEqual({ status: 200, bytes: br, encoding: "br" });
    const m = await measurePageBytes(base, ["/a", "/b", "/missing?q=x"], "lng=en");
    expect(m.urls).toBe(3);
    expect(m.non200).toEqual([{ path: "/missing?q=x", status: 404 }]);
    expect(m.identity).toEqual({ mean: raw, max: raw, served: ["identity"] });
    expect(m.br).toEqual({ mean: br, max: br, served: ["br"] });
    expect(m.gzip).toEqual({ mean: gz, max: gz, served: ["gzip"] });
    expect(br).toBeLessThan(raw / 4);
  });
});

describe("CPU by service", () => {
  it("divides the machine's busy time between the services, the rest is other", () => {
    const before: CpuSnapshot = { postgres: 1000, meilisearch: 500, web: 2000, loadGenerator: 100, machine: 10_000 };
    const after: CpuSnapshot = { postgres: 2000, meilisearch: 1500, web: 7000, loadGenerator: 1100, machine: 20_000 };
    const u = cpuUse(before, after, 500);
    expect(u.ms).toEqual({ postgres: 1000, meilisearch: 1000, web: 5000, loadGenerator: 1000, other: 2000, machine: 10_000 });
    expect(u.share).toEqual({ postgres: 0.1, meilisearch: 0.1, web: 0.5, loadGenerator: 0.1, other: 0.2 });
    expect(u.perRequestMs).toEqual({ web: 10, postgres: 2, meilisearch: 2 });
    // A machine counter behind the processes' (read a moment earlier) never gives a negative "other".
    expect(cpuUse(before, { ...after, machine: 15_000 }, 500).ms.other).toBe(0);
  });

  it("finds this Node process in /proc", () => {
    expect(nodeProcessCount(process.pid)).toBeGreaterThanOrEqual(1);
    expect(treeCpuMs(process.pid)).toBeGreaterThan(0);
  });
});

describe("CPU profile summary", () => {
  it("ranks a real node --cpu-prof profile by self time and groups it by origin", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cpu-prof-"));
    try {
      const script = "function busyBenchLoop(){let x=0;const t=Date.now();while(Date.now()-t<300)x+=Math.sqrt(x+1);return x}busyBenchLoop();";
      const t0 = monotonicUs();
      const r = spawnSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, "-e", script], { encoding: "utf8" });
      expect(r.status).toBe(0);
      const files = profileFiles([dir]);
      expect(files).toHaveLength(1);
      const profiles = readProfiles(files);
      const s = summarizeProfiles(profiles);
      expect(s.totalMs).toBeGreaterThan(200);
      const busy = s.functions.find((f) => f.functionName === "busyBenchLoop");
      expect(busy?.selfMs).toBeGreaterThan(100);
      expect(s.functions[0].selfMs).toBeGreaterThanOrEqual(s.functions[1].selfMs);
      expect(s.origins.reduce((a, o) => a + o.shareOfBusy, 0)).toBeCloseTo(1, 1);
      // Windows on the shared monotonic clock: the child's whole life, then only before it started.
      expect(summarizeProfiles(profiles, [[t0, monotonicUs()]]).totalMs).toBe(s.totalMs);
      expect(summarizeProfiles(profiles, [[0, t0]]).totalMs).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names where code comes from", () => {
    expect(originOf("file:///w/node_modules/react-dom/cjs/x.js", "render")).toBe("react-dom");
    expect(originOf("file:///w/node_modules/@remix-run/server-runtime/dist/x.js", "f")).toBe("@remix-run/server-runtime");
    expect(originOf("file:///w/build/index.js", "loader")).toBe("app (build)");
    expect(originOf("node:internal/streams/readable", "read")).toBe("node internals");
    expect(originOf("", "(garbage collector)")).toBe("(garbage collector)");
  });
});
