/**
 * Remix drops `*.server` modules from the browser bundle, so a value imported
 * from one is `undefined` when a route component renders during hydration
 * (the secretariat queue crashed on `QUEUE_STATES.map`). Static check: no
 * route component uses a name imported (as a value) from a `.server` module.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const ROUTES = path.resolve(import.meta.dirname, "../app/routes");

it("route components use no values imported from .server modules", () => {
  const offenders: string[] = [];
  for (const file of readdirSync(ROUTES).filter((f) => f.endsWith(".tsx"))) {
    const src = readFileSync(path.join(ROUTES, file), "utf8");
    // The default export up to the next top-level export, without its string literals (catalogue keys such as "account.changePassword").
    const component = src
      .split(/export default function/)[1]
      ?.split(/\nexport /)[0]
      .replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
    if (!component) continue;
    for (const m of src.matchAll(/import\s+\{([^}]*)\}\s+from\s+"[^"]*\.server"/g)) {
      const names = m[1]
        .split(",")
        .map((n) => n.trim())
        .filter((n) => n && !n.startsWith("type "))
        .map((n) => n.split(/\s+as\s+/).pop()!);
      for (const n of names) if (new RegExp(`\\b${n}\\b`).test(component)) offenders.push(`${file}: ${n}`);
    }
  }
  expect(offenders).toEqual([]);
});
