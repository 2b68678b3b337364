/**
 * The one query that reads experts with their affiliation, shared by the public
 * profile read (expert.server.ts) and the experts index mapper
 * (indexes.server.ts). The affiliation is joined only while the institution is
 * verified, so neither surface can show an unverified one. Callers map the row
 * field by field; nothing here reaches a page or document unfiltered.
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";

/** `select … from experts e left join verified institutions i`; add your own `where`. */
export function selectExpertsWithAffiliation(db: Kysely<DB>) {
  return db
    .selectFrom("experts as e")
    .leftJoin("institutions as i", (j) => j.onRef("i.id", "=", "e.institution_id").on("i.status", "=", "verified"))
    .select([
      "e.id",
      "e.user_id",
      "e.full_name",
      "e.name_variants",
      "e.title",
      "e.position",
      "e.orcid",
      "e.bio",
      "e.keywords",
      "e.languages",
      "e.open_to",
      "e.contact_email",
      "e.contact_visibility",
      "e.is_demo",
      "e.updated_at",
      "i.id as institution_id",
      "i.name as institution_name",
      "i.acronyms as institution_acronyms",
      "i.kind as institution_kind",
      "i.country_code",
    ]);
}
