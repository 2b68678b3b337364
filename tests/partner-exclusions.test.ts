/**
 * Suggestions that make sense (issue 12): the asking user's own expert
 * profile, their institutions (membership or their profile's affiliation) and
 * institutions already in a consortium are left out of /partners,
 * /api/v1/partners, /api/v1/consortium and call suggestions; call suggestions
 * rank candidates having the call's topics first, include experts sharing
 * them, and give each reason once; "My institution" on /partners is a picker
 * by name. Real PostgreSQL and Meilisearch.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loader as partnersApi } from "../app/routes/api.v1.partners";
import { loader as consortiumApi } from "../app/routes/api.v1.consortium";
import { loader as partnersPage } from "../app/routes/partners";
import { loader as callPage } from "../app/routes/calls.$id";
import { explain } from "../app/components/suggested-partners";
import { serverT } from "../app/i18n/i18n.server";
import { topicsFirst } from "../app/features/matching/suggestions.server";
import { ensureIndexes } from "../app/search/sync.server";
import { createUser, insertCall, signIn, type TestUser } from "./factories";
import { verifiedInstitution } from "./proposal-fixtures";
import { callRoute, getArgs, getDb, syncSearch, upsertExpertProfileAs } from "./helpers";

const TOPIC = "T10028"; // Topic Modeling
const OTHER_TOPIC = "T10181"; // Natural Language Processing Techniques (related to Topic Modeling by keywords)

let me: TestUser;
let cookie: string;
let memberOf: { id: number; name: string }; // TR, through institution_members
let affiliated: { id: number; name: string }; // IR, through the user's expert profile
let kz: { id: number; name: string };
let uz: { id: number; name: string };
let myExpert: number;
let colleague: number;
let kzExpert: number;
let callId: number;

beforeAll(async () => {
  const db = getDb();
  await ensureIndexes();
  memberOf = await verifiedInstitution("TR");
  affiliated = await verifiedInstitution("IR");
  kz = await verifiedInstitution("KZ");
  uz = await verifiedInstitution("UZ");
  me = await createUser({ institutionMemberOf: memberOf.id });
  cookie = await signIn(me);
  const create = async (user: string, input: Record<string, unknown>) => {
    const r = await upsertExpertProfileAs(db, user, input);
    if (!r.ok) throw new Error(`setup: ${JSON.stringify(r.fieldErrors)}`);
    return r.expertId;
  };
  myExpert = await create(me.id, { fullName: "Myself Asking", institutionId: affiliated.id, topicIds: [TOPIC] });
  colleague = await create("excl-colleague", { fullName: "Colleague Member", institutionId: memberOf.id, topicIds: [TOPIC] });
  kzExpert = await create("excl-kz", { fullName: "Kazakh Partner", institutionId: kz.id, topicIds: [TOPIC] });
  await create("excl-uz", { fullName: "Uzbek Nlp", institutionId: uz.id, topicIds: [OTHER_TOPIC] });
  callId = await insertCall(uz.id, "open", "Topic models for regional languages", { summary: "Partners wanted." });
  await db.insertInto("call_topics").values({ call_id: callId, topic_id: TOPIC }).execute();
  await syncSearch();
}, 240_000);

const ids = (results: Array<{ type: string; id: number }>, type: string) => results.filter((r) => r.type === type).map((r) => r.id);

describe("the asking user is left out everywhere", () => {
  it("/api/v1/partners: anonymous, my profile and institutions are listed; signed in, neither they nor my institutions' experts are", async () => {
    const anon = await (await callRoute(partnersApi as any, getArgs(`/api/v1/partners?topics=${TOPIC}`))).json();
    expect(ids(anon.results, "expert")).toEqual(expect.arrayContaining([myExpert, colleague, kzExpert]));
    expect(ids(anon.results, "institution")).toEqual(expect.arrayContaining([memberOf.id, affiliated.id, kz.id]));

    const mine = await (await callRoute(partnersApi as any, getArgs(`/api/v1/partners?topics=${TOPIC}`, cookie))).json();
    expect(ids(mine.results, "expert")).toContain(kzExpert);
    expect(ids(mine.results, "expert")).not.toContain(myExpert);
    expect(ids(mine.results, "expert")).not.toContain(colleague);
    expect(ids(mine.results, "institution")).toContain(kz.id);
    for (const own of [memberOf.id, affiliated.id]) expect(ids(mine.results, "institution")).not.toContain(own);
    for (const r of mine.results) expect([memberOf.id, affiliated.id]).not.toContain(r.institution?.id);
  });

  it("/partners: the same, through the page loader", async () => {
    const body = await (await callRoute(partnersPage as any, getArgs(`/partners?topics=${TOPIC}`, cookie))).json();
    expect(ids(body.result.results, "expert")).not.toContain(myExpert);
    expect(ids(body.result.results, "institution")).not.toContain(memberOf.id);
    expect(ids(body.result.results, "expert")).toContain(kzExpert);
  });

  it("/api/v1/consortium never suggests my institutions", async () => {
    const anon = await (await callRoute(consortiumApi as any, getArgs(`/api/v1/consortium?topics=${TOPIC}&minCountries=4`))).json();
    const anonIds = anon.members.map((m: any) => m.institution.id);
    expect(anonIds.some((id: number) => id === memberOf.id || id === affiliated.id)).toBe(true);
    const mine = await (await callRoute(consortiumApi as any, getArgs(`/api/v1/consortium?topics=${TOPIC}&minCountries=4`, cookie))).json();
    expect(mine.members.length).toBeGreaterThan(0);
    for (const m of mine.members) expect([memberOf.id, affiliated.id]).not.toContain(m.institution.id);
  });
});

describe("call suggestions", () => {
  it("rank candidates having the call's topics first, include experts sharing them, and leave out the viewer and the posting institution", async () => {
    const anon = (await (await callRoute(callPage as any, getArgs(`/calls/${callId}`, undefined, { id: String(callId) }))).json()).suggestions;
    expect(anon.experts.map((e: any) => e.id)).toEqual(expect.arrayContaining([myExpert, kzExpert]));
    for (const e of anon.experts) expect(e.explanation.sharedTopics.map((t: any) => t.id)).toContain(TOPIC);

    const s = (await (await callRoute(callPage as any, getArgs(`/calls/${callId}`, cookie, { id: String(callId) }))).json()).suggestions;
    expect(s.partners.length).toBeGreaterThan(0);
    const inst = s.partners.map((r: any) => r.id);
    for (const own of [uz.id, memberOf.id, affiliated.id]) expect(inst).not.toContain(own);
    expect(inst).toContain(kz.id);
    const exp = s.experts.map((r: any) => r.id);
    expect(exp).toContain(kzExpert);
    expect(exp).not.toContain(myExpert);
    // Topic sharers first: no institution without the call's topic ranks above one with it.
    const sharing = s.partners.map((r: any) => r.breakdown.shared > 0);
    expect(sharing).toEqual([...sharing].sort((a: boolean, b: boolean) => Number(b) - Number(a)));
    expect(s.consortium.members.map((m: any) => m.institution.id)).not.toContain(memberOf.id);
  });

  it("topicsFirst puts those sharing a topic first, each group in its order", () => {
    const r = (id: number, shared: number, score: number) => ({ id, breakdown: { shared }, score });
    expect(topicsFirst([r(1, 0, 0.9), r(2, 0.3, 0.5), r(3, 0, 0.4), r(4, 1, 0.45)]).map((x) => x.id)).toEqual([2, 4, 1, 3]);
  });

  it("each reason is given once, with why the topics are related", () => {
    const match = { id: "T11498", name: "Security in Wireless Sensor Networks" };
    const text = explain(
      {
        id: 1,
        name: "Somewhere",
        countryName: "Kazakhstan",
        explanation: {
          sharedTopics: [
            { id: "T1", name: "Shared One" },
            { id: "T1", name: "Shared One" },
          ],
          relatedTopics: [
            { query: { id: "T10400", name: "Network Security and Intrusion Detection" }, match, reason: "shares keywords: intrusion detection" },
            { query: { id: "T11512", name: "Anomaly Detection Techniques and Applications" }, match, reason: "shares keywords: intrusion detection" },
          ],
          matchedTerms: [],
          country: { code: "KZ", name: "Kazakhstan", new: true },
        },
      },
      serverT("en", ["matching", "common"]),
    );
    expect(text.split("Shared One").length - 1).toBe(1);
    expect(text.split("Security in Wireless Sensor Networks").length - 1).toBe(1);
    expect(text.split("intrusion detection").length - 1).toBe(1);
    expect(text).toContain("related to Network Security and Intrusion Detection; Anomaly Detection Techniques and Applications: shares keywords");
  });
});

describe('"My institution" picker on /partners', () => {
  it("offers my institutions first and preselects one on the empty form; a search keeps the choice given", async () => {
    const empty = await (await callRoute(partnersPage as any, getArgs("/partners", cookie))).json();
    const mine = empty.institutions.filter((c: any) => c.mine).map((c: any) => c.id);
    expect(mine.sort()).toEqual([memberOf.id, affiliated.id].sort());
    expect(empty.institutions.slice(0, 2).every((c: any) => c.mine)).toBe(true);
    expect(mine).toContain(empty.myInstitution);

    const none = await (await callRoute(partnersPage as any, getArgs(`/partners?topics=${TOPIC}&exclude=`, cookie))).json();
    expect(none.myInstitution).toBeNull();
    const chosen = await (await callRoute(partnersPage as any, getArgs(`/partners?topics=${TOPIC}&exclude=${kz.id}`, cookie))).json();
    expect(chosen.myInstitution).toBe(kz.id);
    expect(chosen.institutions.find((c: any) => c.id === kz.id)).toMatchObject({ name: kz.name, mine: false });
    expect(chosen.result.representedCountries).toEqual(["KZ"]);
  });

  it("finds institutions by name (excludeSearch), anonymous too; the API refuses the page-only parameter", async () => {
    const word = kz.name.split(/\s+/).find((w) => w.length > 4) ?? kz.name;
    const body = await (await callRoute(partnersPage as any, getArgs(`/partners?excludeSearch=${encodeURIComponent(word)}`))).json();
    expect(body.institutions.length).toBeGreaterThan(0);
    expect(body.institutions.every((c: any) => c.found && !c.mine)).toBe(true);
    expect(body.institutions.map((c: any) => c.id)).toContain(kz.id);
    const api = await callRoute(partnersApi as any, getArgs(`/api/v1/partners?topics=${TOPIC}&excludeSearch=x`));
    expect(api.status).toBe(400);
  });
});
