/**
 * Issue 4 (account part): /me/profile, institution registration with the
 * duplicate check, the secretariat's queue, pending institutions' visibility,
 * requests to administer — through the routes' loaders and actions with real
 * sessions, against the real database and search index.
 */
import { describe, expect, it } from "vitest";
import { english } from "./helpers/i18n";
import { createUser, signIn } from "./factories";
import { actionArgs, callRoute, getArgs, getDb, syncSearch } from "./helpers";
import { loader as profileLoader, action as profileAction } from "../app/routes/me.profile";
import { action as newAction } from "../app/routes/institutions.new";
import { loader as instLoader, action as instAction } from "../app/routes/institutions.$id";
import { loader as queueLoader, action as queueAction } from "../app/routes/secretariat.institutions";
import { loader as expertsApi } from "../app/routes/api.v1.experts";
import { loader as expertsPage } from "../app/routes/experts._index";
import { loader as expertPage } from "../app/routes/experts.$id";
import { loader as lookupInstitutions } from "../app/routes/lookup.institutions";
import { loader as lookupTopics } from "../app/routes/lookup.topics";
import { ORCID_CHECKSUM_MESSAGE } from "../app/features/experts/expert-schema";
import { findLikelyDuplicates, registerInstitution } from "../app/features/institutions/registration.server";
import { searchInstitutions } from "../app/features/institutions/institution.server";
import { institutionSearchSchema } from "../app/features/institutions/institution-search-params";
import { getMeili, indexUid } from "../app/search/client.server";

const call = (fn: any, args: any) => callRoute(fn, args);

async function metu() {
  return getDb().selectFrom("institutions").select(["id", "name"]).where("ror_id", "=", "014weej12").executeTakeFirstOrThrow();
}

describe("/me/profile", () => {
  it("sends anonymous visitors to sign in", async () => {
    const res = await call(profileLoader, getArgs("/me/profile"));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Fme%2Fprofile/);
  });

  it("a new profile form is prefilled with the account's name and email, hidden by default", async () => {
    const user = await createUser({ displayName: "Nasrin Ahmadi" });
    const res = await call(profileLoader, getArgs("/me/profile", await signIn(user)));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.expertId).toBeNull();
    expect(body.draft).toMatchObject({ fullName: "Nasrin Ahmadi", contactEmail: user.email, contactVisibility: "hidden" });
  });

  it("an invalid ORCID check digit is refused at the field; everything typed is kept; nothing is written", async () => {
    const user = await createUser();
    const cookie = await signIn(user);
    const { id } = await metu();
    const fields = {
      fullName: "Ivan Petrov",
      nameVariants: "Иван Петров",
      orcid: "0000-0002-1825-0098",
      institutionId: String(id),
      keywords: "graph theory, compilers",
      topicIds: "T10028",
      contactEmail: "ivan@uni.example",
      contactVisibility: "members",
    };
    const res = await call(profileAction, actionArgs("/me/profile", fields, { cookie }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.result.error).toEqual({ orcid: [ORCID_CHECKSUM_MESSAGE] });
    expect(body.result.initialValue).toMatchObject(fields);
    expect(body.chosen.institution).toMatchObject({ id });
    expect(body.chosen.topics.map((t: any) => t.id)).toEqual(["T10028"]);
    expect(await getDb().selectFrom("experts").select("id").where("user_id", "=", user.id).executeTakeFirst()).toBeUndefined();
  });

  it("saves a valid profile (ORCID as a URL stored canonically) and redirects to it with a toast; editing keeps one profile", async () => {
    const user = await createUser();
    const cookie = await signIn(user);
    const { id } = await metu();
    const res = await call(
      profileAction,
      actionArgs(
        "/me/profile",
        {
          fullName: "Leyla Aliyeva",
          nameVariants: "Лейла Алиева",
          orcid: "https://orcid.org/0000-0002-1825-0097",
          institutionId: String(id),
          topicIds: "T10028",
          openTo: "supervision",
          languages: "az",
          contactVisibility: "public",
          contactEmail: "leyla@uni.example",
        },
        { cookie },
      ),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toMatch(/eco_flash=/);
    const row = await getDb().selectFrom("experts").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(res.headers.get("Location")).toBe(`/experts/${row.id}`);
    expect(row).toMatchObject({
      orcid: "0000-0002-1825-0097",
      institution_id: id,
      name_variants: ["Лейла Алиева"],
      open_to: ["supervision"],
      languages: ["az"],
    });

    const again = await call(profileAction, actionArgs("/me/profile", { fullName: "Leyla Aliyeva", contactVisibility: "hidden" }, { cookie }));
    expect(again.headers.get("Location")).toBe(`/experts/${row.id}`);
    const form = await (await call(profileLoader, getArgs("/me/profile", cookie))).json();
    expect(form.expertId).toBe(row.id);
    expect(form.draft).toMatchObject({ fullName: "Leyla Aliyeva", institutionId: "", orcid: "", contactVisibility: "hidden" });
  });

  it("without JavaScript, a picker Search posts the form: the draft comes back with the matches, nothing is saved; a GET query fills no field", async () => {
    const user = await createUser();
    const cookie = await signIn(user);
    const res = await call(
      profileAction,
      actionArgs(
        "/me/profile",
        {
          fullName: "Typed Name",
          nameVariants: "علی رضایی",
          bio: "Typed bio",
          institutionQuery: "Middle East Technical",
          topicQuery: "machine learning",
          topicIds: "T10028",
          intent: "search:topicQuery",
        },
        { cookie },
      ),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.draft).toMatchObject({ fullName: "Typed Name", nameVariants: "علی رضایی", bio: "Typed bio", topicIds: ["T10028"] });
    expect(body.search.searched).toBe("topicQuery");
    expect(body.search.options.institutionQuery.map((o: any) => o.name)).toContain("Middle East Technical University");
    expect(body.search.options.topicQuery.length).toBeGreaterThan(0);
    expect(body.chosen.topics.map((t: any) => t.id)).toEqual(["T10028"]);
    expect(await getDb().selectFrom("experts").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
    // A link may carry the pickers' texts, never a field of the form.
    const qs = new URLSearchParams({ fullName: "From a URL", bio: "From a URL", institutionQuery: "Middle East Technical" });
    const page = await (await call(profileLoader, getArgs(`/me/profile?${qs}`, cookie))).json();
    expect(page.draft).toMatchObject({ fullName: user.displayName, bio: "" });
    expect(page.institutionOptions.map((o: any) => o.name)).toContain("Middle East Technical University");
  });

  it("lookups list only verified institutions, and topics by name, subfield or keyword", async () => {
    const inst = await (await call(lookupInstitutions, getArgs("/lookup/institutions?q=metu"))).json();
    expect(inst.hits.map((h: any) => h.name)).toContain("Middle East Technical University");
    const topics = await (await call(lookupTopics, getArgs("/lookup/topics?q=100%25_"))).json();
    expect(topics.hits).toEqual([]); // wildcards match literally
    const t = await (await call(lookupTopics, getArgs("/lookup/topics?q=neural"))).json();
    expect(t.hits.length).toBeGreaterThan(0);
  });

  it("a hidden email saved through /me/profile appears in no page, API answer or index document", async () => {
    const hidden = "very.hidden.profile@uni-test.example";
    const user = await createUser();
    const cookie = await signIn(user);
    const res = await call(
      profileAction,
      actionArgs("/me/profile", { fullName: "Hidden Mailbox Person", contactEmail: hidden, contactVisibility: "hidden" }, { cookie }),
    );
    expect(res.status).toBe(302);
    const expertId = Number(res.headers.get("Location")!.split("/").pop());
    await syncSearch();
    const other = await signIn(await createUser());
    const pages = [
      await call(expertPage, getArgs(`/experts/${expertId}`, undefined, { id: String(expertId) })),
      await call(expertPage, getArgs(`/experts/${expertId}`, other, { id: String(expertId) })),
      await call(expertsPage, getArgs("/experts?q=Hidden+Mailbox+Person", other)),
      await call(expertsApi, getArgs("/api/v1/experts?q=Hidden+Mailbox+Person", other)),
    ];
    for (const p of pages) {
      const text = await p.text();
      expect(text).toContain("Hidden Mailbox Person");
      expect(text).not.toContain(hidden);
    }
    const doc = await getMeili().index(indexUid("experts")).getDocument(expertId);
    expect(JSON.stringify(doc)).not.toContain(hidden);
  });
});

describe("institution registration", () => {
  const form = { name: "Caspian Institute of Quantum Computing", kind: "research_centre", countryCode: "AZ", city: "Baku", website: "cicq.example.az" };

  it("registers a pending institution; the registrant sees it with a banner, visitors and other users get 404, search does not list it", async () => {
    const user = await createUser();
    const cookie = await signIn(user);
    const res = await call(newAction, actionArgs("/institutions/new", { ...form, intent: "check" }, { cookie }));
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("Location")!.split("/").pop());
    const row = await getDb().selectFrom("institutions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "pending", source: "registration", registered_by: user.id, website: "https://cicq.example.az/" });

    const own = await call(instLoader, getArgs(`/institutions/${id}`, cookie, { id: String(id) }));
    expect(own.status).toBe(200);
    expect((await own.json()).registration).toEqual({ status: "pending", reason: null });
    expect((await call(instLoader, getArgs(`/institutions/${id}`, undefined, { id: String(id) }))).status).toBe(404);
    expect((await call(instLoader, getArgs(`/institutions/${id}`, await signIn(await createUser()), { id: String(id) }))).status).toBe(404);
    const secretariat = await signIn(await createUser({ role: "secretariat" }));
    expect((await call(instLoader, getArgs(`/institutions/${id}`, secretariat, { id: String(id) }))).status).toBe(200);

    await syncSearch();
    const found = await searchInstitutions({ ...institutionSearchSchema.parse({}), q: "Caspian Institute of Quantum Computing" });
    expect(found.hits.map((h) => h.id)).not.toContain(id);
    const lookup = await (await call(lookupInstitutions, getArgs("/lookup/institutions?q=Caspian+Institute+of+Quantum"))).json();
    expect(lookup.hits.map((h: any) => h.id)).not.toContain(id);
  });

  it("shows likely duplicates first (same ROR id; similar name in the same country) and proceeds with Register anyway", async () => {
    const user = await createUser();
    const cookie = await signIn(user);
    const { name } = await metu();
    const similar = { name: "Middle East Technical Universty", kind: "university", countryCode: "TR", city: "Ankara" };
    const first = await call(newAction, actionArgs("/institutions/new", { ...similar, intent: "check" }, { cookie }));
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body.duplicates.map((d: any) => d.name)).toContain(name);
    expect(body.result.initialValue).toMatchObject(similar);
    expect(await getDb().selectFrom("institutions").select("id").where("name", "=", similar.name).executeTakeFirst()).toBeUndefined();

    const same = await findLikelyDuplicates(getDb(), { name: "Something else entirely", countryCode: "IR", rorId: "014weej12" });
    expect(same[0]).toMatchObject({ name, reason: "same ROR id" });
    // Not a duplicate in another country.
    expect((await findLikelyDuplicates(getDb(), { name: similar.name, countryCode: "KZ" })).map((d) => d.name)).not.toContain(name);

    const anyway = await call(newAction, actionArgs("/institutions/new", { ...similar, intent: "register" }, { cookie }));
    expect(anyway.status).toBe(302);
  });

  it("refuses a malformed ROR id and an already listed one at the field, keeping the input", async () => {
    const cookie = await signIn(await createUser());
    const bad = await call(newAction, actionArgs("/institutions/new", { ...form, rorId: "014weej13", intent: "register" }, { cookie }));
    expect(bad.status).toBe(400);
    const b = await bad.json();
    expect(Object.keys(b.result.error)).toEqual(["rorId"]);
    expect(b.result.initialValue).toMatchObject({ name: form.name, rorId: "014weej13" });
    const taken = await call(newAction, actionArgs("/institutions/new", { ...form, rorId: "https://ror.org/014weej12", intent: "register" }, { cookie }));
    expect(taken.status).toBe(400);
    expect(english((await taken.json()).result.error.rorId[0])).toMatch(/already listed/);
  });
});

describe("/secretariat/institutions", () => {
  it("verifying makes the institution public and searchable and the registrant its admin (audited); rejecting needs a reason", async () => {
    const registrant = await createUser();
    const r = await registerInstitution(getDb(), registrant.id, { name: "Pamir Centre for Distributed Systems", kind: "research_centre", countryCode: "TJ" });
    const r2 = await registerInstitution(getDb(), registrant.id, { name: "Fergana Valley Robotics Lab", kind: "other", countryCode: "UZ" });
    if (!r.ok || !r2.ok) throw new Error("setup");
    const staff = await createUser({ role: "secretariat" });
    const cookie = await signIn(staff);

    const queue = await (await call(queueLoader, getArgs("/secretariat/institutions", cookie))).json();
    expect(queue.registrations.map((x: any) => x.id)).toEqual(expect.arrayContaining([r.institutionId, r2.institutionId]));
    expect((await call(queueLoader, getArgs("/secretariat/institutions", await signIn(registrant)))).status).toBe(403);
    expect(
      (
        await call(
          queueAction,
          actionArgs("/secretariat/institutions", { intent: "verify", institutionId: String(r.institutionId) }, { cookie: await signIn(registrant) }),
        )
      ).status,
    ).toBe(403);

    const noReason = await call(
      queueAction,
      actionArgs("/secretariat/institutions", { intent: "reject", institutionId: String(r2.institutionId), reason: "" }, { cookie }),
    );
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).result.error.reason).toBeTruthy();
    const rejected = await call(
      queueAction,
      actionArgs("/secretariat/institutions", { intent: "reject", institutionId: String(r2.institutionId), reason: "Not an ICT institution." }, { cookie }),
    );
    expect(rejected.status).toBe(302);

    const verified = await call(queueAction, actionArgs("/secretariat/institutions", { intent: "verify", institutionId: String(r.institutionId) }, { cookie }));
    expect(verified.status).toBe(302);
    const db = getDb();
    expect(await db.selectFrom("institutions").select(["status", "decided_by"]).where("id", "=", r.institutionId).executeTakeFirst()).toEqual({
      status: "verified",
      decided_by: staff.id,
    });
    expect(await db.selectFrom("institutions").select(["status", "decision_reason"]).where("id", "=", r2.institutionId).executeTakeFirst()).toEqual({
      status: "rejected",
      decision_reason: "Not an ICT institution.",
    });
    expect(
      await db
        .selectFrom("institution_members")
        .select("role")
        .where("user_id", "=", registrant.id)
        .where("institution_id", "=", r.institutionId)
        .executeTakeFirst(),
    ).toEqual({ role: "admin" });
    expect(await db.selectFrom("role_audit").select(["actor_id", "action", "role"]).where("target_id", "=", registrant.id).execute()).toEqual([
      { actor_id: staff.id, action: "grant", role: "institution_admin" },
    ]);
    // Deciding twice changes nothing.
    const twice = await call(
      queueAction,
      actionArgs("/secretariat/institutions", { intent: "reject", institutionId: String(r.institutionId), reason: "late" }, { cookie }),
    );
    expect(twice.status).toBe(302);
    expect((await db.selectFrom("institutions").select("status").where("id", "=", r.institutionId).executeTakeFirstOrThrow()).status).toBe("verified");

    await syncSearch();
    expect((await call(instLoader, getArgs(`/institutions/${r.institutionId}`, undefined, { id: String(r.institutionId) }))).status).toBe(200);
    const found = await searchInstitutions({ ...institutionSearchSchema.parse({}), q: "Pamir Centre for Distributed Systems" });
    expect(found.hits[0]?.id).toBe(r.institutionId);
    // The rejected one: the registrant sees the reason; visitors get 404.
    const mine = await (
      await call(instLoader, getArgs(`/institutions/${r2.institutionId}`, await signIn(registrant), { id: String(r2.institutionId) }))
    ).json();
    expect(mine.registration).toEqual({ status: "rejected", reason: "Not an ICT institution." });
    expect((await call(instLoader, getArgs(`/institutions/${r2.institutionId}`, undefined, { id: String(r2.institutionId) }))).status).toBe(404);
  });

  it("a user asks to administer an imported institution; the secretariat grants or refuses", async () => {
    const { id } = await metu();
    const asker = await createUser();
    const cookie = await signIn(asker);
    const ask = await call(
      instAction,
      actionArgs(`/institutions/${id}`, { intent: "request-admin", message: "Head of the research office" }, { cookie, params: { id: String(id) } }),
    );
    expect(ask.status).toBe(302);
    const again = await call(instAction, actionArgs(`/institutions/${id}`, { intent: "request-admin" }, { cookie, params: { id: String(id) } }));
    expect(again.status).toBe(302);
    const requests = await getDb().selectFrom("institution_admin_requests").selectAll().where("user_id", "=", asker.id).execute();
    expect(requests).toHaveLength(1);
    expect((await (await call(instLoader, getArgs(`/institutions/${id}`, cookie, { id: String(id) }))).json()).adminRequested).toBe(true);

    const staff = await signIn(await createUser({ role: "secretariat" }));
    const refuseNoReason = await call(
      queueAction,
      actionArgs("/secretariat/institutions", { intent: "refuse", requestId: String(requests[0].id) }, { cookie: staff }),
    );
    expect(refuseNoReason.status).toBe(400);
    const grant = await call(queueAction, actionArgs("/secretariat/institutions", { intent: "grant", requestId: String(requests[0].id) }, { cookie: staff }));
    expect(grant.status).toBe(302);
    expect(
      await getDb().selectFrom("institution_members").select("role").where("user_id", "=", asker.id).where("institution_id", "=", id).executeTakeFirst(),
    ).toEqual({ role: "admin" });
    expect((await (await call(instLoader, getArgs(`/institutions/${id}`, cookie, { id: String(id) }))).json()).isAdmin).toBe(true);

    const other = await createUser();
    const otherCookie = await signIn(other);
    await call(instAction, actionArgs(`/institutions/${id}`, { intent: "request-admin" }, { cookie: otherCookie, params: { id: String(id) } }));
    const req2 = await getDb().selectFrom("institution_admin_requests").select("id").where("user_id", "=", other.id).executeTakeFirstOrThrow();
    const refuse = await call(
      queueAction,
      actionArgs("/secretariat/institutions", { intent: "refuse", requestId: String(req2.id), reason: "Not known at this institution." }, { cookie: staff }),
    );
    expect(refuse.status).toBe(302);
    expect(await getDb().selectFrom("institution_admin_requests").select(["status", "reason"]).where("id", "=", req2.id).executeTakeFirst()).toEqual({
      status: "refused",
      reason: "Not known at this institution.",
    });
    expect(await getDb().selectFrom("institution_members").select("role").where("user_id", "=", other.id).executeTakeFirst()).toBeUndefined();
  });
});
