/**
 * The interface language remembered on an account (users.language, chosen
 * with the switcher) and the one it was created in (users.signup_language).
 * Sign-in restores the first to the `lng` cookie; emails to the person use
 * `emailLanguage`.
 */
import type { Db } from "~/utils/db.server";
import { FALLBACK_LANGUAGE, supportedLanguage, type LanguageCode } from "~/i18n/languages";

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
  return supportedLanguage(row?.language) ?? supportedLanguage(row?.signup_language) ?? FALLBACK_LANGUAGE;
}
