/**
 * Single-use tokens sent by email (verify an address, reset a password).
 * The token (32 random bytes, base64url) exists only in the link; the table
 * keeps its SHA-256. A token is valid until `expires_at` and consumed once.
 */
import { createHash, randomBytes } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~db/types";

type Db = Kysely<DB> | Transaction<DB>;
export type TokenPurpose = "verify" | "reset";

/** Lifetimes in minutes. */
export const TOKEN_TTL_MINUTES: Record<TokenPurpose, number> = { verify: 24 * 60, reset: 60 };

/** What the database keeps of a token: its SHA-256, hex (also for institution invitations). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A fresh raw token for a link: 32 random bytes, base64url (the shape isTokenShaped accepts). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** A token has this shape; anything else is rejected before a query. */
export function isTokenShaped(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * Issues a token for `userId`. Earlier unused tokens of the same purpose are
 * retired, so only the newest link works.
 * @param ttlMinutes defaults to TOKEN_TTL_MINUTES[purpose]
 * @returns the raw token (to put in a link; it is not stored)
 */
export async function createEmailToken(db: Db, userId: string, purpose: TokenPurpose, ttlMinutes = TOKEN_TTL_MINUTES[purpose]): Promise<string> {
  const token = newToken();
  await db
    .updateTable("email_tokens")
    .set({ used_at: sql`now()` })
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .execute();
  await db
    .insertInto("email_tokens")
    .values({ token_hash: hashToken(token), purpose, user_id: userId, expires_at: new Date(Date.now() + ttlMinutes * 60_000) })
    .execute();
  return token;
}

/** The user a still-valid token belongs to (id, email), without using it up; null otherwise. */
export async function peekEmailToken(db: Db, token: string, purpose: TokenPurpose) {
  if (!isTokenShaped(token)) return null;
  const row = await db
    .selectFrom("email_tokens")
    .innerJoin("users", "users.id", "email_tokens.user_id")
    .select(["users.id", "users.email", "users.display_name as displayName"])
    .where("email_tokens.token_hash", "=", hashToken(token))
    .where("email_tokens.purpose", "=", purpose)
    .where("email_tokens.used_at", "is", null)
    .where("email_tokens.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Uses the token up (atomically: of two concurrent uses, one wins).
 * @returns the user id, or null when the token is unknown, expired, used or for another purpose
 */
export async function consumeEmailToken(db: Db, token: string, purpose: TokenPurpose): Promise<string | null> {
  if (!isTokenShaped(token)) return null;
  const row = await db
    .updateTable("email_tokens")
    .set({ used_at: sql`now()` })
    .where("token_hash", "=", hashToken(token))
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning("user_id")
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** Retires every unused token of `purpose` for the user (after a password reset, say). */
export async function retireEmailTokens(db: Db, userId: string, purpose: TokenPurpose): Promise<void> {
  await db
    .updateTable("email_tokens")
    .set({ used_at: sql`now()` })
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .execute();
}
