/**
 * "Suggested partners" on /calls/:id and /proposals/:id (issue #6 item 3):
 * the matcher run with the entity's topics and text, the posting/lead
 * institution and already-invited partners excluded, and the one-step Invite
 * form of a draft posting to the existing partners action.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loader as callPage } from "../app/routes/calls.$id";
import { loader as proposalPage } from "../app/routes/proposals.$id";
import { action as partnersAction } from "../app/routes/proposals.$id_.partners";
import { ensureIndexes } from "../app/search/sync.server";
import { signIn } from "./factories";
import { makeConsortium, insertProposal, verifiedInstitution, type Consortium } from "./proposal-fixtures";
import { actionArgs, callRoute, getArgs, getDb, syncSearch, upsertExpertProfileAs } from "./helpers";

const TOPIC = "T10028";
let c: Consortium;
let callId: number;
const others: Record<string, { id: number; name: string }> = {};

beforeAll(async () => {
  const db = getDb();
  await ensureIndexes();
  c = await makeConsortium();
  c.topicId = TOPIC;
  // Experts on the topic at the lead (TR), the partner (IR) and four more member states.
  for (const cc of ["KZ", "UZ", "AZ", "PK"]) others[cc] = await verifiedInstitution(cc);
  const at = [c.lead, c.partner, ...Object.values(others)];
  for (const [i, inst] of at.entries()) {
    const r = await upsertExpertProfileAs(db, `sugg-${i}`, { fullName: `Suggest Expert ${i}`, institutionId: inst.id, topicIds: [TOPIC] });
    if (!r.ok) throw new Error(`setup: ${JSON.stringify(r.fieldErrors)}`);
  }
  const call = await db
    .insertInto("calls")
    .values({
      institution_id: c.lead.id,
      kind: "joint_research",
      title: "Joint call on the topic",
      summary: "Partners wanted across the region.",
      deadline: new Date(Date.now() + 30 * 86_400_000),
      status: "open",
      min_countries: 3,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  callId = call.id;
  await db.insertInto("call_topics").values({ call_id: callId, topic_id: TOPIC }).execute();
  await syncSearch();
}, 240_000);

async function loadProposal(id: number, cookie: string) {
  const res = await callRoute(proposalPage as any, getArgs(`/proposals/${id}`, cookie, { id: String(id) }));
  expect(res.status).toBe(200);
  return res.json();
}

describe("/calls/:id suggested partners", () => {
  it("suggests institutions other than the posting one, each explained, and a consortium line", async () => {
    const cookie = await signIn(c.outsider);
    const res = await callRoute(callPage as any, getArgs(`/calls/${callId}`, cookie, { id: String(callId) }));
    expect(res.status).toBe(200);
    const body = await res.json();
    const partners = body.suggestions.partners;
    expect(partners.length).toBeGreaterThan(0);
    expect(partners.length).toBeLessThanOrEqual(5);
    for (const r of partners) {
      expect(r.type).toBe("institution");
      expect(r.id).not.toBe(c.lead.id);
      expect(r.explanation.sharedTopics.length + r.explanation.relatedTopics.length).toBeGreaterThan(0);
      expect(r.explanation.country?.code).toBeTruthy();
    }
    expect(partners.map((r: { id: number }) => r.id)).toEqual(expect.arrayContaining([c.partner.id]));
    const cons = body.suggestions.consortium;
    expect(cons.note).toBeTruthy();
    expect(cons.members.every((m: { institution: { id: number } }) => m.institution.id !== c.lead.id)).toBe(true);
    expect(cons.countries).toContain("TR");
  });
});

describe("/proposals/:id suggested partners", () => {
  it("are shown to the lead's admin only, without the lead and partners already on the proposal", async () => {
    const id = await insertProposal(c, "draft");
    // A second partner, only invited so far.
    await getDb().insertInto("proposal_partners").values({ proposal_id: id, institution_id: others.KZ.id, invited_by: c.leadAdmin.id }).execute();
    const lead = await loadProposal(id, await signIn(c.leadAdmin));
    expect(lead.suggested.length).toBeGreaterThan(0);
    const ids = lead.suggested.map((r: { id: number }) => r.id);
    for (const taken of [c.lead.id, c.partner.id, others.KZ.id]) expect(ids).not.toContain(taken);
    for (const r of lead.suggested) expect(r.explanation.sharedTopics.length + r.explanation.relatedTopics.length).toBeGreaterThan(0);
    // Partner admin and secretariat see the proposal but no suggestions.
    expect((await loadProposal(id, await signIn(c.partnerAdmin))).suggested).toBeUndefined();
    expect((await loadProposal(id, await signIn(c.secretariat))).suggested).toBeUndefined();
    // An outsider does not see the proposal at all.
    const out = await callRoute(proposalPage as any, getArgs(`/proposals/${id}`, await signIn(c.outsider), { id: String(id) }));
    expect(out.status).toBe(404);
  });

  it("not once the proposal is submitted", async () => {
    const id = await insertProposal(c, "submitted");
    expect((await loadProposal(id, await signIn(c.leadAdmin))).suggested).toBeUndefined();
  });

  it("the Invite form invites the institution in one step and the suggestion disappears", async () => {
    const id = await insertProposal(c, "draft");
    const cookie = await signIn(c.leadAdmin);
    const before = await loadProposal(id, cookie);
    const pick = before.suggested[0];
    expect(pick).toBeTruthy();
    // The fields the Invite form posts (components/suggested-partners.tsx).
    const res = await callRoute(
      partnersAction as any,
      actionArgs(`/proposals/${id}/partners`, { intent: "invite", institutionId: String(pick.id) }, { cookie, params: { id: String(id) } }),
    );
    expect(res.status).toBe(302);
    const row = await getDb()
      .selectFrom("proposal_partners")
      .select("status")
      .where("proposal_id", "=", id)
      .where("institution_id", "=", pick.id)
      .executeTakeFirst();
    expect(row?.status).toBe("invited");
    const after = await loadProposal(id, cookie);
    expect(after.suggested.map((r: { id: number }) => r.id)).not.toContain(pick.id);
  });

  it("the Invite post is refused for a partner admin (server-side check)", async () => {
    const id = await insertProposal(c, "draft");
    const res = await callRoute(
      partnersAction as any,
      actionArgs(
        `/proposals/${id}/partners`,
        { intent: "invite", institutionId: String(others.UZ.id) },
        { cookie: await signIn(c.partnerAdmin), params: { id: String(id) } },
      ),
    );
    expect(res.status).toBe(403);
    const row = await getDb()
      .selectFrom("proposal_partners")
      .select("status")
      .where("proposal_id", "=", id)
      .where("institution_id", "=", others.UZ.id)
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });
});
