/**
 * The institutions download (/exports/institutions.csv): verified
 * institutions only (pending and rejected registrations are left out), with
 * their other names and declared topics; columns and the batched query.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { countryName } from "~/domain/member-states";
import { batched, columns, type ExportOptions } from "~/features/open-data/export-batches.server";

export const INSTITUTION_COLUMNS = columns([
  ["id", "Institution id in this network (page: /institutions/<id>)."],
  ["ror_id", "ROR id (https://ror.org/<ror_id>), empty for institutions not in ROR."],
  ["name", "Name (ROR's display name, or as registered)."],
  ["other_names", 'Other names and spellings (ROR labels and aliases), in any script; "; "-separated.'],
  ["acronyms", 'Acronyms; "; "-separated.'],
  ["kind", "university, research_centre or other."],
  ["country_code", "Member state, ISO 3166-1 alpha-2."],
  ["country", "Member state, English short name."],
  ["city", "City."],
  ["region", "Region or province."],
  ["lat", "Latitude (WGS 84 degrees), from ROR."],
  ["lng", "Longitude (WGS 84 degrees), from ROR."],
  ["established", "Year established."],
  ["website", "Website."],
  ["parent_id", "Id of the parent institution in this network."],
  ["description", "Description written by the institution's administrators."],
  ["topic_ids", 'OpenAlex topic ids declared for the institution; "; "-separated.'],
  ["source", "ror (Research Organization Registry), registration (registered in the network) or demo."],
  ["demo", "true for generated demonstration records (fictitious)."],
  ["url", "Page of the institution."],
  ["updated_at", "Last change of the record (ISO 8601, UTC)."],
] as const);

export async function* institutionBatches(db: Kysely<DB>, opts: ExportOptions) {
  yield* batched(
    opts,
    (after, limit) =>
      db
        .selectFrom("institutions as i")
        .select([
          "i.id",
          "i.ror_id",
          "i.name",
          "i.acronyms",
          "i.kind",
          "i.country_code",
          "i.city",
          "i.region",
          "i.lat",
          "i.lng",
          "i.established",
          "i.website",
          "i.parent_id",
          "i.description",
          "i.source",
          "i.updated_at",
          sql<string[]>`array(select n.name from institution_names n where n.institution_id = i.id and n.name <> i.name order by n.kind desc, n.name)`.as(
            "other_names",
          ),
          sql<string[]>`array(select t.topic_id from institution_topics t where t.institution_id = i.id order by t.topic_id)`.as("topic_ids"),
        ])
        .where("i.status", "=", "verified")
        .where("i.id", ">", after)
        .orderBy("i.id")
        .limit(limit)
        .execute(),
    (r) => ({
      id: r.id,
      ror_id: r.ror_id,
      name: r.name,
      other_names: [...new Set(r.other_names)],
      acronyms: r.acronyms,
      kind: r.kind,
      country_code: r.country_code,
      country: countryName(r.country_code),
      city: r.city,
      region: r.region,
      lat: r.lat,
      lng: r.lng,
      established: r.established,
      website: r.website,
      parent_id: r.parent_id,
      description: r.description,
      topic_ids: r.topic_ids,
      source: r.source,
      demo: r.source === "demo",
      url: `${opts.origin}/institutions/${r.id}`,
      updated_at: r.updated_at,
    }),
  );
}
