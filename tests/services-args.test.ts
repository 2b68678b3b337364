/**
 * The embedded Meilisearch's arguments (tooling/services.ts, issue 17 sync lag): its indexing
 * memory is capped, since with Meilisearch's default (2/3 of RAM) every batch, even of one
 * document, sets aside 5% of it as write buffers (docs/performance.md "Sync lag (issue 17)").
 * That the binary accepts these arguments is shown by every test: global-setup starts it with them.
 */
import { describe, expect, it } from "vitest";
import { embeddedMeiliArgs } from "../tooling/services";

describe("embedded Meilisearch arguments", () => {
  it("caps the indexing memory at 1 GiB and keeps data, address and key handling as before", () => {
    const args = embeddedMeiliArgs("/data/meili", "127.0.0.1:7700");
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    expect(args.filter((a) => a === "--max-indexing-memory")).toHaveLength(1);
    expect(value("--max-indexing-memory")).toBe("1GiB");
    expect(value("--db-path")).toBe("/data/meili/data.ms");
    expect(value("--http-addr")).toBe("127.0.0.1:7700");
    expect(args).toContain("--no-analytics");
    // The master key travels in the environment, never on the command line (ps shows argv).
    expect(args.some((a) => /master/i.test(a))).toBe(false);
  });
});
