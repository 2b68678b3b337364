/**
 * Interface languages (issue 16): `users.language` is the language the person
 * chose with the switcher (null until they choose), `users.signup_language`
 * the one the account was created in. Emails go out in the first of the two
 * that is set. Codes are BCP 47 tags of app/i18n/languages.ts ("en", "fa-AF").
 * Frozen in time: typed against Kysely<any>, never import app types here.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("language", "text")
    .addColumn("signup_language", "text", (c) => c.notNull().defaultTo("en"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("language").dropColumn("signup_language").execute();
}
