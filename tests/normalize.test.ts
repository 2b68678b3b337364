import { describe, expect, it } from "vitest";
import { foldFingerprint, normalizeSearchText } from "../app/search/normalize";

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
  it("folds Azerbaijani ə/Ə and the look-alikes typed for it", () => {
    expect(normalizeSearchText("Xəzər Universiteti")).toBe("Xezer Universiteti");
    expect(normalizeSearchText("MƏRMƏRƏ")).toBe("MERMERE");
    expect(normalizeSearchText("Xǝzǝr Ǝli")).toBe("Xezer Eli");
  });
  it("folds every apostrophe typed for the Uzbek ʻ and ʼ, the acute accent too", () => {
    for (const s of ["Qoʻqon", "Qoʼqon", "Qo‘qon", "Qo’qon", "Qoʹqon", "Qo`qon", "Qo´qon"]) expect(normalizeSearchText(s), s).toBe("Qo'qon");
  });
  it("folds Urdu and ezafe forms of heh, and Arabic presentation forms (text copied from PDFs)", () => {
    expect(normalizeSearchText("ادارہ")).toBe("اداره");
    expect(normalizeSearchText("خانۀ")).toBe("خانه");
    expect(normalizeSearchText("ھنر")).toBe("هنر");
    expect(normalizeSearchText("ﻙﺘﺎﺏ")).toBe("کتاب");
  });
  it("leaves the letters Meilisearch folds itself (Turkish, Turkmen) to it", () => {
    expect(normalizeSearchText("Değişen Şartlar Türkmenistanyň Inžener ýaşlar")).toBe("Değişen Şartlar Türkmenistanyň Inžener ýaşlar");
  });
  it("has a fingerprint holding what folding does to each character, one per line from U+0020", () => {
    const lines = foldFingerprint().split("\n");
    expect(lines).toHaveLength(0x10000 - 0x20 - 0x800); // surrogates left out
    expect(lines[0x0259 - 0x20]).toBe("e"); // ə
    expect(lines[0x064a - 0x20]).toBe("\u06CC"); // ي → ی
    expect(lines[0x0640 - 0x20]).toBe(""); // tatweel removed
    expect(lines[0x0061 - 0x20]).toBe("a");
  });
  it("leaves Latin and Cyrillic text alone", () => {
    expect(normalizeSearchText("Казахский университет")).toBe("Казахский университет");
    expect(normalizeSearchText("Middle East Technical")).toBe("Middle East Technical");
  });
});
