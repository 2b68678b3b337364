/**
 * Verified institutions for the pickers (/lookup/institutions, /me/profile,
 * registration parent, join requests, admin users): by name or other name
 * (substring or pg_trgm similarity, acronyms exact) and by id.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { countryName } from "~/domain/member-states";
import { parseId } from "~/utils/input";
import { likePattern } from "~/utils/like-pattern";
import type { InstitutionOption } from "~/features/institutions/institution-option";

/**
 * Verified institutions whose name (or any other name) contains `q` or is
 * similar to it (pg_trgm), best first; for pickers. At most `limit`.
 */
export async function lookupVerifiedInstitutions(db: Kysely<DB>, q: string, limit = 10): Promise<InstitutionOption[]> {
  const text = q.trim().slice(0, 100);
  if (text.length < 2) return [];
  const pattern = likePattern(text);
  const rows = await db
    .selectFrom("institutions as i")
    .select(["i.id", "i.name", "i.country_code", "i.city"])
    .select(
      sql<number>`greatest(similarity(lower(i.name), lower(${text})), coalesce((select max(similarity(lower(n.name), lower(${text}))) from institution_names n where n.institution_id = i.id), 0))`.as(
        "score",
      ),
    )
    .where("i.status", "=", "verified")
    .where((eb) =>
      eb.or([
        sql<boolean>`lower(i.name) like ${pattern}`,
        sql<boolean>`lower(i.name) % lower(${text})`,
        eb.exists(
          eb
            .selectFrom("institution_names as n")
            .select(sql`1`.as("one"))
            .whereRef("n.institution_id", "=", "i.id")
            .where(sql<boolean>`lower(n.name) like ${pattern}`),
        ),
        sql<boolean>`${text.toUpperCase()} = any(i.acronyms)`,
      ]),
    )
    .orderBy("score", "desc")
    .orderBy("i.prominence", "desc")
    .orderBy("i.name")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, country: r.country_code, countryName: countryName(r.country_code), city: r.city }));
}

/** Verified institutions by id (to show already chosen ones), in the order given. */
export async function verifiedInstitutionsByIds(db: Kysely<DB>, ids: number[]): Promise<InstitutionOption[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom("institutions")
    .select(["id", "name", "country_code", "city"])
    .where("id", "in", ids)
    .where("status", "=", "verified")
    .execute();
  return ids.flatMap((id) => {
    const r = rows.find((x) => x.id === id);
    return r ? [{ id: r.id, name: r.name, country: r.country_code, countryName: countryName(r.country_code), city: r.city }] : [];
  });
}

/** The verified institution whose id is `raw` (a form or query value, checked with parseId); null for anything else. */
export async function verifiedInstitutionByRawId(db: Kysely<DB>, raw: unknown): Promise<InstitutionOption | null> {
  const id = parseId(raw);
  return id ? ((await verifiedInstitutionsByIds(db, [id]))[0] ?? null) : null;
}
