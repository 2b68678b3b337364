/**
 * The Meilisearch transport (app/search/http.server.ts) against the real
 * Meilisearch of the test run: answers parse, Meilisearch's refusals keep
 * their code and message, and "no answer" is told apart from "refused".
 */
import { describe, expect, it } from "vitest";
import { getMeili, indexUid, settle } from "../app/search/client.server";
import { answer503WhenSearchDown } from "../app/search/unavailable.server";
import { isSearchUnavailable, meiliApiError, meiliErrorMessage } from "../app/search/http.server";
import { ensureIndex } from "../app/search/sync.server";
import { INDEXES } from "../app/search/indexes.server";

describe("Meilisearch transport", () => {
  it("round-trips documents and searches (JSON bodies both ways, non-ASCII included)", async () => {
    const uid = `${indexUid("experts")}__http_${Date.now()}`;
    await ensureIndex(INDEXES.experts!, uid);
    await settle(
      getMeili()
        .index(uid)
        .addDocuments([{ id: 1, fullName: "Zəhra Əliyeva", nameVariants: ["Зәһра Әлиева"] }], { primaryKey: "id" }),
    );
    const r = await getMeili().index(uid).search("Əliyeva");
    expect(r.hits.map((h) => h.id)).toEqual([1]);
    expect(r.hits[0].nameVariants).toEqual(["Зәһра Әлиева"]);
    await settle(getMeili().deleteIndex(uid));
  });

  it("a refused request carries Meilisearch's error code and message, and is not 'unavailable'", async () => {
    await ensureIndex(INDEXES.experts!);
    const err = await getMeili()
      .index(indexUid("experts"))
      .search("x", { filter: "notAnAttribute = 1" })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).not.toBeNull();
    const api = meiliApiError(err);
    expect(api?.cause?.code).toBe("invalid_search_filter");
    expect(meiliErrorMessage(err)).toMatch(/notAnAttribute/);
    expect(isSearchUnavailable(err)).toBe(false);
    // So a page shows an error, not "search is temporarily unavailable".
    await expect(answer503WhenSearchDown(() => Promise.reject(err), "page")()).rejects.toBe(err);
  });

  it("no answer at all is 'unavailable' and becomes a 503", async () => {
    const saved = process.env.MEILI_URL;
    process.env.MEILI_URL = "http://127.0.0.1:9"; // discard port: nothing listens
    try {
      const err = await getMeili()
        .health()
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(meiliApiError(err)).toBeNull();
      expect(isSearchUnavailable(err)).toBe(true);
      const res = await answer503WhenSearchDown(() => getMeili().health(), "resource")().then(
        () => null,
        (e: unknown) => e as Response,
      );
      expect(res?.status).toBe(503);
      expect(res?.headers.get("Retry-After")).toMatch(/^\d+$/);
      expect(await res?.json()).toEqual({ error: expect.stringMatching(/temporarily unavailable/) });
    } finally {
      process.env.MEILI_URL = saved;
    }
  });

  it("an error of our own code (TypeError) is not 'unavailable': it stays a 500, never a 503", async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'hits')");
    expect(isSearchUnavailable(bug)).toBe(false);
    await expect(answer503WhenSearchDown(() => Promise.reject(bug), "page")()).rejects.toBe(bug);
  });
});
