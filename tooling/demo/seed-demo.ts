/**
 * `npm run seed:demo [-- --remove | --replace] [--experts N] [--seed S]`
 * Loads (or removes) the generated demo experts (tooling/demo/demo.ts) and demo calls and
 * proposals (tooling/demo/demo-proposals.ts). Migrates and
 * imports the reference data first when the database is empty. Search picks
 * the change up through the outbox (the app's worker, `npm run worker`, or
 * `npm run search:reindex`).
 */
import { parseArgs } from "node:util";
import { connect } from "../../db/connect";
import { DEFAULT_DEMO_EXPERTS, DEFAULT_DEMO_SEED, removeDemo, seedDemo } from "./demo";
import { removeDemoCollaboration, seedDemoCollaboration } from "./demo-proposals";
import { prepareDatabase } from "../../app/utils/bootstrap.server";

const USAGE = "usage: npm run seed:demo -- [--remove | --replace] [--experts 1..100000] [--seed integer]";
let values: { remove: boolean; replace: boolean; experts: string; seed: string };
try {
  ({ values } = parseArgs({
    options: {
      remove: { type: "boolean", default: false },
      replace: { type: "boolean", default: false },
      experts: { type: "string", default: String(DEFAULT_DEMO_EXPERTS) },
      seed: { type: "string", default: String(DEFAULT_DEMO_SEED) },
    },
  }) as { values: typeof values });
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const experts = Number(values.experts);
const seed = Number(values.seed);
if (!/^\d+$/.test(values.experts) || experts < 1 || experts > 100_000 || !/^-?\d+$/.test(values.seed)) {
  console.error(USAGE);
  process.exit(2);
}
const handle = connect(process.env.DATABASE_URL ?? "", { max: 4 });
try {
  await prepareDatabase(handle.db, (m) => console.log(m));
  if (values.remove || values.replace) {
    const c = await removeDemoCollaboration(handle.db);
    console.log(`Removed ${c.calls} demo call(s), ${c.proposals} demo proposal(s) and ${c.users} demo user(s).`);
    console.log(`Removed ${await removeDemo(handle.db)} demo expert(s).`);
  }
  if (!values.remove) {
    const r = await seedDemo(handle.db, { seed, experts });
    console.log(r.skipped ? "Demo experts already present: nothing to do (use --replace to regenerate)." : `Created ${r.created} demo experts (seed ${seed}).`);
    const c = await seedDemoCollaboration(handle.db, { seed });
    if (!c.skipped) console.log(`Created ${c.calls} demo calls and ${c.proposals} demo proposals with their histories.`);
  }
  console.log("The search index catches up through the outbox (npm start or npm run worker).");
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await handle.close();
}
