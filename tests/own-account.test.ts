/**
 * Issue 14 item 9, /account against a real PostgreSQL and Meilisearch:
 * change the display name; change the password with the current one (other
 * sessions end, this browser gets a new one); download your data as JSON;
 * delete the account (password confirmed; the only admin of an institution is
 * told to hand over first and nothing is written; otherwise the profile and
 * its search document go, the row is anonymised, histories say "Former member").
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action as accountAction } from "../app/routes/account";
import { loader as dataLoader } from "../app/routes/account_.data";
import { checkCredentials } from "../app/features/accounts/account.server";
import { FORMER_MEMBER } from "../app/features/accounts/own-account.server";
import { listEvents } from "../app/features/proposals/details.server";
import { getUser } from "../app/features/accounts/auth.server";
import { getMeili, indexUid } from "../app/search/client.server";
import { ensureIndexes } from "../app/search/sync.server";
import { createUser, signIn, DEFAULT_PASSWORD } from "./factories";
import { english } from "./helpers/i18n";
import { actionArgs, callRoute, cookiesFrom, getArgs, getDb, syncSearch, upsertExpertProfileAs } from "./helpers";

const post = (fields: Record<string, string>, cookie: string) => callRoute(accountAction, actionArgs("/account", fields, { cookie }));
const withCookie = (cookie: string) => new Request("http://localhost/account", { headers: { Cookie: cookie } });
const row = (id: string) => getDb().selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

async function anInstitution(): Promise<{ id: number; name: string }> {
  return getDb()
    .selectFrom("institutions")
    .select(["id", "name"])
    .where("status", "=", "verified")
    .where("country_code", "=", "AF")
    .orderBy("id")
    .executeTakeFirstOrThrow();
}

describe("name and password", () => {
  it("changes the display name; an empty one is refused at its field", async () => {
    const user = await createUser({ displayName: "Old Name" });
    const cookie = await signIn(user);
    expect((await post({ intent: "rename", displayName: "  Gulnara Abenova " }, cookie)).status).toBe(302);
    expect((await row(user.id)).display_name).toBe("Gulnara Abenova");
    const bad = await post({ intent: "rename", displayName: "" }, cookie);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.displayName.map(english)).toEqual(["Enter your name"]);
    expect((await row(user.id)).display_name).toBe("Gulnara Abenova");
  });

  it("changes the password with the current one; every other session ends, this browser continues", async () => {
    const user = await createUser();
    const here = await signIn(user);
    const elsewhere = await signIn(user, { userAgent: "other device" });
    const wrong = await post(
      { intent: "change-password", currentPassword: "not my password", newPassword: "brand new secret 2027", confirmPassword: "brand new secret 2027" },
      here,
    );
    expect(wrong.status).toBe(400);
    const body = await wrong.json();
    expect(body.error.currentPassword.map(english)).toEqual(["That is not your current password."]);
    expect(JSON.stringify(body)).not.toContain("brand new secret");
    expect((await checkCredentials(getDb(), user.email, DEFAULT_PASSWORD)).status).toBe("ok");
    const mismatch = await post(
      { intent: "change-password", currentPassword: DEFAULT_PASSWORD, newPassword: "brand new secret 2027", confirmPassword: "other" },
      here,
    );
    expect((await mismatch.json()).error.confirmPassword.map(english)).toEqual(["The two new passwords differ"]);

    const ok = await post(
      { intent: "change-password", currentPassword: DEFAULT_PASSWORD, newPassword: "brand new secret 2027", confirmPassword: "brand new secret 2027" },
      here,
    );
    expect(ok.status).toBe(302);
    expect((await checkCredentials(getDb(), user.email, DEFAULT_PASSWORD)).status).toBe("invalid");
    expect((await checkCredentials(getDb(), user.email, "brand new secret 2027")).status).toBe("ok");
    expect(await getUser(withCookie(elsewhere))).toBeNull();
    expect(await getUser(withCookie(here))).toBeNull(); // the old id of this browser ended too…
    const fresh = cookiesFrom(ok)
      .split("; ")
      .find((c) => c.startsWith("eco_session="))!;
    expect((await getUser(withCookie(fresh)))?.id).toBe(user.id); // …and it got a new one
  });
});

describe("your data and deleting the account", () => {
  beforeAll(async () => {
    await ensureIndexes();
    await syncSearch();
  });

  it("downloads account, profile, led proposals and messages as JSON; signed out: sign in first", async () => {
    const user = await createUser({ displayName: "Data Owner" });
    const other = await createUser({ displayName: "Correspondent" });
    await upsertExpertProfileAs(getDb(), user.id, { fullName: "Data Owner Expert", contactVisibility: "hidden" });
    const inst = await anInstitution();
    await getDb().insertInto("proposals").values({ title: "Led proposal", lead_institution_id: inst.id, created_by: user.id }).execute();
    const conv = await getDb().insertInto("conversations").values({ starter_id: other.id, recipient_id: user.id }).returning("id").executeTakeFirstOrThrow();
    await getDb()
      .insertInto("messages")
      .values([
        { conversation_id: conv.id, sender_id: other.id, body: "Hello there" },
        { conversation_id: conv.id, sender_id: user.id, body: "Hello back" },
      ])
      .execute();
    const res = await callRoute(dataLoader, getArgs("/account/data", await signIn(user)));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="eco-ict-account-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = await res.json();
    expect(data.account).toMatchObject({ email: user.email, displayName: "Data Owner" });
    expect(data.profile.full_name).toBe("Data Owner Expert");
    expect(data.proposalsYouLead.map((p: { title: string }) => p.title)).toEqual(["Led proposal"]);
    expect(data.conversations[0].messages.map((m: { body: string; fromYou: boolean }) => `${m.fromYou ? "me" : "them"}: ${m.body}`)).toEqual([
      "them: Hello there",
      "me: Hello back",
    ]);
    const anonymous = await callRoute(dataLoader, getArgs("/account/data"));
    expect(anonymous.status).toBe(302);
  });

  it("the only admin of an institution is told to hand over first; nothing is deleted", async () => {
    const { id: instId, name } = await getDb()
      .insertInto("institutions")
      .values({ name: "Handover Test Institute", kind: "research_centre", country_code: "TJ", status: "verified", source: "registration" })
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
    const user = await createUser({ institutionAdminOf: instId });
    await upsertExpertProfileAs(getDb(), user.id, { fullName: "Sole Admin", contactVisibility: "hidden" });
    await getDb().insertInto("proposals").values({ title: "Unsubmitted draft", lead_institution_id: instId, created_by: user.id }).execute();
    const cookie = await signIn(user);
    const res = await post({ intent: "delete-account", password: DEFAULT_PASSWORD }, cookie);
    expect(res.status).toBe(409);
    expect((await res.json()).error[""].map(english)).toEqual([
      `You are the only administrator of ${name} (1 proposal in draft). Make another member an administrator there first (or ask the secretariat), then delete your account.`,
    ]);
    expect((await row(user.id)).deleted_at).toBeNull();
    expect(await getDb().selectFrom("experts").select("id").where("user_id", "=", user.id).executeTakeFirst()).toBeDefined();
    expect((await getUser(withCookie(cookie)))?.id).toBe(user.id);
    // A wrong password: refused at its field, nothing written either.
    const wrong = await post({ intent: "delete-account", password: "not my password" }, cookie);
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.password.map(english)).toEqual(["That is not your current password."]);
    // A second admin: now it can go.
    await createUser({ institutionAdminOf: instId });
    expect((await post({ intent: "delete-account", password: DEFAULT_PASSWORD }, cookie)).status).toBe(302);
  });

  it("deletes the profile and its search document, anonymises the row, keeps histories as 'Former member'", async () => {
    const inst = await anInstitution();
    const user = await createUser({ displayName: "Leaving Person", email: "leaving.person@example.org", institutionMemberOf: inst.id });
    const other = await createUser({ displayName: "Stays Here" });
    const { expertId } = (await upsertExpertProfileAs(getDb(), user.id, {
      fullName: "Leaving Person Expert",
      contactVisibility: "public",
      contactEmail: "leaving.person@example.org",
    })) as { expertId: number };
    const proposal = await getDb()
      .insertInto("proposals")
      .values({ title: "History proposal", lead_institution_id: inst.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await getDb()
      .insertInto("proposal_events")
      .values({
        proposal_id: proposal.id,
        action: "submit",
        from_status: "draft",
        to_status: "submitted",
        version: 1,
        actor_id: user.id,
        actor_name: "Leaving Person",
      })
      .execute();
    const conv = await getDb().insertInto("conversations").values({ starter_id: user.id, recipient_id: other.id }).returning("id").executeTakeFirstOrThrow();
    await getDb().insertInto("messages").values({ conversation_id: conv.id, sender_id: user.id, body: "Before I go" }).execute();
    await syncSearch();
    const meiliDoc = () =>
      getMeili()
        .index(indexUid("experts"))
        .getDocument(expertId)
        .then(
          () => "present",
          () => "absent",
        );
    expect(await meiliDoc()).toBe("present");

    const cookie = await signIn(user);
    const res = await post({ intent: "delete-account", password: DEFAULT_PASSWORD }, cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    expect(res.headers.getSetCookie().some((c) => /^eco_session=;/.test(c))).toBe(true);

    const after = await row(user.id);
    expect(after).toMatchObject({
      display_name: FORMER_MEMBER,
      email: `deleted-${user.id.toLowerCase()}@deleted.invalid`,
      email_verified_at: null,
      accepts_messages: false,
    });
    expect(after.deleted_at).not.toBeNull();
    expect(await getUser(withCookie(cookie))).toBeNull();
    expect((await checkCredentials(getDb(), "leaving.person@example.org", DEFAULT_PASSWORD)).status).toBe("invalid");
    expect((await checkCredentials(getDb(), after.email, DEFAULT_PASSWORD)).status).toBe("invalid");
    expect(await getDb().selectFrom("experts").select("id").where("id", "=", expertId).executeTakeFirst()).toBeUndefined();
    expect(await getDb().selectFrom("institution_members").select("user_id").where("user_id", "=", user.id).execute()).toEqual([]);
    // The search document follows through the outbox.
    await syncSearch();
    expect(await meiliDoc()).toBe("absent");
    // Append-only histories keep their rows, without the person's name or email.
    // proposal_events refuses UPDATE: the row stays, the history reads "Former member".
    const events = await listEvents(getDb(), proposal.id);
    expect(events.map((e) => [e.actor_id, e.actor_name])).toEqual([[user.id, FORMER_MEMBER]]);
    const audit = await getDb().selectFrom("role_audit").select("target_email").where("target_id", "=", user.id).execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a) => a.target_email === FORMER_MEMBER)).toBe(true);
    const msgs = await getDb()
      .selectFrom("messages as m")
      .innerJoin("users as u", "u.id", "m.sender_id")
      .select(["m.body", "u.display_name"])
      .where("m.conversation_id", "=", conv.id)
      .execute();
    expect(msgs).toEqual([{ body: "Before I go", display_name: FORMER_MEMBER }]);
    // Nothing of the person's email is left in the database's user-facing rows.
    const leftovers = await getDb().selectFrom("users").select("id").where("email", "=", "leaving.person@example.org").execute();
    expect(leftovers).toEqual([]);
  });
});
