/**
 * `npx tsx tooling/demo/print-demo-profiles.ts [--sample N | --all] [--seed S]`
 * Prints demo institutions' declared topic profiles (tooling/demo/demo-profiles.ts) for
 * review, from the reference data files alone (no database): country, kind,
 * themes read from the name, institution name and its profile topics.
 * `--sample N` (default 30) picks N host candidates at random (seeded), `--all`
 * lists every institution that can host demo experts (tab-separated).
 */
import { parseArgs } from "node:util";
import { readDataFile, type OpenAlexTopic, type RorRecord } from "../../db/import";
import { DEFAULT_DEMO_SEED, Rng, demoHostCandidates, topicRowsOf } from "./demo";
import { institutionProfile, themePools } from "./demo-profiles";

const { values } = parseArgs({
  options: {
    sample: { type: "string", default: "30" },
    all: { type: "boolean", default: false },
    seed: { type: "string", default: String(DEFAULT_DEMO_SEED) },
  },
});
const seed = Number(values.seed);
const pools = themePools(topicRowsOf(await readDataFile<OpenAlexTopic>("openalex-ict-topics.json")));
const hosts = demoHostCandidates(await readDataFile<RorRecord>("ror-eco-institutions.json"));
const shown = values.all ? hosts : new Rng(seed).sample(hosts, Number(values.sample));
for (const h of shown) {
  const p = institutionProfile(seed, { key: h.ror, names: h.names, kind: h.kind }, pools);
  const topics = p.topics.map((t) => t.name);
  if (values.all) console.log([h.country, h.kind, p.themes.join("+"), h.name, topics.join("; ")].join("\t"));
  else
    console.log(
      `${h.name} (${h.country}, ${h.kind === "university" ? "univ." : "centre"}) [${p.themes.join("+")}]\n    ${topics.slice(0, 5).join("; ")}${topics.length > 5 ? `; … (${topics.length})` : ""}`,
    );
}
if (!values.all) console.log(`\n${shown.length} of ${hosts.length} institutions that can host demo experts (seed ${seed}); --all lists every one.`);
