/**
 * The multilingual glossary (db/data/glossary.json, app/search/glossary.ts, glossary-match.ts):
 * data quality checks and term matching in free text. Pure unit tests: the
 * taxonomy is read from db/data, no database or Meilisearch is used.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GLOSSARY_LANGUAGES, conceptTerms, getGlossary, glossarySchema, type GlossaryLanguage } from "../app/search/glossary";
import { englishTermsIn, termOccursIn, topicsOfConcept } from "../app/search/glossary-match";
import { glossaryTokens } from "../app/search/glossary-words";
import { glossaryEnglish, searchQueryText } from "../app/search/glossary-query";

const DATA = path.resolve(import.meta.dirname, "../db/data");
const raw = JSON.parse(readFileSync(path.join(DATA, "glossary.json"), "utf8"));
const taxonomy = JSON.parse(readFileSync(path.join(DATA, "openalex-ict-topics.json"), "utf8")) as Array<{
  id: string;
  name: string;
  keywords: string[];
}>;
const concepts = getGlossary().concepts;

/** English equivalents (first term of each match) found in a text, in text order. */
const en = (text: string) => englishTermsIn(text).map((m) => m.en[0]);

/**
 * Terms that stand for more than one concept on purpose: the language itself
 * does not tell them apart (folded form → concept ids). Any other term shared
 * by two concepts fails the test below.
 */
const DELIBERATE_AMBIGUITIES: Record<string, string[]> = {
  // Russian, Turkish, Azerbaijani, Uzbek and Kazakh use one word for security and safety.
  безопасность: ["security", "safety"],
  guvenlik: ["security", "safety"],
  tehlukesizlik: ["security", "safety"],
  xavfsizlik: ["security", "safety"],
  кауипсиздик: ["security", "safety"],
  // …and one word for control and management.
  управление: ["control", "management"],
  idareetme: ["control", "management"],
  boshqaruv: ["control", "management"],
  баскару: ["control", "management"],
  // Persian رمزنگاری is both cryptography and encryption; تشخیص is detection, recognition and diagnosis.
  رمزنگاری: ["cryptography", "encryption"],
  تشخیص: ["diagnosis", "detection", "recognition"],
  // Turkish bilgi is both information and knowledge.
  bilgi: ["information", "knowledge"],
};

describe("glossary data", () => {
  it("is valid against the schema, and the schema refuses a concept without Persian or with a duplicate id", () => {
    expect(() => glossarySchema.parse(raw)).not.toThrow();
    const first = raw.concepts[0];
    const { fa: _fa, ...withoutFa } = first;
    expect(glossarySchema.safeParse({ ...raw, concepts: [withoutFa] }).success).toBe(false);
    expect(glossarySchema.safeParse({ ...raw, concepts: [first, first] }).success).toBe(false);
    expect(glossarySchema.safeParse({ ...raw, concepts: [{ ...first, de: ["Spracherkennung"] }] }).success).toBe(false);
  });

  it("has at least 300 concepts, each with English, Russian, Persian and Turkish terms", () => {
    expect(concepts.length).toBeGreaterThanOrEqual(300);
    for (const c of concepts) {
      for (const lang of ["en", "ru", "fa", "tr"] as const) expect(conceptTerms(c, lang).length, `${c.id} ${lang}`).toBeGreaterThan(0);
    }
  });

  it("says where it comes from: written by the project team, a named source only on entries taken from one", () => {
    expect(raw.source).toMatch(/written by the .*project team/i);
    for (const c of concepts.filter((x) => x.source)) expect(c.source!.length, c.id).toBeGreaterThan(10);
  });

  it("covers the head terms of the issue's examples and of the taxonomy", () => {
    const english = new Set(concepts.flatMap((c) => c.en.map((t) => t.toLowerCase())));
    for (const t of [
      "speech recognition",
      "intrusion detection",
      "network security",
      "medical image",
      "segmentation",
      "wireless sensor networks",
      "cloud computing",
      "blockchain",
      "natural language processing",
      "machine translation",
      "machine learning",
      "deep learning",
      "artificial intelligence",
      "neural networks",
      "big data",
      "internet of things",
      "software-defined networks",
      "path planning",
      "UAV",
    ]) {
      expect(english.has(t.toLowerCase()), t).toBe(true);
    }
  });

  it("covers the commonest topic keywords: every keyword of 3+ topics but a few non-ICT ones", () => {
    const counts = new Map<string, number>();
    for (const t of taxonomy) for (const k of new Set(t.keywords.map((x) => x.toLowerCase()))) counts.set(k, (counts.get(k) ?? 0) + 1);
    const frequent = [...counts].filter(([, n]) => n >= 3).map(([k]) => ({ id: k, name: k }));
    const covered = new Set(concepts.flatMap((c) => topicsOfConcept(c, frequent)));
    const uncovered = frequent
      .map((k) => k.id)
      .filter((k) => !covered.has(k))
      .sort();
    expect(uncovered).toEqual(["cathode materials", "surface modification", "thermal behavior"]);
  });

  it("every English term occurs in a topic name or keyword of the taxonomy, so it can reach topics", () => {
    const texts = taxonomy.flatMap((t) => [t.name, ...t.keywords]).map((name, i) => ({ id: String(i), name }));
    const missing = concepts.flatMap((c) => c.en.filter((e) => topicsOfConcept({ en: [e] }, texts).length === 0).map((e) => `${c.id}: ${e}`));
    expect(missing).toEqual([]);
  });

  it("keeps each concept's `topics` equal to the topics whose names contain its English terms", () => {
    const stale = concepts.filter((c) => JSON.stringify(topicsOfConcept(c, taxonomy)) !== JSON.stringify(c.topics ?? []));
    expect(stale.map((c) => c.id)).toEqual([]);
    const ids = new Set(taxonomy.map((t) => t.id));
    for (const c of concepts) for (const t of c.topics ?? []) expect(ids.has(t), `${c.id} ${t}`).toBe(true);
    expect(concepts.find((c) => c.id === "speech-recognition")?.topics).toEqual([taxonomy.find((t) => t.name === "Speech Recognition and Synthesis")!.id]);
  });

  it("maps no term to two concepts except the listed, deliberate ambiguities", () => {
    const owners = new Map<string, Set<string>>();
    for (const c of concepts) {
      for (const lang of GLOSSARY_LANGUAGES) {
        for (const t of conceptTerms(c, lang)) {
          const key = glossaryTokens(t).join(" ");
          owners.set(key, (owners.get(key) ?? new Set()).add(c.id));
        }
      }
    }
    const shared = Object.fromEntries([...owners].filter(([, ids]) => ids.size > 1).map(([k, ids]) => [k, [...ids].sort()]));
    const expected = Object.fromEntries(Object.entries(DELIBERATE_AMBIGUITIES).map(([k, ids]) => [k, [...ids].sort()]));
    expect(shared).toEqual(expected);
  });

  it("writes Persian with Persian letters (ی, ک, no ة) and ZWNJ only inside words", () => {
    for (const c of concepts) {
      for (const t of c.fa) {
        expect(t, c.id).not.toMatch(/[\u064A\u0643\u0649\u0629]/);
        expect(t, c.id).not.toMatch(/[\u064B-\u065F\u0670]/); // no harakat or tashdid: practitioners do not type them
        expect(t, c.id).toMatch(/[\u0600-\u06FF]/);
        expect(t, c.id).not.toMatch(/(^\u200C|\u200C$|\s\u200C|\u200C\s|\u200C\u200C)/);
        // The plural suffix is joined (with ZWNJ or without), never a separate word.
        expect(t, c.id).not.toMatch(/\s(ها|های|هایی)(\s|$)/);
        // Latin only in acronyms (5G, RFID, DC-DC …).
        for (const w of t.match(/[A-Za-z][A-Za-z0-9-]*/g) ?? []) expect(w, `${c.id}: ${t}`).toMatch(/^([A-Z0-9-]+|dc)$/);
      }
    }
  });

  it("writes each other language in its own script", () => {
    // No word mixes Latin and Cyrillic letters (a Latin "e" or "c" hiding in a Russian word never matches).
    const mixed = (t: string) => t.split(/[^\p{L}]+/u).some((w) => /[a-z]/i.test(w) && /[\u0400-\u04FF]/.test(w));
    for (const c of concepts) {
      for (const t of c.ru) {
        expect(t, c.id).toMatch(/[а-яё]/i);
        expect(t, c.id).not.toMatch(/[әғқңөұүһі]/i); // Kazakh letters
        expect(mixed(t), `${c.id}: ${t}`).toBe(false);
      }
      for (const t of c.kk ?? []) {
        expect(t, c.id).toMatch(/[а-яёәғқңөұүһі]/i);
        expect(t, c.id).not.toMatch(/[ə\u02BB]/); // Latin schwa, Uzbek apostrophe
        expect(mixed(t), `${c.id}: ${t}`).toBe(false);
      }
      for (const lang of ["tr", "az", "uz"] as const) {
        for (const t of c[lang] ?? []) {
          expect(t, `${c.id} ${lang}`).not.toMatch(/[\u0400-\u04FF\u0600-\u06FF]/);
          expect(t, `${c.id} ${lang}`).toMatch(/[a-z]/i);
        }
      }
      for (const t of c.tr) expect(t, c.id).not.toMatch(/[əxqʻʼ]/i);
      for (const t of c.az ?? []) expect(t, c.id).not.toMatch(/[ʻʼ]/);
      for (const t of c.uz ?? []) {
        // Uzbek Latin: oʻ/gʻ with ʻ (U+02BB), the tutuq belgisi ʼ (U+02BC); no Turkish/Azerbaijani letters.
        expect(t, c.id).not.toMatch(/['‘’`ışçğəöü]/i);
        expect(t, c.id).not.toMatch(/^\u02BB|[^og]\u02BB/i);
      }
    }
  });
});

describe("englishTermsIn", () => {
  it("reads the issue's three foreign requests", () => {
    expect(en("распознавание речи")).toEqual(["speech recognition"]);
    expect(en("تشخیص نفوذ در شبکه")).toEqual(["intrusion detection", "network"]);
    expect(en("yapay zeka ile tıbbi görüntü analizi")).toEqual(["artificial intelligence", "medical image", "analysis"]);
  });

  it("reports what matched, in which language, where", () => {
    const [m] = englishTermsIn("Ищу партнёров: распознавание речи для казахского");
    expect(m).toMatchObject({ term: "распознавание речи", lang: "ru", concepts: ["speech-recognition"] });
    expect(m.en).toContain("automatic speech recognition");
    expect("Ищу партнёров: распознавание речи для казахского".slice(m.start, m.end)).toBe("распознавание речи");
  });

  const examples: Record<Exclude<GlossaryLanguage, "en">, Array<[string, string[]]>> = {
    ru: [
      ["сегментация медицинских изображений с помощью глубокого обучения", ["segmentation", "medical image", "deep learning"]],
      ["обнаружение вторжений в беспроводных сенсорных сетях", ["intrusion detection", "wireless sensor networks"]],
      ["машинный перевод и обработка естественного языка", ["machine translation", "natural language processing"]],
      ["блокчейн для интернета вещей", ["blockchain", "internet of things"]],
      ["облачные вычисления", ["cloud computing"]],
    ],
    fa: [
      ["بازشناسی گفتار فارسی", ["speech recognition"]],
      ["تشخیص گفتار", ["speech recognition"]],
      ["یادگیری عمیق در تصاویر پزشکی", ["deep learning", "medical image"]],
      ["امنیت شبکه‌های حسگر بی‌سیم", ["security", "wireless sensor networks"]],
      ["رایانش ابری و اینترنت اشیا", ["cloud computing", "internet of things"]],
      ["ترجمه ماشینی با شبکه های عصبی", ["machine translation", "neural networks"]],
    ],
    tr: [
      ["ağ güvenliği ve saldırı tespiti", ["network security", "intrusion detection"]],
      ["kablosuz sensör ağlarında enerji verimliliği", ["wireless sensor networks", "energy efficiency"]],
      ["bulut bilişimde kaynak tahsisi", ["cloud computing", "resource allocation"]],
      ["doğal dil işleme ve makine çevirisi", ["natural language processing", "machine translation"]],
    ],
    az: [
      ["maşın öyrənməsi və süni intellekt", ["machine learning", "artificial intelligence"]],
      ["şəbəkə təhlükəsizliyi", ["network security"]],
      ["bulud hesablamaları", ["cloud computing"]],
      ["nitqin tanınması", ["speech recognition"]],
    ],
    uz: [
      ["sunʼiy intellekt va mashinali oʻqitish", ["artificial intelligence", "machine learning"]],
      ["nutqni aniqlash", ["speech recognition"]],
      ["tarmoq xavfsizligi", ["network security"]],
      ["bulutli hisoblash", ["cloud computing"]],
    ],
    kk: [
      ["машиналық оқыту және жасанды интеллект", ["machine learning", "artificial intelligence"]],
      ["бұлтты есептеулердегі ресурстарды бөлу", ["cloud computing", "resource allocation"]],
      ["сөйлеуді тану", ["speech recognition"]],
      ["желі қауіпсіздігі", ["network security"]],
    ],
  };
  for (const [lang, cases] of Object.entries(examples)) {
    it(`maps ${lang} requests to English terms`, () => {
      for (const [text, expected] of cases) {
        expect(en(text), text).toEqual(expected);
        expect(
          englishTermsIn(text).every((m) => m.lang === lang),
          text,
        ).toBe(true);
      }
    });
  }

  it("reads English too, with plurals, so mixed requests work", () => {
    expect(en("FPGA implementation of neural networks")).toEqual(["FPGA", "neural networks"]);
    expect(en("UAV path planning")).toEqual(["UAV", "path planning"]);
    expect(en("a wireless sensor network")).toEqual(["wireless sensor networks"]);
    expect(en("speech recognition для казахского")).toEqual(["speech recognition"]);
    expect(termOccursIn("neural networks", "en", "Advanced Neural Network Applications")).toBe(true);
    expect(termOccursIn("neural networks", "en", "Neural Computing")).toBe(false);
  });

  it("tolerates inflection: Russian cases, Turkic suffixes with softening, Persian plural and ezafe", () => {
    expect(en("методы распознавания речи")).toEqual(["speech recognition"]);
    expect(en("в нейронных сетях")).toEqual(["neural networks"]);
    expect(en("bilgi güvenliğinde")).toEqual(["information security"]); // k → ğ
    expect(en("görüntü işlemede")).toEqual(["image processing"]);
    expect(en("neyron tarmogʻida")).toEqual(["neural networks"]); // q → gʻ
    expect(en("شبکه‌ها")).toEqual(["network"]);
    expect(en("شبکه ها")).toEqual(["network"]);
    expect(en("شبکه‌ی عصبی")).toEqual(["neural networks"]);
    expect(en("ақпараттық қауіпсіздікті")).toEqual(["information security"]);
  });

  it("meets the spellings practitioners actually type", () => {
    expect(en("تشخيص نفوذ")).toEqual(["intrusion detection"]); // Arabic ي
    expect(en("يادگيري ماشين")).toEqual(["machine learning"]);
    expect(en("شبکههای عصبی")).toEqual(["neural networks"]); // ZWNJ left out
    expect(en("goruntu isleme")).toEqual(["image processing"]); // Turkish without diacritics
    expect(en("YAPAY ZEKÂ")).toEqual(["artificial intelligence"]);
    expect(en("sun'iy intellekt")).toEqual(["artificial intelligence"]); // ASCII apostrophe
    expect(en("suniy intellekt")).toEqual(["artificial intelligence"]);
    expect(en("maşın öyrenmesi")).toEqual(["machine learning"]); // e typed for ə
    expect(en("машиналык окыту")).toEqual(["machine learning"]); // Kazakh on a Russian layout
    expect(en("распознавание рЕЧи")).toEqual(["speech recognition"]);
  });

  it("does not read words that merely start like a glossary term", () => {
    expect(en("ağır metal")).toEqual([]); // ağ (network) + ır
    expect(en("verim")).toEqual([]); // veri (data) + m
    expect(en("речной транспорт")).toEqual([]); // речь
    expect(en("по городу")).toEqual([]); // the preposition, not ПО
    expect(en("دانشگاه تهران")).toEqual([]); // دانش (knowledge) + گاه
    expect(en("")).toEqual([]);
  });

  it("prefers the longest term and the closest form", () => {
    expect(en("شبکه‌های عصبی کانولوشنی")).toEqual(["convolutional neural networks"]);
    expect(en("analitik")).toEqual(["data analytics"]); // not analiz + -itik
    expect(englishTermsIn("güvenlik")[0].concepts.sort()).toEqual(["safety", "security"]);
  });
});

describe("searchQueryText (the glossary applied to search text, glossary-query.ts)", () => {
  it("renders requests that name subjects in the region's languages in English", () => {
    expect(searchQueryText("распознавание речи")).toBe("speech recognition");
    expect(searchQueryText("машинное обучение для медицины")).toBe("machine learning medical"); // function word left out
    expect(searchQueryText("تشخیص نفوذ در شبکه")).toBe("intrusion detection network");
    expect(searchQueryText("yapay zeka ile tıbbi görüntü analizi")).toBe("artificial intelligence medical image analysis");
    expect(searchQueryText("жасанды интеллект")).toBe("artificial intelligence");
    expect(searchQueryText("sun'iy intellekt")).toBe("artificial intelligence");
  });

  it("reads every spelling a user types: ZWNJ, a space or nothing in Persian, Turkish letters or not", () => {
    for (const q of ["شبکه\u200Cهای عصبی", "شبکه های عصبی", "شبکههای عصبی"]) expect(searchQueryText(q), q).toBe("neural networks");
    expect(searchQueryText("sınıflandırma")).toBe("classification");
    expect(searchQueryText("siniflandirma")).toBe("classification");
    expect(searchQueryText("İHA")).toBe("UAV");
  });

  it("searches English and names as typed, also a native-script name made partly of glossary words", () => {
    expect(glossaryEnglish("machine learning")).toBeNull();
    expect(searchQueryText("AI")).toBe("AI");
    expect(searchQueryText("Persian speech recognition")).toBe("Persian speech recognition");
    expect(searchQueryText("رضایی")).toBe("رضایی");
    // Names whose glossary words belong to the name: they match the documents' native-script labels.
    expect(searchQueryText("Bilgi Üniversitesi")).toBe("Bilgi Üniversitesi");
    expect(searchQueryText("Институт информационных технологий")).toBe("Институт информационных технологий");
    expect(searchQueryText("یادگیری ماشین رضایی")).toBe("یادگیری ماشین رضایی");
    expect(searchQueryText("")).toBe("");
  });

  it("normalises the text like the documents (normalize.ts)", () => {
    expect(searchQueryText("علي")).toBe("علی"); // Arabic yeh typed for Persian
  });
});
