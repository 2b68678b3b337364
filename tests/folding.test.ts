/**
 * Letter variants in every searchable field of every index (issue 11, items 6
 * and 7), against the real Meilisearch: a document typed with Arabic letters
 * is found by the same words typed with Persian letters and by its own
 * spelling; Azerbaijani ə, Uzbek ʻ and the letters Meilisearch folds itself
 * (Turkish, Turkmen, Kazakh) are found typed in ASCII; results show the text as typed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { searchInstitutions } from "../app/features/institutions/institution.server";
import { searchExperts } from "../app/features/experts/expert-search.server";
import { searchCalls } from "../app/features/calls/call.server";
import { searchProjects } from "../app/features/projects/project.server";
import { findPartners } from "../app/features/matching/matching.server";
import { enqueueIndexChange } from "../app/search/outbox.server";
import { ensureIndexes } from "../app/search/sync.server";
import { getMeili, indexUid } from "../app/search/client.server";
import { HL_POST, HL_PRE } from "../app/utils/highlight";
import { expertSearchSchema } from "../app/features/experts/expert-search-params";
import { institutionSearchSchema } from "../app/features/institutions/institution-search-params";
import { callSearchSchema } from "../app/features/calls/call-search-params";
import { projectSearchSchema } from "../app/features/projects/project-params";
import { getDb, syncSearch } from "./helpers";
import { insertProposal, makeConsortium } from "./proposal-fixtures";
import { insertCall } from "./factories";

const institutions = async (q: string) => (await searchInstitutions({ ...institutionSearchSchema.parse({}), q })).hits;
const experts = async (q: string) => (await searchExperts(getDb(), expertSearchSchema.parse({ q }))).hits;
const calls = async (q: string) => (await searchCalls(getDb(), callSearchSchema.parse({ q }))).hits;
const projects = async (q: string) => (await searchProjects(getDb(), projectSearchSchema.parse({ q }))).hits;
const ids = (hits: Array<{ id: number }>) => hits.map((h) => h.id);
/** Highlighted text without its marks. */
const unmarked = (s: string) => s.replaceAll(HL_PRE, "").replaceAll(HL_POST, "");

let institutionId: number;
let expertId: number;
let callId: number;
let projectId: number;
const institutionIdByName = new Map<string, number>();

beforeAll(async () => {
  const db = getDb();
  await ensureIndexes();
  // Every field below is typed with Arabic letters (ي, ك), as Arabic keyboards type Persian words,
  // and without the letters only Persian has (پ چ ژ گ): Meilisearch then takes the text for Arabic
  // and does not unify ي/ی and ك/ک with Persian-typed queries. The words tested differ from their
  // Persian spelling in more letters than the indexes' typo tolerance forgives.
  const inst = await db
    .insertInto("institutions")
    .values({
      name: "Kish Physics Institute",
      country_code: "IR",
      kind: "research_centre",
      status: "verified",
      source: "registration",
      city: "كيش",
      description: "مركز تحقيقات فيزيك و رياضي",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  institutionId = inst.id;
  await db.insertInto("institution_names").values({ institution_id: institutionId, name: "انستيتو الكترونيكي كيش", lang: "fa", kind: "label" }).execute();
  const exp = await db
    .insertInto("experts")
    .values({ full_name: "Test Folding Expert", institution_id: institutionId, keywords: ["شيمي"], position: "استاد مكانيك", bio: "ارزيابي ريسك و كيفيت" })
    .returning("id")
    .executeTakeFirstOrThrow();
  expertId = exp.id;
  callId = await insertCall(institutionId, "open", "امنيت فيزيكي شبكه", { summary: "فراخوان مشترك مكانيك", body: "سامانه هاي الكترونيكي" });
  const c = await makeConsortium();
  projectId = await insertProposal(c, "approved");
  await db
    .updateTable("proposals")
    .set({ title: "ريسك سامانه هاي الكترونيكي", abstract: "ارزيابي كيفيت داده ها در شيمي" })
    .where("id", "=", projectId)
    .execute();
  await enqueueIndexChange(db, "institutions", [institutionId]);
  await enqueueIndexChange(db, "experts", [expertId]);
  await enqueueIndexChange(db, "calls", [callId]);
  await enqueueIndexChange(db, "projects", [projectId]);
  // With the template's 1,465 real institutions, whose ROR labels carry the letters tested below.
  await syncSearch();
  const named = await db
    .selectFrom("institutions")
    .select(["id", "name"])
    .where("name", "in", [
      "Khazar University",
      "Marmara University",
      "Kokand State University",
      "Ferghana Polytechnical Institute",
      "Marmara Environmental Monitoring Project",
      "Hazara University",
    ])
    .execute();
  for (const r of named) institutionIdByName.set(r.name, r.id);
}, 240_000);

/** Each query, typed with Persian letters and as the document typed it (Arabic letters), finds `id` through `search`. */
async function expectBothSpellingsFind(search: (q: string) => Promise<Array<{ id: number }>>, id: number, persianQueries: string[]) {
  for (const persian of persianQueries) {
    const arabic = persian.replaceAll("\u06CC", "\u064A").replaceAll("\u06A9", "\u0643");
    expect(arabic, "the query has an Arabic-letter spelling").not.toBe(persian);
    expect(ids(await search(persian)), persian).toContain(id);
    expect(ids(await search(arabic)), arabic).toContain(id);
  }
}

describe("Arabic and Persian letter variants, every index", () => {
  it("institutions: description, label and city", async () => {
    await expectBothSpellingsFind(institutions, institutionId, ["فیزیک", "ریاضی", "الکترونیکی", "کیش"]);
  });

  it("experts: keywords, position and bio", async () => {
    await expectBothSpellingsFind(experts, expertId, ["شیمی", "مکانیک", "کیفیت", "ریسک"]);
  });

  it("calls: title, summary and body; the title is shown as typed, its words marked", async () => {
    await expectBothSpellingsFind(calls, callId, ["فیزیکی", "مکانیک", "الکترونیکی"]);
    const hit = (await calls("امنیت فیزیکی شبکه")).find((h) => h.id === callId);
    expect(hit.title).toBe("امنيت فيزيكي شبكه");
    expect(hit.highlightedTitle).toBe(`${HL_PRE}امنيت${HL_POST} ${HL_PRE}فيزيكي${HL_POST} ${HL_PRE}شبكه${HL_POST}`);
    // Folded copies are for search only: not sent to the page.
    expect(hit).not.toHaveProperty("folded");
  });

  it("projects: title and abstract; the abstract is shown as typed, its words marked", async () => {
    await expectBothSpellingsFind(projects, projectId, ["ریسک", "الکترونیکی", "کیفیت", "شیمی"]);
    const hit = (await projects("کیفیت")).find((h) => h.id === projectId)!;
    expect(unmarked(hit.highlightedAbstract)).toBe("ارزيابي كيفيت داده ها در شيمي");
    expect(hit.highlightedAbstract).toContain(`${HL_PRE}كيفيت${HL_POST}`);
    expect(hit).not.toHaveProperty("folded");
  });

  it("Urdu heh goal (ہ) in a real ROR label is found typed with the Persian heh (ه)", async () => {
    // جامعہ ہزارہ
    expect(ids(await institutions("هزاره")).slice(0, 3)).toContain(institutionIdByName.get("Hazara University"));
  });

  it("the index keeps the fields as typed; folded copies sit apart, only for fields folding changes", async () => {
    const doc = await getMeili().index(indexUid("calls")).getDocument(callId);
    expect(doc.title).toBe("امنيت فيزيكي شبكه");
    expect(doc.folded).toEqual({ title: "امنیت فیزیکی شبکه", summary: "فراخوان مشترک مکانیک", body: "سامانه های الکترونیکی" });
  });
});

describe("Latin letters of the region typed in ASCII", () => {
  // The examples, on real ROR labels: [query, institution whose label it spells without the letters].
  const cases: Array<[string, string]> = [
    ["Xezer Universiteti", "Khazar University"], // Xəzər Universiteti
    ["XEZER UNIVERSITETI", "Khazar University"],
    ["Mermere Universiteti", "Marmara University"], // Mərmərə Universiteti
    ["Qo'qon Davlat Universiteti", "Kokand State University"], // Qoʻqon
    ["Qo`qon Davlat Universiteti", "Kokand State University"],
    ["Qo’qon Davlat Universiteti", "Kokand State University"],
    ["Qo´qon Davlat Universiteti", "Kokand State University"],
    ["Farg'ona politexnika instituti", "Ferghana Polytechnical Institute"], // Fargʻona
    ["Degisen Osinografik Sartlarinin Izlenmesi", "Marmara Environmental Monitoring Project"], // Değişen Oşinografik Şartlarının İzlenmesi
  ];
  for (const [q, name] of cases) {
    it(`${q} → ${name}`, async () => {
      const id = institutionIdByName.get(name);
      expect(id, `${name} is in the imported data`).toBeTypeOf("number");
      expect(ids(await institutions(q)).slice(0, 3)).toContain(id);
    });
  }

  // Every letter of the Turkish, Azerbaijani, Turkmen, Uzbek and Kazakh Latin alphabets beyond
  // ASCII, in 4-letter words of a call title: the calls index forgives no typo below 5 letters, so
  // each ASCII spelling finds the call only if the letter is folded — by Meilisearch itself (its
  // decomposition drops the marks of ğ ş ç ö ü ň ž ý ä ñ ū) or by normalize.ts (ə Ə ı İ ʻ).
  const LETTER_WORDS: Array<[string, string]> = [
    ["Ağaz", "Agaz"],
    ["Şeyh", "Seyh"],
    ["Çayı", "Cayi"],
    ["Özek", "Ozek"],
    ["Ürün", "Urun"],
    ["İlkə", "Ilke"], // Turkish (and ə)
    ["Əsər", "Eser"],
    ["Xəzə", "Xeze"], // Azerbaijani
    ["Ňagt", "Nagt"],
    ["Žeta", "Zeta"],
    ["Ýyly", "Yyly"],
    ["Äpet", "Apet"], // Turkmen
    ["Oʻqi", "O'qi"],
    ["Gʻoz", "G'oz"],
    ["Taʼm", "Ta'm"], // Uzbek
    ["Ñaqa", "Naqa"],
    ["Ūlty", "Ulty"], // Kazakh (2021 Latin)
  ];
  let letterCallId: number;
  beforeAll(async () => {
    letterCallId = await insertCall(institutionId, "open", LETTER_WORDS.map(([w]) => w).join(" "));
    await enqueueIndexChange(getDb(), "calls", [letterCallId]);
    await syncSearch();
  });
  for (const [word, ascii] of LETTER_WORDS) {
    it(`${ascii} finds ${word}`, async () => {
      expect(ids(await calls(ascii))).toContain(letterCallId);
    });
  }

  it("the label is shown as typed, the ASCII-typed word marked in it", async () => {
    const khazar = institutionIdByName.get("Khazar University")!;
    // The name is English; the partner-search explanation marks the label that matched.
    const r = await findPartners(getDb(), { text: "Xezer Universiteti", types: ["institution"] });
    const hit = r.results.find((x) => x.id === khazar);
    expect(hit?.explanation.highlighted.altNames).toBe(`${HL_PRE}Xəzər${HL_POST} ${HL_PRE}Universiteti${HL_POST}`);
  });

  it("a name typed with ə is found typed with e, and the reverse; the name is shown as typed", async () => {
    const db = getDb();
    // Gəncə differs from Gence in two letters of five: more than typo tolerance forgives.
    const insert = (name: string) =>
      db
        .insertInto("institutions")
        .values({ name, country_code: "AZ", kind: "research_centre", status: "verified", source: "registration" })
        .returning("id")
        .executeTakeFirstOrThrow();
    const a = await insert("Gəncə Ədəbiyyat Mərkəzi");
    const b = await insert("Gence Kitab Evi");
    await enqueueIndexChange(db, "institutions", [a.id, b.id]);
    await syncSearch();
    const [first] = await institutions("Gence Edebiyyat Merkezi");
    expect(first?.id).toBe(a.id);
    expect(first?.name).toBe("Gəncə Ədəbiyyat Mərkəzi");
    expect(first?.highlightedName).toBe(`${HL_PRE}Gəncə${HL_POST} ${HL_PRE}Ədəbiyyat${HL_POST} ${HL_PRE}Mərkəzi${HL_POST}`);
    expect((await institutions("Gəncə Kitab Evi"))[0]?.id).toBe(b.id);
  });
});
