/**
 * Related topics (issue 12): measured relatedness between taxonomy topics
 * (shared keywords and co-occurrence in profiles, with a threshold) instead of
 * "same OpenAlex subfield", and partner matching explaining why two topics are
 * related — against the imported taxonomy, real PostgreSQL and Meilisearch.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  COOC_WEIGHT,
  MAX_RELATED,
  MIN_COOCCURRENCES,
  RELATED_THRESHOLD,
  computeRelatedTopics,
  forgetRelatedTopics,
  getRelatedTopics,
  loadCooccurrence,
  type RelatedTopics,
} from "../app/features/matching/topic-relatedness.server";
import { findPartners } from "../app/features/matching/matching.server";
import { relatedWhyText } from "../app/features/matching/related-why";
import type { RelatedWhy } from "../app/features/matching/partner-query";
import { serverT } from "../app/i18n/i18n.server";
import { ensureIndexes } from "../app/search/sync.server";
import { getDb, syncSearch, upsertExpertProfileAs } from "./helpers";
import { verifiedInstitution } from "./proposal-fixtures";

const MEDICAL_SEGMENTATION = "T10052";
const HANDWRITING = "T10601";
const PRIVACY = "T10764";
const EDU_ROBOTICS = "T14335";
const INTRUSION = "T10400"; // Network Security and Intrusion Detection
const WSN_SECURITY = "T11498"; // Security in Wireless Sensor Networks
const ANOMALY = "T11512"; // Anomaly Detection Techniques and Applications
const MEDICAL_IMAGING = "T14510"; // Medical Imaging and Analysis
const SPEECH = "T10201"; // Speech Recognition and Synthesis

let taxonomy: Array<{ id: string; name: string; keywords: string[] }>;
let lexical: RelatedTopics;
const related = (r: RelatedTopics, a: string, b: string) => (r.get(a) ?? []).find((x) => x.id === b);

beforeAll(async () => {
  taxonomy = await getDb().selectFrom("topics").select(["id", "name", "keywords"]).orderBy("id").execute();
  lexical = computeRelatedTopics(taxonomy);
});

describe("computeRelatedTopics (taxonomy only)", () => {
  it("no longer relates the issue's bad examples, although each pair shares a subfield", async () => {
    const subfield = async (id: string) =>
      (await getDb().selectFrom("topics").select("subfield_id").where("id", "=", id).executeTakeFirstOrThrow()).subfield_id;
    expect(await subfield(MEDICAL_SEGMENTATION)).toBe(await subfield(HANDWRITING));
    expect(await subfield(PRIVACY)).toBe(await subfield(EDU_ROBOTICS));
    for (const [a, b] of [
      [MEDICAL_SEGMENTATION, HANDWRITING],
      [PRIVACY, EDU_ROBOTICS],
    ]) {
      expect(related(lexical, a, b)).toBeUndefined();
      expect(related(lexical, b, a)).toBeUndefined();
    }
  });

  it("relates clearly related topics, across subfields too, and says which keywords they share", () => {
    const ids = (a: string) => (lexical.get(a) ?? []).map((r) => r.id);
    expect(ids(INTRUSION)).toEqual(expect.arrayContaining([WSN_SECURITY, ANOMALY]));
    // Says which keyword phrases both list and which other words both use.
    expect(related(lexical, INTRUSION, WSN_SECURITY)!.reason).toMatch(/^both list the keywords? .*“intrusion detection”/);
    expect(related(lexical, MEDICAL_SEGMENTATION, MEDICAL_IMAGING)!.reason).toMatch(/^both list the keywords “.*“deep learning”.*; share the words? “[a-z]+”/);
    expect(related(lexical, INTRUSION, ANOMALY)!.reason).toContain("anomaly detection");
    // Medical Imaging and Analysis is in Biomedical Engineering, not in Computer Vision.
    expect(ids(MEDICAL_SEGMENTATION)[0]).toBe(MEDICAL_IMAGING);
    expect(related(lexical, MEDICAL_SEGMENTATION, MEDICAL_IMAGING)!.sharedTerms).toEqual(expect.arrayContaining(["deep learning"]));
  });

  it("keeps at most a few related topics per topic, all above the threshold, each explained, none itself", () => {
    expect(lexical.size).toBeGreaterThan(400);
    for (const [id, list] of lexical) {
      expect(list.length).toBeLessThanOrEqual(MAX_RELATED);
      for (const r of list) {
        expect(r.id).not.toBe(id);
        expect(r.score).toBeGreaterThanOrEqual(RELATED_THRESHOLD);
        expect(r.reason).toMatch(/^(both list the keywords? “|share the words? “)\S/);
      }
      expect([...list].sort((a, b) => b.score - a.score)).toEqual(list);
    }
  });

  it("co-occurrence in enough profiles relates topics that share no keyword; below the minimum it does not", () => {
    expect(related(lexical, SPEECH, EDU_ROBOTICS)).toBeUndefined();
    const cooc = (n: number) => ({
      perTopic: new Map([
        [SPEECH, 10],
        [EDU_ROBOTICS, 10],
      ]),
      pairs: new Map([[`${SPEECH}|${EDU_ROBOTICS}`, n]]),
    });
    const strong = computeRelatedTopics(taxonomy, cooc(8));
    const r = related(strong, SPEECH, EDU_ROBOTICS)!;
    expect(r.reason).toBe("declared together by 8 profiles");
    expect(r.score).toBeCloseTo(COOC_WEIGHT * 0.8, 3);
    expect(related(strong, EDU_ROBOTICS, SPEECH)?.profiles).toBe(8);
    expect(related(computeRelatedTopics(taxonomy, cooc(MIN_COOCCURRENCES - 1)), SPEECH, EDU_ROBOTICS)).toBeUndefined();
  });
});

describe("why two topics are related, as data and in words", () => {
  const inLanguage = (lng: string) => serverT(lng, ["matching"]);
  const withKinds = (experts: number, institutions: number) => ({
    perTopic: new Map([
      [SPEECH, 10],
      [EDU_ROBOTICS, 10],
    ]),
    pairs: new Map([[`${SPEECH}|${EDU_ROBOTICS}`, experts + institutions]]),
    pairKinds: new Map([[`${SPEECH}|${EDU_ROBOTICS}`, { experts, institutions }]]),
  });

  it("carries the reason as parts (kind and parameters) that the English catalogue says word for word as the API's reason, for every pair", () => {
    expect(related(lexical, INTRUSION, WSN_SECURITY)!.why[0]).toEqual({ kind: "keywords", terms: expect.arrayContaining(["intrusion detection"]) });
    const en = inLanguage("en");
    let pairs = 0;
    for (const [cooc, name] of [
      [undefined, "lexical"],
      [withKinds(1, 5), "1 expert, 5 institutions"],
      [withKinds(6, 0), "6 experts"],
      [withKinds(0, 1), "1 institution"],
    ] as const) {
      const all = cooc ? computeRelatedTopics(taxonomy, cooc) : lexical;
      for (const list of all.values())
        for (const r of list) {
          expect(relatedWhyText(r.why, en), `${name}: ${r.id}`).toBe(r.reason);
          pairs++;
        }
    }
    expect(pairs).toBeGreaterThan(1000);
    expect(related(computeRelatedTopics(taxonomy, withKinds(1, 5)), SPEECH, EDU_ROBOTICS)!.reason).toBe("declared together by 1 expert and 5 institutions");
  });

  it("says it in Russian, Turkish and Persian with each language's plural forms, the taxonomy's terms quoted as they are", () => {
    const why: RelatedWhy[] = [
      { kind: "keywords", terms: ["intrusion detection"] },
      { kind: "words", terms: ["network", "attack"] },
      { kind: "declaredBy", experts: 5, institutions: 2 },
    ];
    const say = (lng: string, w: RelatedWhy[]) => relatedWhyText(w, inLanguage(lng));
    expect(say("ru", why)).toBe(
      "у обеих тем есть ключевое слово «intrusion detection»; общие слова «network», «attack»; их вместе указали 5 экспертов и 2 организации",
    );
    expect(say("ru", [{ kind: "declaredBy", experts: 1, institutions: 0 }])).toBe("их вместе указали 1 эксперт");
    expect(say("ru", [{ kind: "declaredByProfiles", profiles: 3 }])).toBe("указаны вместе в 3 профилях");
    expect(say("tr", why)).toBe(
      "ikisi de “intrusion detection” anahtar sözcüğünü içeriyor; ortak sözcükler: “network”, “attack”; 5 uzman ve 2 kurum tarafından birlikte belirtilmiş",
    );
    // Persian: Persian digits and punctuation; the English terms isolated (U+2068 … U+2069) inside the right-to-left sentence.
    expect(say("fa", why)).toBe(
      "هر دو کلیدواژهٔ «\u2068intrusion detection\u2069» را دارند؛ واژه‌های مشترک «\u2068network\u2069»، «\u2068attack\u2069»؛ ۵ متخصص و ۲ مؤسسه آن‌ها را با هم اعلام کرده‌اند",
    );
  });
});

describe("with profiles in PostgreSQL and Meilisearch", () => {
  let wsnExpert: number;
  let handwritingExpert: number;
  let imagingExpert: number;

  beforeAll(async () => {
    const db = getDb();
    await ensureIndexes();
    const kz = await verifiedInstitution("KZ");
    const uz = await verifiedInstitution("UZ");
    const create = async (user: string, input: Record<string, unknown>) => {
      const r = await upsertExpertProfileAs(db, user, input);
      if (!r.ok) throw new Error(`setup: ${JSON.stringify(r.fieldErrors)}`);
      return r.expertId;
    };
    wsnExpert = await create("rel-wsn", { fullName: "Aigerim Wsn", institutionId: kz.id, topicIds: [WSN_SECURITY] });
    handwritingExpert = await create("rel-hw", { fullName: "Bekzod Handwriting", institutionId: uz.id, topicIds: [HANDWRITING] });
    imagingExpert = await create("rel-img", { fullName: "Dana Imaging", institutionId: uz.id, topicIds: [MEDICAL_IMAGING] });
    // Speech and educational robotics declared together by six experts.
    for (let i = 0; i < 6; i++) await create(`rel-co-${i}`, { fullName: `Co Declared ${i}`, institutionId: kz.id, topicIds: [SPEECH, EDU_ROBOTICS] });
    await syncSearch();
    forgetRelatedTopics(db);
  }, 240_000);

  it("loadCooccurrence counts profiles declaring both topics with one SQL aggregate", async () => {
    const c = await loadCooccurrence(getDb());
    const key = SPEECH < EDU_ROBOTICS ? `${SPEECH}|${EDU_ROBOTICS}` : `${EDU_ROBOTICS}|${SPEECH}`;
    expect(c.pairs.get(key)).toBe(6);
    expect(c.perTopic.get(SPEECH)).toBeGreaterThanOrEqual(6);
    expect([...c.pairs.values()].every((n) => n >= MIN_COOCCURRENCES)).toBe(true);
    const r = related(await getRelatedTopics(getDb()), SPEECH, EDU_ROBOTICS);
    expect(c.pairKinds?.get(key)).toEqual({ experts: 6, institutions: 0 });
    expect(r?.reason).toBe("declared together by 6 experts");
  });

  it("findPartners lists a candidate with a related topic, saying why, and not one merely in the same subfield", async () => {
    const r = await findPartners(getDb(), { topicIds: [INTRUSION], types: ["expert"], perPage: 100 });
    const wsn = r.results.find((x) => x.id === wsnExpert);
    expect(wsn?.breakdown.related).toBe(1);
    expect(wsn?.explanation.relatedTopics).toEqual([
      {
        query: { id: INTRUSION, name: "Network Security and Intrusion Detection" },
        match: { id: WSN_SECURITY, name: "Security in Wireless Sensor Networks" },
        reason: expect.stringContaining("intrusion detection"),
        why: expect.arrayContaining([{ kind: "keywords", terms: expect.arrayContaining(["intrusion detection"]) }]),
      },
    ]);

    const seg = await findPartners(getDb(), { topicIds: [MEDICAL_SEGMENTATION], types: ["expert"], perPage: 100 });
    const ids = seg.results.map((x) => x.id);
    expect(ids).toContain(imagingExpert);
    expect(ids).not.toContain(handwritingExpert);
    for (const x of seg.results) for (const rel of x.explanation.relatedTopics) expect(rel.reason).not.toBe("");
  });
});
