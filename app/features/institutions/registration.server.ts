/**
 * Institution registrations by users, the secretariat's decisions on them,
 * requests to administer an existing institution, and the small look-ups the
 * forms use (verified institutions and taxonomy topics by name).
 *
 * Every status change commits with its search-outbox entry; verifying a
 * registration makes the registrant its admin (audited) in the same commit.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { countryName } from "~/domain/member-states";
import { enqueueIndexChange } from "~/search/outbox.server";
import { isSearchFailure } from "~/search/http.server";
import { searchTopicIndex } from "~/features/matching/topic-recognition.server";
import type { TopicOption } from "~/features/topics/topics.server";
import { institutionRegistrationSchema } from "~/features/institutions/institution-schema";
import { setInstitutionRoleIn } from "~/features/accounts/role.server";
import { decideInstitutionRequest } from "~/features/institutions/request-decision.server";
import { emailDomainEvidence } from "~/features/institutions/email-domain";
import type { FieldErrors } from "~/features/experts/expert.server";
import { parseId } from "~/utils/input";

export const ROR_TAKEN_MESSAGE = "An institution with this ROR id is already listed: ask to administer it instead of registering it again.";
export const PARENT_UNKNOWN_MESSAGE = "Choose a verified institution as the parent.";

/** Escapes LIKE wildcards so user text matches literally. */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface InstitutionOption {
  id: number;
  name: string;
  country: string;
  countryName: string;
  city: string | null;
}

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
      sql<number>`greatest(similarity(lower(i.name), lower(${text})), coalesce((select max(similarity(lower(n.name), lower(${text}))) from institution_names n where n.institution_id = i.id), 0))`.as("score"),
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
  const rows = await db.selectFrom("institutions").select(["id", "name", "country_code", "city"]).where("id", "in", ids).where("status", "=", "verified").execute();
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

/**
 * Taxonomy topics for the topic pickers (/lookup/topics, /me/profile,
 * institution edit), at most `limit`, best match first: from the Meilisearch
 * topics index (search/topic-recognition.server.ts searchTopicIndex: name,
 * keywords, description, subfield; typos; the glossary's terms in the
 * region's languages). While search is down or the index not yet built
 * (isSearchFailure), the topics whose name, subfield or keywords contain `q`
 * (SQL, case-insensitive), so the pickers keep working. Only the first 100 characters of `q` are
 * searched; fewer than 2 → [].
 */
export async function lookupTopics(db: Kysely<DB>, q: string, limit = 20): Promise<TopicOption[]> {
  const text = q.trim().slice(0, 100);
  if (text.length < 2) return [];
  try {
    return await searchTopicIndex(text, limit, { throwWhenMissing: true });
  } catch (err) {
    if (!isSearchFailure(err)) throw err;
  }
  const pattern = likePattern(text);
  return db
    .selectFrom("topics")
    .select(["id", "name", "subfield"])
    .where((eb) =>
      eb.or([
        sql<boolean>`lower(name) like ${pattern}`,
        sql<boolean>`lower(subfield) like ${pattern}`,
        sql<boolean>`exists (select 1 from unnest(keywords) k where lower(k) like ${pattern})`,
      ]),
    )
    .orderBy(sql`lower(name) like ${pattern}`, "desc")
    .orderBy("name")
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------------------
// Registration

export interface DuplicateCandidate {
  id: number;
  name: string;
  country: string;
  status: string;
  rorId: string | null;
  /** Why it looks like a duplicate. */
  reason: "same ROR id" | "similar name";
}

/**
 * Institutions that are probably the one being registered: the same ROR id
 * (any country), or a name (or other name) with pg_trgm similarity ≥ 0.4 in
 * the same country. Rejected registrations are left out.
 */
export async function findLikelyDuplicates(
  db: Kysely<DB>,
  input: { name: string; countryCode: string; rorId?: string | null },
  limit = 10,
): Promise<DuplicateCandidate[]> {
  const name = input.name.trim().toLowerCase();
  const [byRor, byName] = await Promise.all([
    input.rorId
      ? db.selectFrom("institutions").select(["id", "name", "country_code", "status", "ror_id"]).where("ror_id", "=", input.rorId).execute()
      : Promise.resolve([]),
    db
      .selectFrom("institutions as i")
      .select(["i.id", "i.name", "i.country_code", "i.status", "i.ror_id"])
      .select(
        sql<number>`greatest(similarity(lower(i.name), ${name}), coalesce((select max(similarity(lower(n.name), ${name})) from institution_names n where n.institution_id = i.id), 0))`.as("score"),
      )
      .where("i.country_code", "=", input.countryCode)
      .where("i.status", "!=", "rejected")
      .where((eb) =>
        eb.or([
          sql<boolean>`similarity(lower(i.name), ${name}) >= 0.4`,
          eb.exists(
            eb
              .selectFrom("institution_names as n")
              .select(sql`1`.as("one"))
              .whereRef("n.institution_id", "=", "i.id")
              .where(sql<boolean>`similarity(lower(n.name), ${name}) >= 0.4`),
          ),
        ]),
      )
      .orderBy("score", "desc")
      .limit(limit)
      .execute(),
  ]);
  const out: DuplicateCandidate[] = byRor.map((r) => ({ id: r.id, name: r.name, country: r.country_code, status: r.status, rorId: r.ror_id, reason: "same ROR id" }));
  for (const r of byName) {
    if (!out.some((o) => o.id === r.id)) out.push({ id: r.id, name: r.name, country: r.country_code, status: r.status, rorId: r.ror_id, reason: "similar name" });
  }
  return out.slice(0, limit);
}

function fieldErrorsOf(issues: Array<{ path: (string | number)[]; message: string }>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) (out[String(issue.path[0] ?? "")] ??= []).push(issue.message);
  return out;
}

export type RegisterResult = { ok: true; institutionId: number } | { ok: false; fieldErrors: FieldErrors };

/**
 * Registers a new institution for `userId`: status `pending`, source
 * `registration`, the registrant recorded. Validates with
 * `institutionRegistrationSchema`; the ROR id must not be listed yet and the
 * parent must be verified. Queues the (not yet indexable) document in the
 * same transaction, so verification later only has to flip the status.
 */
export async function registerInstitution(db: Kysely<DB>, userId: string, input: unknown): Promise<RegisterResult> {
  const parsed = institutionRegistrationSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues) };
  const p = parsed.data;
  const errors: FieldErrors = {};
  const [rorOwner, parent] = await Promise.all([
    p.rorId ? db.selectFrom("institutions").select("id").where("ror_id", "=", p.rorId).executeTakeFirst() : Promise.resolve(undefined),
    p.parentId ? db.selectFrom("institutions").select("status").where("id", "=", p.parentId).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  if (rorOwner) errors.rorId = [ROR_TAKEN_MESSAGE];
  if (p.parentId && parent?.status !== "verified") errors.parentId = [PARENT_UNKNOWN_MESSAGE];
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("institutions")
        .values({
          name: p.name,
          kind: p.kind,
          country_code: p.countryCode,
          city: p.city ?? null,
          website: p.website ?? null,
          ror_id: p.rorId ?? null,
          parent_id: p.parentId ?? null,
          status: "pending",
          source: "registration",
          registered_by: userId,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await enqueueIndexChange(trx, "institutions", [row.id]);
      return { ok: true as const, institutionId: row.id };
    });
  } catch (err) {
    const e = err as { code?: string; constraint_name?: string };
    if (e?.code === "23505" && e.constraint_name === "institutions_ror_id_key") return { ok: false, fieldErrors: { rorId: [ROR_TAKEN_MESSAGE] } };
    throw err;
  }
}

export type DecisionResult = "done" | "not-found" | "already-decided";

/**
 * The secretariat's decision on a pending registration. Verifying sets the
 * status, records who decided and makes the registrant the institution's admin
 * (audited); rejecting records the reason. Status, membership and the outbox
 * entry commit together. A registration already decided is left alone (two
 * secretariat members deciding at once: the first wins).
 */
export async function decideRegistration(
  db: Kysely<DB>,
  input: { actorId: string; institutionId: number; decision: "verify" | "reject"; reason?: string },
): Promise<DecisionResult> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("institutions")
      .select(["id", "status", "registered_by"])
      .where("id", "=", input.institutionId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return "not-found";
    if (row.status !== "pending") return "already-decided";
    await trx
      .updateTable("institutions")
      .set({
        status: input.decision === "verify" ? "verified" : "rejected",
        decided_by: input.actorId,
        decided_at: sql`now()`,
        decision_reason: input.reason?.trim() || null,
        updated_at: sql`now()`,
      })
      .where("id", "=", row.id)
      .execute();
    if (input.decision === "verify" && row.registered_by) {
      await setInstitutionRoleIn(trx, { actorId: input.actorId, targetId: row.registered_by, institutionId: row.id, role: "admin" });
    }
    await enqueueIndexChange(trx, "institutions", [row.id]);
    return "done";
  });
}

/** Pending registrations, oldest first, with the registrant's name and email and likely duplicates. */
export async function listPendingRegistrations(db: Kysely<DB>) {
  const rows = await db
    .selectFrom("institutions as i")
    .leftJoin("users as u", "u.id", "i.registered_by")
    .leftJoin("institutions as p", "p.id", "i.parent_id")
    .select([
      "i.id",
      "i.name",
      "i.kind",
      "i.country_code",
      "i.city",
      "i.website",
      "i.ror_id",
      "i.created_at",
      "u.display_name as registrant_name",
      "u.email as registrant_email",
      "p.id as parent_id",
      "p.name as parent_name",
    ])
    .where("i.status", "=", "pending")
    .orderBy("i.created_at")
    .orderBy("i.id")
    .limit(200)
    .execute();
  return Promise.all(
    rows.map(async (r) => ({
      ...r,
      created_at: new Date(r.created_at).toISOString(),
      countryName: countryName(r.country_code),
      duplicates: (await findLikelyDuplicates(db, { name: r.name, countryCode: r.country_code, rorId: r.ror_id })).filter((d) => d.id !== r.id),
    })),
  );
}

/**
 * An institution as its registrant or the secretariat may see it while it is
 * pending or rejected; null when it does not exist or `viewer` may not see it.
 */
export async function getRegistrationFor(db: Kysely<DB>, id: number, viewer: { id: string; roles: readonly string[] } | null) {
  if (!viewer) return null;
  const row = await db
    .selectFrom("institutions")
    .select(["id", "name", "kind", "country_code", "city", "website", "ror_id", "status", "registered_by", "decision_reason", "created_at"])
    .where("id", "=", id)
    .where("status", "!=", "verified")
    .executeTakeFirst();
  if (!row) return null;
  if (row.registered_by !== viewer.id && !viewer.roles.includes("secretariat")) return null;
  return { ...row, created_at: new Date(row.created_at).toISOString(), countryName: countryName(row.country_code) };
}

// ---------------------------------------------------------------------------
// Requests to administer an existing institution

export type AdminRequestResult = "created" | "already-admin" | "already-pending" | "not-found";

/** Asks the secretariat to make `userId` an admin of verified institution `institutionId`. */
export async function requestInstitutionAdmin(
  db: Kysely<DB>,
  input: { userId: string; institutionId: number; message: string },
): Promise<AdminRequestResult> {
  const [inst, member, pending] = await Promise.all([
    db.selectFrom("institutions").select("id").where("id", "=", input.institutionId).where("status", "=", "verified").executeTakeFirst(),
    db.selectFrom("institution_members").select("role").where("user_id", "=", input.userId).where("institution_id", "=", input.institutionId).executeTakeFirst(),
    db.selectFrom("institution_admin_requests").select("id").where("user_id", "=", input.userId).where("institution_id", "=", input.institutionId).where("status", "=", "pending").executeTakeFirst(),
  ]);
  if (!inst) return "not-found";
  if (member?.role === "admin") return "already-admin";
  if (pending) return "already-pending";
  const r = await db
    .insertInto("institution_admin_requests")
    .values({ user_id: input.userId, institution_id: input.institutionId, message: input.message.trim().slice(0, 2000) })
    .onConflict((oc) => oc.columns(["user_id", "institution_id"]).where("status", "=", "pending").doNothing())
    .returning("id")
    .executeTakeFirst();
  return r ? "created" : "already-pending";
}

/** The user's pending request for `institutionId`, if any. */
export async function pendingAdminRequest(db: Kysely<DB>, userId: string, institutionId: number) {
  return db
    .selectFrom("institution_admin_requests")
    .select(["id", "created_at"])
    .where("user_id", "=", userId)
    .where("institution_id", "=", institutionId)
    .where("status", "=", "pending")
    .executeTakeFirst();
}

/**
 * Grants (the requester becomes admin, audited, same transaction) or refuses
 * (reason recorded) a pending request, and tells the requester (in-app and
 * by email, sent after commit to `origin` links). A decided request is left alone.
 */
export async function decideAdminRequest(
  db: Kysely<DB>,
  input: { actorId: string; requestId: number; decision: "grant" | "refuse"; reason?: string },
  origin = "",
): Promise<DecisionResult> {
  return decideInstitutionRequest(db, "administer", input, {
    onGrant: async (trx, req) => {
      await setInstitutionRoleIn(trx, { actorId: input.actorId, targetId: req.user_id, institutionId: req.institution_id, role: "admin" });
    },
  }, origin);
}

/**
 * Pending admin requests, oldest first, with requester, institution and the
 * evidence the secretariat weighs (issue 14, item 4): whether the requester's
 * email is confirmed and how its domain compares with the institution's
 * website (`domain`, see emailDomainEvidence), their expert profile id (null
 * without one) and how many other requests to administer they made (any
 * institution, any status; `otherPending` of them still open).
 */
export async function listPendingAdminRequests(db: Kysely<DB>) {
  const rows = await db
    .selectFrom("institution_admin_requests as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .innerJoin("institutions as i", "i.id", "r.institution_id")
    .leftJoin("experts as e", "e.user_id", "u.id")
    .select([
      "r.id",
      "r.message",
      "r.created_at",
      "r.user_id",
      "u.display_name",
      "u.email",
      "u.email_verified_at",
      "e.id as expert_id",
      "i.id as institution_id",
      "i.name as institution_name",
      "i.country_code",
      "i.website",
    ])
    .select((eb) => [
      eb.selectFrom("institution_admin_requests as o").select(sql<number>`count(*)::int`.as("n")).whereRef("o.user_id", "=", "r.user_id").whereRef("o.id", "!=", "r.id").as("other_requests"),
      eb
        .selectFrom("institution_admin_requests as o")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("o.user_id", "=", "r.user_id")
        .whereRef("o.id", "!=", "r.id")
        .where("o.status", "=", "pending")
        .as("other_pending"),
    ])
    .where("r.status", "=", "pending")
    .orderBy("r.created_at")
    .orderBy("r.id")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    ...r,
    created_at: new Date(r.created_at).toISOString(),
    email_verified_at: r.email_verified_at ? new Date(r.email_verified_at).toISOString() : null,
    other_requests: Number(r.other_requests ?? 0),
    other_pending: Number(r.other_pending ?? 0),
    domain: emailDomainEvidence(r.email, r.website),
  }));
}
