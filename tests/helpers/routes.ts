/**
 * The app's route files and the URL patterns Remix derives from their names,
 * for tests that must cover every route (route inventory, hostile input).
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

/** Route files (flat files, or folders with a route.* module), relative to app/routes. */
export function routeFiles(): string[] {
  return readdirSync(ROUTES_DIR)
    .filter((name) => !name.startsWith("."))
    .flatMap((name) => {
      const full = path.join(ROUTES_DIR, name);
      if (statSync(full).isDirectory()) {
        const inner = ["route.tsx", "route.ts", "route.jsx", "route.js"].find((f) => existsSync(path.join(full, f)));
        return inner ? [`${name}/${inner}`] : [];
      }
      return /\.(tsx?|jsx?)$/.test(name) && !/\.test\.(tsx?)$/.test(name) ? [name] : [];
    })
    .sort();
}

/** Remix v2 flat-routes file name → URL pattern ("institutions.$id.tsx" → "/institutions/:id"). */
export function patternOf(file: string): string {
  const base = file.replace(/\/route\.(tsx?|jsx?)$/, "").replace(/\.(tsx?|jsx?)$/, "");
  const segments: string[] = [];
  // Split on dots outside [escapes].
  for (const raw of base.match(/(\[[^\]]*\]|[^.])+/g) ?? []) {
    if (raw === "_index" || (raw.startsWith("_") && !raw.startsWith("_["))) continue; // index route / pathless layout
    const seg = raw.replace(/_$/, "").replace(/\[([^\]]*)\]/g, "$1");
    segments.push(seg === "$" ? "*" : seg.startsWith("$") ? `:${seg.slice(1)}` : seg);
  }
  return `/${segments.join("/")}`;
}

/** True when the route file (relative to app/routes) exports an action. */
export function hasAction(file: string): boolean {
  const src = readFileSync(path.join(ROUTES_DIR, file), "utf8");
  return /export\s+(async\s+)?function\s+action\b|export\s+(const|let)\s+action\b|export\s*\{[^}]*\baction\b/.test(src);
}
