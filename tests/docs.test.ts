/**
 * The docs cite only what exists. For README.md and every docs/**\/*.md:
 * - repository paths in code spans and links (app/…, db/…, tests/…, tooling/…,
 *   scripts/…, docs/…, public/…, .ci/…, and top-level files such as
 *   package.json) exist; `*` and `<name>` stand for any one path segment part;
 * - `npm run X` / `npm start|test` name a script of package.json;
 * - environment variables (UPPER_SNAKE code spans, `NAME=value`, and the
 *   first column of tables headed "variable") are read by the code:
 *   `process.env.NAME` in app/, db/, tooling/, scripts/, tests/, server.ts,
 *   the schema in app/utils/env.server.ts, or `$NAME` in shell scripts. An
 *   UPPER_SNAKE code span outside such a table may also be a constant the code
 *   declares (`SCORE_WEIGHTS`);
 * - relative markdown links resolve to a file, and their #anchor to a heading.
 * Pure: reads files only (no database, no search).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

const PATH_ROOTS = ["app", "db", "tests", "tooling", "scripts", "docs", "public", ".ci", "bench"];
const TOP_LEVEL_FILE =
  /^(?:package\.json|package-lock\.json|server\.ts|remix\.config\.js|remix\.env\.d\.ts|tsconfig\.json|vitest\.config\.ts|eslint\.config\.js|README\.md|\.gitignore|\.prettierrc(?:\.json)?|\.prettierignore)$/;
const SKIP_DIRS = new Set(["node_modules", ".git", "build", ".cache", "test-results"]);
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

export type Citations = {
  paths: string[];
  scripts: string[];
  /** Names that must be environment variables (tables, `NAME=value`). */
  envVars: string[];
  /** UPPER_SNAKE code spans: an environment variable or a constant declared in the code. */
  names: string[];
  /** Relative link targets as written (resolved against the document's folder). */
  links: string[];
};

/** Markdown without fenced code blocks (diagrams, shell sessions); scripts are still read from the full text. */
function withoutFences(md: string): string {
  return md.replace(/^```[\s\S]*?^```/gm, "");
}

function codeSpans(md: string): string[] {
  return [...withoutFences(md).matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
}

/** A token as a repository path (trailing punctuation, #anchor and ?query dropped), or null. */
function asRepoPath(token: string): string | null {
  const t = token.replace(/[),.;:]+$/, "").replace(/[#?].*$/, "");
  if (TOP_LEVEL_FILE.test(t)) return t;
  const first = t.split("/")[0];
  if (t.includes("/") && PATH_ROOTS.includes(first) && /^[\w.$@*<>[\]/-]+$/.test(t)) return t;
  return null;
}

/** Everything a markdown text cites. Exported for the unit checks below. */
export function extractCitations(md: string): Citations {
  const spans = codeSpans(md);
  const paths = new Set<string>();
  for (const span of spans) {
    for (const token of span.split(/[\s,()]+/)) {
      const p = asRepoPath(token);
      if (p) paths.add(p);
    }
  }
  const links: string[] = [];
  for (const m of withoutFences(md).matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1];
    if (/^[a-z]+:/i.test(target) || target.startsWith("#")) continue;
    links.push(target);
  }

  const scripts = new Set<string>();
  for (const m of md.matchAll(/\bnpm run ([\w:.-]+)/g)) scripts.add(m[1].replace(/[.:]+$/, ""));
  for (const m of md.matchAll(/\bnpm (start|test|stop|restart)\b/g)) scripts.add(m[1]);

  const envVars = new Set<string>();
  const names = new Set<string>();
  for (const span of spans) {
    const assign = /^([A-Z][A-Z0-9_]*)=/.exec(span);
    if (assign) envVars.add(assign[1]);
    else if (UPPER_SNAKE.test(span)) names.add(span);
  }
  // Tables whose header's first cell is "variable": every code span of the first cell is a variable.
  let inVariableTable = false;
  for (const line of withoutFences(md).split("\n")) {
    if (!line.startsWith("|")) {
      inVariableTable = false;
      continue;
    }
    const first = line.split("|")[1]?.trim() ?? "";
    if (/^variables?$/i.test(first)) inVariableTable = true;
    else if (inVariableTable) for (const m of first.matchAll(/`([^`]+)`/g)) envVars.add(m[1]);
  }
  for (const v of envVars) names.delete(v);
  return { paths: [...paths], scripts: [...scripts], envVars: [...envVars], names: [...names], links };
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, "")
    .replace(/[^\p{L}\p{N} -]/gu, "")
    .replace(/ /g, "-");
}

// ---- what the repository has -------------------------------------------------

function walk(dir: string, files: string[], dirs: string[]) {
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name) || entry.name.startsWith(".data")) continue;
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (rel === "public/build") continue;
      dirs.push(rel);
      walk(rel, files, dirs);
    } else files.push(rel);
  }
}

const FILES: string[] = [];
const DIRS: string[] = [];
walk("", FILES, DIRS);

/** A cited path with `*` or `<name>` placeholders as a regular expression over repository paths. */
function pathPattern(cited: string): RegExp {
  const body = cited
    .replace(/\/$/, "")
    .split(/(\*|<[^>]+>)/)
    .map((part, i) => (i % 2 ? "[^/]+" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}

/** True when the cited path (file, or folder when it ends with `/`) exists in `files`/`dirs`. */
export function pathExists(cited: string, files: string[] = FILES, dirs: string[] = DIRS): boolean {
  const re = pathPattern(cited);
  const candidates = cited.endsWith("/") ? dirs : [...files, ...dirs];
  return candidates.some((p) => re.test(p));
}

function sourceFiles(): string[] {
  const roots = ["app/", "db/", "tooling/", "scripts/", "tests/", ".ci/"];
  return FILES.filter(
    (f) =>
      (roots.some((r) => f.startsWith(r)) || ["server.ts", "remix.config.js", "vitest.config.ts"].includes(f)) &&
      /\.(?:ts|tsx|js|mjs|sh)$|^\.ci\//.test(f) &&
      !f.startsWith("db/data/"),
  );
}

/** Environment variables the code reads, and UPPER_SNAKE names it declares. */
function codeNames(): { env: Set<string>; declared: Set<string> } {
  const env = new Set<string>();
  const declared = new Set<string>();
  for (const file of sourceFiles()) {
    const text = readFileSync(path.join(ROOT, file), "utf8");
    for (const m of text.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\])/g)) env.add(m[1] ?? m[2]);
    if (/\.sh$|^\.ci\//.test(file)) for (const m of text.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)) env.add(m[1]);
    for (const m of text.matchAll(/\b(?:const|let|var|function|class|enum|type|interface)\s+([A-Z][A-Z0-9_]*)\b/g)) declared.add(m[1]);
  }
  // The app's variables are keys of the Zod schema (read through getEnv(), not process.env.NAME).
  const envModule = readFileSync(path.join(ROOT, "app/utils/env.server.ts"), "utf8");
  for (const m of envModule.matchAll(/^\s+([A-Z][A-Z0-9_]*):\s*z\./gm)) env.add(m[1]);
  return { env, declared };
}

function docs(): string[] {
  return ["README.md", ...FILES.filter((f) => f.startsWith("docs/") && f.endsWith(".md"))].sort();
}

function headingsOf(file: string): Set<string> {
  const text = withoutFences(readFileSync(path.join(ROOT, file), "utf8"));
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingSlug(m[1])));
}

/** Problems in one document, as readable lines ("docs/x.md: cites missing path `app/y.ts`"). */
function problemsIn(doc: string, scripts: Set<string>, env: Set<string>, declared: Set<string>): string[] {
  const md = readFileSync(path.join(ROOT, doc), "utf8");
  const c = extractCitations(md);
  const out: string[] = [];
  for (const p of c.paths) if (!pathExists(p)) out.push(`${doc}: cites missing path \`${p}\``);
  for (const s of c.scripts) if (!scripts.has(s)) out.push(`${doc}: cites \`npm run ${s}\`, not in package.json`);
  for (const v of c.envVars) if (!env.has(v)) out.push(`${doc}: cites environment variable \`${v}\`, which the code does not read`);
  for (const n of c.names)
    if (!env.has(n) && !declared.has(n)) out.push(`${doc}: cites \`${n}\`, neither an environment variable the code reads nor a name it declares`);
  for (const link of c.links) {
    const [target, anchor] = link.split("#");
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(doc), target));
    const isDir = DIRS.includes(resolved.replace(/\/$/, ""));
    if (!FILES.includes(resolved) && !isDir) {
      out.push(`${doc}: link \`${link}\` does not resolve (${resolved})`);
      continue;
    }
    if (anchor && resolved.endsWith(".md") && !headingsOf(resolved).has(anchor)) out.push(`${doc}: link \`${link}\`: no heading #${anchor}`);
  }
  return out;
}

describe("extractCitations (unit)", () => {
  it("finds paths, scripts, variables and links in a text", () => {
    const c = extractCitations(
      [
        "See `app/nowhere/missing.server.ts` and `tooling/bench/results/latest-*.json`, run `npx tsx scripts/reindex.ts --all`.",
        "Then `npm run no-such-script -- --x` and npm test; set `NOT_A_REAL_VAR=1` or `SCORE_WEIGHTS`; routes like `/calls/:id` are not paths.",
        "[a link](architecture.md#purpose) and [external](https://example.org/x) and [self](#top).",
        "",
        "| variable | meaning |",
        "| --- | --- |",
        "| `MEILI_URL`, `PORT` | x |",
        "",
        "```sh",
        "cat `app/in/a/fence.ts`",
        "```",
      ].join("\n"),
    );
    expect(c.paths.sort()).toEqual(["app/nowhere/missing.server.ts", "scripts/reindex.ts", "tooling/bench/results/latest-*.json"]);
    expect(c.scripts.sort()).toEqual(["no-such-script", "test"]);
    expect(c.envVars.sort()).toEqual(["MEILI_URL", "NOT_A_REAL_VAR", "PORT"]);
    expect(c.names).toEqual(["SCORE_WEIGHTS"]);
    expect(c.links).toEqual(["architecture.md#purpose"]);
  });

  it("rejects a planted bad path, accepts real ones and placeholders", () => {
    const [planted] = extractCitations("the model lives in `app/models/matching.server.ts`.").paths;
    expect(planted).toBe("app/models/matching.server.ts");
    expect(pathExists(planted)).toBe(false);
    expect(pathExists("app/utils/env.server.ts")).toBe(true);
    expect(pathExists("app/features/<feature>/")).toBe(true);
    expect(pathExists("app/features/no-such-feature/")).toBe(false);
    expect(pathExists("tooling/bench/results/latest-*.json")).toBe(true);
    expect(pathExists("package.json")).toBe(true);
  });

  it("makes GitHub's heading anchors", () => {
    expect(headingSlug("The first admin")).toBe("the-first-admin");
    expect(headingSlug("`localizedAttributes` only where known")).toBe("localizedattributes-only-where-known");
    expect(headingSlug("011. Glossary, at query time!")).toBe("011-glossary-at-query-time");
  });
});

describe("README.md and docs/ cite only what exists", () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const scripts = new Set(Object.keys(pkg.scripts));
  const { env, declared } = codeNames();

  it("reads the environment schema and the code (sanity of the checker)", () => {
    for (const v of ["DATABASE_URL", "SMTP_HOST", "DATA_DIR", "CHROMIUM_PATH"]) expect(env.has(v), v).toBe(true);
    expect(docs()).toEqual(expect.arrayContaining(["README.md", "docs/architecture.md", "docs/decisions/README.md"]));
  });

  it("every cited path, npm script, environment variable and relative link exists", () => {
    const problems = docs().flatMap((doc) => problemsIn(doc, scripts, env, declared));
    expect(problems).toEqual([]);
  });

  it("README.md stays a front page (at most 150 lines) with the two commands CI and newcomers use", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme.trimEnd().split("\n").length).toBeLessThanOrEqual(150);
    expect(readme).toContain("```sh\nnpm ci && npm start\n```");
    expect(readme).toContain("```sh\nnpm ci && npm test\n```");
  });

  it("docs/performance.md carries the block npm run bench:report fills", () => {
    const perf = readFileSync(path.join(ROOT, "docs/performance.md"), "utf8");
    const start = perf.indexOf("<!-- bench:report:start -->");
    const end = perf.indexOf("<!-- bench:report:end -->");
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
  });

  it("nothing cites a design file outside the repository", () => {
    const outside = docs().filter((doc) => /DESIGN\.md|\/work\/shared|\.\.\/shared/.test(readFileSync(path.join(ROOT, doc), "utf8")));
    expect(outside).toEqual([]);
  });
});
