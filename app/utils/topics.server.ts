/** Topic lists for forms. */
import type { Kysely } from "kysely";
import type { DB } from "../../db/types";

/** Every topic (id, name, subfield) ordered by subfield then name, for multi-selects. */
export async function topicOptions(db: Kysely<DB>) {
  return db.selectFrom("topics").select(["id", "name", "subfield"]).orderBy("subfield").orderBy("name").execute();
}

/** Institutions `userId` administers. */
export async function adminInstitutions(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom("institution_members as m")
    .innerJoin("institutions as i", "i.id", "m.institution_id")
    .select(["i.id", "i.name", "i.country_code"])
    .where("m.user_id", "=", userId)
    .where("m.role", "=", "admin")
    .orderBy("i.name")
    .execute();
}
