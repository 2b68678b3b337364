/**
 * Models return result kinds (issue 15, item 2), read from the source (no
 * database; the import boundaries and "no SQL in routes" are in
 * tests/boundaries.test.ts): models in app/features/ build no
 * Response and hold no HTTP status numbers — only route glue
 * (`*-route.server.ts`) does, through app/utils/result-response.server.ts,
 * the one map from a result kind to a status.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { refusalResponse, statusOf } from "../app/utils/result-response.server";

const APP = path.resolve(import.meta.dirname, "../app");

/** Every .ts/.tsx file under `dir`, as [path relative to app/, source]. */
function sources(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const e of readdirSync(path.join(APP, dir), { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !/\.tsx?$/.test(e.name)) continue;
    const full = path.join(e.parentPath, e.name);
    out.push([path.relative(APP, full), readFileSync(full, "utf8")]);
  }
  return out;
}

/** `file:line: text` for each line of each source that matches `re`. */
function hits(files: Array<[string, string]>, re: RegExp): string[] {
  return files.flatMap(([file, src]) => src.split("\n").flatMap((line, i) => (re.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
}

describe("result kinds, not HTTP statuses, in the models", () => {
  it("models in the proposals feature build no Response and name no HTTP status", () => {
    const models = sources("features/proposals").filter(([file]) => !file.endsWith("-route.server.ts"));
    expect(models.map(([f]) => path.basename(f))).toContain("transitions.server.ts");
    expect(hits(models, /new Response|Response\.json|\bjson\(|status: \d{3}|\b(40[0-9]|429)\b/)).toEqual([]);
  });

  it("no result-kind → status map is written outside result-response.server.ts", () => {
    const all = sources(".").filter(([file]) => file !== path.join("utils", "result-response.server.ts"));
    expect(hits(all, /not_found: 404|forbidden: 403|conflict: 409/)).toEqual([]);
  });
});

describe("result kind → HTTP status", () => {
  it("maps each refusal kind to its status", () => {
    expect(["not_found", "forbidden", "invalid", "conflict", "ineligible", "quota"].map((k) => statusOf(k as Parameters<typeof statusOf>[0]))).toEqual([
      404, 403, 400, 409, 400, 429,
    ]);
  });

  it("builds a plain-text response carrying the message", async () => {
    const r = refusalResponse({ kind: "not_found", message: "No such proposal." });
    expect(r.status).toBe(404);
    expect(r.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await r.text()).toBe("No such proposal.");
  });
});
