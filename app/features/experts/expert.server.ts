/**
 * Public reads of expert profiles from PostgreSQL: one profile as a viewer may
 * see it (contact by expert-contact.server.ts, the affiliation only while the
 * institution is verified) and counts for the home and institution pages.
 * Owner writes: expert-profile.server.ts; search: expert-search.server.ts.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { selectExpertsWithAffiliation } from "~/features/experts/expert-query.server";
import { countryName } from "~/domain/member-states";
import { languageName } from "~/domain/language";
import { type OpenTo } from "~/domain/expert-vocabulary";
import { contactFor } from "~/features/experts/expert-contact.server";
import type { Viewer } from "~/features/accounts/viewer.server";

/**
 * One expert as `viewer` may see it, or null for an unknown id. The email is
 * present only when `contactFor` allows it (a members-only one uses a unit
 * of the viewer's hourly quota); the affiliation only while the institution
 * is verified. Language names are in `lng`, the viewer's language.
 */
export async function getPublicExpert(db: Kysely<DB>, id: number, viewer: Viewer, lng = "en") {
  const row = await selectExpertsWithAffiliation(db).where("e.id", "=", id).executeTakeFirst();
  if (!row) return null;
  const topics = await db
    .selectFrom("expert_topics")
    .innerJoin("topics", "topics.id", "expert_topics.topic_id")
    .select(["topics.id", "topics.name", "topics.subfield_id", "topics.subfield"])
    .where("expert_topics.expert_id", "=", id)
    .orderBy("topics.name")
    .execute();
  return {
    id: row.id,
    fullName: row.full_name,
    nameVariants: row.name_variants,
    title: row.title,
    position: row.position,
    orcid: row.orcid,
    bio: row.bio,
    keywords: row.keywords,
    languages: row.languages.map((code) => ({ code, name: languageName(code, lng) })),
    openTo: row.open_to as OpenTo[],
    institution:
      row.institution_id !== null && row.institution_name !== null && row.country_code !== null
        ? {
            id: row.institution_id,
            name: row.institution_name,
            acronyms: row.institution_acronyms ?? [],
            country: row.country_code,
            countryName: countryName(row.country_code),
          }
        : null,
    topics,
    contact: await contactFor(row, viewer),
    isDemo: row.is_demo,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export type PublicExpert = NonNullable<Awaited<ReturnType<typeof getPublicExpert>>>;

/** Number of expert profiles affiliated with institution `institutionId`. */
export async function countExpertsAt(db: Kysely<DB>, institutionId: number): Promise<number> {
  const r = await db
    .selectFrom("experts")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("institution_id", "=", institutionId)
    .executeTakeFirstOrThrow();
  return r.n;
}

/** Number of expert profiles in the network (demo ones included). */
export async function countExperts(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom("experts")
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return r.n;
}
