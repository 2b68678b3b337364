/**
 * Reading proposals: one proposal with its consortium, topics, call and
 * history (for a viewer allowed to see it, or as a public project once
 * approved), its event trail, and the list of a user's own proposals.
 * Shapes: app/features/proposals/types.ts.
 */
import { sql } from "kysely";
import type { Db } from "~/utils/db.server";
import { FORMER_MEMBER } from "~/features/accounts/own-account.server";
import { accessOf, canView } from "~/features/proposals/access.server";
import type { ProposalAccess, ProposalDetails, ProposalEvent, ProposalRecord } from "~/features/proposals/types";
import { parseId } from "~/utils/input";

/** Full proposal with consortium, for a viewer allowed to see it; null when missing or not visible. */
export async function getProposalForViewer(
  db: Db,
  id: number,
  userId: string | null | undefined,
): Promise<(ProposalDetails & { access: ProposalAccess }) | null> {
  if (parseId(id) === null) return null;
  const row = await db.selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  const access = await accessOf(db, id, row.lead_institution_id, userId);
  if (!canView(access)) return null;
  return { ...(await loadDetails(db, row)), access };
}

/** An approved proposal as a public project (null for any other state). */
export async function getProject(db: Db, id: number) {
  if (parseId(id) === null) return null;
  const row = await db.selectFrom("proposals").selectAll().where("id", "=", id).where("status", "=", "approved").executeTakeFirst();
  if (!row) return null;
  const d = await loadDetails(db, row);
  return { ...d, partners: d.partners.filter((p) => p.status === "accepted") };
}

/** The proposals row `id`; throws when missing (callers hold a row lock or a checked id). */
export async function loadRow(db: Db, id: number): Promise<ProposalRecord> {
  return db.selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

/** `row` with its lead, partners (by name), team (PI first), topics, call and events. */
export async function loadDetails(db: Db, row: ProposalRecord): Promise<ProposalDetails> {
  const [lead, partners, team, topics, call, events] = await Promise.all([
    db.selectFrom("institutions").select(["id", "name", "country_code", "status"]).where("id", "=", row.lead_institution_id).executeTakeFirstOrThrow(),
    db
      .selectFrom("proposal_partners as p")
      .innerJoin("institutions as i", "i.id", "p.institution_id")
      .leftJoin("experts as e", "e.id", "p.contact_expert_id")
      .select([
        "p.institution_id",
        "p.status",
        "p.responded_at",
        "p.contact_expert_id",
        "i.name",
        "i.country_code",
        "i.status as institution_status",
        "e.full_name as contact_name",
      ])
      .where("p.proposal_id", "=", row.id)
      .orderBy("i.name")
      .execute(),
    db
      .selectFrom("proposal_team as t")
      .innerJoin("experts as e", "e.id", "t.expert_id")
      .leftJoin("institutions as i", "i.id", "e.institution_id")
      .select(["t.expert_id", "t.role", "e.full_name", "e.orcid", "i.name as institution_name", "i.country_code"])
      .where("t.proposal_id", "=", row.id)
      .orderBy(sql`case t.role when 'pi' then 0 when 'co_pi' then 1 else 2 end`)
      .orderBy("e.full_name")
      .execute(),
    db
      .selectFrom("proposal_topics as pt")
      .innerJoin("topics as t", "t.id", "pt.topic_id")
      .select(["t.id", "t.name", "t.subfield_id", "t.subfield"])
      .where("pt.proposal_id", "=", row.id)
      .orderBy("t.name")
      .execute(),
    row.call_id
      ? db
          .selectFrom("calls")
          .select(["id", "title", "status", "opens_at", "deadline", "deadline_zone", "eligible_countries", "min_partners", "min_countries", "institution_id"])
          .where("id", "=", row.call_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    listEvents(db, row.id),
  ]);
  return { proposal: row, lead, partners, team, topics, call: call ?? null, events };
}

/**
 * The append-only history of a proposal, oldest first. An actor whose account
 * was deleted reads "Former member" (FORMER_MEMBER): the row itself, with the
 * name it recorded, cannot change (the table refuses UPDATE).
 */
export async function listEvents(db: Db, proposalId: number): Promise<ProposalEvent[]> {
  return db
    .selectFrom("proposal_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select(["e.id", "e.actor_id", "e.action", "e.from_status", "e.to_status", "e.comment", "e.version", "e.at"])
    .select(sql<string | null>`case when u.deleted_at is not null then ${FORMER_MEMBER} else e.actor_name end`.as("actor_name"))
    .where("e.proposal_id", "=", proposalId)
    .orderBy("e.at")
    .orderBy("e.id")
    .execute();
}

/** Proposals the user can see through a consortium or team role or as their drafter (not the secretariat queue), newest first. */
export async function listMyProposals(db: Db, userId: string) {
  const adminOf = db.selectFrom("institution_members").select("institution_id").where("user_id", "=", userId).where("role", "=", "admin");
  const memberOf = db.selectFrom("institution_members").select("institution_id").where("user_id", "=", userId);
  return db
    .selectFrom("proposals as p")
    .innerJoin("institutions as i", "i.id", "p.lead_institution_id")
    .select(["p.id", "p.title", "p.acronym", "p.status", "p.reference_code", "p.updated_at", "i.name as lead_name", "i.country_code as lead_country"])
    .where((eb) =>
      eb.or([
        eb("p.lead_institution_id", "in", adminOf),
        eb.and([eb("p.created_by", "=", userId), eb("p.lead_institution_id", "in", memberOf)]),
        eb.exists(
          eb
            .selectFrom("proposal_partners as pp")
            .select("pp.proposal_id")
            .whereRef("pp.proposal_id", "=", "p.id")
            .where("pp.status", "!=", "declined")
            .where("pp.institution_id", "in", adminOf),
        ),
        eb.exists(
          eb
            .selectFrom("proposal_team as t")
            .innerJoin("experts as e", "e.id", "t.expert_id")
            .select("t.proposal_id")
            .whereRef("t.proposal_id", "=", "p.id")
            .where("e.user_id", "=", userId),
        ),
      ]),
    )
    .orderBy("p.updated_at", "desc")
    .execute();
}
