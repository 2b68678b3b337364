/**
 * A small network for the report pages' tests: proposals of consortia across
 * member states moved through the real workflow (applyTransition) to
 * approval, or left submitted, at chosen instants. Institutions are the
 * imported verified ones of the template database.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/types";
import { getDb } from "../app/utils/db.server";
import { applyTransition } from "../app/features/proposals/transitions.server";
import type { ProposalAction } from "../app/domain/proposal-workflow";
import { createUser, type TestUser } from "./factories";
import { verifiedInstitution } from "./proposal-fixtures";

const admins = new Map<number, TestUser>();

async function adminOf(institutionId: number): Promise<TestUser> {
  if (!admins.has(institutionId)) admins.set(institutionId, await createUser({ institutionAdminOf: institutionId }));
  return admins.get(institutionId)!;
}

/** The first verified institution of each of `countries`, by code. */
export async function institutionsOf<C extends string>(countries: readonly C[]): Promise<Record<C, { id: number; name: string }>> {
  const out = {} as Record<C, { id: number; name: string }>;
  for (const c of countries) out[c] = await verifiedInstitution(c);
  return out;
}

/**
 * A proposal led by `lead` with `partners` accepted, a PI at the lead and
 * `topicIds`, taken through `actions` (e.g. submit, start_review, approve) one
 * minute apart from `at`, by the lead's admin or `secretariat`.
 * @returns the proposal id
 */
export async function proposalThrough(
  secretariat: TestUser,
  lead: { id: number },
  partners: Array<{ id: number }>,
  topicIds: string[],
  actions: ProposalAction[],
  at: Date,
  title = "Joint project",
  db: Kysely<DB> = getDb(),
): Promise<number> {
  const admin = await adminOf(lead.id);
  const { id } = await db
    .insertInto("proposals")
    .values({
      lead_institution_id: lead.id,
      title,
      abstract: "A.",
      objectives: "O.",
      duration_months: 12,
      budget_amount: "1000.00",
      budget_currency: "USD",
      created_by: admin.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const t of topicIds) await db.insertInto("proposal_topics").values({ proposal_id: id, topic_id: t }).execute();
  for (const p of partners)
    await db.insertInto("proposal_partners").values({ proposal_id: id, institution_id: p.id, status: "accepted", invited_by: admin.id }).execute();
  const pi = await db
    .insertInto("experts")
    .values({ full_name: `PI of ${title}`, institution_id: lead.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("proposal_team").values({ proposal_id: id, expert_id: pi.id, role: "pi" }).execute();
  for (const [i, action] of actions.entries()) {
    const { version } = await db.selectFrom("proposals").select("version").where("id", "=", id).executeTakeFirstOrThrow();
    const bySecretariat = ["start_review", "approve", "reject", "request_revision"].includes(action);
    const r = await applyTransition(db, {
      proposalId: id,
      action,
      actorId: (bySecretariat ? secretariat : admin).id,
      expectedVersion: version,
      comment: "Reason given.",
      now: new Date(at.getTime() + i * 60_000),
    });
    if (!r.ok) throw new Error(`${action} on proposal ${id}: ${r.message}`);
  }
  return id;
}

export const APPROVE: ProposalAction[] = ["submit", "start_review", "approve"];
