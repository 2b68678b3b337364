/**
 * Partner matching after the fresh-user review of issue 12: the free-text
 * candidate search (a leading word outside the topic no longer empties it; a
 * request in Russian finds the partners its English equivalent finds) and the
 * highlighting of matches (a Russian request's matches are highlighted; a word
 * spelled right is not highlighted in its typo neighbours). Real PostgreSQL
 * and Meilisearch, a few experts of their own (no demo data).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { findPartners } from "../app/features/matching/matching.server";
import type { PartnerQuery } from "../app/features/matching/partner-query";
import { partnerSearchText } from "../app/features/matching/topic-recognition.server";
import { ensureIndexes } from "../app/search/sync.server";
import { getDb, syncSearch, upsertExpertProfileAs } from "./helpers";

let speech: number;
let egov: number;
let senior: number;
let sensor: number;

beforeAll(async () => {
  const db = getDb();
  const inst = await db.selectFrom("institutions").select("id").where("status", "=", "verified").orderBy("id").executeTakeFirstOrThrow();
  await ensureIndexes();
  const create = async (user: string, input: Record<string, unknown>) => {
    const r = await upsertExpertProfileAs(db, user, { institutionId: inst.id, ...input } as any);
    if (!r.ok) throw new Error(`setup: ${JSON.stringify(r.fieldErrors)}`);
    return r.expertId;
  };
  speech = await create("mr-speech", { fullName: "Nodira Speechova", keywords: ["speech recognition", "acoustic models"] });
  egov = await create("mr-egov", { fullName: "Aidos Govtbekov", keywords: ["e-government", "public services"] });
  senior = await create("mr-senior", { fullName: "Bekzod Seniorov", position: "Senior researcher", keywords: ["sensor fusion"] });
  sensor = await create("mr-sensor", { fullName: "Leyla Sensorova", position: "Lecturer", keywords: ["sensor fusion"] });
  await syncSearch();
}, 240_000);

const experts = (text: string, extra: Partial<PartnerQuery> = {}) => findPartners(getDb(), { text, types: ["expert"], perPage: 50, ...extra });
const textScore = (r: Awaited<ReturnType<typeof experts>>, id: number) => r.results.find((x) => x.id === id)?.breakdown.text ?? 0;

describe("free-text candidate search", () => {
  it("puts glossary terms first, in English, the other words after them", () => {
    expect(partnerSearchText("Persian speech recognition")).toBe("speech recognition Persian");
    expect(partnerSearchText("электронное правительство")).toBe("e-government");
    expect(partnerSearchText("Quorbonova")).toBe("Quorbonova");
  });

  it("a leading word outside the topic keeps the text score (Persian speech recognition)", async () => {
    const lead = await experts("Persian speech recognition");
    const trail = await experts("speech recognition Persian");
    expect(textScore(lead, speech)).toBeGreaterThan(0);
    expect(textScore(lead, speech)).toBeCloseTo(textScore(trail, speech), 3);
    expect(lead.results.map((r) => r.id)).toEqual(trail.results.map((r) => r.id));
  });

  it("a Russian request finds the partners of its English equivalent (электронное правительство = e-government)", async () => {
    const ru = await experts("электронное правительство");
    const en = await experts("e-government");
    expect(textScore(ru, egov)).toBeGreaterThan(0);
    expect(ru.total).toBe(en.total);
    expect(ru.results.map((r) => [r.id, r.score])).toEqual(en.results.map((r) => [r.id, r.score]));
    expect(ru.queryTopics.map((t) => t.id)).toEqual(en.queryTopics.map((t) => t.id));
  });
});

describe("highlighting", () => {
  it("highlights the English words a Russian request stands for", async () => {
    const r = await experts("электронное правительство");
    const hit = r.results.find((x) => x.id === egov)!;
    expect(hit.explanation.highlighted.keywords).toBe("e-\u0001government\u0002");
    expect(hit.explanation.matchedTerms).toContain("government");
  });

  it("a word spelled right is not highlighted in its typo neighbours (sensor ≠ senior); a typo still is", async () => {
    const r = await experts("sensor fusion");
    const withSenior = r.results.find((x) => x.id === senior)!;
    expect(withSenior.explanation.highlighted.keywords).toContain("\u0001sensor\u0002");
    expect(withSenior.explanation.highlighted.position).toBeUndefined();
    expect(withSenior.explanation.matchedTerms).not.toContain("senior");
    const typo = await experts("sensr fusion");
    expect(typo.results.find((x) => x.id === sensor)!.explanation.matchedTerms).toContain("sensor");
  });
});
