/**
 * The architecture's boundaries (issue 15, "Boundaries" and "How it must show"),
 * checked on the source:
 * - the import rules of eslint.config.js (`boundaries`): components import no
 *   `*.server` module and nothing from db/; features, search, utils and the domain
 *   import no component or route; the domain imports no `*.server` module; inside
 *   app/ no `../` import. Run here on their own, and shown to catch planted
 *   violations, so that `npm run lint` cannot quietly stop enforcing them;
 * - no SQL in app/routes (queries live in the features);
 * - no file in app/ over 400 lines.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { boundaries } from "../eslint.config.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const APP = path.join(ROOT, "app");
const LINT_TIMEOUT = 180_000; // ESLint parses every file of app/; the machine is shared

/** ESLint with the boundary rules only (no other rule, no project config file). */
const boundaryLint = () => new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: boundaries });

/** Every file under `dir` (paths relative to the project root), recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => path.relative(ROOT, f));
}

/** "file:line rule message" for each message ESLint reported. */
const describeMessages = (results: ESLint.LintResult[]) =>
  results.flatMap((r) => r.messages.map((m) => `${path.relative(ROOT, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));

describe("import boundaries (eslint.config.js)", () => {
  it(
    "app/ breaks none of them",
    async () => {
      const results = await boundaryLint().lintFiles(["app/**/*.{ts,tsx}"]);
      expect(results.length).toBeGreaterThan(100); // the whole app was linted, not an empty match
      expect(describeMessages(results)).toEqual([]);
    },
    LINT_TIMEOUT,
  );

  it.each([
    ["app/components/planted.tsx", `import { getDb } from "~/utils/db.server";\nexport const x = getDb;`],
    ["app/components/planted.tsx", `import type { DB } from "~db/types";\nexport type X = DB;`],
    ["app/components/planted.tsx", `import { x } from "./local.server";\nexport const y = x;`],
    ["app/components/planted.tsx", `export { proposalPageData } from "~/features/proposals/proposal-route.server";`],
    ["app/features/matching/planted.ts", `import { HL_PRE } from "~/components/highlight";\nexport const x = HL_PRE;`],
    ["app/search/planted.server.ts", `import { loader } from "~/routes/partners";\nexport const x = loader;`],
    ["app/utils/planted.ts", `import type { CallFormDefaults } from "~/components/call-form";\nexport type X = CallFormDefaults;`],
    ["app/domain/planted.ts", `import { getDb } from "~/utils/db.server";\nexport const x = getDb;`],
    ["app/routes/planted.tsx", `import { x } from "../utils/input";\nexport const y = x;`],
  ])(
    "reports a planted violation in %s: %s",
    async (file, code) => {
      const results = await boundaryLint().lintText(code, { filePath: path.join(ROOT, file) });
      const messages = results.flatMap((r) => r.messages);
      expect(messages.map((m) => m.ruleId)).toEqual(["no-restricted-imports"]);
      expect(messages[0].severity).toBe(2);
    },
    LINT_TIMEOUT,
  );

  it(
    "allows what the architecture allows",
    async () => {
      const allowed: [string, string][] = [
        // components use the features' pure modules and the domain vocabulary
        ["app/components/planted.tsx", `import { SUMMARY_MAX } from "~/features/reports/report-summary";\nexport const x = SUMMARY_MAX;`],
        // routes may use server modules and components
        ["app/routes/planted.tsx", `import { getDb } from "~/utils/db.server";\nimport { Facet } from "~/components/facet";\nexport const x = [getDb, Facet];`],
        // server code uses db types
        ["app/features/calls/planted.server.ts", `import type { DB } from "~db/types";\nexport type X = DB;`],
      ];
      for (const [file, code] of allowed) {
        const results = await boundaryLint().lintText(code, { filePath: path.join(ROOT, file) });
        expect(describeMessages(results), file).toEqual([]);
      }
    },
    LINT_TIMEOUT,
  );

  it(
    "npm run lint enforces them: the project config makes them errors",
    async () => {
      const config = await new ESLint({ cwd: ROOT }).calculateConfigForFile(path.join(ROOT, "app/components/planted.tsx"));
      const [severity, options] = config.rules["no-restricted-imports"];
      expect(severity).toBe(2);
      expect(options.patterns.flatMap((p: { group?: string[] }) => p.group ?? [])).toEqual(expect.arrayContaining(["**/*.server", "~db/*"]));
    },
    LINT_TIMEOUT,
  );
});

describe("where code lives", () => {
  it("no route runs SQL (selectFrom, insertInto, updateTable, deleteFrom, sql``): queries live in app/features", () => {
    const SQL = /\b(selectFrom|insertInto|updateTable|deleteFrom)\b|\bsql`/;
    const offenders = filesUnder(path.join(APP, "routes")).flatMap((file) =>
      readFileSync(path.join(ROOT, file), "utf8")
        .split("\n")
        .flatMap((line, i) => (SQL.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });

  it("no file in app/ is over 400 lines", () => {
    const files = filesUnder(APP);
    expect(files.length).toBeGreaterThan(100);
    const over = files
      .map((file) => ({ file, lines: readFileSync(path.join(ROOT, file), "utf8").replace(/\n$/, "").split("\n").length }))
      .filter((f) => f.lines > 400)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(over).toEqual([]);
  });
});
