/**
 * Roles and guards: requireUser / requireRole / requireInstitutionAdmin, the
 * /admin/users page (grant, revoke, memberships, audit, last admin) and the
 * `user:create` command.
 */
import { english } from "./helpers/i18n";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { action as adminAction, loader as adminLoader } from "../app/routes/admin.users";
import { loader as secretariatLoader } from "../app/routes/secretariat._index";
import { requireUser } from "../app/features/accounts/auth.server";
import { requireInstitutionAdmin, requireRole } from "../app/features/accounts/permissions.server";
import { InstitutionNotVerifiedError, revokeRole, setInstitutionRole } from "../app/features/accounts/role.server";
import { actionArgs, callRoute, getArgs, getDb } from "./helpers";
import { DEFAULT_PASSWORD, anInstitutionId, createUser, signIn, unverifiedInstitution } from "./factories";

function req(cookie?: string, path = "/somewhere?x=1") {
  return new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

async function thrown(p: Promise<unknown>): Promise<Response> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
  throw new Error("expected the guard to throw");
}

async function rolesOf(userId: string) {
  return (await getDb().selectFrom("user_roles").select("role").where("user_id", "=", userId).orderBy("role").execute()).map((r) => r.role);
}

describe("guards", () => {
  it("requireUser redirects anonymous visitors to /login with the path to come back to", async () => {
    const res = await thrown(requireUser(req(undefined, "/account?tab=2")));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Faccount%3Ftab%3D2");
  });

  it("requireRole: 403 without the role, the user with it; roles do not nest", async () => {
    const researcher = await createUser();
    const admin = await createUser({ role: "admin" });
    const secretariat = await createUser({ role: "secretariat" });
    expect((await thrown(requireRole(req(await signIn(researcher)), "admin"))).status).toBe(403);
    expect((await thrown(requireRole(req(await signIn(admin)), "secretariat"))).status).toBe(403);
    expect((await requireRole(req(await signIn(admin)), "admin")).id).toBe(admin.id);
    expect((await requireRole(req(await signIn(secretariat)), ["admin", "secretariat"])).id).toBe(secretariat.id);
    expect((await thrown(requireRole(req(), "admin"))).status).toBe(302);
  });

  it("requireInstitutionAdmin admits that institution's admins only", async () => {
    const metu = await anInstitutionId();
    const other = (await getDb().selectFrom("institutions").select("id").where("id", "!=", metu).limit(1).executeTakeFirstOrThrow()).id;
    const instAdmin = await createUser({ institutionAdminOf: metu });
    const member = await createUser({ institutionMemberOf: metu });
    const siteAdmin = await createUser({ role: "admin" });
    expect((await requireInstitutionAdmin(req(await signIn(instAdmin)), metu)).id).toBe(instAdmin.id);
    expect((await thrown(requireInstitutionAdmin(req(await signIn(instAdmin)), other))).status).toBe(403);
    expect((await thrown(requireInstitutionAdmin(req(await signIn(member)), metu))).status).toBe(403);
    expect((await thrown(requireInstitutionAdmin(req(await signIn(siteAdmin)), metu))).status).toBe(403);
    expect((await thrown(requireInstitutionAdmin(req(), metu))).status).toBe(302);
  });

  it("a researcher gets 403 on /admin/users (page and action) and on the secretariat page", async () => {
    const researcher = await signIn(await createUser());
    expect((await callRoute(adminLoader, getArgs("/admin/users", researcher))).status).toBe(403);
    const target = await createUser();
    const res = await callRoute(adminAction, actionArgs("/admin/users", { intent: "grant", userId: target.id, role: "admin" }, { cookie: researcher }));
    expect(res.status).toBe(403);
    expect(await rolesOf(target.id)).toEqual([]);
    expect((await callRoute(secretariatLoader, getArgs("/secretariat", researcher))).status).toBe(403);
  });
});

describe("/admin/users", () => {
  it("finds users by part of the email or name, literally (no wildcards)", async () => {
    const admin = await signIn(await createUser({ role: "admin" }));
    await createUser({ email: "zeynep.kaya@metu.example", displayName: "Zeynep Kaya" });
    await createUser({ email: "rustam@tuit.example", displayName: "Rustam Karimov" });
    const byEmail = await (await callRoute(adminLoader, getArgs("/admin/users?q=METU.example", admin))).json();
    expect(byEmail.users.map((u: { email: string }) => u.email)).toEqual(["zeynep.kaya@metu.example"]);
    const byName = await (await callRoute(adminLoader, getArgs("/admin/users?q=karimov", admin))).json();
    expect(byName.users.map((u: { email: string }) => u.email)).toEqual(["rustam@tuit.example"]);
    const wildcard = await (await callRoute(adminLoader, getArgs("/admin/users?q=%25", admin))).json();
    expect(wildcard.users).toEqual([]);
  });

  it("grants and revokes roles, writing who, whom, what and when to the audit table", async () => {
    const adminUser = await createUser({ role: "admin" });
    const admin = await signIn(adminUser);
    const target = await createUser();
    const t0 = Date.now();
    const granted = await callRoute(
      adminAction,
      actionArgs("/admin/users?q=x", { intent: "grant", userId: target.id, role: "secretariat" }, { cookie: admin }),
    );
    expect(granted.status).toBe(302);
    expect(granted.headers.get("Location")).toBe("/admin/users?q=x");
    expect(await rolesOf(target.id)).toEqual(["secretariat"]);
    const revoked = await callRoute(adminAction, actionArgs("/admin/users", { intent: "revoke", userId: target.id, role: "secretariat" }, { cookie: admin }));
    expect(revoked.status).toBe(302);
    expect(await rolesOf(target.id)).toEqual([]);
    const audit = await getDb().selectFrom("role_audit").selectAll().where("target_id", "=", target.id).orderBy("id").execute();
    expect(audit.map((a) => [a.actor_id, a.actor_email, a.target_email, a.action, a.role])).toEqual([
      [adminUser.id, adminUser.email, target.email, "grant", "secretariat"],
      [adminUser.id, adminUser.email, target.email, "revoke", "secretariat"],
    ]);
    expect(audit[0].at.getTime()).toBeGreaterThanOrEqual(t0 - 5000);
    // Granting what is already there writes nothing.
    await callRoute(adminAction, actionArgs("/admin/users", { intent: "revoke", userId: target.id, role: "secretariat" }, { cookie: admin }));
    expect(await getDb().selectFrom("role_audit").select("id").where("target_id", "=", target.id).execute()).toHaveLength(2);
  });

  it("the last admin cannot remove their own admin role; with a second admin they can", async () => {
    const db = getDb();
    // Other test files' users live in other databases; this file may have made admins above.
    await db.deleteFrom("user_roles").where("role", "=", "admin").execute();
    const first = await createUser({ role: "admin" });
    const cookie = await signIn(first);
    const res = await callRoute(adminAction, actionArgs("/admin/users", { intent: "revoke", userId: first.id, role: "admin" }, { cookie }));
    expect(res.status).toBe(409);
    expect(english((await res.json()).error[""][0])).toMatch(/last admin/);
    expect(await rolesOf(first.id)).toEqual(["admin"]);
    const second = await createUser();
    await callRoute(adminAction, actionArgs("/admin/users", { intent: "grant", userId: second.id, role: "admin" }, { cookie }));
    const ok = await callRoute(adminAction, actionArgs("/admin/users", { intent: "revoke", userId: first.id, role: "admin" }, { cookie }));
    expect(ok.status).toBe(302);
    expect(await rolesOf(first.id)).toEqual([]);
    // And now `first` is no admin: the page refuses them.
    expect((await callRoute(adminLoader, getArgs("/admin/users", cookie))).status).toBe(403);
  });

  it("two admins removing each other at the same moment leave one admin", async () => {
    const db = getDb();
    await db.deleteFrom("user_roles").where("role", "=", "admin").execute();
    const a = await createUser({ role: "admin" });
    const b = await createUser({ role: "admin" });
    const results = await Promise.all([
      revokeRole(db, { actorId: a.id, targetId: b.id, role: "admin" }),
      revokeRole(db, { actorId: b.id, targetId: a.id, role: "admin" }),
    ]);
    expect(results.sort()).toEqual(["last-admin", "revoked"]);
    const admins = await db.selectFrom("user_roles").select("user_id").where("role", "=", "admin").execute();
    expect(admins).toHaveLength(1);
  });

  it("makes a user an institution admin (picked by name: the form sends its id), changes and removes the membership, all audited", async () => {
    const adminUser = await createUser({ role: "admin" });
    const admin = await signIn(adminUser);
    const target = await createUser();
    const metu = await anInstitutionId();
    const add = await callRoute(
      adminAction,
      actionArgs("/admin/users", { intent: "set-institution", userId: target.id, institutionId: String(metu), institutionRole: "admin" }, { cookie: admin }),
    );
    expect(add.status).toBe(302);
    expect((await requireInstitutionAdmin(req(await signIn(target)), metu)).id).toBe(target.id);
    await callRoute(
      adminAction,
      actionArgs("/admin/users", { intent: "set-institution", userId: target.id, institutionId: String(metu), institutionRole: "member" }, { cookie: admin }),
    );
    const remove = await callRoute(
      adminAction,
      actionArgs("/admin/users", { intent: "remove-institution", userId: target.id, institutionId: String(metu) }, { cookie: admin }),
    );
    expect(remove.status).toBe(302);
    const audit = await getDb()
      .selectFrom("role_audit")
      .select(["action", "role", "institution_id"])
      .where("target_id", "=", target.id)
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "grant", role: "institution_admin", institution_id: metu },
      { action: "revoke", role: "institution_admin", institution_id: metu },
      { action: "grant", role: "institution_member", institution_id: metu },
      { action: "revoke", role: "institution_member", institution_id: metu },
    ]);
    // A typed ROR id or any other non-id is no choice from the picker: a message at the field.
    const unknown = await callRoute(
      adminAction,
      actionArgs("/admin/users", { intent: "set-institution", userId: target.id, institutionId: "0abcdef12", institutionRole: "admin" }, { cookie: admin }),
    );
    expect(unknown.status).toBe(400);
    expect(english((await unknown.json()).error.institutionId[0])).toMatch(/Choose a verified institution from the list/);
  });

  it("gives nobody a membership of a pending or rejected institution: the same field message as an unknown id, nothing written, and the model refuses too", async () => {
    const admin = await signIn(await createUser({ role: "admin" }));
    const target = await createUser();
    const unknown = await callRoute(
      adminAction,
      actionArgs("/admin/users", { intent: "set-institution", userId: target.id, institutionId: "999999999", institutionRole: "admin" }, { cookie: admin }),
    );
    expect(unknown.status).toBe(400);
    const unknownError = (await unknown.json()).error;
    for (const status of ["pending", "rejected"] as const) {
      const hidden = await unverifiedInstitution(status);
      const res = await callRoute(
        adminAction,
        actionArgs(
          "/admin/users",
          { intent: "set-institution", userId: target.id, institutionId: String(hidden.id), institutionRole: "admin" },
          { cookie: admin },
        ),
      );
      expect(res.status, status).toBe(400);
      const text = await res.text();
      expect(JSON.parse(text).error).toEqual(unknownError);
      expect(text).not.toContain(hidden.name);
      await expect(setInstitutionRole(getDb(), { actorId: null, targetId: target.id, institutionId: hidden.id, role: "member" })).rejects.toBeInstanceOf(
        InstitutionNotVerifiedError,
      );
      expect(await getDb().selectFrom("institution_members").select("role").where("institution_id", "=", hidden.id).execute()).toEqual([]);
    }
    expect(await getDb().selectFrom("role_audit").select("id").where("target_id", "=", target.id).execute()).toEqual([]);
  });

  it("refuses an unknown intent or role with 400", async () => {
    const admin = await signIn(await createUser({ role: "admin" }));
    const target = await createUser();
    const cases: Array<Record<string, string>> = [
      { intent: "delete", userId: target.id },
      { intent: "grant", userId: target.id, role: "researcher" },
      { intent: "grant", userId: target.id, role: "superuser" },
    ];
    for (const fields of cases) {
      expect((await callRoute(adminAction, actionArgs("/admin/users", fields, { cookie: admin }))).status).toBe(400);
    }
    expect(await rolesOf(target.id)).toEqual([]);
  });
});

describe("npm run user:create", () => {
  const ROOT = path.resolve(import.meta.dirname, "..");
  // The command as `npm run user:create` runs it inside tooling/with-services.ts, against this file's database.
  function run(...args: string[]) {
    return spawnSync(process.execPath, ["--import", "tsx", "scripts/user-create.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "test" },
      encoding: "utf8",
      timeout: 60_000,
    });
  }

  it("creates the first admin and prints a one-time password link instead of inventing a password", async () => {
    const r = run("--email", "First.Admin@Example.org", "--role", "admin", "--name", "First Admin");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const link = r.stdout.match(/http:\/\/localhost:\d+\/reset-password\?token=[\w-]{43}/)?.[0];
    expect(link, r.stdout).toBeTruthy();
    const user = await getDb().selectFrom("users").selectAll().where("email", "=", "first.admin@example.org").executeTakeFirstOrThrow();
    expect(user.display_name).toBe("First Admin");
    expect(await rolesOf(user.id)).toEqual(["admin"]);
    expect(await getDb().selectFrom("user_passwords").select("user_id").where("user_id", "=", user.id).executeTakeFirst()).toBeUndefined();
    const audit = await getDb().selectFrom("role_audit").selectAll().where("target_id", "=", user.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: null, action: "grant", role: "admin" });
  });

  it("sets a given password, and refuses bad arguments with exit code 2", async () => {
    const ok = run("--email", "sec@example.org", "--role", "secretariat", "--password", DEFAULT_PASSWORD);
    expect(ok.status).toBe(0);
    expect(ok.stdout).not.toMatch(/reset-password/);
    const { checkCredentials } = await import("../app/features/accounts/account.server");
    expect((await checkCredentials(getDb(), "sec@example.org", DEFAULT_PASSWORD)).status).toBe("ok");
    expect(run("--email", "x@example.org", "--role", "researcher").status).toBe(2);
    expect(run("--email", "y@example.org", "--password", "short").status).toBe(2);
  });
});
