/**
 * The one path of every lead-side change to a proposal (draft fields,
 * partners, team): `editAsLead` locks the row, checks that the user may edit
 * it as lead and that it is editable, runs the change and bumps the version.
 * Refusals are result kinds (`EditResult`), mapped to responses by the route.
 */
import { msg } from "~/i18n/message";
import { LEAD_ONLY_MESSAGE, NO_SUCH_PROPOSAL_MESSAGE, notEditableMessage } from "~/features/proposals/messages";
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~db/types";
import { canEditAsLead, EDITABLE_STATES, type ProposalState } from "~/domain/proposal-workflow";
import { accessOf, canView } from "~/features/proposals/access.server";
import type { ProposalRecord } from "~/features/proposals/types";

/** Outcome of a lead-admin edit; `field` names the form field a refusal concerns, when it concerns one. */
export type EditResult =
  { ok: true; version: number } | { ok: false; kind: "not_found" | "forbidden" | "conflict" | "invalid"; message: string; field?: string };

/**
 * Locks an editable proposal for a lead-admin change, runs `change`, bumps
 * the version. Edits are possible only in draft and revision_requested.
 */
export async function editAsLead(
  db: Kysely<DB>,
  proposalId: number,
  userId: string,
  expectedVersion: number | null,
  change: (trx: Transaction<DB>, row: ProposalRecord) => Promise<EditResult | void>,
): Promise<EditResult> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("proposals").selectAll().where("id", "=", proposalId).forUpdate().executeTakeFirst();
    if (!row) return { ok: false, kind: "not_found", message: NO_SUCH_PROPOSAL_MESSAGE };
    const access = await accessOf(trx, row.id, row.lead_institution_id, userId);
    if (!canView(access)) return { ok: false, kind: "not_found", message: NO_SUCH_PROPOSAL_MESSAGE };
    if (!canEditAsLead(access)) return { ok: false, kind: "forbidden", message: LEAD_ONLY_MESSAGE };
    if (!EDITABLE_STATES.includes(row.status as ProposalState)) return { ok: false, kind: "invalid", message: notEditableMessage(row.status) };
    if (expectedVersion !== null && row.version !== expectedVersion) {
      return {
        ok: false,
        kind: "conflict",
        message: msg("proposals:errors.editConflict"),
      };
    }
    const out = await change(trx, row);
    if (out && !out.ok) return out;
    const { version } = await trx
      .updateTable("proposals")
      .set({ version: row.version + 1, updated_at: sql`now()` })
      .where("id", "=", row.id)
      .returning("version")
      .executeTakeFirstOrThrow();
    return { ok: true, version };
  });
}
