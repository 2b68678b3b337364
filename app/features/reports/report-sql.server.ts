/**
 * SQL pieces and matrix helpers the report modules share: the member states
 * in their fixed order, member-state code arrays and day roundings as SQL
 * fragments, and adding a consortium's pairs to a collaboration matrix.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { DB } from "~db/types";
import { MEMBER_STATE_CODES, type MemberStateCode } from "~/domain/member-states";
import type { CollaborationMatrix } from "~/domain/report-figures";

/** A connection or a transaction (REPEATABLE READ to publish one consistent snapshot). */
export type Db = Kysely<DB> | Transaction<DB>;

/** The ten member states in MEMBER_STATE_CODES order (the order of matrix rows and state bits). */
export const MEMBERS = MEMBER_STATE_CODES as MemberStateCode[];

/** A collaboration matrix of zeros over all member states. */
export function emptyMatrix(): CollaborationMatrix {
  return { states: [...MEMBERS], counts: MEMBERS.map(() => MEMBERS.map(() => 0)) };
}

/** A SQL `char(2)[]` parameter of member-state codes. */
export const codes = (list: readonly string[]) => sql`${[...list]}::char(2)[]`;

/** Days from a number of seconds, one decimal (SQL fragment). */
export const roundDays = (secondsExpr: RawBuilder<unknown>) => sql`round((${secondsExpr} / 86400)::numeric, 1)::float8`;

/**
 * Adds `n` proposals whose consortium spans `states` to the matrix: every
 * ordered pair (diagonal included) with at least one state in `inScope`.
 */
export function addConsortium(m: CollaborationMatrix, states: readonly string[], n: number, inScope: (c: string) => boolean) {
  for (const a of states) {
    for (const b of states) if (inScope(a) || inScope(b)) m.counts[m.states.indexOf(a as MemberStateCode)][m.states.indexOf(b as MemberStateCode)] += n;
  }
}
