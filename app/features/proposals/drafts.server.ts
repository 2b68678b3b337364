/**
 * Proposal drafts: creating one and saving its fields and topics. Every
 * field may be empty while drafting; completeness is checked on submit
 * (transitions.server.ts).
 */
import type { Kysely, Transaction } from "kysely";
import type { DB } from "~db/types";
import { editAsLead, type EditResult } from "~/features/proposals/lead-edit.server";

/** Fields of a draft; every one may be empty while drafting (checked on submit). */
export interface DraftInput {
  title: string;
  acronym?: string | null;
  abstract?: string | null;
  objectives?: string | null;
  durationMonths?: number | null;
  budgetAmount?: string | null;
  budgetCurrency?: string | null;
  topicIds?: string[];
  callId?: number | null;
}

/** The proposals columns a draft's fields set (empty optional fields stored as null or ""), for create and update alike. */
function draftColumns(input: DraftInput) {
  return {
    call_id: input.callId ?? null,
    title: input.title,
    acronym: input.acronym || null,
    abstract: input.abstract ?? "",
    objectives: input.objectives ?? "",
    duration_months: input.durationMonths ?? null,
    budget_amount: input.budgetAmount || null,
    budget_currency: input.budgetCurrency || null,
  };
}

/**
 * A new draft with `leadInstitutionId` as lead. The caller must have checked
 * that `userId` belongs to that institution (requireInstitutionMember): a
 * member who is not admin then edits it as its drafter (leadDrafter).
 */
export async function createDraft(db: Kysely<DB>, userId: string, leadInstitutionId: number, input: DraftInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("proposals")
      .values({ ...draftColumns(input), lead_institution_id: leadInstitutionId, created_by: userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await setTopics(trx, id, input.topicIds ?? []);
    return id;
  });
}

async function setTopics(trx: Transaction<DB>, proposalId: number, topicIds: string[]) {
  await trx.deleteFrom("proposal_topics").where("proposal_id", "=", proposalId).execute();
  const unique = [...new Set(topicIds)];
  if (unique.length)
    await trx
      .insertInto("proposal_topics")
      .values(unique.map((topic_id) => ({ proposal_id: proposalId, topic_id })))
      .execute();
}

/** Saves a draft's fields (partial values allowed). */
export async function updateDraft(db: Kysely<DB>, proposalId: number, userId: string, expectedVersion: number | null, input: DraftInput): Promise<EditResult> {
  return editAsLead(db, proposalId, userId, expectedVersion, async (trx) => {
    await trx.updateTable("proposals").set(draftColumns(input)).where("id", "=", proposalId).execute();
    await setTopics(trx, proposalId, input.topicIds ?? []);
  });
}
