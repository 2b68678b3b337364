/**
 * Fixtures for proposal tests: a consortium of verified institutions in
 * different member states with their admins, a secretariat member, an
 * outsider, an expert PI, and proposals inserted directly in any state.
 */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../db/types";
import { getDb } from "../app/utils/db.server";
import { createUser, type TestUser } from "./factories";
import type { ProposalState } from "../app/domain/proposal-workflow";
import { enqueueIndexChange } from "../app/search/outbox.server";
import { insertProposalRows } from "../tooling/builders/proposal-rows";

/** A verified institution of `country` (from the imported data), skipping `except`. */
export async function verifiedInstitution(country: string, except: number[] = []): Promise<{ id: number; name: string }> {
  let q = getDb().selectFrom("institutions").select(["id", "name"]).where("country_code", "=", country).where("status", "=", "verified").orderBy("id");
  if (except.length) q = q.where("id", "not in", except);
  return q.executeTakeFirstOrThrow();
}

export interface Consortium {
  lead: { id: number; name: string };
  partner: { id: number; name: string };
  leadAdmin: TestUser;
  partnerAdmin: TestUser;
  secretariat: TestUser;
  outsider: TestUser;
  piExpertId: number;
  topicId: string;
}

/** Lead in TR, partner in IR, their admins, a secretariat member, an outsider and a PI expert at the lead. */
export async function makeConsortium(): Promise<Consortium> {
  const db = getDb();
  const lead = await verifiedInstitution("TR");
  const partner = await verifiedInstitution("IR");
  const [leadAdmin, partnerAdmin, secretariat, outsider] = await Promise.all([
    createUser({ institutionAdminOf: lead.id, displayName: "Lead Admin" }),
    createUser({ institutionAdminOf: partner.id, displayName: "Partner Admin" }),
    createUser({ role: "secretariat", displayName: "Secretariat Member" }),
    createUser({ displayName: "Outsider" }),
  ]);
  const expert = await db
    .insertInto("experts")
    .values({ full_name: `PI ${randomBytes(3).toString("hex")}`, institution_id: lead.id, orcid: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const topic = await db.selectFrom("topics").select("id").orderBy("id").executeTakeFirstOrThrow();
  return { lead, partner, leadAdmin, partnerAdmin, secretariat, outsider, piExpertId: expert.id, topicId: topic.id };
}

/**
 * Inserts an eligible proposal (all fields, one topic, the partner accepted,
 * a PI) directly in `status` at version 1, optionally answering `callId`.
 */
export async function insertProposal(c: Consortium, status: ProposalState = "draft", opts: { callId?: number | null; db?: Kysely<DB> } = {}): Promise<number> {
  const db = opts.db ?? getDb();
  return insertProposalRows(db, {
    proposal: {
      lead_institution_id: c.lead.id,
      call_id: opts.callId ?? null,
      title: "Federated learning for low-resource Turkic and Iranian languages",
      acronym: "FEDLANG",
      abstract: "We build shared models without moving data across borders.",
      objectives: "1. Corpora. 2. Models. 3. Evaluation.",
      duration_months: 24,
      budget_amount: "150000.00",
      budget_currency: "USD",
      status,
      created_by: c.leadAdmin.id,
      reference_code: status === "draft" ? null : `TEST-${randomBytes(6).toString("hex")}`,
    },
    topicIds: [c.topicId],
    partners: [{ institution_id: c.partner.id, status: "accepted", invited_by: c.leadAdmin.id }],
    team: [{ expert_id: c.piExpertId, role: "pi" }],
  });
}

/** Status, version and event count of a proposal. */
export async function snapshot(id: number) {
  const db = getDb();
  const p = await db.selectFrom("proposals").select(["status", "version", "reference_code"]).where("id", "=", id).executeTakeFirstOrThrow();
  const events = await db
    .selectFrom("proposal_events")
    .select(["id", "action", "from_status", "to_status", "actor_id", "comment", "version"])
    .where("proposal_id", "=", id)
    .execute();
  return { ...p, events };
}

/**
 * An approved project (status approved, reference code, decision time) led by
 * `leadId` with `partnerIds` as accepted partners and `declinedIds` as
 * declined ones, one topic; queued for the projects index (run syncSearch()).
 */
export async function insertApprovedProject(
  leadId: number,
  partnerIds: number[],
  opts: { title?: string; declinedIds?: number[]; isDemo?: boolean; decidedAt?: Date; topicId?: string } = {},
): Promise<number> {
  const db = getDb();
  const { id } = await db
    .insertInto("proposals")
    .values({
      lead_institution_id: leadId,
      title: opts.title ?? `Approved project ${randomBytes(3).toString("hex")}`,
      abstract: "An approved joint project.",
      status: "approved",
      reference_code: `TEST-${randomBytes(6).toString("hex")}`,
      submitted_at: new Date(Date.now() - 30 * 86_400_000),
      decided_at: opts.decidedAt ?? new Date(),
      is_demo: opts.isDemo ?? false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const topic = opts.topicId ?? (await db.selectFrom("topics").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
  await db.insertInto("proposal_topics").values({ proposal_id: id, topic_id: topic }).execute();
  const partners = [...partnerIds.map((i) => ({ i, status: "accepted" })), ...(opts.declinedIds ?? []).map((i) => ({ i, status: "declined" }))];
  if (partners.length)
    await db
      .insertInto("proposal_partners")
      .values(partners.map((p) => ({ proposal_id: id, institution_id: p.i, status: p.status })))
      .execute();
  await enqueueIndexChange(db, "projects", [id]);
  return id;
}
