/**
 * Links expert profiles to their owning account now that `users` exists
 * (the experts migration left `experts.user_id` without a foreign key).
 * Deleting an account keeps the profile, unowned.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("experts")
    .addForeignKeyConstraint("experts_user_id_fkey", ["user_id"], "users", ["id"], (c) => c.onDelete("set null"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("experts").dropConstraint("experts_user_id_fkey").execute();
}
