/**
 * `npm run bench:report`: rewrites the performance table in docs/performance.md
 * (between `<!-- bench:report:start -->` and `<!-- bench:report:end -->`) from
 * tooling/bench/results/latest-*.json, so the published figures always come from
 * a run and are never typed by hand. Creates the file with just the block when
 * it does not exist.
 */
import path from "node:path";
import { RESULTS_DIR } from "./lib";
import { writeReport } from "./report-table";

const DOC = path.resolve(path.dirname(RESULTS_DIR), "../../docs/performance.md");
try {
  console.log(writeReport(DOC, RESULTS_DIR));
  console.log(`\nWritten to ${path.relative(process.cwd(), DOC)}.`);
} catch (err) {
  console.error(`${path.relative(process.cwd(), DOC)}: ${(err as Error).message}`);
  process.exit(1);
}
