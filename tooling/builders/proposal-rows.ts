/**
 * Test-data builder shared by the demo generator (tooling/demo/demo-proposals.ts)
 * and the tests' fixtures (tests/proposal-fixtures.ts): one proposal written
 * directly in a given state with its consortium rows (topics, partners, team),
 * bypassing the workflow (app/features/proposals) on purpose, so a fixture or
 * a demo history can start in any state. Events are the caller's business.
 */
import type { Insertable, Kysely, Transaction } from "kysely";
import type { DB } from "../../db/types";

/** The rows of one proposal; `proposal_id` is filled in by {@link insertProposalRows}. */
export interface ProposalRows {
  proposal: Insertable<DB["proposals"]>;
  /** OpenAlex topic ids (topics.id), at least one. */
  topicIds: readonly string[];
  /** Partner institutions other than the lead, in invitation order. */
  partners: ReadonlyArray<Omit<Insertable<DB["proposal_partners"]>, "proposal_id">>;
  /** Team members (experts) with their roles; may be empty. */
  team: ReadonlyArray<Omit<Insertable<DB["proposal_team"]>, "proposal_id">>;
}

/**
 * Inserts the proposal and its topics, partners and team (in `db`, which may be
 * a transaction); returns the new proposal's id. Nothing is queued for search.
 * @throws the database's error on a constraint violation (e.g. unknown topic id)
 */
export async function insertProposalRows(db: Kysely<DB> | Transaction<DB>, rows: ProposalRows): Promise<number> {
  const { id } = await db.insertInto("proposals").values(rows.proposal).returning("id").executeTakeFirstOrThrow();
  await db
    .insertInto("proposal_topics")
    .values(rows.topicIds.map((topic_id) => ({ proposal_id: id, topic_id })))
    .execute();
  if (rows.partners.length)
    await db
      .insertInto("proposal_partners")
      .values(rows.partners.map((p) => ({ ...p, proposal_id: id })))
      .execute();
  if (rows.team.length)
    await db
      .insertInto("proposal_team")
      .values(rows.team.map((t) => ({ ...t, proposal_id: id })))
      .execute();
  return id;
}
