/**
 * Role guards. Each returns the signed-in user or throws: a redirect to
 * /login?redirectTo=… for anonymous visitors (requireUser), a 403 Response
 * for signed-in users without the right. Routes never branch on "not allowed".
 *
 * Roles do not nest: an admin manages accounts and is not thereby secretariat
 * (grant both when one person does both jobs).
 */
import { getDb } from "~/utils/db.server";
import { requireUser, type SessionUser } from "~/features/accounts/auth.server";
import { isInstitutionAdmin, isInstitutionMember } from "~/features/accounts/role.server";
import type { SiteRole } from "~/domain/roles";

function forbidden(message: string): Response {
  return new Response(message, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** True when the user holds `role` (or one of `roles`). */
export function hasRole(user: Pick<SessionUser, "roles"> | null | undefined, role: SiteRole | readonly SiteRole[]): boolean {
  const wanted = typeof role === "string" ? [role] : role;
  return Boolean(user && user.roles.some((r) => wanted.includes(r)));
}

/**
 * The signed-in user holding `role` (or any of `roles`).
 * @throws Response 302 to /login when anonymous, 403 when the role is missing
 */
export async function requireRole(request: Request, role: SiteRole | readonly SiteRole[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!hasRole(user, role)) {
    const names = (typeof role === "string" ? [role] : role).join(" or ");
    throw forbidden(`This page is for the ${names} role only.`);
  }
  return user;
}

/**
 * The signed-in user who administers institution `institutionId`.
 * @throws Response 302 to /login when anonymous, 403 otherwise
 */
export async function requireInstitutionAdmin(request: Request, institutionId: number): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!(await isInstitutionAdmin(getDb(), user.id, institutionId))) {
    throw forbidden("Only administrators of this institution may do that.");
  }
  return user;
}

/**
 * The signed-in user who administers institution `institutionId` or holds
 * `role` (the secretariat keeps any institution's names), with which of the
 * two applies: callers limit a role holder who is not an admin to what the
 * role may do.
 * @throws Response 302 to /login when anonymous, 403 when neither applies
 */
export async function requireInstitutionAdminOrRole(request: Request, institutionId: number, role: SiteRole): Promise<{ user: SessionUser; isAdmin: boolean }> {
  const user = await requireUser(request);
  const isAdmin = await isInstitutionAdmin(getDb(), user.id, institutionId);
  if (!isAdmin && !hasRole(user, role)) throw forbidden(`Only administrators of this institution and the ${role} may do that.`);
  return { user, isAdmin };
}

/**
 * The signed-in user who belongs to institution `institutionId` (admin or
 * member): members may draft proposals with it as lead; submitting stays
 * with its admins (the proposal workflow checks that).
 * @throws Response 302 to /login when anonymous, 403 otherwise
 */
export async function requireInstitutionMember(request: Request, institutionId: number): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!(await isInstitutionMember(getDb(), user.id, institutionId))) {
    throw forbidden("Only members of this institution may do that.");
  }
  return user;
}
