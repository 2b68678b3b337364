/**
 * Maintains db/data/glossary.json against the taxonomy (db/data/openalex-ict-topics.json):
 * - recomputes each concept's `topics` (OpenAlex ids of the topics whose *names*
 *   contain one of its English terms, matched as app/search/glossary-match.ts matches);
 * - lists the commonest topic keywords (in ≥ 3 topics) that no English glossary
 *   term covers, to show what to add next.
 *
 * Usage: `npx tsx scripts/glossary-topics.ts` (rewrites the file, one concept a
 * line) or `npx tsx scripts/glossary-topics.ts --check` (writes nothing; exit 1
 * when a `topics` list is stale). Exit 2 on unknown arguments.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GLOSSARY_LANGUAGES, glossarySchema, type Glossary } from "../app/search/glossary";
import { topicsOfConcept } from "../app/search/glossary-match";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../db/data");
const args = process.argv.slice(2);
if (args.some((a) => a !== "--check")) {
  console.error("usage: tsx scripts/glossary-topics.ts [--check]");
  process.exit(2);
}
const check = args.includes("--check");

const file = path.join(DATA, "glossary.json");
const glossary: Glossary = glossarySchema.parse(JSON.parse(readFileSync(file, "utf8")));
const taxonomy = JSON.parse(readFileSync(path.join(DATA, "openalex-ict-topics.json"), "utf8")) as Array<{
  id: string;
  name: string;
  keywords: string[];
}>;

let stale = 0;
for (const c of glossary.concepts) {
  const topics = topicsOfConcept(c, taxonomy);
  if (JSON.stringify(topics) !== JSON.stringify(c.topics ?? [])) {
    stale++;
    if (topics.length) c.topics = topics;
    else delete c.topics;
  }
}

// Keywords of ≥ 3 topics that no English term covers.
const counts = new Map<string, number>();
for (const t of taxonomy) for (const k of new Set(t.keywords.map((x) => x.toLowerCase()))) counts.set(k, (counts.get(k) ?? 0) + 1);
const english = glossary.concepts.flatMap((c) => c.en);
const uncovered = [...counts]
  .filter(([k, n]) => n >= 3 && !english.some((e) => topicsOfConcept({ en: [e] }, [{ id: "T0", name: k }]).length > 0))
  .sort((a, b) => b[1] - a[1]);
console.log(`${glossary.concepts.length} concepts; ${stale} with stale topics`);
console.log(`keywords in ≥ 3 topics not covered: ${uncovered.length}`);
for (const [k, n] of uncovered) console.log(`  ${n} ${k}`);

if (check) process.exit(stale ? 1 : 0);

/** One concept a line, keys in a fixed order, so diffs stay readable. */
function serialise(g: Glossary): string {
  const order = ["id", ...GLOSSARY_LANGUAGES, "topics", "source"] as const;
  const head = (["source", "licence", "languages", "notes"] as const)
    .filter((k) => g[k] !== undefined)
    .map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(g[k])},`);
  const lines = g.concepts.map((c) => {
    const o: Record<string, unknown> = {};
    for (const k of order) if (c[k] !== undefined) o[k] = c[k];
    return `    ${JSON.stringify(o)}`;
  });
  return `{\n${head.join("\n")}\n  "concepts": [\n${lines.join(",\n")}\n  ]\n}\n`;
}
writeFileSync(file, serialise(glossary));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
