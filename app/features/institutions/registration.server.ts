/**
 * Institution registrations by users and the secretariat's decisions on them
 * (likely duplicates shown), plus the taxonomy topic look-ups the forms use.
 * Institution pickers: institution-lookup.server.ts; requests to administer
 * an existing institution: admin-request.server.ts.
 *
 * Every status change commits with its search-outbox entry; verifying a
 * registration makes the registrant its admin (audited) in the same commit.
 */
import { msg } from "~/i18n/message";
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { countryName } from "~/domain/member-states";
import { enqueueIndexChange } from "~/search/outbox.server";
import { institutionRegistrationSchema } from "~/features/institutions/institution-schema";
import { setInstitutionRoleIn } from "~/features/accounts/role.server";
import { fieldErrorsOf, type FieldErrors } from "~/utils/field-errors";

export const ROR_TAKEN_MESSAGE = msg("institutions:errors.rorTaken");
export const PARENT_UNKNOWN_MESSAGE = msg("institutions:errors.parentUnverified");

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
        sql<number>`greatest(similarity(lower(i.name), ${name}), coalesce((select max(similarity(lower(n.name), ${name})) from institution_names n where n.institution_id = i.id), 0))`.as(
          "score",
        ),
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
  const out: DuplicateCandidate[] = byRor.map((r) => ({
    id: r.id,
    name: r.name,
    country: r.country_code,
    status: r.status,
    rorId: r.ror_id,
    reason: "same ROR id",
  }));
  for (const r of byName) {
    if (!out.some((o) => o.id === r.id))
      out.push({ id: r.id, name: r.name, country: r.country_code, status: r.status, rorId: r.ror_id, reason: "similar name" });
  }
  return out.slice(0, limit);
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
