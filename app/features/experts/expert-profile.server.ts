/**
 * The owner's side of an expert profile: create or replace it from the
 * /me/profile form (validated with expertProfileSchema, then against the
 * database: ORCID iD unique, institution verified, topics known), delete it,
 * and read it back whole for the edit form. Every write goes in one
 * transaction with the search outbox and the affected institutions' topic
 * profiles.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~db/types";
import { enqueueIndexChange } from "~/search/outbox.server";
import { touchInstitutionProfiles } from "~/features/matching/topic-profile.server";
import { fieldErrorsOf, type FieldErrors } from "~/utils/field-errors";
import { expertProfileSchema, type ExpertProfile } from "~/features/experts/expert-schema";
import { OPEN_TO } from "~/domain/expert-vocabulary";
import { msg } from "~/i18n/message";

/** Catalogue keys (`experts:validation.*`): the form shows them in the viewer's language. */
export const ORCID_TAKEN_MESSAGE = msg("experts:validation.orcidTaken");
export const INSTITUTION_UNKNOWN_MESSAGE = msg("experts:validation.institutionUnverified");
export const TOPIC_UNKNOWN_MESSAGE = msg("experts:validation.topicsFromList");

export type UpsertExpertResult = { ok: true; expertId: number; created: boolean } | { ok: false; fieldErrors: FieldErrors };

/** Checks that need the database; null when all pass. */
async function databaseErrors(db: Kysely<DB>, ownerUserId: string, p: ExpertProfile): Promise<FieldErrors | null> {
  const errors: FieldErrors = {};
  const [orcidOwner, institution, topics] = await Promise.all([
    p.orcid ? db.selectFrom("experts").select("user_id").where("orcid", "=", p.orcid).executeTakeFirst() : Promise.resolve(undefined),
    p.institutionId ? db.selectFrom("institutions").select("status").where("id", "=", p.institutionId).executeTakeFirst() : Promise.resolve(undefined),
    p.topicIds.length ? db.selectFrom("topics").select("id").where("id", "in", p.topicIds).execute() : Promise.resolve([]),
  ]);
  if (orcidOwner && orcidOwner.user_id !== ownerUserId) errors.orcid = [ORCID_TAKEN_MESSAGE];
  if (p.institutionId && institution?.status !== "verified") errors.institutionId = [INSTITUTION_UNKNOWN_MESSAGE];
  if (topics.length !== p.topicIds.length) errors.topicIds = [TOPIC_UNKNOWN_MESSAGE];
  return Object.keys(errors).length ? errors : null;
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint_name?: string; constraint?: string };
  return e?.code === "23505" && (e.constraint_name ?? e.constraint) === constraint;
}

/**
 * Creates or replaces the profile owned by `ownerUserId` from form input
 * (`ExpertProfileInput`: strings/arrays as a form sends them, or typed values).
 * Validates with `expertProfileSchema`, then checks against the database: the
 * ORCID iD belongs to no other profile, the institution is verified, the
 * topics exist. Writes the profile, its topics and the search-outbox entry in
 * ONE transaction. Two owners racing for one ORCID iD: the loser gets the same
 * field error (the unique constraint decides).
 * @returns `{ ok: true, expertId, created }`, or `{ ok: false, fieldErrors }`
 *   keyed by form field (e.g. `orcid`) for `submission.reply({ fieldErrors })`.
 * @throws only for database failures that are not the user's doing.
 */
export async function upsertExpertProfile(db: Kysely<DB>, ownerUserId: string, input: unknown): Promise<UpsertExpertResult> {
  const parsed = await expertProfileSchema.safeParseAsync(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues) };
  const p = parsed.data;
  const dbErrors = await databaseErrors(db, ownerUserId, p);
  if (dbErrors) return { ok: false, fieldErrors: dbErrors };
  const values = {
    full_name: p.fullName,
    // A variant equal to the full name adds nothing.
    name_variants: p.nameVariants.filter((v) => v !== p.fullName),
    title: p.title ?? null,
    position: p.position ?? null,
    institution_id: p.institutionId ?? null,
    orcid: p.orcid ?? null,
    bio: p.bio,
    keywords: p.keywords,
    languages: p.languages,
    open_to: OPEN_TO.filter((o) => p.openTo.includes(o)),
    contact_email: p.contactEmail ?? null,
    contact_visibility: p.contactVisibility,
  };
  try {
    return await db.transaction().execute(async (trx) => {
      // The former affiliation loses this expert's topics from its profile.
      const before = await trx.selectFrom("experts").select(["id", "institution_id"]).where("user_id", "=", ownerUserId).forUpdate().executeTakeFirst();
      const topicsBefore = before
        ? (await trx.selectFrom("expert_topics").select("topic_id").where("expert_id", "=", before.id).execute()).map((t) => t.topic_id)
        : [];
      const row = await trx
        .insertInto("experts")
        .values({ user_id: ownerUserId, ...values })
        .onConflict((oc) => oc.column("user_id").doUpdateSet({ ...values, updated_at: sql`now()` }))
        // xmax = 0 only for a freshly inserted row version.
        .returning(["id", sql<boolean>`(xmax = 0)`.as("created")])
        .executeTakeFirstOrThrow();
      await trx.deleteFrom("expert_topics").where("expert_id", "=", row.id).execute();
      if (p.topicIds.length) {
        await trx
          .insertInto("expert_topics")
          .values(p.topicIds.map((topic_id) => ({ expert_id: row.id, topic_id })))
          .execute();
      }
      await enqueueIndexChange(trx, "experts", [row.id]);
      // An institution's document carries its topic profile, which depends only on its experts'
      // topics: most profile edits (bio, keywords, contact) leave it as it was, and re-indexing a
      // large institution document on each of them doubled the sync work (bench, sync lag).
      const sameTopics = topicsBefore.length === p.topicIds.length && [...topicsBefore].sort().join() === [...p.topicIds].sort().join();
      if (!before || before.institution_id !== values.institution_id || !sameTopics) {
        await touchInstitutionProfiles(trx, [before?.institution_id, values.institution_id]);
      }
      return { ok: true as const, expertId: row.id, created: row.created };
    });
  } catch (err) {
    if (isUniqueViolation(err, "experts_orcid_key")) return { ok: false, fieldErrors: { orcid: [ORCID_TAKEN_MESSAGE] } };
    throw err;
  }
}

/**
 * Deletes the profile owned by `ownerUserId` (its topics cascade) and queues
 * the removal of its search document in the same transaction.
 * @returns the deleted expert id, or null when the user had no profile.
 */
export async function deleteExpertProfile(db: Kysely<DB>, ownerUserId: string): Promise<number | null> {
  return db.transaction().execute((trx) => deleteExpertProfileIn(trx, ownerUserId));
}

/** deleteExpertProfile inside the caller's transaction `trx` (account deletion does more in the same one). */
export async function deleteExpertProfileIn(trx: Transaction<DB>, ownerUserId: string): Promise<number | null> {
  const row = await trx.deleteFrom("experts").where("user_id", "=", ownerUserId).returning(["id", "institution_id"]).executeTakeFirst();
  if (!row) return null;
  await enqueueIndexChange(trx, "experts", [row.id]);
  await touchInstitutionProfiles(trx, [row.institution_id]);
  return row.id;
}

/**
 * The owner's own profile as the edit form needs it (every field, the email
 * whatever its visibility), or null when the user has none yet.
 */
export async function getOwnExpertProfile(db: Kysely<DB>, ownerUserId: string) {
  const row = await db.selectFrom("experts").selectAll().where("user_id", "=", ownerUserId).executeTakeFirst();
  if (!row) return null;
  const topics = await db
    .selectFrom("expert_topics")
    .innerJoin("topics", "topics.id", "expert_topics.topic_id")
    .select(["topics.id", "topics.name", "topics.subfield"])
    .where("expert_topics.expert_id", "=", row.id)
    .orderBy("topics.name")
    .execute();
  const institution = row.institution_id
    ? await db.selectFrom("institutions").select(["id", "name", "country_code", "status"]).where("id", "=", row.institution_id).executeTakeFirst()
    : undefined;
  return { ...row, topics, institution: institution ?? null };
}
