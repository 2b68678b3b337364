/**
 * `npm run seed:scale -- --experts N --institutions N [--calls N --proposals N] [--seed S] [--replace | --remove] [--no-reindex]`
 * Generates (or removes) benchmark-scale demo data (tooling/scale/scale.ts) in batches with
 * progress lines, then rebuilds the search indexes with `reindex` (the bulk path
 * skips the per-row outbox; docs/performance.md). Arguments are checked
 * before anything starts. Runs against its own database: the embedded servers
 * in DATA_DIR (default `.data-bench/`) unless DATABASE_URL/MEILI_URL are set,
 * so the app's `.data` is never touched.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_SCALE_SEED, MAX_SCALE_COUNT, scaleSizesProblem, wholeNumberOption } from "./scale";

const USAGE = "usage: npm run seed:scale -- --experts N --institutions N [--calls N --proposals N] [--seed S] [--replace | --remove] [--no-reindex]";

/** Arguments, checked before any server starts or anything is written; exits 2 with the usage line when wrong. */
function parseCli() {
  try {
    const { values } = parseArgs({
      options: {
        experts: { type: "string" },
        institutions: { type: "string" },
        calls: { type: "string" },
        proposals: { type: "string" },
        seed: { type: "string", default: String(DEFAULT_SCALE_SEED) },
        replace: { type: "boolean", default: false },
        remove: { type: "boolean", default: false },
        "no-reindex": { type: "boolean", default: false },
      },
    });
    const count = (v: string | undefined, name: string) => (v === undefined ? 0 : wholeNumberOption(v, name, 0, MAX_SCALE_COUNT));
    if (!/^-?\d+$/.test(values.seed!)) throw new Error("--seed must be an integer");
    const opts = {
      experts: count(values.experts, "experts"),
      institutions: count(values.institutions, "institutions"),
      calls: count(values.calls, "calls"),
      proposals: count(values.proposals, "proposals"),
      seed: Number(values.seed),
      replace: values.replace!,
      remove: values.remove!,
      reindex: !values["no-reindex"],
    };
    if (opts.replace && opts.remove) throw new Error("--replace and --remove exclude each other");
    if (!opts.remove) {
      const { institutions, experts, calls, proposals } = opts;
      const problem = scaleSizesProblem({ institutions, experts, calls, proposals });
      if (problem) throw new Error(problem);
    }
    return opts;
  } catch (err) {
    // node:util's own messages for unknown options or "-5" (read as an option) are kept, with our usage line.
    const message = (err as Error).message;
    console.error(`${/ambiguous/.test(message) ? "counts must be whole numbers from 0 (a leading - is read as an option)" : message}\n${USAGE}`);
    process.exit(2);
  }
}

const opts = parseCli();

// Our own servers unless DATABASE_URL/MEILI_URL are given: the bench data directory, never the app's `.data`.
let stopServices: (() => Promise<void>) | null = null;
if (!process.env.DATABASE_URL) {
  const { startServices } = await import("../services");
  try {
    const services = await startServices({ dataDir: path.resolve(process.env.DATA_DIR ?? ".data-bench"), log: (m) => console.log(m) });
    process.env.DATABASE_URL = services.databaseUrl;
    process.env.MEILI_URL = services.meiliUrl;
    process.env.MEILI_MASTER_KEY = services.meiliKey;
    stopServices = () => services.stop();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
const { connect } = await import("../../db/connect");
const { removeScale, seedScale } = await import("./scale");
const { prepareDatabase } = await import("../../app/utils/bootstrap.server");

const handle = connect(process.env.DATABASE_URL ?? "", { max: 4 });
const t0 = performance.now();
try {
  await prepareDatabase(handle.db, (m) => console.log(m));
  if (opts.remove || opts.replace) {
    const r = await removeScale(handle.db, { log: (m) => console.log(m) });
    console.log(`Removed ${r.proposals} demo proposals, ${r.calls} demo calls, ${r.experts} demo experts and ${r.institutions} demo institutions.`);
  }
  if (!opts.remove) {
    const r = await seedScale(handle.db, { ...opts, log: (m) => console.log(m) });
    console.log(
      `Created ${r.institutions} demo institutions (${r.institutionTopics} topic links) and ${r.experts} demo experts (${r.expertTopics} topic links), seed ${opts.seed}.`,
    );
    console.log(
      `Created ${r.calls} demo calls (${r.callTopics} topic links) and ${r.proposals} demo proposals (${r.proposalTopics} topic links, ${r.proposalPartners} partners, ${r.proposalTeam} team members, ${r.proposalEvents} events).`,
    );
    if (r.proposals)
      console.log(
        `Proposals by state: ${Object.entries(r.proposalsByState)
          .map(([s, n]) => `${s} ${n}`)
          .join(", ")}.`,
      );
  }
  if (opts.reindex) {
    console.log("Rebuilding the search indexes (bulk path: no per-row outbox)…");
    const { reindex } = await import("../../app/search/reindex.server");
    const counts = await reindex(handle.db, { log: (m) => console.log(m) });
    console.log(`Indexed ${JSON.stringify(counts)}`);
  } else console.log("Search indexes NOT rebuilt (--no-reindex): run `npm run search:reindex` with the same DATA_DIR.");
  console.log(`Done in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await handle.close();
  await stopServices?.();
}
