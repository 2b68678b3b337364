/**
 * The product's server reaches tooling/ only through the start-up hook
 * (app/utils/startup-hook.ts, tooling/startup.ts). Pure: reads sources, no servers.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { environmentOnly } from "../app/utils/startup-hook";
import startup from "../tooling/startup";

const saved = { DATABASE_URL: process.env.DATABASE_URL, MEILI_URL: process.env.MEILI_URL };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("start-up hook", () => {
  it("server.ts imports nothing from tooling/ and names the hook once", () => {
    const source = readFileSync("server.ts", "utf8");
    const specifiers = [...source.matchAll(/(?:from|import\()\s*["']([^"']+)["']/g)].map((m) => m[1]);
    expect(specifiers.length).toBeGreaterThan(5);
    expect(specifiers.filter((s) => s.includes("tooling"))).toEqual([]);
    expect(source.match(/"tooling", "startup\.ts"/g)).toHaveLength(1);
  });

  it("the tooling hook provides start (the contract's only entry)", () => {
    expect(Object.keys(startup)).toEqual(["start"]);
    expect(typeof startup.start).toBe("function");
  });

  it("without tooling/, the server needs both URLs and says which is missing", async () => {
    delete process.env.DATABASE_URL;
    process.env.MEILI_URL = "http://127.0.0.1:7700";
    await expect(environmentOnly.start({ dataDir: "/nonexistent", log: () => {} })).rejects.toThrow("Set DATABASE_URL: this installation has no tooling/");
    delete process.env.MEILI_URL;
    await expect(environmentOnly.start({ dataDir: "/nonexistent", log: () => {} })).rejects.toThrow("Set DATABASE_URL and MEILI_URL");
    process.env.DATABASE_URL = "postgres://u:p@127.0.0.1:5432/eco";
    process.env.MEILI_URL = "http://127.0.0.1:7700";
    const started = await environmentOnly.start({ dataDir: "/nonexistent", log: () => {} });
    await expect(started.stop()).resolves.toBeUndefined();
  });
});
