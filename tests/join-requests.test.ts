/**
 * Issue 14, items 3 and 4: no dead ends for researchers, and administration
 * rights not granted blind. Against the real PostgreSQL of this test file:
 * - /proposals/new without an institution shows the ways in (200, not 403);
 * - join requests: listed for the institution's admins and the secretariat,
 *   granted or refused, requester notified in-app and by email;
 * - members draft proposals with their institution as lead and edit them;
 *   submitting stays with its admins; other members do not see the draft;
 * - the first page after confirming a new account is the expert profile form;
 * - the secretariat's admin-request queue shows the evidence, and decisions
 *   reach the requester; /admin/users picks institutions by name.
 */
import { translateMessage } from "../app/i18n/message";
import { NAMESPACES } from "../app/i18n/languages";
import { serverT } from "../app/i18n/i18n.server";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { action as newProposalAction, loader as newProposalLoader } from "../app/routes/proposals.new";
import { action as joinNewAction } from "../app/routes/join-requests.new";
import { action as joinQueueAction, loader as joinQueueLoader } from "../app/routes/join-requests._index";
import { action as secretariatAction, loader as secretariatLoader } from "../app/routes/secretariat.institutions";
import { action as adminUsersAction, loader as adminUsersLoader } from "../app/routes/admin.users";
import { loader as institutionLoader } from "../app/routes/institutions.$id";
import { loader as myProposalsLoader } from "../app/routes/proposals._index";
import { action as joinAction } from "../app/routes/join";
import { action as verifyAction } from "../app/routes/verify-email";
import { applyTransition } from "../app/features/proposals/transitions.server";
import { getProposalForViewer, listMyProposals } from "../app/features/proposals/details.server";
import { updateDraft } from "../app/features/proposals/drafts.server";
import { decideJoinRequest, requestToJoin } from "../app/features/institutions/join-request.server";
import { listNotifications } from "../app/features/messaging/notification.server";
import { requestInstitutionAdmin } from "../app/features/institutions/admin-request.server";
import { readToast } from "../app/utils/toast.server";
import { describeDomainEvidence, emailDomainEvidence } from "../app/features/institutions/email-domain";
import { actionArgs, callRoute, cookiesFrom, getArgs, getDb, linkIn, mailbox, upsertExpertProfileAs } from "./helpers";

/** A message key (app/i18n/message.ts) as English readers see it. */
const inEnglish = (m: string) => translateMessage(serverT("en", ["institutions", "common"]), m);
import { createUser, signIn } from "./factories";

/** A verified institution of our own (unique name), with `website`. */
async function institution(website: string | null = null, country = "TR") {
  return getDb()
    .insertInto("institutions")
    .values({
      name: `Join Test University ${randomBytes(4).toString("hex")}`,
      kind: "university",
      country_code: country,
      status: "verified",
      source: "registration",
      website,
    })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
}

async function roleAt(userId: string, institutionId: number) {
  const row = await getDb()
    .selectFrom("institution_members")
    .select("role")
    .where("user_id", "=", userId)
    .where("institution_id", "=", institutionId)
    .executeTakeFirst();
  return row?.role ?? null;
}

async function toastOf(res: Response) {
  return (await readToast(new Request("http://localhost/", { headers: { Cookie: cookiesFrom(res) } }))).toast;
}

describe("/proposals/new for someone who belongs to no institution", () => {
  it("answers 200 with the ways in (join, register) and their pending requests; posting a draft is still refused (403)", async () => {
    const inst = await institution();
    const researcher = await createUser();
    const cookie = await signIn(researcher);
    const page = await callRoute(newProposalLoader, getArgs("/proposals/new?call=5", cookie));
    expect(page.status).toBe(200);
    expect(await page.json()).toEqual({ member: false, requests: [], call: "5", title: "Draft a proposal — ECO ICT Research Network" });

    await requestToJoin(getDb(), { userId: researcher.id, institutionId: inst.id, message: "" }, "http://localhost");
    const after = await (await callRoute(newProposalLoader, getArgs("/proposals/new", cookie))).json();
    expect(after.requests).toMatchObject([{ institution_id: inst.id, institution_name: inst.name, status: "pending" }]);

    const post = await callRoute(newProposalAction, actionArgs("/proposals/new", { leadInstitutionId: String(inst.id), title: "Not yet" }, { cookie }));
    expect(post.status).toBe(403);
    // The refusal is a catalogue message, shown by the error boundary in the viewer's language.
    expect(translateMessage(serverT("en", ["proposals", "common"]), await post.text())).toMatch(/join-requests\/new/);
    expect(await getDb().selectFrom("proposals").select("id").where("title", "=", "Not yet").execute()).toEqual([]);
  });
});

describe("join requests", () => {
  it("a researcher asks by picking the institution; its admins are notified and see it, an unrelated admin does not; the admin grants; the requester is told in-app and by email", async () => {
    const inst = await institution();
    const other = await institution();
    const admin = await createUser({ institutionAdminOf: inst.id });
    const otherAdmin = await createUser({ institutionAdminOf: other.id });
    const researcher = await createUser({ displayName: "Dana Researcher" });
    await upsertExpertProfileAs(getDb(), researcher.id, { fullName: "Dana Researcher" });
    const cookie = await signIn(researcher);

    // No choice from the picker: the message is at the field, nothing written.
    const none = await callRoute(joinNewAction, actionArgs("/join-requests/new", { message: "Hello" }, { cookie }));
    expect(none.status).toBe(400);
    expect(inEnglish((await none.json()).result.error.institutionId[0])).toMatch(/Choose your institution from the list/);
    // An institution that is not verified is answered like no choice.
    const pending = await getDb()
      .insertInto("institutions")
      .values({ name: "Pending join test", kind: "university", country_code: "TR", status: "pending", source: "registration" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const hidden = await callRoute(joinNewAction, actionArgs("/join-requests/new", { institutionId: String(pending.id) }, { cookie }));
    expect(hidden.status).toBe(400);
    expect(inEnglish((await hidden.json()).result.error.institutionId[0])).toMatch(/Choose your institution/);
    expect(await getDb().selectFrom("institution_join_requests").select("id").where("user_id", "=", researcher.id).execute()).toEqual([]);

    const sent = await callRoute(
      joinNewAction,
      actionArgs("/join-requests/new", { institutionId: String(inst.id), message: "PhD student in its CS department" }, { cookie }),
    );
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe("/join-requests");
    const again = await callRoute(joinNewAction, actionArgs("/join-requests/new", { institutionId: String(inst.id) }, { cookie }));
    expect(inEnglish((await toastOf(again))?.message ?? "")).toMatch(/already waiting/);
    expect(await getDb().selectFrom("institution_join_requests").select("id").where("user_id", "=", researcher.id).execute()).toHaveLength(1);

    // The institution's admin is notified (in-app and email) and sees the request with the requester's profile.
    expect((await listNotifications(getDb(), admin.id)).map((n) => [n.kind, inEnglish(n.title), n.url])).toEqual([
      ["join_request", `Dana Researcher asks to join ${inst.name}`, "/join-requests"],
    ]);
    expect((await mailbox(admin.email)).map((m) => m.subject)).toEqual([`Dana Researcher asks to join ${inst.name}`]);
    expect(linkIn((await mailbox(admin.email))[0].text, "/join-requests")).toBe("http://localhost/join-requests");
    const queue = await (await callRoute(joinQueueLoader, getArgs("/join-requests", await signIn(admin)))).json();
    expect(queue.decidable).toMatchObject([
      { institution_id: inst.id, email: researcher.email, message: "PhD student in its CS department", expert_id: expect.any(Number) },
    ]);
    expect(queue.decidable[0].email_verified_at).not.toBeNull();
    const requestId = String(queue.decidable[0].id);

    // An admin of another institution neither sees nor decides it (404, as for an unknown id).
    const otherCookie = await signIn(otherAdmin);
    expect((await (await callRoute(joinQueueLoader, getArgs("/join-requests", otherCookie))).json()).decidable).toEqual([]);
    expect((await callRoute(joinQueueAction, actionArgs("/join-requests", { intent: "grant", requestId }, { cookie: otherCookie }))).status).toBe(404);
    expect(await roleAt(researcher.id, inst.id)).toBeNull();

    // Refusing needs a reason, at the field; nothing changes.
    const noReason = await callRoute(
      joinQueueAction,
      actionArgs("/join-requests", { intent: "refuse", requestId, reason: "" }, { cookie: await signIn(admin) }),
    );
    expect(noReason.status).toBe(400);
    expect(inEnglish((await noReason.json()).result.error.reason[0])).toMatch(/Give a reason/);

    const granted = await callRoute(joinQueueAction, actionArgs("/join-requests", { intent: "grant", requestId }, { cookie: await signIn(admin) }));
    expect(granted.status).toBe(302);
    expect(await roleAt(researcher.id, inst.id)).toBe("member");
    const audit = await getDb()
      .selectFrom("role_audit")
      .select(["actor_id", "action", "role", "institution_id"])
      .where("target_id", "=", researcher.id)
      .execute();
    expect(audit).toEqual([{ actor_id: admin.id, action: "grant", role: "institution_member", institution_id: inst.id }]);
    const told = await listNotifications(getDb(), researcher.id);
    expect(told.map((n) => [n.kind, inEnglish(n.title)])).toEqual([["request_decision", `Your request to join ${inst.name} was granted`]]);
    const mail = await mailbox(researcher.email);
    expect(mail.map((m) => m.subject)).toEqual([`Your request to join ${inst.name} was granted`]);
    expect(mail[0].text).toMatch(/You are now a member/);
    // Decided once: a second decision changes nothing.
    const twice = await callRoute(
      joinQueueAction,
      actionArgs("/join-requests", { intent: "refuse", requestId, reason: "Too late" }, { cookie: await signIn(admin) }),
    );
    expect(inEnglish((await toastOf(twice))?.message ?? "")).toMatch(/already decided/);
    expect(await roleAt(researcher.id, inst.id)).toBe("member");
    // A member asking again is told so.
    const member = await callRoute(joinNewAction, actionArgs("/join-requests/new", { institutionId: String(inst.id) }, { cookie }));
    expect(inEnglish((await toastOf(member))?.message ?? "")).toMatch(/already belong/);
  });

  it("the secretariat sees every pending request (and is notified when the institution has no admin); a refusal tells the requester why", async () => {
    const inst = await institution();
    const secretariat = await createUser({ role: "secretariat" });
    const researcher = await createUser();
    expect(await requestToJoin(getDb(), { userId: researcher.id, institutionId: inst.id, message: "" }, "http://localhost")).toBe("created");
    expect((await listNotifications(getDb(), secretariat.id)).map((n) => n.kind)).toContain("join_request");
    const cookie = await signIn(secretariat);
    const queue = await (await callRoute(joinQueueLoader, getArgs("/join-requests", cookie))).json();
    const row = queue.decidable.find((r: { institution_id: number }) => r.institution_id === inst.id);
    expect(row).toBeDefined();
    const refused = await callRoute(
      joinQueueAction,
      actionArgs("/join-requests", { intent: "refuse", requestId: String(row.id), reason: "Not on its staff list." }, { cookie }),
    );
    expect(refused.status).toBe(302);
    expect(await roleAt(researcher.id, inst.id)).toBeNull();
    const [mail] = await mailbox(researcher.email);
    expect(mail.subject).toBe(`Your request to join ${inst.name} was refused`);
    expect(mail.text).toContain("Reason given: Not on its staff list.");
    const own = await (await callRoute(joinQueueLoader, getArgs("/join-requests", await signIn(researcher)))).json();
    expect(own.own).toMatchObject([{ institution_id: inst.id, status: "refused", reason: "Not on its staff list." }]);
    expect(own.decidable).toEqual([]);
  });

  it("the institution page offers non-members to ask to join, and tells members they can draft", async () => {
    const inst = await institution();
    const outsider = await createUser();
    const member = await createUser({ institutionMemberOf: inst.id });
    const page = (cookie: string) => callRoute(institutionLoader, getArgs(`/institutions/${inst.id}`, cookie, { id: String(inst.id) })).then((r) => r.json());
    expect(await page(await signIn(outsider))).toMatchObject({ isMember: false, isAdmin: false });
    expect(await page(await signIn(member))).toMatchObject({ isMember: true, isAdmin: false });
  });
});

describe("members draft proposals; admins submit", () => {
  it("a member drafts with their institution as lead and edits it, cannot submit it; its admin sees it and may submit; another member does not see it", async () => {
    const inst = await institution();
    const elsewhere = await institution();
    const admin = await createUser({ institutionAdminOf: inst.id });
    const member = await createUser({ institutionMemberOf: inst.id });
    const otherMember = await createUser({ institutionMemberOf: inst.id });
    const cookie = await signIn(member);

    const form = await (await callRoute(newProposalLoader, getArgs("/proposals/new", cookie))).json();
    expect(form.member).toBe(true);
    expect(form.institutions.map((i: { id: number }) => i.id)).toEqual([inst.id]);
    expect((await (await callRoute(myProposalsLoader, getArgs("/proposals", cookie))).json()).canDraft).toBe(true);

    // Not with an institution they do not belong to.
    const foreign = await callRoute(
      newProposalAction,
      actionArgs("/proposals/new", { leadInstitutionId: String(elsewhere.id), title: "Foreign lead" }, { cookie }),
    );
    expect(foreign.status).toBe(403);

    const created = await callRoute(newProposalAction, actionArgs("/proposals/new", { leadInstitutionId: String(inst.id), title: "Member draft" }, { cookie }));
    expect(created.status).toBe(302);
    const id = Number(/\/proposals\/(\d+)\/partners/.exec(created.headers.get("Location") ?? "")?.[1]);
    expect(id).toBeGreaterThan(0);

    const asMember = await getProposalForViewer(getDb(), id, member.id);
    expect(asMember?.access).toMatchObject({ leadAdmin: false, leadDrafter: true });
    expect(await updateDraft(getDb(), id, member.id, 1, { title: "Member draft, revised" })).toMatchObject({ ok: true, version: 2 });
    const submit = await applyTransition(getDb(), { proposalId: id, action: "submit", actorId: member.id, expectedVersion: 2 });
    expect(submit).toMatchObject({ ok: false, kind: "forbidden" });

    expect(await getProposalForViewer(getDb(), id, otherMember.id)).toBeNull();
    expect((await listMyProposals(getDb(), member.id)).map((p) => p.id)).toContain(id);
    expect((await listMyProposals(getDb(), otherMember.id)).map((p) => p.id)).not.toContain(id);
    expect((await listMyProposals(getDb(), admin.id)).map((p) => p.id)).toContain(id);
    expect((await getProposalForViewer(getDb(), id, admin.id))?.access.leadAdmin).toBe(true);
    // The admin may submit: refused only by the eligibility rules (no partner yet), not for want of the right.
    const byAdmin = await applyTransition(getDb(), { proposalId: id, action: "submit", actorId: admin.id, expectedVersion: 2 });
    expect(byAdmin).toMatchObject({ ok: false, kind: "ineligible" });

    // A drafter who leaves the institution loses the draft.
    await getDb().deleteFrom("institution_members").where("user_id", "=", member.id).where("institution_id", "=", inst.id).execute();
    expect(await getProposalForViewer(getDb(), id, member.id)).toBeNull();
    expect(await updateDraft(getDb(), id, member.id, 2, { title: "After leaving" })).toMatchObject({ ok: false, kind: "not_found" });
  });
});

describe("first page after sign-up", () => {
  it("confirming a new account's email opens /me/profile with an invitation to build the expert profile", async () => {
    const email = `newcomer-${randomBytes(3).toString("hex")}@example.org`;
    const password = "a long enough password";
    await callRoute(joinAction, actionArgs("/join", { displayName: "New Comer", email, password, confirmPassword: password }));
    const token = new URL(linkIn((await mailbox(email))[0].text, "/verify-email")).searchParams.get("token")!;
    const res = await callRoute(verifyAction, actionArgs("/verify-email", { intent: "confirm", token }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/me/profile");
    expect((await toastOf(res))?.message).toMatch(/Start by building your expert profile/);
  });
});

describe("email domain evidence", () => {
  it("compares registrable domains: the same host, subdomains either way, a public suffix never", () => {
    expect(emailDomainEvidence("a@metu.edu.tr", "https://www.metu.edu.tr/")).toEqual({ emailDomain: "metu.edu.tr", websiteHost: "metu.edu.tr", match: "same" });
    expect(emailDomainEvidence("a@ceng.metu.edu.tr", "https://www.metu.edu.tr").match).toBe("subdomain");
    expect(emailDomainEvidence("a@ut.ac.ir", "https://en.ut.ac.ir").match).toBe("subdomain");
    expect(emailDomainEvidence("a@aut.ac.ir", "https://ut.ac.ir").match).toBe("different");
    expect(emailDomainEvidence("a@gmail.com", "https://ut.ac.ir").match).toBe("different");
    expect(emailDomainEvidence("a@ut.ac.ir", null).match).toBe("no-website");
    expect(emailDomainEvidence("a@ut.ac.ir", "not a url at all").match).not.toBe("same");
    expect(translateMessage(serverT("en", "institutions"), describeDomainEvidence(emailDomainEvidence("a@ceng.metu.edu.tr", "https://metu.edu.tr")))).toMatch(
      /subdomains count/,
    );
  });
});

describe("the secretariat's requests to administer", () => {
  it("show the confirmed email, its domain against the website, the profile and the other requests; the decision reaches the requester in-app and by email", async () => {
    const inst = await institution("https://www.join-evidence.edu.tr");
    const elsewhere = await institution("https://other-evidence.edu.tr");
    const secretariat = await createUser({ role: "secretariat" });
    const cookie = await signIn(secretariat);
    const matching = await createUser({ email: `head-${randomBytes(3).toString("hex")}@research.join-evidence.edu.tr`, displayName: "Office Head" });
    const profile = await upsertExpertProfileAs(getDb(), matching.id, { fullName: "Office Head" });
    if (!profile.ok) throw new Error("profile not saved");
    const stranger = await createUser({ email: `x-${randomBytes(3).toString("hex")}@mail.example.com`, displayName: "Many Asks", verified: false });
    await requestInstitutionAdmin(getDb(), { userId: matching.id, institutionId: inst.id, message: "" });
    await requestInstitutionAdmin(getDb(), { userId: stranger.id, institutionId: inst.id, message: "" });
    await requestInstitutionAdmin(getDb(), { userId: stranger.id, institutionId: elsewhere.id, message: "" });

    const data = await (await callRoute(secretariatLoader, getArgs("/secretariat/institutions", cookie))).json();
    const mine = data.adminRequests.filter((r: { institution_id: number }) => r.institution_id === inst.id);
    const good = mine.find((r: { user_id: string }) => r.user_id === matching.id);
    const doubtful = mine.find((r: { user_id: string }) => r.user_id === stranger.id);
    expect(good).toMatchObject({
      expert_id: profile.expertId,
      other_requests: 0,
      other_pending: 0,
      domain: { match: "subdomain", websiteHost: "join-evidence.edu.tr" },
    });
    expect(good.email_verified_at).not.toBeNull();
    expect(inEnglish(good.domainSentence)).toMatch(/matches the website join-evidence\.edu\.tr.*subdomains count/);
    expect(doubtful).toMatchObject({ expert_id: null, email_verified_at: null, other_requests: 1, other_pending: 1, domain: { match: "different" } });

    const grant = await callRoute(secretariatAction, actionArgs("/secretariat/institutions", { intent: "grant", requestId: String(good.id) }, { cookie }));
    expect(grant.status).toBe(302);
    expect(await roleAt(matching.id, inst.id)).toBe("admin");
    expect((await listNotifications(getDb(), matching.id)).map((n) => [n.kind, inEnglish(n.title), n.url])).toEqual([
      ["request_decision", `Your request to administer ${inst.name} was granted`, `/institutions/${inst.id}`],
    ]);
    expect((await mailbox(matching.email)).map((m) => m.subject)).toEqual([`Your request to administer ${inst.name} was granted`]);

    const refuse = await callRoute(
      secretariatAction,
      actionArgs("/secretariat/institutions", { intent: "refuse", requestId: String(doubtful.id), reason: "Email not at the institution." }, { cookie }),
    );
    expect(refuse.status).toBe(302);
    expect(await roleAt(stranger.id, inst.id)).toBeNull();
    const [mail] = await mailbox(stranger.email);
    expect(mail.subject).toBe(`Your request to administer ${inst.name} was refused`);
    expect(mail.text).toContain("Reason given: Email not at the institution.");
    expect(linkIn(mail.text, "/institutions/")).toBe(`http://localhost/institutions/${inst.id}`);
  });
});

describe("/admin/users picks institutions by name", () => {
  it("the picker's search lists matches in that user's row; the form sends the chosen id", async () => {
    const inst = await institution();
    const admin = await signIn(await createUser({ role: "admin" }));
    const target = await createUser({ displayName: "Picker Target" });
    const word = inst.name.split(" ").pop()!;
    const page = await callRoute(adminUsersLoader, getArgs(`/admin/users?${new URLSearchParams({ q: target.email })}`, admin));
    expect(page.status).toBe(200);
    expect((await page.json()).users.map((u: { id: string }) => u.id)).toEqual([target.id]);
    // Without JavaScript the row's Search posts its form: the matches come back for that row, nothing changes.
    const search = await callRoute(
      adminUsersAction,
      actionArgs(
        "/admin/users",
        { intent: "search:institutionQuery", userId: target.id, institutionQuery: word, institutionRole: "member" },
        { cookie: admin },
      ),
    );
    expect(search.status).toBe(200);
    const data = await search.json();
    expect(data).toMatchObject({ userId: target.id, selected: null, search: { queries: { institutionQuery: word } } });
    expect(data.search.options.institutionQuery).toEqual([expect.objectContaining({ id: inst.id, name: inst.name })]);
    expect(await roleAt(target.id, inst.id)).toBeNull();
    const add = await callRoute(
      adminUsersAction,
      actionArgs(
        "/admin/users",
        { intent: "set-institution", userId: target.id, institutionId: String(inst.id), institutionRole: "member" },
        { cookie: admin },
      ),
    );
    expect(add.status).toBe(302);
    expect(await roleAt(target.id, inst.id)).toBe("member");
  });
});

describe("notifications about requests follow their reader's language", () => {
  const read = (lng: string, m: string) => translateMessage(serverT(lng, NAMESPACES), m);

  it("the email goes out in the recipient's language, and the stored notification reads in whoever's language opens it; a reason is quoted; a name that looks like a key stays as written", async () => {
    const inst = await institution();
    const admin = await createUser({ institutionAdminOf: inst.id });
    await getDb().updateTable("users").set({ language: "fa" }).where("id", "=", admin.id).execute();
    const researcher = await createUser({ displayName: "dr:smith" });
    await getDb().updateTable("users").set({ language: "ru" }).where("id", "=", researcher.id).execute();

    expect(await requestToJoin(getDb(), { userId: researcher.id, institutionId: inst.id, message: "" }, "http://localhost")).toBe("created");
    // The admin reads Persian by email…
    const [asked] = await mailbox(admin.email);
    expect(asked.subject).toMatch(/درخواست|می‌خواهد|عضو/);
    expect(asked.subject).toContain("dr:smith");
    // …and the notification, stored as catalogue messages, in the language of the page that shows it.
    const [stored] = await listNotifications(getDb(), admin.id);
    expect(read("en", stored.title)).toBe(`dr:smith asks to join ${inst.name}`);
    expect(read("en", stored.body)).toContain("on the ECO ICT Research Network");
    expect(read("fa", stored.title)).toBe(asked.subject);

    const request = await getDb().selectFrom("institution_join_requests").select("id").where("user_id", "=", researcher.id).executeTakeFirstOrThrow();
    expect(
      await decideJoinRequest(
        getDb(),
        { actorId: admin.id, actorIsSecretariat: false, requestId: request.id, decision: "refuse", reason: "Not on the staff list." },
        "http://localhost",
      ),
    ).toBe("done");
    const [told] = await mailbox(researcher.email);
    expect(told.subject).toBe(`Ваш запрос на вступление в ${inst.name} отклонён`);
    expect(told.text).toContain("Указанная причина: Not on the staff list.");
    expect(told.text).toContain("Страница организации:");
    const [decision] = await listNotifications(getDb(), researcher.id);
    expect(read("en", decision.title)).toBe(`Your request to join ${inst.name} was refused`);
    expect(read("en", decision.body)).toBe(
      "You can ask again with more detail, or register your institution if it is a different one.\n\nReason given: Not on the staff list.\n\nInstitution page:",
    );
  });

  it("a decision without a reason says nothing about one", async () => {
    const inst = await institution();
    const admin = await createUser({ institutionAdminOf: inst.id });
    const researcher = await createUser();
    await requestToJoin(getDb(), { userId: researcher.id, institutionId: inst.id, message: "" }, "http://localhost");
    const request = await getDb().selectFrom("institution_join_requests").select("id").where("user_id", "=", researcher.id).executeTakeFirstOrThrow();
    await decideJoinRequest(getDb(), { actorId: admin.id, actorIsSecretariat: false, requestId: request.id, decision: "grant" }, "http://localhost");
    const [decision] = await listNotifications(getDb(), researcher.id);
    expect(read("en", decision.body)).toBe(
      `You are now a member of ${inst.name}: you can draft proposals with it as lead institution (its administrators submit them).\n\nInstitution page:`,
    );
    expect((await mailbox(researcher.email))[0].text).not.toMatch(/Reason/);
  });
});
