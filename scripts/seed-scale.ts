/**
 * `npm run seed:scale -- --experts N --institutions N [--calls N --proposals N] [--seed S] [--replace | --remove] [--no-reindex]`
 * Generates (or removes) benchmark-scale demo data (db/scale.ts) in batches with
 * progress lines, then rebuilds the search indexes with `reindex` (the bulk path
 * skips the per-row outbox; README "Performance"). Runs against its own
 * database: the npm script sets DATA_DIR=.data-bench unless DATA_DIR or
 * DATABASE_URL/MEILI_URL say otherwise, so the app's `.data` is never touched.
 */
import { parseArgs } from "node:util";
import { connect } from "../db/connect";
import { DEFAULT_SCALE_SEED, removeScale, seedScale } from "../db/scale";
import { prepareDatabase } from "../app/utils/bootstrap.server";

const USAGE =
  "usage: npm run seed:scale -- --experts N --institutions N [--calls N --proposals N] [--seed S] [--replace | --remove] [--no-reindex]";
const count = (s: string | undefined, name: string) => {
  if (s === undefined) return 0;
  if (!/^\d+$/.test(s) || Number(s) > 2_000_000) throw new Error(`--${name} must be an integer 0..2000000`);
  return Number(s);
};
let opts: { experts: number; institutions: number; calls: number; proposals: number; seed: number; replace: boolean; remove: boolean; reindex: boolean };
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
  if (!/^-?\d+$/.test(values.seed!)) throw new Error("--seed must be an integer");
  opts = {
    experts: count(values.experts, "experts"),
    institutions: count(values.institutions, "institutions"),
    calls: count(values.calls, "calls"),
    proposals: count(values.proposals, "proposals"),
    seed: Number(values.seed),
    replace: values.replace!,
    remove: values.remove!,
    reindex: !values["no-reindex"],
  };
  if (!opts.remove && opts.experts + opts.institutions + opts.calls + opts.proposals === 0) throw new Error("nothing to generate");
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}

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
    console.log(`Created ${r.institutions} demo institutions (${r.institutionTopics} topic links) and ${r.experts} demo experts (${r.expertTopics} topic links), seed ${opts.seed}.`);
    console.log(`Created ${r.calls} demo calls (${r.callTopics} topic links) and ${r.proposals} demo proposals (${r.proposalTopics} topic links, ${r.proposalPartners} partners, ${r.proposalTeam} team members, ${r.proposalEvents} events).`);
    if (r.proposals) console.log(`Proposals by state: ${Object.entries(r.proposalsByState).map(([s, n]) => `${s} ${n}`).join(", ")}.`);
  }
  if (opts.reindex) {
    console.log("Rebuilding the search indexes (bulk path: no per-row outbox)…");
    const { reindex } = await import("../app/search/sync.server");
    const counts = await reindex(handle.db, { log: (m) => console.log(m) });
    console.log(`Indexed ${JSON.stringify(counts)}`);
  } else console.log("Search indexes NOT rebuilt (--no-reindex): run `npm run search:reindex` with the same DATA_DIR.");
  console.log(`Done in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await handle.close();
}
