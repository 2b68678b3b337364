/** Topic lists for forms. */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";

/** Every topic (id, name, subfield) ordered by subfield then name, for multi-selects. */
export async function topicOptions(db: Kysely<DB>) {
  return db.selectFrom("topics").select(["id", "name", "subfield"]).orderBy("subfield").orderBy("name").execute();
}

/** Institutions `userId` administers. */
export async function adminInstitutions(db: Kysely<DB>, userId: string) {
  return memberInstitutions(db, userId, "admin");
}

/**
 * Institutions `userId` belongs to (as admin or member; only admins with
 * `onlyRole` "admin"), by name: the lead institutions they may draft a
 * proposal for.
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

/**
 * Names of the OpenAlex fields and subfields by id (e.g. fields["17"] =
 * "Computer Science"), from the topics table; for labelling report figures,
 * which store ids only.
 */
export async function topicAreaNames(db: Kysely<DB>): Promise<{ fields: Record<string, string>; subfields: Record<string, string> }> {
  const rows = await db.selectFrom("topics").select(["field_id", "field", "subfield_id", "subfield"]).distinct().execute();
  return {
    fields: Object.fromEntries(rows.map((r) => [r.field_id, r.field])),
    subfields: Object.fromEntries(rows.map((r) => [r.subfield_id, r.subfield])),
  };
}
