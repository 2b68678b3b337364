import { describe, expect, it } from "vitest";
import { normalizeSearchText } from "../app/search/normalize";

describe("normalizeSearchText", () => {
  it("folds Arabic letter forms to Persian ones, and the reverse spelling meets it", () => {
    expect(normalizeSearchText("علي كريمي")).toBe(normalizeSearchText("علی کریمی"));
    expect(normalizeSearchText("علي كريمي")).toBe("علی کریمی");
    expect(normalizeSearchText("مدرسة")).toBe("مدرسه");
  });
  it("folds Arabic-Indic and Persian digits and removes ZWNJ and tatweel", () => {
    expect(normalizeSearchText("۱۳ آبان")).toBe("13 آبان");
    expect(normalizeSearchText("١٣ آبان")).toBe("13 آبان");
    expect(normalizeSearchText("دانشگاه\u200Cها")).toBe("دانشگاهها");
    expect(normalizeSearchText("كـتاب")).toBe("کتاب");
  });
  it("folds Turkish ı/İ and Uzbek apostrophes", () => {
    expect(normalizeSearchText("Kırıkkale İstanbul")).toBe("Kirikkale Istanbul");
    expect(normalizeSearchText("Oʻzbekiston")).toBe("O'zbekiston");
    expect(normalizeSearchText("O’zbekiston")).toBe("O'zbekiston");
  });
  it("leaves Latin and Cyrillic text alone", () => {
    expect(normalizeSearchText("Казахский университет")).toBe("Казахский университет");
    expect(normalizeSearchText("Middle East Technical")).toBe("Middle East Technical");
  });
});
