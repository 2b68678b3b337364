/**
 * Issue 17: the server renders with one i18next instance per language and
 * memoized translation functions (app/i18n/i18n.server.ts memoizeT). The memo
 * must answer exactly what i18next answers: plurals per language, parameters,
 * nested keys, and calls it must not memoize (objects among the options).
 */
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { requestI18n, serverT, sharedI18n } from "../app/i18n/i18n.server";
import { I18N_OPTIONS, NAMESPACES } from "../app/i18n/languages";
import { addFormatters } from "../app/i18n/formatters";

/** A plain i18next instance over the same catalogues, fixed to `lng`, without the memo. */
function plain(lng: string) {
  const store = sharedI18n().store.data;
  const instance = i18next.createInstance();
  void instance.init({ ...I18N_OPTIONS, resources: store, ns: [...NAMESPACES], lng, initImmediate: false });
  addFormatters(instance);
  return instance;
}

describe("memoized translations (issue 17)", () => {
  it("answer what i18next answers: plurals in every language, parameters, the bidi format, asked twice", () => {
    for (const lng of ["en", "ru", "tr", "fa", "fa-AF", "az"]) {
      const reference = plain(lng).getFixedT(lng, ["common", "institutions", "experts"]);
      const memo = requestI18n(lng).getFixedT(lng, ["common", "institutions", "experts"]);
      for (let round = 0; round < 2; round++) {
        for (const count of [0, 1, 3, 5, 21, 1000]) expect(memo("institutions:list.count", { count })).toBe(reference("institutions:list.count", { count }));
        expect(memo("institutions:titles.listQuery", { q: "ECO" })).toBe(reference("institutions:titles.listQuery", { q: "ECO" }));
        expect(memo("common:site.name")).toBe(reference("common:site.name"));
      }
    }
    // Russian's three forms come through the memo (the first call of each is stored, the second read back).
    const ru = requestI18n("ru").getFixedT("ru", "institutions");
    expect([1, 3, 5, 21, 1, 3, 5, 21].map((count) => ru("list.count", { count }))).toEqual([
      "1 организация",
      "3 организации",
      "5 организаций",
      "21 организация",
      "1 организация",
      "3 организации",
      "5 организаций",
      "21 организация",
    ]);
    // A number and a string that read alike are different calls (i18next picks no plural for "3").
    expect(ru("list.count", { count: "3" as unknown as number })).toBe(
      plain("ru").getFixedT("ru", "institutions")("list.count", { count: "3" as unknown as number }),
    );
  });

  it("one instance per language, fixed to it; the fixed t keeps its namespaces for Trans; serverT answers in the language asked", () => {
    expect(requestI18n("fa")).toBe(requestI18n("fa"));
    expect(requestI18n("fa")).not.toBe(requestI18n("ru"));
    expect(requestI18n("fa").language).toBe("fa");
    expect(requestI18n("ru").language).toBe("ru");
    const t = requestI18n("tr").getFixedT("tr", ["institutions", "common"]) as unknown as { ns: string[] };
    expect(t.ns).toEqual(["institutions", "common"]);
    expect(serverT("ru", "institutions")("list.count", { count: 5 })).toBe("5 организаций");
    expect(serverT("en", "institutions")("list.count", { count: 5 })).toBe("5 institutions");
    expect(serverT("ru", "institutions")("list.count", { count: 5 })).toBe("5 организаций");
  });

  it("passes through calls with objects among the options (not memoized, still what i18next answers)", () => {
    const t = requestI18n("en").getFixedT("en", "institutions");
    const reference = plain("en").getFixedT("en", "institutions");
    const asked = { count: 2, interpolation: { escapeValue: true } } as never;
    expect(t("list.count", asked)).toBe(reference("list.count", asked));
    const other = { q: "<b>x</b>", interpolation: { escapeValue: true } } as never;
    expect(t("titles.listQuery", other)).toBe(reference("titles.listQuery", other));
    expect(t("titles.listQuery", other)).toContain("&lt;b&gt;");
  });
});
