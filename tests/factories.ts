/**
 * Factories for tests (and later features' tests): users with roles and
 * institution memberships, and signed-in sessions as Cookie headers usable
 * both with direct loader/action calls and over HTTP against startAppServer().
 */
import { randomBytes } from "node:crypto";
import { getDb } from "../app/utils/db.server";
import { createUser as insertUser, type UserRow } from "../app/features/accounts/user.server";
import { grantRole, setInstitutionRole } from "../app/features/accounts/role.server";
import { hashPassword } from "../app/features/accounts/password.server";
import { startSession } from "../app/features/accounts/auth.server";
import type { SiteRole } from "../app/domain/roles";

export const DEFAULT_PASSWORD = "correct horse battery staple";

export interface TestUser extends UserRow {
  password: string;
}

/**
 * Creates a user. Defaults: a unique example.org address, DEFAULT_PASSWORD,
 * email verified, researcher only.
 * @param opts.role / opts.roles site roles to grant (audited with the command line as actor)
 * @param opts.institutionAdminOf institution id(s) the user administers
 * @param opts.institutionMemberOf institution id(s) the user is a member of
 */
export async function createUser(
  opts: {
    email?: string;
    displayName?: string;
    password?: string | null;
    verified?: boolean;
    role?: SiteRole | "researcher";
    roles?: SiteRole[];
    institutionAdminOf?: number | number[];
    institutionMemberOf?: number | number[];
  } = {},
): Promise<TestUser> {
  const db = getDb();
  const email = opts.email ?? `user-${randomBytes(5).toString("hex")}@example.org`;
  const password = opts.password === undefined ? DEFAULT_PASSWORD : opts.password;
  const user = await insertUser(db, {
    email,
    displayName: opts.displayName ?? `Test ${email.split("@")[0]}`,
    passwordHash: password ? await hashPassword(password) : null,
    verified: opts.verified ?? true,
  });
  if (!user) throw new Error(`createUser: ${email} exists already`);
  const roles = [...(opts.roles ?? []), ...(opts.role && opts.role !== "researcher" ? [opts.role] : [])];
  for (const role of roles) await grantRole(db, { actorId: null, targetId: user.id, role });
  for (const id of [opts.institutionAdminOf ?? []].flat()) {
    await setInstitutionRole(db, { actorId: null, targetId: user.id, institutionId: id, role: "admin" });
  }
  for (const id of [opts.institutionMemberOf ?? []].flat()) {
    await setInstitutionRole(db, { actorId: null, targetId: user.id, institutionId: id, role: "member" });
  }
  return { ...user, password: password ?? "" };
}

/**
 * Starts a real session for `user` (as signing in would) and returns the
 * Cookie request header that carries it, e.g. "eco_session=…".
 */
export async function signIn(user: { id: string }, opts: { userAgent?: string; ip?: string } = {}): Promise<string> {
  const setCookie = await startSession(user.id, new Request("http://localhost/login", { headers: { "User-Agent": opts.userAgent ?? "vitest" } }), {
    clientAddress: opts.ip ?? "127.0.0.1",
  });
  return setCookie.split(";")[0];
}

/** An institution id to hang memberships on (a verified one from the imported data: METU). */
export async function anInstitutionId(): Promise<number> {
  const row = await getDb().selectFrom("institutions").select("id").where("ror_id", "=", "014weej12").executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A registered institution that is not verified ("pending" or "rejected"), as
 * a registration leaves it; visible to nobody but its registrant and the
 * secretariat. Named uniquely, so a page showing it can be searched for its name.
 */
export async function unverifiedInstitution(status: "pending" | "rejected", country = "TR"): Promise<{ id: number; name: string }> {
  const name = `Unverified ${status} institute ${randomBytes(4).toString("hex")}`;
  return getDb()
    .insertInto("institutions")
    .values({ name, kind: "research_centre", country_code: country, status, source: "registration" })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
}

/**
 * A joint call of `institutionId` inserted directly in `status`, its deadline 30 days ahead,
 * optionally with a summary and body; returns its id (not queued for search).
 */
export async function insertCall(
  institutionId: number,
  status: "draft" | "open" | "closed" | "cancelled",
  title = `Test call ${randomBytes(3).toString("hex")}`,
  texts: { summary?: string; body?: string } = {},
): Promise<number> {
  const row = await getDb()
    .insertInto("calls")
    .values({ institution_id: institutionId, kind: "joint_research", title, ...texts, deadline: new Date(Date.now() + 30 * 86_400_000), status })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
