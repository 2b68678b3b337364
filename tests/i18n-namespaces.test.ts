/**
 * Every page route names, in `handle.i18n`, each catalogue namespace that it
 * and the components it renders (followed through their imports of
 * ~/components/…) translate with: `useTranslation("ns")`, or a key written
 * with its namespace ("ns:key"). The browser is sent only those namespaces
 * before hydrating; one left out would render its keys, or differ from the
 * server's HTML. `common` is always there (the root's).
 */
import fs from "node:fs";
import path from "node:path";
import { NAMESPACES } from "../app/i18n/languages";
import { ROUTES_DIR, routeFiles } from "./helpers/routes";

const APP = path.resolve("app");
const KNOWN = new Set<string>(NAMESPACES);

function resolveComponent(spec: string): string | null {
  const base = path.join(APP, spec.replace(/^~\//, ""));
  for (const f of [`${base}.tsx`, `${base}.ts`, path.join(base, "index.tsx")]) if (fs.existsSync(f)) return f;
  return null;
}

/** Namespaces `file` translates with, and those of the components it imports (transitively). */
function namespacesOf(file: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(file)) return out;
  seen.add(file);
  const src = fs.readFileSync(file, "utf8");
  for (const m of src.matchAll(/useTranslation\(\s*(\[[^\]]*\]|"[^"]*")/g))
    for (const ns of m[1].matchAll(/"([a-z][a-zA-Z]*)"/g)) if (KNOWN.has(ns[1])) out.add(ns[1]);
  for (const m of src.matchAll(/["'`]([a-z][a-zA-Z]*):[a-zA-Z]/g)) if (KNOWN.has(m[1])) out.add(m[1]);
  for (const m of src.matchAll(/from\s+"(~\/components\/[^"]+)"/g)) {
    const dep = resolveComponent(m[1]);
    if (dep) for (const ns of namespacesOf(dep, seen)) out.add(ns);
  }
  return out;
}

function declared(src: string): Set<string> {
  const m = /export\s+const\s+handle\s*=\s*\{[^}]*?i18n:\s*\[([^\]]*)\]/s.exec(src);
  return new Set(m ? [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : []);
}

describe("route namespaces", () => {
  it("each page route declares every namespace it renders with", () => {
    const problems: string[] = [];
    for (const f of routeFiles()) {
      const file = path.join(ROUTES_DIR, f);
      const src = fs.readFileSync(file, "utf8");
      if (!/export\s+default\b/.test(src)) continue;
      const have = declared(src);
      const need = [...namespacesOf(file)].filter((ns) => ns !== "common" && !have.has(ns));
      if (need.length) problems.push(`${f}: handle.i18n lacks ${need.join(", ")}`);
      const unknown = [...have].filter((ns) => !KNOWN.has(ns));
      if (unknown.length) problems.push(`${f}: handle.i18n names unknown ${unknown.join(", ")}`);
    }
    expect(problems).toEqual([]);
  });
});
