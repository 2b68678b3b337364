/**
 * Proposal routes through their loaders and actions: outsiders get 404 on
 * every proposal URL (never 403), projects show only approved proposals, the
 * workflow maps conflicts to 409, and notifications (in-app and email) go out.
 */
import { translateMessage } from "../app/i18n/message";
import { serverT } from "../app/i18n/i18n.server";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../app/utils/db.server";
import { actionArgs, callRoute, getArgs, mailbox, syncSearch } from "./helpers";
import { insertCall, signIn, unverifiedInstitution } from "./factories";
import { insertProposal, makeConsortium, snapshot, verifiedInstitution, type Consortium } from "./proposal-fixtures";
import { PARTNER_NOT_VERIFIED_MESSAGE, invitePartner } from "../app/features/proposals/partners.server";
import { applyTransition } from "../app/features/proposals/transitions.server";
import { listNotifications, unreadCount } from "../app/features/messaging/notification.server";
import * as view from "../app/routes/proposals.$id";
import * as edit from "../app/routes/proposals.$id_.edit";
import * as partners from "../app/routes/proposals.$id_.partners";
import * as review from "../app/routes/secretariat.proposals.$id";
import * as project from "../app/routes/projects.$id";
import * as projectsApi from "../app/routes/api.v1.projects";
import * as callView from "../app/routes/calls.$id";
import * as callEdit from "../app/routes/calls.$id_.edit";

let c: Consortium;
beforeAll(async () => {
  c = await makeConsortium();
});

const PAGES = [
  { name: "/proposals/:id", mod: view, path: (id: number) => `/proposals/${id}` },
  { name: "/proposals/:id/edit", mod: edit, path: (id: number) => `/proposals/${id}/edit` },
  { name: "/proposals/:id/partners", mod: partners, path: (id: number) => `/proposals/${id}/partners` },
];

describe("visibility: an outsider gets 404 on every proposal URL", () => {
  for (const state of ["draft", "submitted", "under_review", "revision_requested", "rejected", "withdrawn", "approved"] as const) {
    it(`${state}: loaders and actions answer 404 and change nothing`, async () => {
      const id = await insertProposal(c, state);
      const before = await snapshot(id);
      const cookie = await signIn(c.outsider);
      for (const page of PAGES) {
        const get = await callRoute(page.mod.loader, getArgs(page.path(id), cookie, { id: String(id) }));
        expect(get.status, `GET ${page.name}`).toBe(404);
        const post = await callRoute(
          page.mod.action as any,
          actionArgs(page.path(id), { intent: "withdraw", version: "1", institutionId: String(c.partner.id) }, { cookie, params: { id: String(id) } }),
        );
        expect(post.status, `POST ${page.name}`).toBe(404);
      }
      // Not even a different status for a proposal that does not exist.
      expect((await callRoute(view.loader, getArgs(`/proposals/99999999`, cookie, { id: "99999999" }))).status).toBe(404);
      expect(await snapshot(id)).toEqual(before);
      const proj = await callRoute(project.loader, getArgs(`/projects/${id}`, cookie, { id: String(id) }));
      expect(proj.status).toBe(state === "approved" ? 200 : 404);
    });
  }

  it("the secretariat review page is for the secretariat only; the consortium sees its proposal", async () => {
    const id = await insertProposal(c, "submitted");
    expect((await callRoute(review.loader, getArgs(`/secretariat/proposals/${id}`, await signIn(c.secretariat), { id: String(id) }))).status).toBe(200);
    expect((await callRoute(review.loader, getArgs(`/secretariat/proposals/${id}`, await signIn(c.outsider), { id: String(id) }))).status).toBe(403);
    for (const u of [c.leadAdmin, c.partnerAdmin]) {
      expect((await callRoute(view.loader, getArgs(`/proposals/${id}`, await signIn(u), { id: String(id) }))).status).toBe(200);
    }
  });

  it("the projects API lists approved proposals only", async () => {
    const approved = await insertProposal(c, "under_review");
    const draft = await insertProposal(c, "draft");
    await applyTransition(getDb(), { proposalId: approved, action: "approve", actorId: c.secretariat.id, expectedVersion: 1 });
    await syncSearch();
    const res = await callRoute(projectsApi.loader, getArgs("/api/v1/projects"));
    const body = (await res.json()) as { hits: Array<{ id: number; countries: string[] }> };
    const ids = body.hits.map((h) => h.id);
    expect(ids).toContain(approved);
    expect(ids).not.toContain(draft);
    expect(body.hits.find((h) => h.id === approved)?.countries.sort()).toEqual(["IR", "TR"]);
  });
});

describe("proposal route data carries no team member's contact email", () => {
  it("a hidden or members-only address of a team member reaches none of the proposal pages", async () => {
    const id = await insertProposal(c, "draft");
    for (const visibility of ["hidden", "members"]) {
      const email = `team-${visibility}-${Date.now()}@uni-test.example`;
      await getDb().updateTable("experts").set({ contact_email: email, contact_visibility: visibility }).where("id", "=", c.piExpertId).execute();
      for (const [user, page] of [
        [c.leadAdmin, view],
        [c.leadAdmin, edit],
        [c.partnerAdmin, partners],
        [c.secretariat, view],
      ] as const) {
        const res = await callRoute(page.loader, getArgs(`/proposals/${id}`, await signIn(user), { id: String(id) }));
        expect(res.status).toBe(200);
        const text = await res.text();
        // Positive control: the team member is in the data.
        const data = JSON.parse(text);
        expect((data.team ?? data.p.team).map((t: { expert_id: number }) => t.expert_id)).toContain(c.piExpertId);
        expect(text).not.toContain(email);
      }
    }
  });
});

describe("partners: only verified institutions can be invited", () => {
  it("a pending, a rejected and a missing institution are refused alike, at the invite field; nothing written; the name shows nowhere", async () => {
    const id = await insertProposal(c, "draft");
    const cookie = await signIn(c.leadAdmin);
    const before = await snapshot(id);
    const partnersOf = async () =>
      (await getDb().selectFrom("proposal_partners").select("institution_id").where("proposal_id", "=", id).orderBy("institution_id").execute()).map(
        (p) => p.institution_id,
      );
    const partnersBefore = await partnersOf();
    const invite = (institutionId: number) =>
      callRoute(
        partners.action,
        actionArgs(`/proposals/${id}/partners`, { intent: "invite", institutionId: String(institutionId) }, { cookie, params: { id: String(id) } }),
      );
    const hidden = [await unverifiedInstitution("pending", "KZ"), await unverifiedInstitution("rejected", "KZ")];
    const answers = [];
    for (const target of [...hidden, { id: 999999999, name: "(no such institution)" }]) {
      const res = await invite(target.id);
      expect(res.status, target.name).toBe(400);
      const text = await res.text();
      expect(text).not.toContain(target.name);
      answers.push(JSON.parse(text).error);
    }
    expect(answers).toEqual([0, 1, 2].map(() => ({ institutionId: [PARTNER_NOT_VERIFIED_MESSAGE] })));
    expect(await snapshot(id)).toEqual(before);
    expect(await partnersOf()).toEqual(partnersBefore);
    const page = await (await callRoute(partners.loader, getArgs(`/proposals/${id}/partners`, cookie, { id: String(id) }))).text();
    for (const h of hidden) expect(page).not.toContain(h.name);
    // Positive control: a verified institution is invited through the same form.
    const verified = await verifiedInstitution("KZ");
    expect((await invite(verified.id)).status).toBe(302);
    expect(await partnersOf()).toContain(verified.id);
  });
});

describe("draft calls: outsiders get 404 on every URL and method, like a missing id", () => {
  it("GET and POST of /calls/:id and /calls/:id/edit answer 404 to anonymous visitors, researchers, other institutions' admins and the secretariat; nothing changes", async () => {
    const db = getDb();
    const id = await insertCall(c.lead.id, "draft", "Secret draft call");
    const row = () => db.selectFrom("calls").select(["status", "title", "updated_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    const before = await row();
    const pages = (callId: number): Array<{ name: string; mod: typeof callView | typeof callEdit; path: string; body: Record<string, string> }> => [
      { name: "/calls/:id", mod: callView, path: `/calls/${callId}`, body: { intent: "open" } },
      { name: "/calls/:id/edit", mod: callEdit, path: `/calls/${callId}/edit`, body: { title: "Hijacked" } },
    ];
    const statuses = async (cookie: string | undefined, callId: number) => {
      const out: Record<string, number> = {};
      for (const p of pages(callId)) {
        out[`GET ${p.name}`] = (await callRoute(p.mod.loader, getArgs(p.path, cookie, { id: String(callId) }))).status;
        out[`POST ${p.name}`] = (await callRoute(p.mod.action, actionArgs(p.path, p.body, { cookie, params: { id: String(callId) } }))).status;
      }
      return out;
    };
    const notFound = { "GET /calls/:id": 404, "POST /calls/:id": 404, "GET /calls/:id/edit": 404, "POST /calls/:id/edit": 404 };
    for (const [who, user] of [
      ["anonymous", null],
      ["researcher", c.outsider],
      ["another institution's admin", c.partnerAdmin],
      ["secretariat", c.secretariat],
    ] as const) {
      const cookie = user ? await signIn(user) : undefined;
      expect(await statuses(cookie, id), who).toEqual(notFound);
      expect(await statuses(cookie, 99999999), `${who}, missing id`).toEqual(notFound);
    }
    expect(await row()).toEqual(before);

    // The call's own admins see and change it; once open, it is public and others get the ordinary 403 on POST.
    const lead = await signIn(c.leadAdmin);
    expect((await callRoute(callView.loader, getArgs(`/calls/${id}`, lead, { id: String(id) }))).status).toBe(200);
    expect((await callRoute(callEdit.loader, getArgs(`/calls/${id}/edit`, lead, { id: String(id) }))).status).toBe(200);
    expect((await callRoute(callView.action, actionArgs(`/calls/${id}`, { intent: "open" }, { cookie: lead, params: { id: String(id) } }))).status).toBe(302);
    const outsider = await signIn(c.outsider);
    expect((await callRoute(callView.loader, getArgs(`/calls/${id}`, outsider, { id: String(id) }))).status).toBe(200);
    expect((await callRoute(callView.action, actionArgs(`/calls/${id}`, { intent: "close" }, { cookie: outsider, params: { id: String(id) } }))).status).toBe(
      403,
    );
    expect((await row()).status).toBe("open");
  });
});

describe("workflow through the route", () => {
  it("a stale decision answers 409 and changes nothing", async () => {
    const id = await insertProposal(c, "under_review");
    const cookie = await signIn(c.secretariat);
    const ok = await callRoute(
      review.action,
      actionArgs(`/secretariat/proposals/${id}`, { intent: "start_review", version: "1" }, { cookie, params: { id: String(id) } }),
    );
    expect(ok.status).toBe(400); // wrong state: under review already
    const approve = await callRoute(
      review.action,
      actionArgs(`/secretariat/proposals/${id}`, { intent: "approve", version: "1", confirm: "yes" }, { cookie, params: { id: String(id) } }),
    );
    expect(approve.status).toBe(302);
    const stale = await callRoute(
      review.action,
      actionArgs(`/secretariat/proposals/${id}`, { intent: "reject", version: "1", comment: "late", confirm: "yes" }, { cookie, params: { id: String(id) } }),
    );
    expect(stale.status).toBe(409);
    expect((await snapshot(id)).events.map((e) => e.action)).toEqual(["approve"]);
  });

  it("approve and reject need a second, confirmed submit: the first changes nothing and answers what to confirm", async () => {
    const cookie = await signIn(c.secretariat);
    for (const [intent, comment, to] of [
      ["approve", "", "approved"],
      ["reject", "Out of scope.", "rejected"],
    ] as const) {
      const id = await insertProposal(c, "under_review");
      const before = await snapshot(id);
      const path = `/secretariat/proposals/${id}`;
      const fields = { intent, version: "1", comment };
      // Without confirm, and with a confirm value other than "yes": a dry run.
      for (const extra of [{}, { confirm: "no" }] as Array<Record<string, string>>) {
        const first = await callRoute(review.action, actionArgs(path, { ...fields, ...extra }, { cookie, params: { id: String(id) } }));
        expect(first.status, intent).toBe(200);
        expect(((await first.json()) as { confirm: unknown }).confirm).toEqual({ intent, version: 1, comment, to });
        expect(await snapshot(id), intent).toEqual(before);
      }
      // The lead's own page runs the same guard.
      const viaView = await callRoute(view.action, actionArgs(`/proposals/${id}`, fields, { cookie, params: { id: String(id) } }));
      expect(viaView.status).toBe(200);
      expect(await snapshot(id)).toEqual(before);
      const second = await callRoute(review.action, actionArgs(path, { ...fields, confirm: "yes" }, { cookie, params: { id: String(id) } }));
      expect(second.status).toBe(302);
      const after = await snapshot(id);
      expect(after.status).toBe(to);
      expect(after.events.map((e) => e.action)).toEqual([intent]);
    }
  });

  it("the first submit of a decision runs every check: a reject without comment or a stale version is refused before confirming", async () => {
    const cookie = await signIn(c.secretariat);
    const id = await insertProposal(c, "under_review");
    const before = await snapshot(id);
    const path = `/secretariat/proposals/${id}`;
    const noComment = await callRoute(review.action, actionArgs(path, { intent: "reject", version: "1" }, { cookie, params: { id: String(id) } }));
    expect(noComment.status).toBe(400);
    expect(((await noComment.json()) as { confirm?: unknown }).confirm).toBeUndefined();
    const stale = await callRoute(review.action, actionArgs(path, { intent: "approve", version: "7" }, { cookie, params: { id: String(id) } }));
    expect(stale.status).toBe(409);
    const notSecretariat = await callRoute(
      view.action,
      actionArgs(`/proposals/${id}`, { intent: "approve", version: "1" }, { cookie: await signIn(c.leadAdmin), params: { id: String(id) } }),
    );
    expect(notSecretariat.status).toBe(403);
    expect(await snapshot(id)).toEqual(before);
  });

  it("reject without a comment: 400 with the message at the comment field", async () => {
    const id = await insertProposal(c, "under_review");
    const res = await callRoute(
      review.action,
      actionArgs(`/secretariat/proposals/${id}`, { intent: "reject", version: "1" }, { cookie: await signIn(c.secretariat), params: { id: String(id) } }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { result: { error: Record<string, string[]> } };
    // Server messages travel as catalogue keys; shown in the viewer's language by ErrorList.
    expect(translateMessage(serverT("en", ["proposals", "common"]), body.result.error.comment?.[0] ?? "")).toMatch(/comment is required/);
  });
});

describe("notifications", () => {
  it("submission, review, revision, decision and partner invitation notify in-app and by email", async () => {
    const id = await insertProposal(c, "draft");
    const r1 = await applyTransition(getDb(), { proposalId: id, action: "submit", actorId: c.leadAdmin.id, expectedVersion: 1 });
    expect(r1.ok).toBe(true);
    const secretariatItems = await listNotifications(getDb(), c.secretariat.id);
    expect(secretariatItems.some((n) => n.kind === "submission_received" && n.url === `/proposals/${id}`)).toBe(true);
    await applyTransition(getDb(), { proposalId: id, action: "start_review", actorId: c.secretariat.id, expectedVersion: 2 });
    await applyTransition(getDb(), { proposalId: id, action: "request_revision", actorId: c.secretariat.id, expectedVersion: 3, comment: "Add a data plan." });
    await applyTransition(getDb(), { proposalId: id, action: "resubmit", actorId: c.leadAdmin.id, expectedVersion: 4 });
    await applyTransition(getDb(), { proposalId: id, action: "start_review", actorId: c.secretariat.id, expectedVersion: 5 });
    await applyTransition(getDb(), { proposalId: id, action: "approve", actorId: c.secretariat.id, expectedVersion: 6 });
    const lead = (await listNotifications(getDb(), c.leadAdmin.id)).map((n) => n.kind);
    expect(lead).toEqual(expect.arrayContaining(["review_started", "revision_requested", "decision"]));
    expect((await listNotifications(getDb(), c.partnerAdmin.id)).some((n) => n.kind === "decision")).toBe(true);
    expect(await unreadCount(getDb(), c.leadAdmin.id)).toBeGreaterThanOrEqual(4);
    // Titles and bodies are stored as catalogue messages; the mail is read as the recipient reads it
    // (translateMessage leaves text that is already translated unchanged). The mail's text is the body, a blank line, the link.
    const en = serverT("en", ["proposals", "common"]);
    const mails = (await mailbox(c.leadAdmin.email)).map((m) => ({
      subject: translateMessage(en, m.subject),
      text: translateMessage(en, m.text.slice(0, m.text.lastIndexOf("\n\n"))),
    }));
    expect(mails.some((m) => /Revision requested/.test(m.subject) && /Add a data plan/.test(m.text))).toBe(true);
    expect(mails.some((m) => /approved/.test(m.subject))).toBe(true);

    const draft = await insertProposal(c, "draft");
    const third = await getDb()
      .selectFrom("institutions")
      .select("id")
      .where("country_code", "=", "KZ")
      .where("status", "=", "verified")
      .executeTakeFirstOrThrow();
    const { createUser } = await import("./factories");
    const kzAdmin = await createUser({ institutionAdminOf: third.id });
    expect(await invitePartner(getDb(), draft, c.leadAdmin.id, third.id, "http://localhost")).toMatchObject({ ok: true });
    expect((await listNotifications(getDb(), kzAdmin.id)).map((n) => n.kind)).toEqual(["partner_invitation"]);
    const invite = await mailbox(kzAdmin.email);
    expect(invite[0]?.text).toContain(`http://localhost/proposals/${draft}/partners`);
  });
});
