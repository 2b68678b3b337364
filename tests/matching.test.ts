/**
 * Partner matching: the API (filters, exclusion, explanations, 400s), the
 * score, cross-script names, institution topic profiles kept current through
 * the outbox, safe synonyms, and consortium suggestion — against real
 * PostgreSQL and Meilisearch with the 600 demo experts seeded.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../tooling/demo/demo";
import { loader as partnersApi } from "../app/routes/api.v1.partners";
import { loader as consortiumApi } from "../app/routes/api.v1.consortium";
import { loader as partnersPage } from "../app/routes/partners";
import { loader as institutionPage } from "../app/routes/institutions.$id";
import { findPartners } from "../app/features/matching/matching.server";
import { suggestConsortium } from "../app/features/matching/consortium.server";
import { SCORE_WEIGHTS } from "../app/features/matching/scoring";
import { estimateTierSize, forgetTopicCounts, loadTopicCounts, peekTopicCounts, topicCountsSettled } from "../app/features/matching/topic-counts.server";
import { contentWords } from "../app/features/matching/text-match";
import { getInstitutionTopicProfiles, profileWeight } from "../app/features/matching/topic-profile.server";
import { SAFE_SYNONYM_PAIRS } from "../app/search/index-definition";
import { buildAnyOf, buildExclusion } from "../app/search/filter";
import { ensureIndexes } from "../app/search/sync.server";
import { getMeili, indexUid } from "../app/search/client.server";
import { searchExperts } from "../app/features/experts/expert-search.server";
import { searchInstitutions } from "../app/features/institutions/institution.server";
import { parseSearchParams } from "../app/utils/search-params";
import { EXPERT_LIST_PARAMS, expertSearchSchema } from "../app/features/experts/expert-search-params";
import { callRoute, getDb, loaderArgs, syncSearch, upsertExpertProfileAs } from "./helpers";
import { useAppServer } from "./helpers/app-server";

let tehran: { id: number; country_code: string };
let almaty: { id: number; country_code: string };
let cyrillicExpert: number;

beforeAll(async () => {
  const db = getDb();
  const uni = (country: string) =>
    db
      .selectFrom("institutions")
      .select(["id", "country_code"])
      .where("country_code", "=", country)
      .where("kind", "=", "university")
      .where("status", "=", "verified")
      .orderBy("prominence", "desc")
      .orderBy("id")
      .executeTakeFirstOrThrow();
  tehran = await uni("IR");
  almaty = await uni("KZ");
  await ensureIndexes();
  expect(await seedDemo(db)).toEqual({ created: 600, skipped: false });
  const create = async (user: string, input: Record<string, unknown>) => {
    const r = await upsertExpertProfileAs(db, user, input);
    if (!r.ok) throw new Error(`setup: ${JSON.stringify(r.fieldErrors)}`);
    return r.expertId;
  };
  // Persian ی/ک stored; Arabic ي/ك stored; a Cyrillic variant; an IoT keyword spelled out.
  await create("m-persian", { fullName: "Rahim Kiani", nameVariants: ["رحیم کیانی"], institutionId: tehran.id, topicIds: ["T10028"] });
  await create("m-arabic", { fullName: "Ali Kazemi", nameVariants: ["علي كاظمي"], institutionId: tehran.id, topicIds: ["T10028"] });
  // An Iranian expert outside the asking (excluded) institution, so the asking country is listed.
  const otherIranian = await db
    .selectFrom("institutions")
    .select("id")
    .where("country_code", "=", "IR")
    .where("status", "=", "verified")
    .where("id", "!=", tehran.id)
    .orderBy("prominence", "desc")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  await create("m-iran-other", { fullName: "Maryam Ahmadi", institutionId: otherIranian.id, topicIds: ["T10028"] });
  cyrillicExpert = await create("m-cyrillic", {
    fullName: "Dilshod Ergashev",
    nameVariants: ["Дилшод Эргашев"],
    institutionId: almaty.id,
    topicIds: ["T10181"],
  });
  await create("m-iot", {
    fullName: "Zarina Quorbonova",
    institutionId: almaty.id,
    topicIds: ["T10181"],
    keywords: ["Internet of Things"],
  });
  await syncSearch();
}, 240_000);

const api = async (qs: string) => callRoute(partnersApi as any, loaderArgs(`/api/v1/partners?${qs}`));

describe("empty indexes", () => {
  it("a topic query answers with no results, not an error, before any institution is indexed", async () => {
    // Meilisearch refuses to sort documents by a sortable attribute no document carries yet
    // (invalid_document_sort): a fresh deployment's index, before its first sync.
    const saved = process.env.MEILI_INDEX_PREFIX;
    process.env.MEILI_INDEX_PREFIX = `${saved ?? ""}empty_`;
    try {
      await ensureIndexes();
      const r = await findPartners(getDb(), { topicIds: ["T10028"] });
      expect(r.results).toEqual([]);
      expect(r.queryTopics.map((t) => t.id)).toEqual(["T10028"]);
    } finally {
      process.env.MEILI_INDEX_PREFIX = saved;
    }
  });
});

describe("/api/v1/partners", () => {
  it("with exclude and newCountriesOnly returns only other member states, never the asking institution or its experts, each explained", async () => {
    const res = await api(`topics=T10028&exclude=${tehran.id}&newCountriesOnly=true`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.representedCountries).toEqual(["IR"]);
    expect(body.results.filter((r: { type: string; id: number }) => r.type === "institution" && r.id === tehran.id)).toEqual([]);
    for (const r of body.results) {
      expect(r.country).not.toBe("IR");
      expect(r.country).toBeTruthy();
      const e = r.explanation;
      expect(e.sharedTopics.length + e.relatedTopics.length + e.matchedTerms.length).toBeGreaterThan(0);
      expect(e.country.code).toBe(r.country);
      expect(r.breakdown.newCountry).toBe(1);
    }
    // Ranked by the documented score, which equals its weighted breakdown.
    for (const r of body.results) {
      const b = r.breakdown;
      const expected =
        SCORE_WEIGHTS.shared * b.shared + SCORE_WEIGHTS.related * b.related + SCORE_WEIGHTS.text * b.text + SCORE_WEIGHTS.newCountry * b.newCountry;
      expect(r.score).toBeCloseTo(expected, 3);
    }
    const scores = body.results.map((r: any) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // Both kinds of result come back, institutions through their topic profiles.
    expect(new Set(body.results.map((r: any) => r.type))).toEqual(new Set(["institution", "expert"]));
  });

  it("without newCountriesOnly, the asking country scores no new-country bonus but is still listed", async () => {
    const body = await (await api(`topics=T10028&exclude=${tehran.id}&type=expert&page=1`)).json();
    const ir = body.results.filter((r: any) => r.country === "IR");
    expect(ir.length).toBeGreaterThan(0);
    for (const r of ir) expect(r.breakdown.newCountry).toBe(0);
    for (const r of body.results) expect(r.institution?.id).not.toBe(tehran.id);
  });

  it("explains related topics (with why) and filters by member state and openness", async () => {
    const body = await (await api("topics=T10028&country=KZ&type=expert")).json();
    expect(body.results.length).toBeGreaterThan(0);
    for (const r of body.results) expect(r.country).toBe("KZ");
    // The Kazakh experts on Natural Language Processing Techniques (T10181), related to Topic Modeling by keywords.
    const related = body.results.find((r: any) => r.id === cyrillicExpert);
    expect(related.explanation.sharedTopics).toEqual([]);
    expect(related.explanation.relatedTopics).toEqual([
      {
        query: { id: "T10028", name: "Topic Modeling" },
        match: { id: "T10181", name: "Natural Language Processing Techniques" },
        reason: expect.stringMatching(/^(both list the keywords? “|share the words? “)/),
      },
    ]);
    const open = await (await api("topics=T10028&openTo=consulting&type=expert")).json();
    expect(open.results.length).toBeGreaterThan(0);
  });

  it("answers 400 with readable messages for bad parameters", async () => {
    for (const [qs, param] of [
      ["topics=T99999999", "topics"],
      ["topics=T10028&country=FR", "country"],
      ["topics=T10028&consortium=DE", "consortium"],
      ["topics=T10028&exclude=999999999", "exclude"],
      ["topics=T10028&colour=red", "colour"],
      ["topics=nope", "topics"],
      ["", "q"],
    ] as const) {
      const res = await api(qs);
      expect(res.status, qs).toBe(400);
      const body = await res.json();
      expect(
        body.issues.map((i: any) => i.param),
        qs,
      ).toContain(param);
      expect(body.error).toBeTruthy();
    }
  });
});

describe("second topic tier requested ahead (issue 17)", () => {
  const total = async (index: "experts" | "institutions", filter: string[]) =>
    (
      await getMeili()
        .index(indexUid(index))
        .getDocuments({ filter, limit: 1, fields: ["id"] })
    ).total;

  it("estimates a first tier's size exactly for one topic, by member state, kind and openness", async () => {
    const db = getDb();
    const counts = await loadTopicCounts(db);
    expect(estimateTierSize(counts, "expert", ["T10028"], {})).toBe(await total("experts", [`topicIds IN ["T10028"]`]));
    expect(estimateTierSize(counts, "expert", ["T10028"], { countries: ["IR"] })).toBe(await total("experts", [`topicIds IN ["T10028"]`, `country IN ["IR"]`]));
    const n = await total("experts", [`topicIds IN ["T10028"]`, `openTo IN ["consulting"]`]);
    expect(n).toBeGreaterThan(0);
    expect(estimateTierSize(counts, "expert", ["T10028"], { openTo: ["consulting"] })).toBe(n);
    expect(estimateTierSize(counts, "expert", ["T10028"], { excludedCountries: ["IR"], kinds: ["university"] })).toBe(
      await total("experts", [`topicIds IN ["T10028"]`, `country NOT IN ["IR"]`, `institutionKind IN ["university"]`]),
    );
    expect(estimateTierSize(counts, "institution", ["T10028"], { countries: ["KZ", "IR"] })).toBe(
      await total("institutions", [`topicIds IN ["T10028"]`, `country IN ["KZ", "IR"]`]),
    );
  });

  it("ranks exactly as when the second tier waits for the first", async () => {
    const db = getDb();
    const query = { topicIds: ["T10028"], country: ["KZ"], excludeInstitutionId: tehran.id };
    forgetTopicCounts(db);
    const waited = await findPartners(db, query); // no counts yet: the second tier after the first
    await topicCountsSettled(db);
    const counts = peekTopicCounts(db)!;
    // The case it is for: a first tier estimated short (so requested ahead) that the second tier fills.
    expect(estimateTierSize(counts, "expert", ["T10028"], { countries: ["KZ"] })).toBeLessThan(300);
    expect(waited.results.some((r) => r.breakdown.shared === 0 && r.breakdown.related > 0)).toBe(true);
    const ahead = await findPartners(db, query);
    expect(ahead).toEqual(waited);
  });
});

describe("cross-script names and text", () => {
  const names = async (text: string) => (await findPartners(getDb(), { text, types: ["expert"] })).results.map((r) => r.name);

  it("an Arabic ي/ك query finds a name stored with Persian ی/ک, and the reverse", async () => {
    expect((await names("رحيم كياني"))[0]).toBe("Rahim Kiani");
    expect((await names("علی کاظمی"))[0]).toBe("Ali Kazemi");
  });

  it("a Cyrillic query finds the Cyrillic name variant, highlighted", async () => {
    const r = (await findPartners(getDb(), { text: "Дилшод Эргашев", types: ["expert"] })).results[0];
    expect(r.name).toBe("Dilshod Ergashev");
    expect(r.explanation.matchedTerms).toContain("эргашев");
    expect(r.explanation.highlighted.nameVariants).toContain("\u0001Эргашев\u0002");
  });

  it("a match only in an expert's bio or position is shown, the bio cut around it", async () => {
    const db = getDb();
    const bio = `${"Earlier work covered many unrelated subjects. ".repeat(6)}Lately she studies zephyrological sensing of mountain winds. ${"More filler text follows here. ".repeat(6)}`;
    const r = await upsertExpertProfileAs(db, "m-bio", { fullName: "Gulnara Bioeva", institutionId: almaty.id, position: "Professor of Windology", bio });
    if (!r.ok) throw new Error("setup failed");
    await syncSearch();
    const find = async (text: string) => (await findPartners(db, { text, types: ["expert"] })).results.find((x) => x.id === r.expertId);
    expect((await find("windology"))?.explanation.highlighted).toEqual({ position: "Professor of \u0001Windology\u0002" });
    // Only in the bio: fetched for this result and cut around the match.
    const hit = await find("zephyrological");
    const shown = hit?.explanation.highlighted.bio ?? "";
    expect(shown).toContain("\u0001zephyrological\u0002");
    expect(shown.startsWith("…") && shown.endsWith("…")).toBe(true);
    expect(hit?.explanation.matchedTerms).toEqual(["zephyrological"]);
  });

  it("highlights free text in an institution's topic names, and only in results the text matched", async () => {
    const r = await findPartners(getDb(), { text: "topic modeling", types: ["institution"], inferTopics: false, perPage: 50 });
    const matched = r.results.filter((x) => x.breakdown.text > 0);
    const inTopics = matched.find((x) => x.explanation.highlighted.topicNames);
    expect(inTopics?.explanation.highlighted.topicNames).toContain("\u0001Topic\u0002 \u0001Modeling\u0002");
    expect(inTopics?.explanation.matchedTerms).toEqual(expect.arrayContaining(["modeling", "topic"]));
    expect(inTopics?.topics.map((t) => t.name)).toContain("Topic Modeling");
    for (const x of r.results.filter((y) => y.breakdown.text === 0)) expect(x.explanation.highlighted).toEqual({});
  });

  it("Latin search is unaffected and the acronym synonym IoT finds 'Internet of Things'", async () => {
    expect((await names("Quorbonova"))[0]).toBe("Zarina Quorbonova");
    // Demo experts whose topics are IoT rank above her (a keyword only): look past the first page.
    const iotResults = (await findPartners(getDb(), { text: "IoT", types: ["expert"], perPage: 100 })).results;
    expect(iotResults.map((r) => r.name)).toContain("Zarina Quorbonova");
    // …and says so: the synonym's words are highlighted where they matched.
    const iot = iotResults.find((r) => r.name === "Zarina Quorbonova");
    expect(iot?.explanation.highlighted.keywords).toBe("\u0001Internet\u0002 of \u0001Things\u0002");
  });

  it("declares only synonyms whose expansion appears in the topic taxonomy", async () => {
    const topics = await getDb().selectFrom("topics").select(["name", "keywords"]).execute();
    const text = topics.map((t) => [t.name, ...t.keywords].join(" | ").toLowerCase()).join(" | ");
    for (const [, expansion] of SAFE_SYNONYM_PAIRS) expect(text, expansion).toContain(expansion);
    const settings = await getMeili().index(indexUid("experts")).getSynonyms();
    expect(settings.iot).toEqual(["internet of things"]);
  });

  it("a request naming subjects in Russian or Persian finds the partners its English equivalent finds, explained in English words", async () => {
    // The glossary renders it in English (glossary-query.ts) instead of Meilisearch synonyms.
    const ids = async (text: string) => (await findPartners(getDb(), { text, inferTopics: false, perPage: 20 })).results.map((r) => `${r.type}:${r.id}`);
    const en = await ids("speech recognition");
    expect(en.length).toBeGreaterThan(0);
    expect(await ids("распознавание речи")).toEqual(en);
    expect(await ids("بازشناسی گفتار")).toEqual(en);
    const ru = await findPartners(getDb(), { text: "распознавание речи", types: ["expert"], inferTopics: false, perPage: 5 });
    expect(ru.results[0].explanation.matchedTerms).toEqual(expect.arrayContaining(["speech", "recognition"]));
  });

  it("the experts and institutions searches too, while a native-script name is searched as typed", async () => {
    const experts = async (q: string) => {
      const p = parseSearchParams(expertSearchSchema, new URLSearchParams({ q }), EXPERT_LIST_PARAMS);
      if (!p.ok) throw new Error(JSON.stringify(p.issues));
      return (await searchExperts(getDb(), p.value as any)).hits.map((h) => h.id);
    };
    const en = await experts("speech recognition");
    expect(en.length).toBeGreaterThan(0);
    expect(await experts("распознавание речи")).toEqual(en);
    expect(await experts("تشخیص گفتار")).toEqual(en);
    const institutions = async (q: string) => (await searchInstitutions({ q, country: [], kind: [], page: 1 } as any)).hits.map((h) => h.id);
    const enInst = await institutions("machine learning");
    expect(enInst.length).toBeGreaterThan(0);
    expect(await institutions("машинное обучение")).toEqual(enInst);
    // Searched as typed: the expert with that Cyrillic name first (demo experts sharing the given name follow).
    expect((await experts("Дилшод Эргашев"))[0]).toBe(cyrillicExpert);
  });

  it("folds Turkish letters in the content words it compares", () => {
    expect(contentWords("Dönüşüm İzmir ılık")).toEqual(["donusum", "izmir", "ilik"]);
  });
});

describe("institution topic profiles", () => {
  it("combine experts' topics weighted by how many share them, reach the index through the outbox, and show on the page", async () => {
    const db = getDb();
    const profile = (await getInstitutionTopicProfiles(db, [almaty.id])).get(almaty.id)!;
    const t = profile.find((p) => p.id === "T10181")!;
    const count = Number(
      (
        await db
          .selectFrom("expert_topics")
          .innerJoin("experts", "experts.id", "expert_topics.expert_id")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("experts.institution_id", "=", almaty.id)
          .where("expert_topics.topic_id", "=", "T10181")
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(t.expertCount).toBe(count);
    expect(t.weight).toBe(profileWeight(false, count));
    expect(profileWeight(false, 1)).toBeCloseTo(1 / 3, 3);
    expect(profileWeight(true, 0)).toBe(1);
    const doc: any = await getMeili().index(indexUid("institutions")).getDocument(almaty.id);
    expect(doc.topicIds).toContain("T10181");
    expect(doc.topicWeights[doc.topicIds.indexOf("T10181")]).toBe(t.weight);

    // Moving an expert away updates the old institution's document after the next sync.
    await upsertExpertProfileAs(db, "m-cyrillic", {
      fullName: "Dilshod Ergashev",
      nameVariants: ["Дилшод Эргашев"],
      institutionId: tehran.id,
      topicIds: ["T10181"],
    });
    const outbox = await db.selectFrom("search_outbox").select(["index_name", "doc_id"]).where("index_name", "=", "institutions").execute();
    expect(outbox.map((r) => r.doc_id).sort()).toEqual([String(almaty.id), String(tehran.id)].sort());
    await syncSearch();
    const after = (await getInstitutionTopicProfiles(db, [almaty.id])).get(almaty.id)!.find((p) => p.id === "T10181");
    expect(after?.expertCount ?? 0).toBe(count - 1);

    const page = await callRoute(institutionPage as any, loaderArgs(`/institutions/${tehran.id}`, { id: String(tehran.id) }));
    const data = await page.json();
    expect(data.topicProfile.find((p: any) => p.id === "T10181")).toMatchObject({ declared: false });
  });

  it("are re-indexed only when an expert's topics or affiliation change, not on other profile edits", async () => {
    const db = getDb();
    await syncSearch();
    const queued = async () =>
      (await db.selectFrom("search_outbox").select(["index_name", "doc_id"]).orderBy("index_name").orderBy("doc_id").execute()).map(
        (r) => `${r.index_name}:${r.doc_id}`,
      );
    const base = { fullName: "Profile Weight Probe", institutionId: tehran.id, topicIds: ["T10181", "T10028"] };
    const r = await upsertExpertProfileAs(db, "profile-probe", base);
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
    expect(await queued()).toEqual([`experts:${r.expertId}`, `institutions:${tehran.id}`]);
    await syncSearch();
    // Bio and keywords only, topics in another order: the profile is unchanged, only the expert is queued.
    await upsertExpertProfileAs(db, "profile-probe", { ...base, topicIds: ["T10028", "T10181"], bio: "Works on parsers.", keywords: ["parsing"] });
    expect(await queued()).toEqual([`experts:${r.expertId}`]);
    await syncSearch();
    // A topic dropped: the institution's profile changes and it is queued again.
    await upsertExpertProfileAs(db, "profile-probe", { ...base, topicIds: ["T10181"] });
    expect(await queued()).toEqual([`experts:${r.expertId}`, `institutions:${tehran.id}`]);
    await syncSearch();
    // A new affiliation: both the old and the new institution are queued.
    await upsertExpertProfileAs(db, "profile-probe", { ...base, topicIds: ["T10181"], institutionId: almaty.id });
    expect(await queued()).toEqual([`experts:${r.expertId}`, `institutions:${almaty.id}`, `institutions:${tehran.id}`].sort());
    await syncSearch();
  });
});

describe("consortium suggestion", () => {
  it("for a call needing 3 member states returns 3+ partners from 3+ states covering its topics, deterministically", async () => {
    const query = { topicIds: ["T10028", "T10181"], minCountries: 3, excludeInstitutionId: tehran.id };
    const a = await suggestConsortium(getDb(), query);
    const b = await suggestConsortium(getDb(), query);
    expect(b).toEqual(a);
    expect(a.complete).toBe(true);
    expect(a.uncovered).toEqual([]);
    expect(a.members.length).toBeGreaterThanOrEqual(2);
    const memberStates = new Set(a.members.map((m) => m.country.code));
    expect(new Set([...memberStates, "IR"]).size).toBeGreaterThanOrEqual(3);
    expect(a.members.every((m) => m.institution.id !== tehran.id)).toBe(true);
    expect(new Set(a.members.flatMap((m) => m.brings.topics.map((t) => t.id)))).toEqual(new Set(["T10028", "T10181"]));
    for (const m of a.members) expect(m.brings.country).toBe(m.country.code);
  });

  it("without an asking institution, 3 member states means 3+ partners from 3+ states", async () => {
    const res = await callRoute(consortiumApi as any, loaderArgs("/api/v1/consortium?topics=T10028,T10181&minCountries=3"));
    expect(res.status).toBe(200);
    const c = await res.json();
    expect(c.members.length).toBeGreaterThanOrEqual(3);
    expect(new Set(c.members.map((m: any) => m.country.code)).size).toBeGreaterThanOrEqual(3);
    expect(c.complete).toBe(true);
  });

  it("says what cannot be covered", async () => {
    const c = await suggestConsortium(getDb(), { topicIds: ["T10028"], minCountries: 10 });
    if (!c.complete) {
      expect(c.missingCountries + c.uncovered.length).toBeGreaterThan(0);
      expect(c.note).toMatch(/Cannot/);
    } else {
      expect(c.countries.length).toBe(10);
    }
    const bad = await callRoute(consortiumApi as any, loaderArgs("/api/v1/consortium?topics=T10028&minCountries=11"));
    expect(bad.status).toBe(400);
    const noTopics = await callRoute(consortiumApi as any, loaderArgs("/api/v1/consortium?minCountries=3"));
    expect(noTopics.status).toBe(400);
    expect((await noTopics.json()).issues).toEqual([{ param: "topics", message: "give at least one topic id (e.g. topics=T10028,T10181)" }]);
  });
});

describe("/partners page and filter helpers", () => {
  it("renders results with the topic picker, and 400 for bad parameters", async () => {
    const ok = await callRoute(partnersPage as any, loaderArgs("/partners?q=topic+modeling&topicSearch=speech&minCountries=3"));
    expect(ok.status).toBe(200);
    const data = await ok.json();
    expect(data.result.queryTopics.map((t: any) => t.id)).toContain("T10028");
    expect(data.found.map((t: any) => t.name)).toContain("Speech Recognition and Synthesis");
    expect(data.consortium.members.length).toBeGreaterThan(0);
    const bad = await callRoute(partnersPage as any, loaderArgs("/partners?topics=T99999999"));
    expect(bad.status).toBe(400);
  });

  it("a 400 keeps what was typed and every valid filter in the form, and shows no empty-form prompt", async () => {
    const res = await callRoute(partnersPage as any, loaderArgs("/partners?q=topic+modeling&topics=T10181&country=KZ&page=0"));
    expect(res.status).toBe(400);
    const data = await res.json();
    expect(data.issues.map((i: any) => i.param)).toEqual(["page"]);
    expect(data.typed).toBe("topic modeling");
    expect(data.params).toMatchObject({ q: "topic modeling", topics: ["T10181"], country: ["KZ"] });
    expect(data.selected.map((t: any) => t.id)).toEqual(["T10181"]);
    expect(data.result).toBeNull();
    // A list keeps its valid values: the rejected country goes, the valid one stays ticked.
    const countries = await (await callRoute(partnersPage as any, loaderArgs("/partners?q=topic+modeling&country=FR&country=TR"))).json();
    expect(countries.issues.map((i: any) => i.param)).toEqual(["country"]);
    expect(countries.params.country).toEqual(["TR"]);
    // Text over the length limit is the parameter at fault, and still goes back into the box.
    const long = "x".repeat(250);
    const tooLong = await (await callRoute(partnersPage as any, loaderArgs(`/partners?q=${long}&country=TR`))).json();
    expect(tooLong.issues.map((i: any) => i.param)).toEqual(["q"]);
    expect(tooLong.typed).toBe(long);
    expect(tooLong.params.country).toEqual(["TR"]);
  });

  it("text with no words to search for (punctuation, only common words) is refused, not answered with arbitrary partners", async () => {
    for (const q of ["!!??...,,", "-", "for", "the and of", "a"]) {
      const res = await api(`q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(400);
      expect((await res.json()).issues[0]).toMatchObject({ param: "q", message: expect.stringContaining("no words to search for") });
      const page = await callRoute(partnersPage as any, loaderArgs(`/partners?q=${encodeURIComponent(q)}`));
      expect(page.status, q).toBe(400);
      expect((await page.json()).typed).toBe(q);
    }
    // With topics, such text is ignored: topic candidates only, none scored on text.
    const withTopics = await (await api("q=%21%21%21&topics=T10028")).json();
    expect(withTopics.results.length).toBeGreaterThan(0);
    for (const r of withTopics.results) expect(r.breakdown.text).toBe(0);
    const direct = await findPartners(getDb(), { text: "?!", topicIds: ["T10028"], types: ["institution"] });
    expect(direct.results.every((r) => r.breakdown.text === 0 && r.breakdown.shared + r.breakdown.related > 0)).toBe(true);
  });

  it("quotes values in OR-groups and exclusions", () => {
    expect(buildAnyOf({ topicIds: ["T1", 'x" OR 1'], subfieldIds: ["1702"] }, ["topicIds", "subfieldIds"])).toEqual([
      'topicIds IN ["T1", "x\\" OR 1"]',
      'subfieldIds = "1702"',
    ]);
    expect(buildExclusion("country", ["IR"], ["country"])).toEqual(['country NOT IN ["IR"]']);
    expect(() => buildExclusion("secret", ["x"], ["country"])).toThrow();
  });
});

describe("exclude= does not reveal unverified institutions", () => {
  it("answers a pending institution exactly like a missing one", async () => {
    const db = getDb();
    const { id } = await db
      .insertInto("institutions")
      .values({ kind: "university", name: "Pending Exclusion Test University", country_code: "TJ", status: "pending", source: "registration" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const pending = await callRoute(partnersApi, loaderArgs(`/api/v1/partners?topics=T10028&exclude=${id}`));
    const missing = await callRoute(partnersApi, loaderArgs(`/api/v1/partners?topics=T10028&exclude=999999`));
    expect(pending.status).toBe(400);
    expect(missing.status).toBe(400);
    const [a, b] = [await pending.json(), await missing.json()];
    expect(a.error.replace(String(id), "N")).toBe(b.error.replace("999999", "N"));
  });
});

describe("/partners over HTTP (production build)", () => {
  const server = useAppServer();
  const page = async (qs: string) => {
    const res = await fetch(`${server.app.url}/partners?${qs}`);
    return { status: res.status, html: (await res.text()).replaceAll("<!-- -->", "") };
  };

  it("a 400 shows the message and keeps the typed text and ticked filters in the form", async () => {
    const { status, html } = await page("q=topic+modeling&country=KZ&page=0");
    expect(status).toBe(400);
    expect(html).toContain("Page</strong> must be at least 1");
    expect(html).toMatch(/<input[^>]*id="q"[^>]*value="topic modeling"/);
    expect(html).toMatch(/<input[^>]*name="country" checked="" value="KZ"/);
    expect(html).not.toContain("Describe your project, pick topics, or both.");
  });

  it('"My institution" is a picker that works without JavaScript: radio buttons, found by name in a GET form', async () => {
    const { name } = await getDb().selectFrom("institutions").select("name").where("id", "=", tehran.id).executeTakeFirstOrThrow();
    const { status, html } = await page(`topics=T10028&exclude=${almaty.id}&excludeSearch=${encodeURIComponent(name)}`);
    expect(status).toBe(200);
    expect(html).not.toMatch(/<input[^>]*id="exclude"[^>]*inputMode="numeric"/i);
    expect(html).toMatch(new RegExp(`<input type="radio" name="exclude" checked="" value="${almaty.id}"/>`));
    expect(html).toMatch(/<input type="radio" name="exclude" value=""\/> None/);
    expect(html).toMatch(/<input[^>]*id="excludeSearch"[^>]*name="excludeSearch"[^>]*value="[^"]+"/);
    expect(html).toMatch(new RegExp(`<input type="radio" name="exclude" value="${tehran.id}"/>`));
  });

  it("says why no consortium is suggested when no topic was picked or recognised", async () => {
    const none = await page("q=Quorbonova&minCountries=3");
    expect(none.status).toBe(200);
    expect(none.html).toContain("No consortium suggested");
    const some = await page("q=topic+modeling&minCountries=3");
    expect(some.html).not.toContain("No consortium suggested");
    expect(some.html).toContain("Suggested consortium");
    // Results of text that names no topic say so.
    expect(none.html).toContain("No topic recognised in your text");
    expect(some.html).not.toContain("No topic recognised in your text");
  });
});
