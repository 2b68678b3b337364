/**
 * `npm run bench:report` (tooling/bench/report-table.ts): the table built from
 * latest-*.json replaces only the marked block of docs/performance.md. Pure: temp files, no database.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPORT_END, REPORT_START, replaceReportBlock, writeReport } from "../tooling/bench/report-table";

const RESULTS = path.resolve("tooling/bench/results");
let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = "";
});

describe("bench report", () => {
  it("replaces the block between the markers and keeps the prose around it", () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "bench-report-"));
    copyFileSync(path.join(RESULTS, "latest-sync.json"), path.join(dir, "latest-sync.json"));
    const sync = JSON.parse(readFileSync(path.join(dir, "latest-sync.json"), "utf8"));
    const doc = path.join(dir, "performance.md");
    writeFileSync(doc, `# Performance\n\nProse before.\n\n${REPORT_START}\nold table\n${REPORT_END}\n\nProse after.\n`);

    const table = writeReport(doc, dir);
    const text = readFileSync(doc, "utf8");
    expect(text.startsWith("# Performance\n\nProse before.\n\n")).toBe(true);
    expect(text.endsWith(`${REPORT_END}\n\nProse after.\n`)).toBe(true);
    expect(text).not.toContain("old table");
    expect(text).toContain(table);
    expect(table).toContain("| benchmark | data | figure | target | met | when, load |");
    // The sync row carries the run's figures; benchmarks without a latest result get no row.
    expect(table).toContain(`| sync lag (commit → visible in search) |`);
    expect(table).toContain(`p95 ${sync.lagMs.p95} ms`);
    expect(table).not.toContain("| search, service");
    // Running it again changes nothing.
    writeReport(doc, dir);
    expect(readFileSync(doc, "utf8")).toBe(text);
  });

  it("creates the document with just the block when it does not exist", () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "bench-report-"));
    const doc = path.join(dir, "docs", "performance.md");
    writeReport(doc, dir);
    const text = readFileSync(doc, "utf8");
    expect(text.startsWith(REPORT_START)).toBe(true);
    expect(text.trimEnd().endsWith(REPORT_END)).toBe(true);
  });

  it("refuses a document with one marker or markers out of order", () => {
    expect(() => replaceReportBlock(`x\n${REPORT_START}\ny`, "t")).toThrow(/markers/);
    expect(() => replaceReportBlock(`${REPORT_END}\n${REPORT_START}`, "t")).toThrow(/markers/);
    const appended = replaceReportBlock("# P\n", "t");
    expect(appended.startsWith(`# P\n\n${REPORT_START}\n`)).toBe(true);
    expect(appended.endsWith(`\n\nt\n\n${REPORT_END}\n`)).toBe(true);
  });
});
