/**
 * Account flows that span several tables and an email: sign-up, sign-in
 * checks, email verification and password reset. Routes call these; sessions
 * are started and ended by utils/auth.server.ts.
 *
 * Nothing here tells a caller whether an address has an account: sign-up
 * and "forgot password" behave identically either way (the mailbox owner
 * learns the truth by email), and sign-in fails with one message for a wrong
 * email and a wrong password.
 *
 * Emails are written in the recipient's language (`emailLanguage`: the
 * account's choice, else the language it signed up in), from the `email`
 * catalogue.
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { hashPassword, verifyPassword } from "~/features/accounts/password.server";
import { sendMail } from "~/utils/mail.server";
import {
  createUser,
  getUserByEmail,
  getUserById,
  getUserWithPassword,
  markEmailVerified,
  setPasswordHash,
  type UserRow,
} from "~/features/accounts/user.server";
import { emailLanguage } from "~/features/accounts/account-language.server";
import { serverT } from "~/i18n/i18n.server";
import type { LanguageCode } from "~/i18n/languages";
import type { TFunction } from "i18next";
import { TOKEN_TTL_MINUTES, consumeEmailToken, createEmailToken, retireEmailTokens } from "~/features/accounts/email-token.server";

/** Sends mail but never fails the request over it: the person can ask again. */
async function deliver(message: Parameters<typeof sendMail>[0]): Promise<void> {
  try {
    await sendMail(message);
  } catch (err) {
    console.error(`[mail] could not send "${message.subject}": ${(err as Error).message}`);
  }
}

/** How long a link works, in words ("24 hours", "30 minutes") in `t`'s language. */
function duration(t: TFunction, minutes: number): string {
  return minutes % 60 === 0 ? t("duration.hours", { count: minutes / 60 }) : t("duration.minutes", { count: minutes });
}

/** Emails a fresh verification link (older links stop working), in the account's language. */
export async function sendVerificationMail(db: Kysely<DB>, user: Pick<UserRow, "id" | "email" | "displayName">, origin: string): Promise<void> {
  const token = await createEmailToken(db, user.id, "verify");
  const link = `${origin}/verify-email?${new URLSearchParams({ token })}`;
  const t = serverT(await emailLanguage(db, user.id), "email");
  await deliver({
    to: user.email,
    subject: t("verify.subject"),
    text: [
      t("hello", { name: user.displayName }),
      "",
      t("verify.intro"),
      "",
      link,
      "",
      t("verify.outro", { duration: duration(t, TOKEN_TTL_MINUTES.verify) }),
    ].join("\n"),
  });
}

/**
 * Sign-up. A new address gets an unverified account (remembering `language`,
 * the language of the sign-up page, as users.signup_language) and a
 * verification link in that language; an address that already has an account
 * gets a note saying so (with a password-reset link), in that account's
 * language. The password is hashed in both cases so the two take the same time.
 */
export async function registerAccount(
  db: Kysely<DB>,
  input: { email: string; displayName: string; password: string; language: LanguageCode },
  origin: string,
): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  const user = await createUser(db, { email: input.email, displayName: input.displayName, passwordHash, signupLanguage: input.language });
  if (user) {
    await sendVerificationMail(db, user, origin);
    return;
  }
  const existing = await getUserByEmail(db, input.email);
  if (!existing) return;
  const t = serverT(await emailLanguage(db, existing.id), "email");
  await deliver({
    to: existing.email,
    subject: t("alreadyRegistered.subject"),
    text: [
      t("hello", { name: existing.displayName }),
      "",
      t("alreadyRegistered.intro"),
      t("alreadyRegistered.signIn", { url: `${origin}/login` }),
      t("alreadyRegistered.forgot", { url: `${origin}/forgot-password` }),
      "",
      t("alreadyRegistered.outro"),
    ].join("\n"),
  });
}

export type SignInCheck = { status: "ok"; user: UserRow } | { status: "invalid" } | { status: "unverified"; user: UserRow };

/** Checks an email and password. "invalid" covers both an unknown email and a wrong password, in the same time. */
export async function checkCredentials(db: Kysely<DB>, email: string, password: string): Promise<SignInCheck> {
  const row = await getUserWithPassword(db, email);
  const ok = await verifyPassword(row?.hash ?? null, password);
  if (!row || !ok) return { status: "invalid" };
  const { hash: _hash, ...user } = row;
  return user.emailVerifiedAt ? { status: "ok", user } : { status: "unverified", user };
}

/**
 * Uses a verification token.
 * @returns the verified user's id, or null for an unknown, used or expired token
 */
export async function verifyEmail(db: Kysely<DB>, token: string): Promise<string | null> {
  const userId = await consumeEmailToken(db, token, "verify");
  if (userId) await markEmailVerified(db, userId);
  return userId;
}

/** "Forgot password": emails a reset link (in the account's language) when the address has an account; silent otherwise. */
export async function requestPasswordReset(db: Kysely<DB>, email: string, origin: string): Promise<void> {
  const user = await getUserByEmail(db, email);
  if (!user) return;
  const link = await passwordResetLink(db, user.id, origin);
  const t = serverT(await emailLanguage(db, user.id), "email");
  await deliver({
    to: user.email,
    subject: t("reset.subject"),
    text: [
      t("hello", { name: user.displayName }),
      "",
      t("reset.intro"),
      "",
      link,
      "",
      t("reset.outro", { duration: duration(t, TOKEN_TTL_MINUTES.reset) }),
      t("reset.ignore"),
    ].join("\n"),
  });
}

/** A reset link for `userId` (also printed by `npm run user:create`). */
export async function passwordResetLink(db: Kysely<DB>, userId: string, origin: string, ttlMinutes?: number): Promise<string> {
  const token = await createEmailToken(db, userId, "reset", ttlMinutes);
  return `${origin}/reset-password?${new URLSearchParams({ token })}`;
}

/**
 * Uses a reset token: sets the new password, marks the email verified (the
 * link proved the mailbox) and retires other reset links. The caller ends the
 * user's sessions.
 * @returns the user, or null for an unknown, used or expired token
 */
export async function resetPassword(db: Kysely<DB>, token: string, newPassword: string): Promise<UserRow | null> {
  const passwordHash = await hashPassword(newPassword);
  return db.transaction().execute(async (trx) => {
    const userId = await consumeEmailToken(trx, token, "reset");
    if (!userId) return null;
    await setPasswordHash(trx, userId, passwordHash);
    await markEmailVerified(trx, userId);
    await retireEmailTokens(trx, userId, "reset");
    return (await getUserById(trx, userId)) ?? null;
  });
}
