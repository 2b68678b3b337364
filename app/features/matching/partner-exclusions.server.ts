/**
 * Who partner matching leaves out (ranking.server.ts rankPartners, the one
 * place where candidates are filtered): the asking user's own expert
 * profile(s), the institutions they belong to, the asking institution and
 * institutions already in a consortium — each institution with its experts.
 * Used by /partners, /api/v1/partners, /api/v1/consortium, call and proposal
 * suggestions, and expert profiles' suggestions.
 *
 * Data: `experts.user_id` (profiles a user owns), `institution_members` (any
 * role) and the affiliation of the user's expert profiles.
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";

export interface AskerProfile {
  /** Expert profiles the user owns. */
  expertIds: number[];
  /** Institutions the user belongs to (membership or their expert profile's affiliation), by name. */
  institutions: Array<{ id: number; name: string; countryCode: string; verified: boolean }>;
}

/** The user's own expert profiles and institutions (empty for null or an unknown user). */
export async function askerProfile(db: Kysely<DB>, userId: string | null | undefined): Promise<AskerProfile> {
  if (!userId) return { expertIds: [], institutions: [] };
  const [experts, members] = await Promise.all([
    db.selectFrom("experts").select(["id", "institution_id"]).where("user_id", "=", userId).execute(),
    db.selectFrom("institution_members").select("institution_id").where("user_id", "=", userId).execute(),
  ]);
  const ids = [...new Set([...members.map((m) => m.institution_id), ...experts.flatMap((e) => (e.institution_id == null ? [] : [e.institution_id]))])];
  const institutions = ids.length
    ? await db.selectFrom("institutions").select(["id", "name", "country_code", "status"]).where("id", "in", ids).orderBy("name").orderBy("id").execute()
    : [];
  return {
    expertIds: experts.map((e) => e.id).sort((a, b) => a - b),
    institutions: institutions.map((i) => ({ id: i.id, name: i.name, countryCode: i.country_code, verified: i.status === "verified" })),
  };
}

/** What a partner query asks to leave out (fields of PartnerQuery). */
export interface ExclusionQuery {
  excludeInstitutionId?: number | null;
  excludeInstitutionIds?: number[];
  excludeExpertId?: number | null;
  askingUserId?: string | null;
}

/**
 * Institutions (left out with their experts) and experts to leave out of a
 * partner query's candidates, distinct and sorted.
 */
export async function partnerExclusions(db: Kysely<DB>, q: ExclusionQuery): Promise<{ institutionIds: number[]; expertIds: number[] }> {
  const asker = await askerProfile(db, q.askingUserId);
  const inst = [
    ...(q.excludeInstitutionId != null ? [q.excludeInstitutionId] : []),
    ...(q.excludeInstitutionIds ?? []),
    ...asker.institutions.map((i) => i.id),
  ];
  const exp = [...(q.excludeExpertId != null ? [q.excludeExpertId] : []), ...asker.expertIds];
  const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
  return { institutionIds: sorted(inst), expertIds: sorted(exp) };
}
