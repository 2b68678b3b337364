/**
 * The proposal's team: experts of the lead or a partner institution with a
 * role (PI, co-PI, researcher), set by the lead.
 */
import { msg } from "~/i18n/message";
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { editAsLead, type EditResult } from "~/features/proposals/lead-edit.server";
import type { TeamRole } from "~/features/proposals/types";

/** Adds or changes a team member (an expert of the lead or a partner institution). */
export async function setTeamMember(db: Kysely<DB>, proposalId: number, userId: string, expertId: number, role: TeamRole | null): Promise<EditResult> {
  return editAsLead(db, proposalId, userId, null, async (trx, row) => {
    if (role === null) {
      await trx.deleteFrom("proposal_team").where("proposal_id", "=", proposalId).where("expert_id", "=", expertId).execute();
      return;
    }
    const expert = await trx.selectFrom("experts").select(["id", "institution_id"]).where("id", "=", expertId).executeTakeFirst();
    if (!expert) return { ok: false, kind: "invalid", message: msg("proposals:team.noSuchExpert") };
    const partnerIds = (
      await trx.selectFrom("proposal_partners").select("institution_id").where("proposal_id", "=", row.id).where("status", "!=", "declined").execute()
    ).map((p) => p.institution_id);
    if (!expert.institution_id || ![row.lead_institution_id, ...partnerIds].includes(expert.institution_id)) {
      return { ok: false, kind: "invalid", message: msg("proposals:team.notConsortiumExpert") };
    }
    await trx
      .insertInto("proposal_team")
      .values({ proposal_id: proposalId, expert_id: expertId, role })
      .onConflict((oc) => oc.columns(["proposal_id", "expert_id"]).doUpdateSet({ role }))
      .execute();
  });
}

/**
 * Experts who may join the team: those of `institutionIds` (the lead and the
 * partners that have not declined), by name, at most 500, with their
 * institution's name.
 */
export async function teamCandidates(db: Kysely<DB>, institutionIds: number[]) {
  return db
    .selectFrom("experts as e")
    .innerJoin("institutions as i", "i.id", "e.institution_id")
    .select(["e.id", "e.full_name", "i.name as institution_name"])
    .where("e.institution_id", "in", institutionIds)
    .orderBy("e.full_name")
    .limit(500)
    .execute();
}
