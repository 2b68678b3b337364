/**
 * Expert profiles end to end below the browser: the owner's upsert (validation,
 * database checks, one transaction with the outbox), contact visibility on
 * every surface (index documents, API, pages), search across scripts, facets
 * against PostgreSQL counts, affiliation changes reaching expert documents.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useAppServer } from "./helpers/app-server";
import { sql } from "kysely";
import { parseWithZod } from "@conform-to/zod";
import { seedDemo } from "../tooling/demo/demo";
import { INSTITUTION_UNKNOWN_MESSAGE, ORCID_TAKEN_MESSAGE, TOPIC_UNKNOWN_MESSAGE, getOwnExpertProfile } from "../app/features/experts/expert-profile.server";
import { getPublicExpert } from "../app/features/experts/expert.server";
import { searchExperts } from "../app/features/experts/expert-search.server";
import { searchInstitutions, setInstitutionStatus, updateInstitution } from "../app/features/institutions/institution.server";
import { getMeili, indexUid } from "../app/search/client.server";
import { EXPERT_FACET_VALUES } from "../app/search/indexes/experts.server";
import { ensureIndexes } from "../app/search/sync.server";
import { ORCID_CHECKSUM_MESSAGE, expertProfileSchema, type ExpertProfileInput } from "../app/features/experts/expert-schema";
import { expertSearchSchema, type ExpertSearchParams } from "../app/features/experts/expert-search-params";
import { institutionSearchSchema } from "../app/features/institutions/institution-search-params";
import { type Viewer } from "../app/features/accounts/viewer.server";
import { loader as apiLoader } from "../app/routes/api.v1.experts";
import { loader as listLoader } from "../app/routes/experts._index";
import { loader as profileLoader } from "../app/routes/experts.$id";
import { callRoute, getArgs, getDb, loaderArgs, syncSearch, upsertExpertProfileAs } from "./helpers";
import { createUser, signIn } from "./factories";
import { serverT } from "../app/i18n/i18n.server";
import { MEMBERS_EMAIL_PROFILES_PER_HOUR } from "../app/utils/rate-limit.server";

const PUBLIC_EMAIL = "farshid.public.address@uni-test.example";
const MEMBERS_EMAIL = "members.only.secret@uni-test.example";
const HIDDEN_EMAIL = "hidden.secret.address@uni-test.example";

const ids: Record<string, number> = {};
let metuId: number;

const search = (p: Partial<ExpertSearchParams> & { q?: string }) => searchExperts(getDb(), { ...expertSearchSchema.parse({}), ...p });

async function create(owner: string, input: ExpertProfileInput) {
  const r = await upsertExpertProfileAs(getDb(), owner, input);
  if (!r.ok) throw new Error(`${owner}: ${JSON.stringify(r.fieldErrors)}`);
  ids[owner] = r.expertId;
  return r.expertId;
}

beforeAll(async () => {
  const db = getDb();
  metuId = (await db.selectFrom("institutions").select("id").where("ror_id", "=", "014weej12").executeTakeFirstOrThrow()).id;
  const tehran = await db
    .selectFrom("institutions")
    .select("id")
    .where("country_code", "=", "IR")
    .where("kind", "=", "university")
    .where("status", "=", "verified")
    .orderBy("prominence", "desc")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  await ensureIndexes();
  expect(await seedDemo(db)).toEqual({ created: 600, skipped: false });
  await create("user-public", {
    fullName: "Farshid Nikravesh",
    nameVariants: ["فرشید نیک‌روش"],
    institutionId: tehran.id,
    topicIds: ["T10028", "T10181"],
    keywords: ["machine translation"],
    openTo: ["joint_research", "supervision"],
    contactEmail: PUBLIC_EMAIL,
    contactVisibility: "public",
  });
  await create("user-members", {
    fullName: "Marzieh Membersonly",
    institutionId: tehran.id,
    topicIds: ["T10028"],
    contactEmail: MEMBERS_EMAIL,
    contactVisibility: "members",
  });
  // Persian letters (ی, ک) in the stored variant.
  await create("user-hidden", {
    fullName: "Yashar Kiyani",
    nameVariants: ["یاشار کیانی"],
    institutionId: tehran.id,
    topicIds: ["T10028"],
    contactEmail: HIDDEN_EMAIL,
    contactVisibility: "hidden",
  });
  // Arabic letter forms (ي, ك) typed into the stored variant.
  await create("user-arabic-letters", {
    fullName: "Yasaman Kazemzadeh",
    nameVariants: ["ياسمن كاظم‌زاده"],
    institutionId: tehran.id,
  });
  await create("user-cyrillic", {
    fullName: "Dilshod Toshpulatov",
    nameVariants: ["Дилшод Тошпулатов"],
    institutionId: metuId,
    topicIds: ["T10020"],
  });
  await create("user-turkish", { fullName: "Işıl Güçlüoğlu", institutionId: metuId });
  await syncSearch();
});

describe("upsertExpertProfile", () => {
  it("creates, then updates the same owner's profile, replacing its topics, with one outbox entry per write", async () => {
    const db = getDb();
    const r1 = await upsertExpertProfileAs(db, "user-upsert", {
      fullName: "Zarina Upsertova",
      topicIds: ["T10020", "T10028"],
      orcid: "https://orcid.org/0000-0001-5109-3700",
    });
    expect(r1).toMatchObject({ ok: true, created: true });
    if (!r1.ok) return;
    const queued = () =>
      db.selectFrom("search_outbox").select(["generation"]).where("index_name", "=", "experts").where("doc_id", "=", String(r1.expertId)).execute();
    expect(await queued()).toHaveLength(1);
    const r2 = await upsertExpertProfileAs(db, "user-upsert", { fullName: "Zarina Upsertova", topicIds: ["T10181"], orcid: "0000000151093700" });
    expect(r2).toEqual({ ok: true, expertId: r1.expertId, created: false });
    const own = await getOwnExpertProfile(db, "user-upsert");
    expect(own?.orcid).toBe("0000-0001-5109-3700");
    expect(own?.topics.map((t) => t.id)).toEqual(["T10181"]);
    expect(await queued()).toEqual([{ generation: 1 }]);
    await syncSearch();
  });

  it("returns field errors for invalid input and writes nothing", async () => {
    const db = getDb();
    const count = async () =>
      Number(
        (
          await db
            .selectFrom("experts")
            .select(sql<number>`count(*)`.as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const r = await upsertExpertProfileAs(db, "user-invalid", {
      fullName: "",
      orcid: "0000-0002-1825-0098",
      contactEmail: "nope",
      openTo: ["everything"],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fieldErrors.orcid).toEqual([ORCID_CHECKSUM_MESSAGE]);
    expect(Object.keys(r.fieldErrors).sort()).toEqual(["contactEmail", "fullName", "openTo", "orcid"]);
    expect(await count()).toBe(before);
    expect(await db.selectFrom("search_outbox").select("id").execute()).toEqual([]);
  });

  it("refuses an ORCID iD that belongs to another profile, at the field, in any spelling; the owner may keep it", async () => {
    const db = getDb();
    expect(await upsertExpertProfileAs(db, "orcid-owner", { fullName: "Josiah Carberry", orcid: "0000-0002-1825-0097" })).toMatchObject({ ok: true });
    for (const spelling of ["0000-0002-1825-0097", "https://orcid.org/0000000218250097"]) {
      expect(await upsertExpertProfileAs(db, "orcid-thief", { fullName: "Someone Else", orcid: spelling })).toEqual({
        ok: false,
        fieldErrors: { orcid: [ORCID_TAKEN_MESSAGE] },
      });
    }
    expect(await upsertExpertProfileAs(db, "orcid-owner", { fullName: "Josiah S. Carberry", orcid: "orcid.org/0000-0002-1825-0097" })).toMatchObject({
      ok: true,
      created: false,
    });
    // Two new owners racing for one iD: exactly one wins, the other gets the field error.
    const race = await Promise.all(["racer-1", "racer-2"].map((u) => upsertExpertProfileAs(db, u, { fullName: `Racer ${u}`, orcid: "0000-0002-1694-233X" })));
    expect(race.filter((r) => r.ok)).toHaveLength(1);
    expect(race.find((r) => !r.ok)).toEqual({ ok: false, fieldErrors: { orcid: [ORCID_TAKEN_MESSAGE] } });
  });

  it("feeds database errors back into the form with the user's input kept", async () => {
    const fd = new FormData();
    fd.append("fullName", "Someone Else");
    fd.append("orcid", "0000-0002-1825-0097");
    fd.append("bio", "Works on speech.");
    const submission = parseWithZod(fd, { schema: expertProfileSchema });
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    const r = await upsertExpertProfileAs(getDb(), "form-user", submission.value);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const reply = submission.reply({ fieldErrors: r.fieldErrors });
    expect(reply.error).toEqual({ orcid: [ORCID_TAKEN_MESSAGE] });
    expect(reply.initialValue).toMatchObject({ fullName: "Someone Else", orcid: "0000-0002-1825-0097", bio: "Works on speech." });
  });

  it("accepts only verified institutions and existing topics", async () => {
    const db = getDb();
    const pending = await db
      .insertInto("institutions")
      .values({ kind: "university", name: "Pending Registration University", country_code: "TJ", source: "registration", status: "pending" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await upsertExpertProfileAs(db, "user-pending", { fullName: "Pending Person", institutionId: pending.id, topicIds: ["T99999999"] })).toEqual({
      ok: false,
      fieldErrors: { institutionId: [INSTITUTION_UNKNOWN_MESSAGE], topicIds: [TOPIC_UNKNOWN_MESSAGE] },
    });
    expect(await upsertExpertProfileAs(db, "user-pending", { fullName: "Pending Person", institutionId: 987654321 })).toMatchObject({ ok: false });
    await db.deleteFrom("institutions").where("id", "=", pending.id).execute();
  });
});

describe("contact visibility", () => {
  // The upsert tests above wrote more profiles.
  beforeAll(async () => {
    await syncSearch();
  });

  it("index documents carry public emails only; searching the index for the others finds nothing", async () => {
    const index = getMeili().index(indexUid("experts"));
    const pub = await index.getDocument(ids["user-public"]);
    expect(pub.publicEmail).toBe(PUBLIC_EMAIL);
    for (const owner of ["user-members", "user-hidden"]) {
      const doc = await index.getDocument(ids[owner]);
      expect(doc.publicEmail).toBeUndefined();
      expect(JSON.stringify(doc)).not.toMatch(/secret/);
    }
    // Positive control: the public address is searchable, so a miss below means absence.
    expect((await index.search(PUBLIC_EMAIL)).hits.map((h) => h.id)).toContain(ids["user-public"]);
    for (const email of [HIDDEN_EMAIL, MEMBERS_EMAIL, "hidden.secret.address", "members.only.secret"]) {
      const res = await index.search(email, { matchingStrategy: "all" });
      expect(res.estimatedTotalHits, email).toBe(0);
    }
  });

  it("no document anywhere in the index holds a members-only or hidden address (demo data included)", async () => {
    const db = getDb();
    const secret = await db
      .selectFrom("experts")
      .select("contact_email")
      .where("contact_visibility", "!=", "public")
      .where("contact_email", "is not", null)
      .execute();
    expect(secret.length).toBeGreaterThan(250);
    const all = await getMeili().index(indexUid("experts")).getDocuments({ limit: 5000 });
    expect(all.results.length).toBe(
      Number(
        (
          await db
            .selectFrom("experts")
            .select(sql<number>`count(*)`.as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
    const text = JSON.stringify(all.results);
    const leaked = secret.filter((s) => text.includes(s.contact_email!));
    expect(leaked).toEqual([]);
  });

  it("the JSON API shows an email only when it is public", async () => {
    for (const [owner, q, email] of [
      ["user-public", "Farshid Nikravesh", PUBLIC_EMAIL],
      ["user-members", "Marzieh Membersonly", undefined],
      ["user-hidden", "Yashar Kiyani", undefined],
    ] as const) {
      const res = await callRoute(apiLoader, loaderArgs(`/api/v1/experts?q=${encodeURIComponent(q)}`));
      expect(res.status).toBe(200);
      const text = await res.text();
      const body = JSON.parse(text);
      const hit = body.hits.find((h: { id: number }) => h.id === ids[owner]);
      expect(hit, owner).toBeDefined();
      expect(hit.email).toBe(email);
      expect(text).not.toContain(MEMBERS_EMAIL);
      expect(text).not.toContain(HIDDEN_EMAIL);
    }
  });

  it("pages show the address per visibility; members-only for signed-in viewers; hidden to nobody but the owner", async () => {
    const page = async (owner: string) => {
      const id = String(ids[owner]);
      const res = await callRoute(profileLoader, loaderArgs(`/experts/${id}`, { id }));
      expect(res.status).toBe(200);
      return res.text();
    };
    const pub = JSON.parse(await page("user-public"));
    expect(pub.expert.contact).toEqual({ kind: "shown", email: PUBLIC_EMAIL, visibility: "public" });
    const members = await page("user-members");
    expect(JSON.parse(members).expert.contact).toEqual({ kind: "members-only" });
    expect(members).not.toContain(MEMBERS_EMAIL);
    const hidden = await page("user-hidden");
    expect(JSON.parse(hidden).expert.contact).toEqual({ kind: "not-shared" });
    expect(hidden).not.toContain(HIDDEN_EMAIL);
    const list = await (await callRoute(listLoader, loaderArgs("/experts?q=Tehran"))).text();
    expect(list).not.toContain(MEMBERS_EMAIL);
    expect(list).not.toContain(HIDDEN_EMAIL);

    // A signed-in member sees members-only addresses on the profile page, never hidden ones…
    const db = getDb();
    const member: Viewer = { kind: "member", userId: "someone-else" };
    expect((await getPublicExpert(db, ids["user-members"], member))?.contact).toEqual({ kind: "shown", email: MEMBERS_EMAIL, visibility: "members" });
    expect((await getPublicExpert(db, ids["user-hidden"], member))?.contact).toEqual({ kind: "not-shared" });
    // …but never in a list (search hits carry public addresses only, whoever asks).
    expect((await search({ q: "Marzieh Membersonly" })).hits.find((h) => h.id === ids["user-members"])?.email).toBeUndefined();
    expect((await search({ q: "Yashar Kiyani" })).hits.find((h) => h.id === ids["user-hidden"])?.email).toBeUndefined();
    // …and the owner sees their own.
    const owner: Viewer = { kind: "member", userId: "user-hidden" };
    expect((await getPublicExpert(db, ids["user-hidden"], owner))?.contact).toMatchObject({ kind: "shown", email: HIDDEN_EMAIL });
  });
});

describe("members-only emails: profile page only, a capped number of profiles per account and hour", () => {
  /** Demo experts with a members-only address (seeded above), by id. */
  async function membersOnlyProfiles(n: number) {
    const rows = await getDb()
      .selectFrom("experts")
      .select(["id", "contact_email"])
      .where("is_demo", "=", true)
      .where("contact_visibility", "=", "members")
      .where("contact_email", "is not", null)
      .orderBy("id")
      .limit(n)
      .execute();
    expect(rows).toHaveLength(n);
    return rows.map((r) => ({ id: r.id, email: r.contact_email! }));
  }

  async function profileAs(cookie: string | undefined, id: number) {
    const res = await callRoute(profileLoader, getArgs(`/experts/${id}`, cookie, { id: String(id) }));
    expect(res.status).toBe(200);
    const text = await res.text();
    return { text, contact: JSON.parse(text).expert.contact };
  }

  it("the /experts list and its route data carry no members-only address for a signed-in member", async () => {
    const cookie = await signIn(await createUser());
    const profiles = await membersOnlyProfiles(100);
    // Positive control: the query lists members-only profiles (and the page would show their addresses one by one).
    const res = await callRoute(listLoader, getArgs("/experts?q=Marzieh+Membersonly", cookie));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text).result.hits.map((h: { id: number }) => h.id)).toContain(ids["user-members"]);
    expect(text).not.toContain(MEMBERS_EMAIL);
    // Whole pages of demo experts (many of them members-only) as a signed-in member.
    for (const page of [1, 2, 3]) {
      const list = await (await callRoute(listLoader, getArgs(`/experts?page=${page}`, cookie))).text();
      const hits: Array<{ id: number; email?: string }> = JSON.parse(list).result.hits;
      expect(hits.length).toBeGreaterThan(0);
      const leaked = profiles.filter((p) => list.includes(p.email));
      expect(leaked).toEqual([]);
    }
  });

  it(`shows one account the members-only addresses of ${MEMBERS_EMAIL_PROFILES_PER_HOUR} different profiles an hour; re-views are free; past the cap a note, not an error`, async () => {
    const viewer = await createUser();
    const cookie = await signIn(viewer);
    const profiles = await membersOnlyProfiles(MEMBERS_EMAIL_PROFILES_PER_HOUR + 1);
    const [first] = profiles;
    // The page's own loader for the first and the last views; the model it calls (the same rule) in between, for speed.
    const member: Viewer = { kind: "member", userId: viewer.id };
    for (const [i, p] of profiles.slice(0, MEMBERS_EMAIL_PROFILES_PER_HOUR).entries()) {
      const contact = i < 2 ? (await profileAs(cookie, p.id)).contact : (await getPublicExpert(getDb(), p.id, member))?.contact;
      expect(contact, `profile ${p.id}`).toEqual({ kind: "shown", email: p.email, visibility: "members" });
      // Opening the first profile again after each new one must not use the quota up.
      expect((await getPublicExpert(getDb(), first.id, member))?.contact).toMatchObject({ kind: "shown", email: first.email });
    }
    const over = profiles[MEMBERS_EMAIL_PROFILES_PER_HOUR];
    const capped = await profileAs(cookie, over.id);
    expect(capped.contact).toEqual({ kind: "quota", perHour: MEMBERS_EMAIL_PROFILES_PER_HOUR });
    expect(capped.text).not.toContain(over.email);
    // Profiles already counted this hour still show theirs; public addresses and other accounts are unaffected.
    expect((await profileAs(cookie, profiles[7].id)).contact).toMatchObject({ kind: "shown", email: profiles[7].email });
    expect((await profileAs(cookie, ids["user-public"])).contact).toEqual({ kind: "shown", email: PUBLIC_EMAIL, visibility: "public" });
    expect((await profileAs(await signIn(await createUser()), over.id)).contact).toEqual({ kind: "shown", email: over.email, visibility: "members" });
    // Anonymous visitors are told the address is for members, as before.
    expect((await profileAs(undefined, over.id)).contact).toEqual({ kind: "members-only" });
    // The page renders the note (the component has the branch).
    const src = await import("node:fs").then((fs) => fs.readFileSync("app/routes/experts.$id.tsx", "utf8"));
    expect(src).toContain('e.contact.kind === "quota"');
  });

  it("the owner sees their own members-only address without using the quota", async () => {
    // Positive control: another member's view is counted, under a key naming that account.
    await getPublicExpert(getDb(), ids["user-members"], { kind: "member", userId: "counted-member" });
    expect(await getDb().selectFrom("rate_limits").select("key").where("key", "like", "contact:%counted-member%").execute()).not.toEqual([]);
    const owner: Viewer = { kind: "member", userId: "user-members" };
    for (let i = 0; i < MEMBERS_EMAIL_PROFILES_PER_HOUR + 2; i++) {
      expect((await getPublicExpert(getDb(), ids["user-members"], owner))?.contact).toMatchObject({ kind: "shown", email: MEMBERS_EMAIL });
    }
    const counted = await getDb().selectFrom("rate_limits").select("key").where("key", "like", "contact:%user-members%").execute();
    expect(counted).toEqual([]);
  });
});

describe("search across scripts", () => {
  const topIds = async (q: string) => (await search({ q })).hits.slice(0, 3).map((h) => h.id);

  it("Persian ی/ک and Arabic ي/ك spellings find the same expert, both ways", async () => {
    expect(await topIds("یاشار کیانی")).toContain(ids["user-hidden"]);
    expect(await topIds("ياشار كياني")).toContain(ids["user-hidden"]);
    expect(await topIds("ياسمن كاظم‌زاده")).toContain(ids["user-arabic-letters"]);
    expect(await topIds("یاسمن کاظم‌زاده")).toContain(ids["user-arabic-letters"]);
    // ZWNJ typed or not.
    expect(await topIds("کاظمزاده")).toContain(ids["user-arabic-letters"]);
    expect(await topIds("نیکروش")).toContain(ids["user-public"]);
    expect(await topIds("نیک‌روش")).toContain(ids["user-public"]);
  });

  it("a Cyrillic name variant finds its expert, and so does the Latin name", async () => {
    expect((await search({ q: "Дилшод Тошпулатов" })).hits[0].id).toBe(ids["user-cyrillic"]);
    expect((await search({ q: "Тошпулатов" })).hits[0].id).toBe(ids["user-cyrillic"]);
    expect((await search({ q: "Toshpulatov" })).hits[0].id).toBe(ids["user-cyrillic"]);
    const hit = (await search({ q: "Тошпулатов" })).hits[0];
    expect(hit.matchedVariants).toEqual(["Дилшод \u0001Тошпулатов\u0002"]);
  });

  it("Turkish dotless ı and other Turkish letters match their ASCII spelling", async () => {
    expect(await topIds("Isil Gucluoglu")).toContain(ids["user-turkish"]);
    expect(await topIds("IŞIL GÜÇLÜOĞLU")).toContain(ids["user-turkish"]);
  });

  it("finds experts by topic, keyword and institution name", async () => {
    expect(await topIds("machine translation")).toContain(ids["user-public"]);
    const metu = await search({ q: "Middle East Technical University" });
    expect(metu.hits.map((h) => h.id)).toEqual(expect.arrayContaining([ids["user-cyrillic"], ids["user-turkish"]]));
    const byTopic = await search({ topic: ["T10020"] });
    expect(byTopic.selectedTopics).toEqual([{ id: "T10020", name: "Quantum Information and Cryptography" }]);
    expect(byTopic.hits.every((h) => h.topics.some((t) => t.id === "T10020"))).toBe(true);
  });
});

describe("facets", () => {
  it("equal the database's counts, disjunctively", async () => {
    const db = getDb();
    const r = await search({});
    const total = Number(
      (
        await db
          .selectFrom("experts")
          .select(sql<number>`count(*)`.as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(r.total).toBe(total);
    const map = (vs: Array<{ value: string; count: number }>) => Object.fromEntries(vs.filter((v) => v.count > 0).map((v) => [v.value, v.count]));

    const byCountry = await sql<{ k: string; n: number }>`select i.country_code as k, count(*)::int as n from experts e
      join institutions i on i.id = e.institution_id and i.status = 'verified' group by 1`.execute(db);
    expect(map(r.facets.country)).toEqual(Object.fromEntries(byCountry.rows.map((x) => [x.k, x.n])));
    expect(r.facets.country).toHaveLength(10);

    const byOpenTo = await sql<{ k: string; n: number }>`select o as k, count(*)::int as n from experts, unnest(open_to) o group by 1`.execute(db);
    expect(map(r.facets.openTo)).toEqual(Object.fromEntries(byOpenTo.rows.map((x) => [x.k, x.n])));

    const bySubfield = await sql<{ k: string; label: string; n: number }>`select t.subfield_id as k, t.subfield as label, count(distinct et.expert_id)::int as n
      from expert_topics et join topics t on t.id = et.topic_id group by 1, 2`.execute(db);
    expect(map(r.facets.subfield)).toEqual(Object.fromEntries(bySubfield.rows.map((x) => [x.k, x.n])));
    const ai = r.facets.subfield.find((f) => f.value === "1702");
    expect(ai?.label).toBe("Artificial Intelligence");

    const byInstitution = await sql<{ k: string; label: string; n: number }>`select e.institution_id::text as k, i.name as label, count(*)::int as n
      from experts e join institutions i on i.id = e.institution_id and i.status = 'verified' group by 1, 2`.execute(db);
    // More institutions have experts than the facet lists (EXPERT_FACET_VALUES): it holds the busiest
    // ones with their exact counts and names, says it is cut, and leaves out none busier than those it lists.
    const dbCount = new Map(byInstitution.rows.map((x) => [x.k, x]));
    expect(byInstitution.rows.length).toBeGreaterThan(EXPERT_FACET_VALUES);
    expect(r.facets.institution).toHaveLength(EXPERT_FACET_VALUES);
    expect(r.institutionFacetTruncated).toBe(true);
    for (const f of r.facets.institution) {
      expect(f.count).toBe(dbCount.get(f.value)?.n);
      expect(f.label).toBe(dbCount.get(f.value)?.label);
    }
    const listed = new Set(r.facets.institution.map((f) => f.value));
    const leastListed = Math.min(...r.facets.institution.map((f) => f.count));
    const mostUnlisted = Math.max(...byInstitution.rows.filter((x) => !listed.has(x.k)).map((x) => x.n));
    expect(leastListed).toBeGreaterThanOrEqual(mostUnlisted);
    // Narrowed to Türkiye, every institution fits: the facet is complete and METU is named.
    const tr = await search({ country: ["TR"] });
    const trIds = new Set((await db.selectFrom("institutions").select("id").where("country_code", "=", "TR").execute()).map((x) => String(x.id)));
    const trRows = byInstitution.rows.filter((x) => trIds.has(x.k));
    expect(trRows.length).toBeLessThan(EXPERT_FACET_VALUES);
    expect(tr.institutionFacetTruncated).toBe(false);
    expect(map(tr.facets.institution)).toEqual(Object.fromEntries(trRows.map((x) => [x.k, x.n])));
    expect(tr.facets.institution.find((f) => f.value === String(metuId))?.label).toBe("Middle East Technical University");

    // With a country selected: other facets narrow to it, the country facet does not.
    const ir = await search({ country: ["IR"] });
    expect(map(ir.facets.country)).toEqual(map(r.facets.country));
    const irOpenTo = await sql<{ k: string; n: number }>`select o as k, count(*)::int as n from experts e
      join institutions i on i.id = e.institution_id and i.country_code = 'IR' and i.status = 'verified', unnest(e.open_to) o group by 1`.execute(db);
    expect(map(ir.facets.openTo)).toEqual(Object.fromEntries(irOpenTo.rows.map((x) => [x.k, x.n])));
    expect(ir.total).toBe(byCountry.rows.find((x) => x.k === "IR")?.n);
    expect(ir.hits.every((h) => h.country === "IR")).toBe(true);

    // Two values of one facet are ORed; two facets are ANDed.
    const both = await search({ country: ["IR", "TR"], openTo: ["supervision"] });
    expect(both.hits.every((h) => ["IR", "TR"].includes(h.country ?? "") && h.openTo.includes("supervision"))).toBe(true);
  });

  it("paginates with stable totals and distinct pages", async () => {
    const p1 = await search({ country: ["TR"], page: 1 });
    const p2 = await search({ country: ["TR"], page: 2 });
    expect(p1.total).toBe(p2.total);
    expect(p1.hits).toHaveLength(20);
    expect(new Set([...p1.hits, ...p2.hits].map((h) => h.id)).size).toBe(p1.hits.length + p2.hits.length);
  });
});

describe("affiliation changes reach expert documents", () => {
  it("renaming an institution re-indexes its experts (queued in the same transaction)", async () => {
    const db = getDb();
    const original = (await db.selectFrom("institutions").select("name").where("id", "=", metuId).executeTakeFirstOrThrow()).name;
    await syncSearch();
    await updateInstitution(db, metuId, { name: "Orta Dogu Renamed Technical Academy" });
    const queued = await db.selectFrom("search_outbox").select(["index_name", "doc_id"]).execute();
    const metuExperts = await db.selectFrom("experts").select("id").where("institution_id", "=", metuId).execute();
    expect(
      queued
        .filter((q) => q.index_name === "experts")
        .map((q) => Number(q.doc_id))
        .sort(),
    ).toEqual(metuExperts.map((e) => e.id).sort());
    await syncSearch();
    const found = await search({ q: "Renamed Technical Academy" });
    expect(found.hits.map((h) => h.id)).toEqual(expect.arrayContaining([ids["user-cyrillic"], ids["user-turkish"]]));
    expect(found.hits.find((h) => h.id === ids["user-cyrillic"])?.institution?.name).toBe("Orta Dogu Renamed Technical Academy");
    await updateInstitution(db, metuId, { name: original });
    await syncSearch();
  });

  it("a pending institution disappears from search and from its experts' documents and pages until verified", async () => {
    const db = getDb();
    expect(await setInstitutionStatus(db, metuId, "pending")).toBe(true);
    await syncSearch();
    const inst = await searchInstitutions({ ...institutionSearchSchema.parse({}), q: "Middle East Technical University" });
    expect(inst.hits.map((h) => h.id)).not.toContain(metuId);
    const hit = (await search({ q: "Toshpulatov" })).hits[0];
    expect(hit.id).toBe(ids["user-cyrillic"]);
    expect(hit.institution).toBeNull();
    expect(hit.country).toBeNull();
    expect((await search({ institution: [metuId] })).total).toBe(0);
    const page = await callRoute(profileLoader, loaderArgs(`/experts/${ids["user-cyrillic"]}`, { id: String(ids["user-cyrillic"]) }));
    const text = await page.text();
    expect(JSON.parse(text).expert.institution).toBeNull();
    expect(text).not.toContain("Middle East Technical");
    expect(await setInstitutionStatus(db, metuId, "verified")).toBe(true);
    await syncSearch();
    expect((await search({ q: "Toshpulatov" })).hits[0].institution?.id).toBe(metuId);
  });
});

describe("routes", () => {
  it("/experts ships only the institutions its facet shows, plus selected ones, and says the list is cut", async () => {
    const all = await search({});
    expect(all.facets.institution.length).toBeGreaterThan(12);
    const body = await (await callRoute(listLoader, loaderArgs("/experts"))).json();
    expect(body.result.facets.institution.map((f: any) => f.value)).toEqual(all.facets.institution.slice(0, 12).map((f) => f.value));
    // Meilisearch lists EXPERT_FACET_VALUES institutions at most: more matched, so "or more".
    expect(all.facets.institution.length).toBe(EXPERT_FACET_VALUES);
    expect(body.institutionNote).toBe(
      `Showing 12 of ${EXPERT_FACET_VALUES} or more institutions: those with the most experts. To find another, type its name in the search box.`,
    );
    // A selected institution outside the top 12 stays listed so it can be unticked.
    const outside = all.facets.institution[40];
    const selected = await (await callRoute(listLoader, loaderArgs(`/experts?institution=${outside.value}`))).json();
    expect(selected.result.facets.institution.map((f: any) => f.value)).toContain(outside.value);
    // One beyond the facet's 100 busiest keeps its real count when ticked (it showed 0).
    const db = getDb();
    const listed = new Set(all.facets.institution.map((f) => f.value));
    const quiet = await sql<{ id: number; n: number }>`select e.institution_id as id, count(*)::int as n from experts e
      join institutions i on i.id = e.institution_id and i.status = 'verified' group by 1 order by 2, 1`.execute(db);
    const beyond = quiet.rows.find((r) => !listed.has(String(r.id)))!;
    const ticked = await search({ institution: [beyond.id] });
    expect(ticked.total).toBe(beyond.n);
    expect(ticked.facets.institution.find((f) => f.value === String(beyond.id))?.count).toBe(beyond.n);
  });

  it("/experts answers 400 with a message for bad parameters and keeps the query", async () => {
    const res = await callRoute(listLoader, loaderArgs("/experts?q=karimov&openTo=partying"));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.params.q).toBe("karimov");
    expect(body.issues[0]).toMatchObject({ param: "openTo" });
  });

  it.each([
    ["country=XX", "country"],
    ["page=0", "page"],
    ["page=abc", "page"],
    ["institution=abc", "institution"],
    ["subfield=x", "subfield"],
    ["topic=10020", "topic"],
    ["openTo=all", "openTo"],
    [`q=${"a".repeat(300)}`, "q"],
  ])("/api/v1/experts answers 400 for %s", async (qs, param) => {
    const res = await callRoute(apiLoader, loaderArgs(`/api/v1/experts?${qs}`));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.issues.map((i: { param: string }) => i.param)).toContain(param);
  });

  it("/api/v1/experts answers the documented shape", async () => {
    const res = await callRoute(apiLoader, loaderArgs("/api/v1/experts?q=Farshid%20Nikravesh&country=IR&topic=T10028&openTo=supervision"));
    const body = await res.json();
    expect(body).toMatchObject({ total: 1, page: 1 });
    expect(body.hits[0]).toEqual({
      id: ids["user-public"],
      fullName: "Farshid Nikravesh",
      nameVariants: ["فرشید نیک‌روش"],
      title: null,
      position: null,
      institution: { id: expect.any(Number), name: expect.any(String), country: "IR" },
      country: "IR",
      topics: expect.arrayContaining([{ id: "T10028", name: "Topic Modeling" }]),
      openTo: ["joint_research", "supervision"],
      email: PUBLIC_EMAIL,
      url: `/experts/${ids["user-public"]}`,
    });
  });

  it("/experts/:id answers 404 for unknown or malformed ids", async () => {
    for (const id of ["999999", "abc", "-1", "1e3", "0"]) {
      expect((await callRoute(profileLoader, loaderArgs(`/experts/${id}`, { id }))).status, id).toBe(404);
    }
  });
});

describe("/experts over HTTP", () => {
  const server = useAppServer();

  /** The note under the institution facet, as the page renders it (React's text separators removed). */
  async function institutionNote(path: string, lng: string): Promise<string | undefined> {
    const html = (await (await fetch(`${server.app.url}${path}`, { headers: { Cookie: `lng=${lng}` } })).text()).replaceAll("<!-- -->", "");
    const facet = /<legend>[^<]*<\/legend>(?:(?!<\/fieldset>).)*?name="institution".*?<\/fieldset>/s.exec(html)?.[0] ?? "";
    return /<p class="meta">([^<]*)<\/p>/.exec(facet)?.[1];
  }

  it("the institution facet says in plain words which institutions it lists, in every language", async () => {
    expect(await institutionNote("/experts", "en")).toBe(
      `Showing 12 of ${EXPERT_FACET_VALUES} or more institutions: those with the most experts. To find another, type its name in the search box.`,
    );
    expect(await institutionNote("/experts", "ru")).toBe(
      `Показаны 12 из ${EXPERT_FACET_VALUES} или более организаций — те, где больше всего экспертов. Чтобы найти другую, введите её название в поле поиска.`,
    );
    expect(await institutionNote("/experts", "tr")).toBe(
      `${EXPERT_FACET_VALUES} veya daha fazla kurumdan en çok uzmana sahip 12 kurum gösteriliyor. Başka birini bulmak için adını arama kutusuna yazın.`,
    );
    // Persian digits: ۱۲ and ۱۰۰.
    expect(await institutionNote("/experts", "fa")).toBe(
      "نمایش ۱۲ مؤسسه از میان ۱۰۰ مؤسسه یا بیشتر: آن‌هایی که بیشترین متخصص را دارند. برای یافتن مؤسسهٔ دیگر، نام آن را در کادر جستجو بنویسید.",
    );
    // Fewer institutions than the facet's limit: their number, with the noun in the form it needs.
    const tr = await search({ country: ["TR"] });
    expect(tr.facets.institution.length).toBeGreaterThan(12);
    expect(tr.institutionFacetTruncated).toBe(false);
    expect(await institutionNote("/experts?country=TR", "en")).toBe(
      `Showing 12 of ${tr.facets.institution.length} institutions: those with the most experts. To find another, type its name in the search box.`,
    );
  });

  it("the institution note's Russian forms follow the number of institutions", () => {
    const ru = serverT("ru", "experts");
    const note = (count: number) => String(ru("list.institutionNote", { shown: 12, count })).replace(/\s/g, " ");
    expect(note(21)).toContain("Показаны 12 из 21 организации —");
    expect(note(22)).toContain("Показаны 12 из 22 организаций —");
    expect(note(25)).toContain("Показаны 12 из 25 организаций —");
  });

  it("a page past the last says so and links to the last page, keeping the filters", async () => {
    const r = await search({ country: ["TR"] });
    const res = await fetch(`${server.app.url}/experts?country=TR&page=${r.totalPages + 5}`);
    expect(res.status).toBe(200);
    const body = (await res.text()).replaceAll("<!-- -->", ""); // React's separators between text parts
    expect(body).toContain(`There is no page ${r.totalPages + 5}`);
    expect(body).toContain(`${r.total.toLocaleString("en")} experts fit on ${r.totalPages} page`);
    expect(body).toMatch(new RegExp(`href="/experts\\?country=TR(&amp;page=${r.totalPages})?"[^>]*>Go to the last page`));
  });
});
