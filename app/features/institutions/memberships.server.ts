/**
 * The institutions a user belongs to (table institution_members): the lead
 * institutions they may draft a proposal for, and those they administer
 * (may post calls for).
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";

/** Institutions `userId` administers, by name (id, name, country_code). */
export async function adminInstitutions(db: Kysely<DB>, userId: string) {
  return memberInstitutions(db, userId, "admin");
}

/**
 * Institutions `userId` belongs to (as admin or member; only admins with
 * `onlyRole` "admin"), by name (id, name, country_code): the lead
 * institutions they may draft a proposal for.
 */
export async function memberInstitutions(db: Kysely<DB>, userId: string, onlyRole?: "admin") {
  return db
    .selectFrom("institution_members as m")
    .innerJoin("institutions as i", "i.id", "m.institution_id")
    .select(["i.id", "i.name", "i.country_code"])
    .where("m.user_id", "=", userId)
    .$if(onlyRole !== undefined, (q) => q.where("m.role", "=", "admin"))
    .orderBy("i.name")
    .execute();
}
