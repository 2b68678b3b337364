/**
 * The interface language remembered on an account (users.language, chosen
 * with the switcher) and the one it was created in (users.signup_language).
 * Sign-in restores the first to the `lng` cookie; emails to the person use
 * `emailLanguage`.
 */
import type { Db } from "~/utils/db.server";
import { FALLBACK_LANGUAGE, supportedLanguage, type LanguageCode } from "~/i18n/languages";
import { languageCookie, requestLanguage } from "~/i18n/i18n.server";
import { cookieSecure } from "~/utils/env.server";

/** Remembers `lng` (a supported code) as the account's language. */
export async function saveAccountLanguage(db: Db, userId: string, lng: LanguageCode): Promise<void> {
  await db.updateTable("users").set({ language: lng }).where("id", "=", userId).execute();
}

/** The language the person chose (null when they never used the switcher, or the user does not exist). */
export async function chosenLanguage(db: Db, userId: string): Promise<LanguageCode | null> {
  const row = await db.selectFrom("users").select("language").where("id", "=", userId).executeTakeFirst();
  return supportedLanguage(row?.language);
}

/** The language of emails to `userId`: their choice, else the language they signed up in, else English. */
export async function emailLanguage(db: Db, userId: string): Promise<LanguageCode> {
  const row = await db.selectFrom("users").select(["language", "signup_language"]).where("id", "=", userId).executeTakeFirst();
  return accountEmailLanguage(row);
}

/** `emailLanguage` for a users row already read (columns language, signup_language; undefined: English). */
export function accountEmailLanguage(row: { language: string | null; signup_language: string | null } | undefined): LanguageCode {
  return supportedLanguage(row?.language) ?? supportedLanguage(row?.signup_language) ?? FALLBACK_LANGUAGE;
}

/**
 * The response headers of a sign-in (password, email confirmation, password
 * reset): the session cookie and, when the account has chosen a language, the
 * `lng` cookie for it, so the choice survives signing out and in again.
 * `lng`: the language the next page speaks (the account's choice, else the
 * request's), for texts such as the toast made now.
 */
export async function signInResponse(db: Db, userId: string, sessionCookie: string, request: Request): Promise<{ headers: Headers; lng: LanguageCode }> {
  const headers = new Headers({ "Set-Cookie": sessionCookie });
  const chosen = await chosenLanguage(db, userId);
  if (chosen) headers.append("Set-Cookie", languageCookie(chosen, cookieSecure()));
  return { headers, lng: chosen ?? (await requestLanguage(request)) };
}
