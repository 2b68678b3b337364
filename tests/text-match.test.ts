/**
 * Word matching and local highlighting of partner matches (app/features/matching/text-match.ts):
 * the rules the explanation of a /partners result follows, without services.
 */
import { describe, expect, it } from "vitest";
import { contentWords, editDistance, foldWord, highlightFields, highlightValue, matchesQueryWord } from "../app/features/matching/text-match";
import { HL_POST, HL_PRE, highlightSegments } from "../app/utils/highlight";

const mark = (s: string) => s.replace(/\u0001/g, "[").replace(/\u0002/g, "]");

describe("editDistance", () => {
  it("counts a transposition as one edit and stops past the cap", () => {
    expect(editDistance("network", "netwrok", 2)).toBe(1);
    expect(editDistance("security", "securty", 2)).toBe(1);
    expect(editDistance("learning", "lerning", 1)).toBe(1);
    expect(editDistance("abc", "abc", 0)).toBe(0);
    expect(editDistance("kitten", "sitting", 1)).toBe(2); // cap + 1
    expect(editDistance("a", "abcdef", 2)).toBe(3);
    // Longer than the reused rows were first sized for.
    const long = "x".repeat(100);
    expect(editDistance(long, `${long}y`, 2)).toBe(1);
  });
});

describe("matchesQueryWord", () => {
  it("allows typos by the query word's length (1 from 4 letters, 2 from 8) and a prefix for the last word only", () => {
    expect(matchesQueryWord("machine", "machin", false)).toBe(true); // one typo
    expect(matchesQueryWord("blockchain", "blokchian", false)).toBe(true); // two typos, 9 letters
    expect(matchesQueryWord("cat", "car", false)).toBe(false); // 3 letters: exact only
    expect(matchesQueryWord("data", "date", false)).toBe(true);
    expect(matchesQueryWord("machinery", "mach", true)).toBe(true);
    expect(matchesQueryWord("machinery", "mach", false)).toBe(false);
  });

  it("folds case, diacritics, Turkish ı/İ and Arabic letter forms the way the index does", () => {
    expect(foldWord("İzmir")).toBe("izmir");
    expect(foldWord("Dönüşüm")).toBe("donusum");
    expect(foldWord("علي")).toBe(foldWord("علی"));
    expect(foldWord("Networks")).toBe("network");
  });
});

describe("highlightValue", () => {
  it("wraps matching words as written, typos and prefixes included, and lists them lower-case", () => {
    const h = highlightValue("Machine Learning for Networks", contentWords("machin lerning"));
    expect(mark(h!.text)).toBe("[Machine] [Learning] for Networks");
    expect(h!.terms).toEqual(["machine", "learning"]);
    expect(mark(highlightValue("Network Security and Intrusion Detection", contentWords("netwrok securty"))!.text)).toBe(
      "[Network] [Security] and Intrusion Detection",
    );
  });

  it("does not mark stop words of the query, and returns null without a match", () => {
    expect(mark(highlightValue("Learning for the web", contentWords("learning for"))!.text)).toBe("[Learning] for the web");
    expect(highlightValue("Quantum optics", contentWords("blockchain"))).toBeNull();
    expect(highlightValue("", contentWords("blockchain"))).toBeNull();
    expect(highlightValue("Anything", [])).toBeNull();
  });

  it("matches Cyrillic and Persian written with Arabic letters", () => {
    expect(mark(highlightValue("Дилшод Эргашев", contentWords("Эргашев"))!.text)).toBe("Дилшод [Эргашев]");
    expect(mark(highlightValue("علي كاظمي", contentWords("علی کاظمی"))!.text)).toBe("[علي] [كاظمي]");
  });

  it("matches the letters folding changes (ə, the Uzbek ʻ) in the value as typed", () => {
    expect(mark(highlightValue("Xəzər Universiteti", contentWords("Xezer"))!.text)).toBe("[Xəzər] Universiteti");
    expect(mark(highlightValue("Qoʻqon Davlat Universiteti", contentWords("Qo'qon davlat"))!.text)).toBe("[Qo]ʻ[qon] [Davlat] Universiteti");
  });

  it("crops a long value around its first match, marking each cut", () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
    words[30] = "blockchain";
    const h = highlightValue(words.join(" "), ["blockchain"], 24);
    const text = mark(h!.text);
    expect(text.startsWith("…w22 ")).toBe(true);
    expect(text).toContain("[blockchain]");
    expect(text.endsWith("w45…")).toBe(true);
    expect(text.replace(/…/g, "").split(" ")).toHaveLength(24);
    // A match near the start keeps the start; a short value is not cut.
    expect(mark(highlightValue(`Blockchain ${words.slice(0, 40).join(" ")}.`, ["blockchain"], 24)!.text)).toMatch(/^\[Blockchain\] w0 .* w22…$/);
    expect(mark(highlightValue("Blockchain in education.", ["blockchain"], 24)!.text)).toBe("[Blockchain] in education.");
  });
});

describe("highlightFields", () => {
  it("joins matching values of list fields, leaves fields without a match out and merges the terms", () => {
    const r = highlightFields(
      { fullName: "Ayşe Yılmaz", keywords: ["blockchain", "smart contracts", "Blockchain security"], topicNames: ["Quantum Computing"], count: 3 },
      ["fullName", "keywords", "topicNames", "count", "missing"],
      contentWords("blockchain"),
    );
    expect(Object.keys(r.highlighted)).toEqual(["keywords"]);
    expect(mark(r.highlighted.keywords)).toBe("[blockchain] · [Blockchain] security");
    expect(r.matchedTerms).toEqual(["blockchain"]);
  });
});

describe("highlightSegments (what components/highlight.tsx renders)", () => {
  it("cuts text at the markers, marked pieces flagged, markers removed", () => {
    expect(highlightSegments(`a ${HL_PRE}b${HL_POST} c ${HL_PRE}d${HL_POST}`)).toEqual([
      { text: "a ", mark: false },
      { text: "b", mark: true },
      { text: " c ", mark: false },
      { text: "d", mark: true },
    ]);
  });
  it("keeps markup in data as text and marks nothing after an unclosed marker", () => {
    expect(highlightSegments("<script>x</script>")).toEqual([{ text: "<script>x</script>", mark: false }]);
    expect(highlightSegments(`x${HL_PRE}y`)).toEqual([
      { text: "x", mark: false },
      { text: "y", mark: false },
    ]);
    expect(highlightSegments("")).toEqual([]);
  });
});
