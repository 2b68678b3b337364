/**
 * Expert profiles: the owner's writes (validated, one transaction with the
 * search outbox), public reads from PostgreSQL and search through Meilisearch.
 *
 * Contact visibility is enforced here and nowhere else: `contactFor` decides
 * for the profile page (the only place a non-public address is ever shown),
 * lists and APIs carry public addresses only, and the search mapper
 * (indexes.server.ts) copies only public addresses into documents.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { ZodError } from "zod";
import type { DB } from "~db/types";
import { selectExpertsWithAffiliation } from "~/features/experts/expert-query.server";
import { ECO_MEMBER_STATES, countryName } from "~/domain/member-states";
import { getMeili, indexUid } from "~/search/client.server";
import { buildFilter } from "~/search/filter";
import { EXPERT_FACET_VALUES, expertsIndex, type ExpertDoc } from "~/search/indexes/experts.server";
import { searchQueryText } from "~/search/glossary-query";
import { contentWords, searchHighlight } from "~/features/matching/text-match";
import { enqueueIndexChange } from "~/search/outbox.server";
import { touchInstitutionProfiles } from "~/features/matching/topic-profile.server";
import { HL_POST, HL_PRE } from "~/components/highlight";
import {
  OPEN_TO,
  OPEN_TO_LABELS,
  expertProfileSchema,
  languageName,
  type ContactVisibility,
  type ExpertProfile,
  type OpenTo,
} from "~/features/experts/expert-schema";
import { PER_PAGE, type ExpertSearchParams } from "~/utils/search-params";
import type { Viewer } from "~/features/accounts/viewer.server";
import { MEMBERS_EMAIL_PROFILES_PER_HOUR, allowMembersOnlyEmail } from "~/utils/rate-limit.server";

export const ORCID_TAKEN_MESSAGE = "This ORCID iD already belongs to another profile. If it is yours, contact the secretariat.";
export const INSTITUTION_UNKNOWN_MESSAGE = "Choose a verified institution from the list (pending registrations cannot be chosen yet).";
export const TOPIC_UNKNOWN_MESSAGE = "Choose topics from the taxonomy list.";

/** Field errors keyed by form field name (Conform's `submission.reply({ fieldErrors })` shape). */
export type FieldErrors = Record<string, string[]>;

export type UpsertExpertResult =
  | { ok: true; expertId: number; created: boolean }
  | { ok: false; fieldErrors: FieldErrors };

// ---------------------------------------------------------------------------
// Contact visibility

/**
 * What a profile page says about contact: the address, or why it is not
 * shown ("quota": a members-only address this account may not see this hour,
 * see MEMBERS_EMAIL_PROFILES_PER_HOUR).
 */
export type ContactView =
  | { kind: "shown"; email: string; visibility: ContactVisibility }
  | { kind: "members-only" }
  | { kind: "quota"; perHour: number }
  | { kind: "not-shared" };

/**
 * The address anyone may see without signing in: the contact email when its
 * owner made it public, else null (lists, APIs and open-data exports use only this).
 */
export function publicEmailOf(row: { contact_email: string | null; contact_visibility: string }): string | null {
  return row.contact_visibility === "public" ? row.contact_email : null;
}

/**
 * The contact of expert `row` as `viewer` may see it on the expert's own page.
 * Public: everyone; members: signed-in users, within their hourly quota of
 * distinct profiles (one unit used per profile, not per view); hidden: nobody.
 * The owner always sees their own address, without using the quota.
 */
async function contactFor(
  row: { id: number; contact_email: string | null; contact_visibility: string; user_id: string | null },
  viewer: Viewer,
): Promise<ContactView> {
  const email = row.contact_email;
  if (!email) return { kind: "not-shared" };
  const visibility = row.contact_visibility as ContactVisibility;
  if (viewer.kind === "member" && row.user_id !== null && viewer.userId === row.user_id) return { kind: "shown", email, visibility };
  if (visibility === "public") return { kind: "shown", email, visibility };
  if (visibility !== "members") return { kind: "not-shared" };
  if (viewer.kind !== "member") return { kind: "members-only" };
  return (await allowMembersOnlyEmail(viewer.userId, row.id)) ? { kind: "shown", email, visibility } : { kind: "quota", perHour: MEMBERS_EMAIL_PROFILES_PER_HOUR };
}

// ---------------------------------------------------------------------------
// Owner writes

function fieldErrorsOf(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Checks that need the database; null when all pass. */
async function databaseErrors(db: Kysely<DB>, ownerUserId: string, p: ExpertProfile): Promise<FieldErrors | null> {
  const errors: FieldErrors = {};
  const [orcidOwner, institution, topics] = await Promise.all([
    p.orcid
      ? db.selectFrom("experts").select("user_id").where("orcid", "=", p.orcid).executeTakeFirst()
      : Promise.resolve(undefined),
    p.institutionId
      ? db.selectFrom("institutions").select("status").where("id", "=", p.institutionId).executeTakeFirst()
      : Promise.resolve(undefined),
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
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
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
        await trx.insertInto("expert_topics").values(p.topicIds.map((topic_id) => ({ expert_id: row.id, topic_id }))).execute();
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

// ---------------------------------------------------------------------------
// Public reads

/**
 * One expert as `viewer` may see it, or null for an unknown id. The email is
 * present only when `contactFor` allows it (a members-only one uses a unit
 * of the viewer's hourly quota); the affiliation only while the institution
 * is verified.
 */
export async function getPublicExpert(db: Kysely<DB>, id: number, viewer: Viewer) {
  const row = await selectExpertsWithAffiliation(db)
    .where("e.id", "=", id)
    .executeTakeFirst();
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
    languages: row.languages.map((code) => ({ code, name: languageName(code) })),
    openTo: row.open_to as OpenTo[],
    institution:
      row.institution_id !== null && row.institution_name !== null && row.country_code !== null
        ? { id: row.institution_id, name: row.institution_name, acronyms: row.institution_acronyms ?? [], country: row.country_code, countryName: countryName(row.country_code) }
        : null,
    topics,
    contact: await contactFor(row, viewer),
    isDemo: row.is_demo,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export type PublicExpert = NonNullable<Awaited<ReturnType<typeof getPublicExpert>>>;

// ---------------------------------------------------------------------------
// Search

export interface ExpertHit {
  id: number;
  fullName: string;
  nameVariants: string[];
  /** Full name with matches between HL_PRE and HL_POST (components/highlight.tsx). */
  highlightedName: string;
  /** Name variants that matched the query, highlighted the same way. */
  matchedVariants: string[];
  title: string | null;
  position: string | null;
  institution: { id: number; name: string; country: string } | null;
  country: string | null;
  countryName: string | null;
  topics: Array<{ id: string; name: string }>;
  openTo: OpenTo[];
  /** The contact email when it is public, else absent (lists never carry other addresses). */
  email?: string;
  isDemo: boolean;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface ExpertSearchResult {
  hits: ExpertHit[];
  total: number;
  page: number;
  perPage: number;
  totalPages: number;
  /**
   * Disjunctive facet counts (each facet counted with every filter but its
   * own), largest first, with readable labels. Country and openTo list every
   * value (zero counts included); institution and subfield list values with hits.
   */
  facets: { country: FacetValue[]; institution: FacetValue[]; subfield: FacetValue[]; openTo: FacetValue[] };
  /**
   * True when more institutions have hits than the facet lists: it then holds the
   * EXPERT_FACET_VALUES institutions with most hits (plus selected ones).
   */
  institutionFacetTruncated: boolean;
  /** The topics of the `topic` filter with their names (unknown ids are left out). */
  selectedTopics: Array<{ id: string; name: string }>;
  processingTimeMs: number;
}

const byCount = (a: FacetValue, b: FacetValue) => b.count - a.count || a.label.localeCompare(b.label);

/**
 * Searches expert profiles. Query text is normalised the way documents are and
 * rendered in English when it names subjects in another language (glossary-query.ts);
 * filters go through the escaping helper. Facet labels (institution and
 * subfield names) come from PostgreSQL. Hits carry public emails only,
 * whoever asks: a members-only address is shown on its profile page alone,
 * within the viewer's hourly quota, so a list cannot harvest them in bulk.
 * @throws when Meilisearch is unreachable (pages show the error boundary).
 */
export async function searchExperts(db: Kysely<DB>, p: ExpertSearchParams, perPage = PER_PAGE): Promise<ExpertSearchResult> {
  const uid = indexUid("experts");
  const q = searchQueryText(p.q);
  const selected = {
    country: p.country,
    institutionId: p.institution,
    subfieldIds: p.subfield,
    topicIds: p.topic,
    openTo: p.openTo,
  };
  const without = (attr: keyof typeof selected) => buildFilter({ ...selected, [attr]: undefined }, expertsIndex.filterable);
  // Disjunctive facets: a facet is counted with every filter but its own. For a facet with no
  // value selected that is the main query's own filter, so those facets ride on the main query;
  // only facets with a selection need a query of their own (the bench showed five queries per
  // search, most of them repeating the main one).
  const facetAttrs = ["country", "institutionId", "subfieldIds", "openTo"] as const;
  const active = facetAttrs.filter((a) => (selected[a] as unknown[]).length > 0);
  const passive = facetAttrs.filter((a) => !active.includes(a));
  const res = await getMeili().multiSearch({
    queries: [
      {
        indexUid: uid,
        q,
        filter: buildFilter(selected, expertsIndex.filterable),
        page: p.page,
        hitsPerPage: perPage,
        facets: [...passive],
        attributesToHighlight: ["fullName", "nameVariants"],
        highlightPreTag: HL_PRE,
        highlightPostTag: HL_POST,
        attributesToRetrieve: [
          "id",
          "fullName",
          "nameVariants",
          "title",
          "position",
          "institutionId",
          "institutionName",
          "country",
          "countryName",
          "topicIds",
          "topicNames",
          "openTo",
          "publicEmail",
          "isDemo",
        ],
        sort: q ? undefined : ["fullName:asc"],
      },
      ...active.map((a) => ({ indexUid: uid, q, filter: without(a), facets: [a], limit: 0 })),
      // Selected institutions counted on their own: the facet lists the EXPERT_FACET_VALUES busiest,
      // and a ticked one outside them must still show its real count.
      ...(p.institution.length
        ? [{ indexUid: uid, q, filter: [...without("institutionId"), ...buildFilter({ institutionId: p.institution }, expertsIndex.filterable)], facets: ["institutionId"], limit: 0 }]
        : []),
    ],
  });
  const [main, ...rest] = res.results as any[];
  const own = rest.slice(0, active.length);
  const selectedInstitutionCounts: Record<string, number> = p.institution.length ? rest[active.length]?.facetDistribution?.institutionId ?? {} : {};
  const distribution = (attr: (typeof facetAttrs)[number]): Record<string, number> => {
    const k = active.indexOf(attr);
    return (k >= 0 ? own[k] : main).facetDistribution?.[attr] ?? {};
  };
  const countryCounts = distribution("country");
  const institutionCounts = { ...selectedInstitutionCounts, ...distribution("institutionId") };
  const subfieldCounts = distribution("subfieldIds");
  const openToCounts = distribution("openTo");

  // Selected values stay listed even when they have no hits, so they can be unticked.
  const institutionIds = [...new Set([...Object.keys(institutionCounts).map(Number), ...p.institution])];
  const subfieldIds = [...new Set([...Object.keys(subfieldCounts), ...p.subfield])];
  const docs = main.hits as Array<Partial<ExpertDoc> & { id: number; _formatted?: Record<string, any> }>;
  const [institutionNames, subfieldNames, selectedTopics] = await Promise.all([
    institutionIds.length
      ? db.selectFrom("institutions").select(["id", "name"]).where("id", "in", institutionIds).execute()
      : Promise.resolve([]),
    subfieldIds.length
      ? db.selectFrom("topics").select(["subfield_id", "subfield"]).distinct().where("subfield_id", "in", subfieldIds).execute()
      : Promise.resolve([]),
    p.topic.length ? db.selectFrom("topics").select(["id", "name"]).where("id", "in", p.topic).orderBy("name").execute() : Promise.resolve([]),
  ]);
  const instName = new Map(institutionNames.map((r) => [String(r.id), r.name]));
  const subName = new Map(subfieldNames.map((r) => [r.subfield_id, r.subfield]));

  const words = contentWords(q);
  const hits: ExpertHit[] = docs.map((d) => {
    const formattedVariants: string[] = d._formatted?.nameVariants ?? [];
    const variants = (d.nameVariants ?? []).map((v, i) => searchHighlight(v, formattedVariants[i], words));
    const email = d.publicEmail;
    const hit: ExpertHit = {
      id: d.id,
      fullName: d.fullName ?? "",
      nameVariants: d.nameVariants ?? [],
      highlightedName: searchHighlight(d.fullName ?? "", d._formatted?.fullName, words),
      matchedVariants: variants.filter((v) => v.includes(HL_PRE)),
      title: d.title ?? null,
      position: d.position ?? null,
      institution:
        d.institutionId != null && d.institutionName && d.country ? { id: d.institutionId, name: d.institutionName, country: d.country } : null,
      country: d.country ?? null,
      countryName: d.countryName ?? null,
      topics: (d.topicIds ?? []).map((id, i) => ({ id, name: d.topicNames?.[i] ?? id })),
      openTo: (d.openTo ?? []) as OpenTo[],
      isDemo: d.isDemo ?? false,
    };
    if (email) hit.email = email;
    return hit;
  });

  return {
    hits,
    total: main.totalHits ?? 0,
    page: main.page ?? p.page,
    perPage,
    totalPages: main.totalPages ?? 0,
    facets: {
      country: ECO_MEMBER_STATES.map((c) => ({ value: c.code, label: c.name, count: countryCounts[c.code] ?? 0 })),
      institution: institutionIds
        .map((id) => ({ value: String(id), label: instName.get(String(id)) ?? `Institution ${id}`, count: institutionCounts[String(id)] ?? 0 }))
        .sort(byCount),
      subfield: subfieldIds
        .map((id) => ({ value: id, label: subName.get(id) ?? id, count: subfieldCounts[id] ?? 0 }))
        .sort(byCount),
      openTo: OPEN_TO.map((o) => ({ value: o, label: OPEN_TO_LABELS[o], count: openToCounts[o] ?? 0 })),
    },
    institutionFacetTruncated: Object.keys(distribution("institutionId")).length >= EXPERT_FACET_VALUES,
    selectedTopics,
    processingTimeMs: main.processingTimeMs ?? 0,
  };
}

/** Number of expert profiles affiliated with institution `institutionId`. */
export async function countExpertsAt(db: Kysely<DB>, institutionId: number): Promise<number> {
  const r = await db.selectFrom("experts").select(sql<number>`count(*)::int`.as("n")).where("institution_id", "=", institutionId).executeTakeFirstOrThrow();
  return r.n;
}

/** Number of expert profiles in the network (demo ones included). */
export async function countExperts(db: Kysely<DB>): Promise<number> {
  const r = await db.selectFrom("experts").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
  return r.n;
}
