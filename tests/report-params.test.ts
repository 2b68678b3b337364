/** Report parameters (app/features/reports/report-params.ts): defaults, dates, countries, issues. Pure: no database. */
import { describe, expect, it } from "vitest";
import { defaultPeriod, parseReportParams, periodBounds } from "../app/features/reports/report-params";

const NOW = new Date("2026-03-14T18:30:00Z");
const parse = (qs: string, strict = false) => parseReportParams(new URLSearchParams(qs), { now: NOW, strict });

describe("report parameters", () => {
  it("defaults to the last 12 months ending today (UTC), all member states", () => {
    expect(parse("")).toEqual({ ok: true, value: { from: "2025-03-15", to: "2026-03-14", country: [] } });
    // 29 February: a year back is 28 February of a common year.
    expect(defaultPeriod(new Date("2028-02-29T00:00:00Z"))).toEqual({ from: "2027-03-01", to: "2028-02-29" });
    expect(defaultPeriod(new Date("2026-01-01T23:59:59Z"))).toEqual({ from: "2025-01-02", to: "2026-01-01" });
  });

  it("reads countries repeated or comma-separated, any case, into member-state order without repeats", () => {
    expect(parse("country=tr,IR&country=TR&country= kz ")).toEqual({ ok: true, value: { from: "2025-03-15", to: "2026-03-14", country: ["IR", "KZ", "TR"] } });
  });

  it("refuses codes that are not member states, dates that are not calendar dates or out of bounds, and reversed periods", () => {
    const issues = (qs: string, strict = false) => {
      const r = parse(qs, strict);
      return r.ok ? [] : r.issues.map((i) => i.param);
    };
    expect(issues("country=FR")).toEqual(["country"]);
    expect(issues("country=")).toEqual([]);
    expect(issues("from=2025-2-1")).toEqual(["from"]);
    expect(issues("from=2025-02-29")).toEqual(["from"]);
    expect(issues("to=2100-01-01")).toEqual(["to"]);
    expect(issues("from=2025-05-02&to=2025-05-01")).toEqual(["to"]);
    expect(issues("from=2026-03-15")).toEqual(["from"]); // after today, the default end
    expect(issues("from=2010-01-01&to=2025-01-01")).toEqual(["to"]); // longer than ten years
    // Exactly ten calendar years: to ≤ from + 10 years − 1 day.
    expect(issues("from=2000-01-01&to=2009-12-31")).toEqual([]);
    expect(issues("from=2000-01-01&to=2010-01-01")).toEqual(["to"]);
    expect(issues("from=2000-01-01&to=2010-01-03")).toEqual(["to"]);
    expect(issues("from=2000-02-29&to=2010-02-28")).toEqual([]);
    expect(issues("from=2000-02-29&to=2010-03-01")).toEqual(["to"]);
    expect(issues("from=2025-01-01&from=2025-02-01")).toEqual(["from"]);
    expect(issues("measure=experts", true)).toEqual(["measure"]);
    expect(issues("measure=experts")).toEqual([]);
  });

  it("keeps a one-day period and takes `to` alone as the 12 months ending then", () => {
    expect(parse("from=2025-05-01&to=2025-05-01")).toMatchObject({ ok: true, value: { from: "2025-05-01", to: "2025-05-01" } });
    expect(parse("to=2024-06-30")).toMatchObject({ ok: true, value: { from: "2023-07-01", to: "2024-06-30" } });
    expect(parse("to=2026-01-31")).toMatchObject({ ok: true, value: { from: "2025-03-15", to: "2026-01-31" } });
  });

  it("turns a period into the instants [from 00:00 UTC, the day after to 00:00 UTC)", () => {
    expect(periodBounds({ from: "2025-01-01", to: "2025-12-31" })).toEqual({ start: new Date("2025-01-01T00:00:00Z"), end: new Date("2026-01-01T00:00:00Z") });
  });
});
