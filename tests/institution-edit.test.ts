/**
 * /institutions/:id/edit — institution admins edit description, website,
 * declared topics and members, through the route's loader and action with
 * real sessions, against the real database and search index.
 */
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { anInstitutionId, createUser, signIn } from "./factories";
import { actionArgs, callRoute, getArgs, getDb, syncSearch } from "./helpers";
import { loader, action } from "../app/routes/institutions_.$id.edit";
import { loader as pageLoader } from "../app/routes/institutions.$id";
import { getInstitutionTopicProfiles } from "../app/models/topic-profile.server";
import { LAST_ADMIN_MESSAGE, NO_SUCH_ACCOUNT_MESSAGE } from "../app/models/institution-admin.server";
import { getMeili, indexUid } from "../app/search/client.server";

const call = (fn: any, args: any) => callRoute(fn, args);

/** A verified institution nobody belongs to yet (so admin counts are this test's own). */
async function freshInstitution(): Promise<number> {
  const row = await getDb()
    .selectFrom("institutions")
    .select("id")
    .where("status", "=", "verified")
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("institution_members").select("user_id").whereRef("institution_members.institution_id", "=", "institutions.id"))))
    .orderBy(sql`random()`)
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function twoTopics(): Promise<string[]> {
  const rows = await getDb().selectFrom("topics").select("id").orderBy("id").limit(2).offset(10).execute();
  return rows.map((r) => r.id);
}

function post(id: number, fields: Record<string, string | string[]>, cookie?: string) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  return {
    request: new Request(`http://localhost/institutions/${id}/edit`, { method: "POST", headers, body }),
    params: { id: String(id) },
    context: { clientAddress: "203.0.113.7" },
  };
}

async function snapshot(id: number) {
  const db = getDb();
  return {
    inst: await db.selectFrom("institutions").select(["description", "website", "updated_at"]).where("id", "=", id).executeTakeFirstOrThrow(),
    topics: await db.selectFrom("institution_topics").selectAll().where("institution_id", "=", id).orderBy("topic_id").execute(),
    members: await db.selectFrom("institution_members").selectAll().where("institution_id", "=", id).orderBy("user_id").execute(),
    audit: (await db.selectFrom("role_audit").select(sql<number>`count(*)::int`.as("n")).where("institution_id", "=", id).executeTakeFirstOrThrow()).n,
  };
}

describe("/institutions/:id/edit access", () => {
  it("sends anonymous visitors to sign in (loader and action)", async () => {
    const id = await anInstitutionId();
    const get = await call(loader, getArgs(`/institutions/${id}/edit`, undefined, { id: String(id) }));
    expect(get.status).toBe(302);
    expect(get.headers.get("Location")).toMatch(new RegExp(`^/login\\?redirectTo=%2Finstitutions%2F${id}%2Fedit`));
    const res = await call(action, post(id, { intent: "save", description: "x" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("refuses a researcher, the secretariat and an admin of another institution (403), writing nothing", async () => {
    const id = await freshInstitution();
    const other = await freshInstitution();
    const before = await snapshot(id);
    for (const user of [await createUser(), await createUser({ role: "secretariat" }), await createUser({ institutionAdminOf: other })]) {
      const cookie = await signIn(user);
      expect((await call(loader, getArgs(`/institutions/${id}/edit`, cookie, { id: String(id) }))).status).toBe(403);
      expect((await call(action, post(id, { intent: "save", description: "Hijacked" }, cookie))).status).toBe(403);
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it("the institution page links its admins to the edit page", async () => {
    const id = await freshInstitution();
    const admin = await createUser({ institutionAdminOf: id });
    const res = await call(pageLoader, getArgs(`/institutions/${id}`, await signIn(admin), { id: String(id) }));
    expect((await res.json()).isAdmin).toBe(true);
    const src = await import("node:fs").then((fs) => fs.readFileSync("app/routes/institutions.$id.tsx", "utf8"));
    expect(src).toContain("Edit this institution");
  });
});

describe("/institutions/:id/edit save", () => {
  it("an admin saves description, website and topics: search shows the description, the profile the declared topics", async () => {
    const id = await freshInstitution();
    const admin = await createUser({ institutionAdminOf: id });
    const cookie = await signIn(admin);
    const get = await call(loader, getArgs(`/institutions/${id}/edit`, cookie, { id: String(id) }));
    expect(get.status).toBe(200);
    const data = await get.json();
    expect(data.members).toEqual([expect.objectContaining({ id: admin.id, role: "admin" })]);

    const topics = await twoTopics();
    const description = "Zanzibarite quantum networking laboratory for the whole region.";
    const res = await call(action, post(id, { intent: "save", description, website: "https://example.edu/lab", topicIds: topics }, cookie));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/institutions/${id}`);

    const row = await getDb().selectFrom("institutions").select(["description", "website"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ description, website: "https://example.edu/lab" });
    const declared = await getDb().selectFrom("institution_topics").select("topic_id").where("institution_id", "=", id).where("source", "=", "declared").orderBy("topic_id").execute();
    expect(declared.map((d) => d.topic_id)).toEqual([...topics].sort());

    await syncSearch();
    const doc: any = await getMeili().index(indexUid("institutions")).getDocument(id);
    expect(doc.description).toBe(description);
    const profile = (await getInstitutionTopicProfiles(getDb(), [id])).get(id)!;
    for (const t of topics) expect(profile.find((p) => p.id === t)).toMatchObject({ declared: true, weight: 1 });

    // Saving again with one topic replaces the declared set; an empty website clears it.
    const again = await call(action, post(id, { intent: "save", description, website: "", topicIds: topics[0] }, cookie));
    expect(again.status).toBe(302);
    const after = await getDb().selectFrom("institution_topics").select("topic_id").where("institution_id", "=", id).where("source", "=", "declared").execute();
    expect(after.map((d) => d.topic_id)).toEqual([topics[0]]);
    expect((await getDb().selectFrom("institutions").select("website").where("id", "=", id).executeTakeFirstOrThrow()).website).toBeNull();
  });

  it("a no-JavaScript topic search keeps the typed fields and lists matches", async () => {
    const id = await freshInstitution();
    const cookie = await signIn(await createUser({ institutionAdminOf: id }));
    const [t] = await twoTopics();
    const qs = new URLSearchParams({ intent: "save", description: "Typed, not saved", website: "https://typed.example", topicIds: t, topicQuery: "learning" });
    const res = await call(loader, getArgs(`/institutions/${id}/edit?${qs}`, cookie, { id: String(id) }));
    expect(res.status).toBe(200);
    const data = await res.json();
    expect(data.draft).toEqual({ description: "Typed, not saved", website: "https://typed.example", topicIds: [t] });
    expect(data.chosen.map((c: { id: string }) => c.id)).toEqual([t]);
    expect(data.topicOptions.length).toBeGreaterThan(0);
  });

  it("an invalid website answers 400 at the field, keeps what was typed and writes nothing", async () => {
    const id = await freshInstitution();
    const admin = await createUser({ institutionAdminOf: id });
    const cookie = await signIn(admin);
    const before = await snapshot(id);
    const topics = await twoTopics();
    const res = await call(action, post(id, { intent: "save", description: "Kept text", website: "javascript:alert(1)", topicIds: topics }, cookie));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.result.error.website[0]).toMatch(/http:\/\/ or https:\/\//);
    expect(body.result.initialValue).toMatchObject({ description: "Kept text", website: "javascript:alert(1)", topicIds: topics });
    expect(body.chosen.map((t: { id: string }) => t.id).sort()).toEqual([...topics].sort());
    expect(await snapshot(id)).toEqual(before);
  });

  it("refuses unknown topics, more than 20 topics and a description over 5,000 characters", async () => {
    const id = await freshInstitution();
    const cookie = await signIn(await createUser({ institutionAdminOf: id }));
    const before = await snapshot(id);
    const unknown = await call(action, post(id, { intent: "save", description: "x", topicIds: "T99999999" }, cookie));
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).result.error.topicIds).toEqual(["Choose topics from the list."]);
    const many = (await getDb().selectFrom("topics").select("id").limit(21).execute()).map((t) => t.id);
    const tooMany = await call(action, post(id, { intent: "save", topicIds: many }, cookie));
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).result.error.topicIds).toEqual(["At most 20 topics."]);
    const long = await call(action, post(id, { intent: "save", description: "a".repeat(5001) }, cookie));
    expect(long.status).toBe(400);
    expect((await long.json()).result.error.description).toEqual(["At most 5,000 characters."]);
    const bogus = await call(action, post(id, { intent: "delete-everything" }, cookie));
    expect(bogus.status).toBe(400);
    expect(await snapshot(id)).toEqual(before);
  });
});

describe("/institutions/:id/edit members", () => {
  it("adds a member by email (audited), changes their role and removes them", async () => {
    const id = await freshInstitution();
    const admin = await createUser({ institutionAdminOf: id });
    const cookie = await signIn(admin);
    const colleague = await createUser();
    const res = await call(action, post(id, { intent: "add-member", email: colleague.email.toUpperCase(), role: "member" }, cookie));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/institutions/${id}/edit`);
    const audit = () =>
      getDb().selectFrom("role_audit").select(["actor_id", "action", "role", "institution_id"]).where("target_id", "=", colleague.id).orderBy("id").execute();
    expect(await audit()).toEqual([{ actor_id: admin.id, action: "grant", role: "institution_member", institution_id: id }]);

    const promote = await call(action, post(id, { intent: "set-role", userId: colleague.id, role: "admin" }, cookie));
    expect(promote.status).toBe(302);
    const remove = await call(action, post(id, { intent: "remove-member", userId: colleague.id }, cookie));
    expect(remove.status).toBe(302);
    expect(await audit()).toEqual([
      { actor_id: admin.id, action: "grant", role: "institution_member", institution_id: id },
      { actor_id: admin.id, action: "revoke", role: "institution_member", institution_id: id },
      { actor_id: admin.id, action: "grant", role: "institution_admin", institution_id: id },
      { actor_id: admin.id, action: "revoke", role: "institution_admin", institution_id: id },
    ]);
    const members = await getDb().selectFrom("institution_members").select("user_id").where("institution_id", "=", id).execute();
    expect(members.map((m) => m.user_id)).toEqual([admin.id]);
  });

  it("an unknown email is a field error, with the typed email kept and nothing written", async () => {
    const id = await freshInstitution();
    const cookie = await signIn(await createUser({ institutionAdminOf: id }));
    const before = await snapshot(id);
    const res = await call(action, post(id, { intent: "add-member", email: "nobody-here@example.org", role: "admin" }, cookie));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.intent).toBe("add-member");
    expect(body.result.error.email).toEqual([NO_SUCH_ACCOUNT_MESSAGE]);
    expect(body.result.initialValue).toMatchObject({ email: "nobody-here@example.org", role: "admin" });
    expect(await snapshot(id)).toEqual(before);
  });

  it("the last admin can neither remove nor demote themself; with a second admin they can", async () => {
    const id = await freshInstitution();
    const admin = await createUser({ institutionAdminOf: id });
    const cookie = await signIn(admin);
    const before = await snapshot(id);
    const remove = await call(action, post(id, { intent: "remove-member", userId: admin.id }, cookie));
    expect(remove.status).toBe(400);
    expect((await remove.json()).result.error[""]).toEqual([LAST_ADMIN_MESSAGE]);
    const demote = await call(action, post(id, { intent: "set-role", userId: admin.id, role: "member" }, cookie));
    expect(demote.status).toBe(400);
    expect((await demote.json()).result.error[""]).toEqual([LAST_ADMIN_MESSAGE]);
    const viaAdd = await call(action, post(id, { intent: "add-member", email: admin.email, role: "member" }, cookie));
    expect(viaAdd.status).toBe(400);
    expect((await viaAdd.json()).result.error.role).toEqual([LAST_ADMIN_MESSAGE]);
    expect(await snapshot(id)).toEqual(before);

    await createUser({ institutionAdminOf: id });
    const leave = await call(action, post(id, { intent: "remove-member", userId: admin.id }, cookie));
    expect(leave.status).toBe(302);
    expect((await call(loader, getArgs(`/institutions/${id}/edit`, cookie, { id: String(id) }))).status).toBe(403);
  });

  it("two admins stepping down at once leave one admin (the last-admin check is locked per institution)", async () => {
    const id = await freshInstitution();
    const a = await createUser({ institutionAdminOf: id });
    const b = await createUser({ institutionAdminOf: id });
    const [ra, rb] = await Promise.all([
      call(action, post(id, { intent: "set-role", userId: a.id, role: "member" }, await signIn(a))),
      call(action, post(id, { intent: "remove-member", userId: b.id }, await signIn(b))),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([302, 400]);
    const admins = await getDb().selectFrom("institution_members").select("user_id").where("institution_id", "=", id).where("role", "=", "admin").execute();
    expect(admins).toHaveLength(1);
  });

  it("set-role and remove-member refuse people who are not members", async () => {
    const id = await freshInstitution();
    const cookie = await signIn(await createUser({ institutionAdminOf: id }));
    const stranger = await createUser();
    const before = await snapshot(id);
    expect((await call(action, post(id, { intent: "set-role", userId: stranger.id, role: "admin" }, cookie))).status).toBe(400);
    expect((await call(action, post(id, { intent: "remove-member", userId: stranger.id }, cookie))).status).toBe(400);
    expect(await snapshot(id)).toEqual(before);
  });
});
