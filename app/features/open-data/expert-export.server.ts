/**
 * The experts download (/exports/experts.csv): every profile with its public
 * fields, the affiliation only while the institution is verified, and the
 * email only when its owner made it public (`publicEmailOf`: never a
 * members-only or hidden address); columns and the batched query.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { publicEmailOf } from "~/features/experts/expert-contact.server";
import { selectExpertsWithAffiliation } from "~/features/experts/expert-query.server";
import { batched, columns, type ExportOptions } from "~/features/open-data/export-batches.server";

export const EXPERT_COLUMNS = columns([
  ["id", "Expert id in this network (page: /experts/<id>)."],
  ["full_name", "Name as the expert writes it."],
  ["name_variants", 'The name in other scripts and spellings; "; "-separated.'],
  ["title", "Academic title."],
  ["position", "Position."],
  ["institution_id", "Id of the (verified) institution the expert works at; empty when none."],
  ["institution_name", "Name of that institution."],
  ["country_code", "Member state of that institution, ISO 3166-1 alpha-2."],
  ["orcid", "ORCID iD (https://orcid.org/<orcid>)."],
  ["bio", "Short biography."],
  ["keywords", 'Research keywords; "; "-separated.'],
  ["languages", 'Working languages, ISO 639 codes; "; "-separated.'],
  ["open_to", 'What the expert is open to: joint_research, supervision, exchange_visits, teaching, consulting; "; "-separated.'],
  ["topic_ids", 'OpenAlex topic ids; "; "-separated.'],
  ["topic_names", 'OpenAlex topic names, in the order of topic_ids; "; "-separated.'],
  ["email", "Contact email, only when the expert made it public (never a members-only or hidden address)."],
  ["demo", "true for generated demonstration profiles (fictitious people)."],
  ["url", "Page of the profile."],
  ["updated_at", "Last change of the profile (ISO 8601, UTC)."],
] as const);

export async function* expertBatches(db: Kysely<DB>, opts: ExportOptions) {
  yield* batched(
    opts,
    (after, limit) =>
      selectExpertsWithAffiliation(db)
        // Ids and names in one pass over the expert's topics (two array subqueries read them twice).
        .innerJoinLateral(
          (eb) =>
            eb
              .selectFrom("expert_topics as et")
              .innerJoin("topics as t", "t.id", "et.topic_id")
              .select([
                sql<string[]>`coalesce(array_agg(t.id order by t.id), '{}')`.as("topic_ids"),
                sql<string[]>`coalesce(array_agg(t.name order by t.id), '{}')`.as("topic_names"),
              ])
              .whereRef("et.expert_id", "=", "e.id")
              .as("tp"),
          (join) => join.onTrue(),
        )
        .select(["tp.topic_ids", "tp.topic_names"])
        .where("e.id", ">", after)
        .orderBy("e.id")
        .limit(limit)
        .execute(),
    (r) => ({
      id: r.id,
      full_name: r.full_name,
      name_variants: r.name_variants,
      title: r.title,
      position: r.position,
      institution_id: r.institution_id,
      institution_name: r.institution_name,
      country_code: r.country_code,
      orcid: r.orcid,
      bio: r.bio,
      keywords: r.keywords,
      languages: r.languages,
      open_to: r.open_to,
      topic_ids: r.topic_ids,
      topic_names: r.topic_names,
      email: publicEmailOf(r),
      demo: r.is_demo,
      url: `${opts.origin}/experts/${r.id}`,
      updated_at: r.updated_at,
    }),
  );
}
