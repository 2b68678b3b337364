/**
 * Users, their passwords and site roles. Functions take `db` (or a
 * transaction) first so the caller owns the transaction. Emails passed in
 * must already be normalised (user-validation.ts normalizeEmail).
 */
import { randomBytes } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~db/types";
import type { SiteRole } from "~/domain/roles";

type Db = Kysely<DB> | Transaction<DB>;

/** Public fields of a user (no password hash). */
export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  emailVerifiedAt: Date | null;
  createdAt: Date;
}

const publicColumns = ["id", "email", "display_name as displayName", "email_verified_at as emailVerifiedAt", "created_at as createdAt"] as const;

/** A new user id: 20 random bytes, base32 lower case (Lucia's id style, 32 characters). */
export function newUserId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export async function getUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").select(publicColumns).where("id", "=", id).executeTakeFirst();
}

export async function getUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").select(publicColumns).where("email", "=", email).executeTakeFirst();
}

/** The user and their password hash (null when they have none yet), for sign-in. */
export async function getUserWithPassword(db: Db, email: string) {
  return db
    .selectFrom("users")
    .leftJoin("user_passwords", "user_passwords.user_id", "users.id")
    .select([...publicColumns.map((c) => `users.${c}` as const), "user_passwords.hash"])
    .where("users.email", "=", email)
    .executeTakeFirst();
}

/**
 * Inserts a user (and their password hash when given); `signupLanguage`:
 * the interface language of the sign-up (users.signup_language, default en).
 * @returns the new user, or null when the email is already taken (nothing written)
 */
export async function createUser(
  db: Kysely<DB>,
  input: { email: string; displayName: string; passwordHash?: string | null; verified?: boolean; signupLanguage?: string },
): Promise<UserRow | null> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto("users")
      .values({
        id: newUserId(),
        email: input.email,
        display_name: input.displayName,
        email_verified_at: input.verified ? new Date() : null,
        ...(input.signupLanguage ? { signup_language: input.signupLanguage } : {}),
      })
      .onConflict((oc) => oc.column("email").doNothing())
      .returning(publicColumns)
      .executeTakeFirst();
    if (!user) return null;
    if (input.passwordHash) await trx.insertInto("user_passwords").values({ user_id: user.id, hash: input.passwordHash }).execute();
    return user;
  });
}

/** Sets (or replaces) the user's password hash. */
export async function setPasswordHash(db: Db, userId: string, hash: string): Promise<void> {
  await db
    .insertInto("user_passwords")
    .values({ user_id: userId, hash })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ hash, updated_at: sql`now()` }))
    .execute();
}

/** Marks the email verified (keeps the first verification time). */
export async function markEmailVerified(db: Db, userId: string): Promise<void> {
  await db
    .updateTable("users")
    .set({ email_verified_at: sql`coalesce(email_verified_at, now())` })
    .where("id", "=", userId)
    .execute();
}

export async function getRoles(db: Db, userId: string): Promise<SiteRole[]> {
  const rows = await db.selectFrom("user_roles").select("role").where("user_id", "=", userId).orderBy("role").execute();
  return rows.map((r) => r.role as SiteRole);
}

export const USERS_PER_PAGE = 50;

/**
 * Users whose email or name contains `q` (case-insensitive substring, no
 * wildcards: `q` is matched literally), newest first, with their site roles
 * and institution memberships. Empty `q`: everyone.
 */
export async function searchUsers(db: Db, q: string, page = 1) {
  let query = db.selectFrom("users").select([
    ...publicColumns,
    (eb) =>
      eb
        .selectFrom("user_roles")
        .select(sql<string[]>`coalesce(array_agg(role order by role), '{}')`.as("roles"))
        .whereRef("user_roles.user_id", "=", "users.id")
        .as("roles"),
  ]);
  const needle = q.trim().toLowerCase();
  if (needle) {
    query = query.where((eb) => eb.or([eb(sql`strpos(users.email, ${needle})`, ">", 0), eb(sql`strpos(lower(users.display_name), ${needle})`, ">", 0)]));
  }
  const rows = await query
    .orderBy("users.created_at", "desc")
    .orderBy("users.id")
    .limit(USERS_PER_PAGE + 1)
    .offset((page - 1) * USERS_PER_PAGE)
    .execute();
  const users = rows.slice(0, USERS_PER_PAGE).map((r) => ({ ...r, roles: (r.roles ?? []) as SiteRole[] }));
  const memberships = users.length
    ? await db
        .selectFrom("institution_members")
        .innerJoin("institutions", "institutions.id", "institution_members.institution_id")
        .select(["institution_members.user_id as userId", "institutions.id", "institutions.name", "institution_members.role"])
        .where(
          "institution_members.user_id",
          "in",
          users.map((u) => u.id),
        )
        .orderBy("institutions.name")
        .execute()
    : [];
  return {
    users: users.map((u) => ({
      ...u,
      institutions: memberships.filter((m) => m.userId === u.id).map((m) => ({ id: m.id, name: m.name, role: m.role as "admin" | "member" })),
    })),
    hasMore: rows.length > USERS_PER_PAGE,
  };
}

/** Whether `userId` has built an expert profile (the first page after sign-up depends on it). */
export async function hasExpertProfile(db: Db, userId: string): Promise<boolean> {
  const row = await db.selectFrom("experts").select("id").where("user_id", "=", userId).executeTakeFirst();
  return Boolean(row);
}

/** How many accounts exist and how many of them have confirmed their email address: for the secretariat's start page. */
export async function userCounts(db: Db): Promise<{ total: number; verified: number }> {
  return db
    .selectFrom("users")
    .select([sql<number>`count(*)::int`.as("total"), sql<number>`count(email_verified_at)::int`.as("verified")])
    .executeTakeFirstOrThrow();
}
