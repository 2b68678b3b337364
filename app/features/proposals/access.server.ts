/**
 * Who may see and act on a proposal. One visibility rule, `canView`:
 * consortium admins, its drafter, team members and the secretariat see a
 * proposal in any state; everyone else gets "not found" (never "forbidden":
 * existence must not leak). `accessOf` reads what the viewer is to the
 * proposal; `workflowActorOf` turns that into the workflow role of
 * app/domain/proposal-workflow.ts.
 */
import { TRANSITIONS, type ProposalAction, type WorkflowActor } from "~/domain/proposal-workflow";
import type { Db } from "~/utils/db.server";
import type { ProposalAccess } from "~/features/proposals/types";

/** Whether `userId` holds the secretariat role. */
export async function isSecretariat(db: Db, userId: string | null | undefined): Promise<boolean> {
  if (!userId) return false;
  const r = await db.selectFrom("user_roles").select("role").where("user_id", "=", userId).where("role", "=", "secretariat").executeTakeFirst();
  return Boolean(r);
}

/** How `userId` relates to proposal `proposalId` (lead admin, partner admin, team, secretariat). */
export async function accessOf(db: Db, proposalId: number, leadInstitutionId: number, userId: string | null | undefined): Promise<ProposalAccess> {
  const none: ProposalAccess = { leadAdmin: false, leadDrafter: false, partnerAdminOf: [], teamMember: false, secretariat: false };
  if (!userId) return none;
  const [memberships, team, secretariat, partners, creator] = await Promise.all([
    db.selectFrom("institution_members").select(["institution_id", "role"]).where("user_id", "=", userId).execute(),
    db
      .selectFrom("proposal_team as t")
      .innerJoin("experts as e", "e.id", "t.expert_id")
      .select("t.expert_id")
      .where("t.proposal_id", "=", proposalId)
      .where("e.user_id", "=", userId)
      .executeTakeFirst(),
    isSecretariat(db, userId),
    db.selectFrom("proposal_partners").select(["institution_id", "status"]).where("proposal_id", "=", proposalId).execute(),
    db.selectFrom("proposals").select("created_by").where("id", "=", proposalId).executeTakeFirst(),
  ]);
  const adminOf = new Set(memberships.filter((m) => m.role === "admin").map((m) => m.institution_id));
  const leadAdmin = adminOf.has(leadInstitutionId);
  return {
    leadAdmin,
    leadDrafter: !leadAdmin && creator?.created_by === userId && memberships.some((m) => m.institution_id === leadInstitutionId),
    // A declined partner's admins lose access.
    partnerAdminOf: partners.filter((p) => p.status !== "declined" && adminOf.has(p.institution_id)).map((p) => p.institution_id),
    teamMember: Boolean(team),
    secretariat,
  };
}

/** The one visibility rule: consortium admins, its drafter, team members and the secretariat see a proposal in any state. */
export function canView(a: ProposalAccess): boolean {
  return a.leadAdmin || a.leadDrafter || a.partnerAdminOf.length > 0 || a.teamMember || a.secretariat;
}

/** The workflow role of the viewer (lead admin wins over secretariat when one person is both). */
export function workflowActorOf(a: ProposalAccess, action?: ProposalAction): WorkflowActor {
  if (action) {
    const by = TRANSITIONS[action].by;
    if (by === "lead_admin" && a.leadAdmin) return "lead_admin";
    if (by === "secretariat" && a.secretariat) return "secretariat";
  }
  if (a.leadAdmin) return "lead_admin";
  if (a.secretariat) return "secretariat";
  return "other";
}
