/**
 * Prominence of an institution in search: the last ranking rule of the
 * `institutions` index (indexes/institutions.server.ts), computed from the
 * ROR registry signals, kind, age and affiliated experts held in PostgreSQL.
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";

/** What institutionProminence weighs, per institution. */
export interface ProminenceFacts {
  /** Registry signals from the ROR record, 0–16 (db/import.ts prominenceOf; 0 for registrations and thin GRID records). */
  registry: number;
  kind: string;
  /** On the project's curated list of flagship institutions (db/data/institution-native-names.json). */
  flagship: boolean;
  /** Whether it is a unit of another institution held here (parent_id set). */
  hasParent: boolean;
  /** Year founded, when known. */
  established: number | null;
  /** Expert profiles affiliated with it. */
  experts: number;
}

/**
 * Prominence of an institution in search, an integer ≥ 0 (docs/search-sync.md "Institution
 * search"). Meilisearch applies it as the last ranking rule, after every text
 * rule, so it only orders hits that match the query equally well (METU: Middle
 * East Technical University before another university whose acronyms include
 * METU). The sum of:
 * - registry signals 0–16 (Wikipedia 4, Wikidata 2, funder 1, ROR child units
 *   up to 8, active 1); being on the curated flagship list stands in for them
 *   at 8 where ROR has fewer (thin GRID records such as University of Tehran);
 * - kind: university 4, research centre 2, other 0;
 * - 4 when not a unit of another institution held here;
 * - age: 1 per 50 years since founding, at most 4 (unknown: 0);
 * - experts: ⌊log2(1 + affiliated expert profiles)⌋, at most 8.
 * A unit is further capped below its parent (institutionsIndex.load), so a
 * faculty or lab never comes before its own university on an equal match.
 */
export function institutionProminence(f: ProminenceFacts, year = new Date().getUTCFullYear()): number {
  const kind = f.kind === "university" ? 4 : f.kind === "research_centre" ? 2 : 0;
  const age = f.established && f.established <= year ? Math.min(4, Math.floor((year - f.established) / 50)) : 0;
  const experts = Math.min(8, Math.floor(Math.log2(1 + Math.max(0, f.experts))));
  return Math.max(f.registry, f.flagship ? 8 : 0) + kind + (f.hasParent ? 0 : 4) + age + experts;
}

/**
 * institutionProminence of each of `rows`, a unit capped at its parent's
 * value minus one (the parent's own value is read here, not its document).
 */
export async function prominenceOf(db: Kysely<DB>, rows: ReadonlyArray<{ id: number; parent_id: number | null }>): Promise<Map<number, number>> {
  const ids = [...new Set(rows.flatMap((r) => (r.parent_id === null ? [r.id] : [r.id, r.parent_id])))];
  const facts = await db
    .selectFrom("institutions as i")
    .select(["i.id", "i.kind", "i.prominence", "i.parent_id", "i.established"])
    .select((eb) => [
      eb
        .exists(eb.selectFrom("institution_names as n").select("n.id").whereRef("n.institution_id", "=", "i.id").where("n.source", "=", "curated"))
        .as("flagship"),
      eb.selectFrom("experts as e").select(eb.fn.countAll<string>().as("n")).whereRef("e.institution_id", "=", "i.id").as("experts"),
    ])
    .where("i.id", "in", ids)
    .execute();
  const value = new Map(
    facts.map((f) => [
      f.id,
      institutionProminence({
        registry: f.prominence,
        kind: f.kind,
        flagship: Boolean(f.flagship),
        hasParent: f.parent_id !== null,
        established: f.established,
        experts: Number(f.experts ?? 0),
      }),
    ]),
  );
  const out = new Map<number, number>();
  for (const r of rows) {
    const own = value.get(r.id) ?? 0;
    const parent = r.parent_id === null ? undefined : value.get(r.parent_id);
    out.set(r.id, parent === undefined ? own : Math.max(0, Math.min(own, parent - 1)));
  }
  return out;
}
