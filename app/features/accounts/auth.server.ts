/**
 * Sessions and the signed-in user. The only module that touches Lucia, so it
 * can be replaced (Lucia v3 is deprecated upstream) without changing routes.
 *
 * Cookie: `eco_session`, HttpOnly, SameSite=Lax, Path=/, Secure per
 * cookieSecure() (env.server.ts), Max-Age = session lifetime. Its value is a
 * random token (160 bits); the database keeps only SHA-256(token) as the
 * session id, so a leaked sessions table does not hand out live sessions.
 * Sliding expiry: a session lives SESSION_DAYS days and is extended (new
 * expiry, new cookie) once less than half of that remains (Lucia's rule).
 */
import { createHash, randomBytes } from "node:crypto";
import { redirect, type AppLoadContext } from "@remix-run/node";
import { Lucia, TimeSpan } from "lucia";
import { PostgresJsAdapter } from "@lucia-auth/adapter-postgresql";
import type postgres from "postgres";
import { getDb, getDbHandle } from "~/utils/db.server";
import { cookieSecure } from "~/utils/env.server";
import { clientAddress } from "~/utils/request.server";
import { loginPath } from "~/utils/redirect";
import type { SiteRole } from "~/domain/roles";

export const SESSION_COOKIE = "eco_session";
export const SESSION_DAYS = 14;

function createLucia(sql: postgres.Sql, secure: boolean) {
  return new Lucia(new PostgresJsAdapter(sql, { user: "users", session: "sessions" }), {
    sessionExpiresIn: new TimeSpan(SESSION_DAYS, "d"),
    sessionCookie: { name: SESSION_COOKIE, attributes: { secure, sameSite: "lax" } },
    getUserAttributes: (a) => ({ email: a.email, displayName: a.display_name, emailVerified: a.email_verified_at !== null }),
    getSessionAttributes: (a) => ({ createdAt: a.created_at, userAgent: a.user_agent, ipAddress: a.ip_address }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseUserAttributes: { email: string; display_name: string; email_verified_at: Date | null };
    DatabaseSessionAttributes: { created_at: Date; user_agent: string | null; ip_address: string | null };
  }
}

const instances = new WeakMap<postgres.Sql, { secure: boolean; lucia: ReturnType<typeof createLucia> }>();

/** Lucia over the app's one postgres.js pool (a new pool, e.g. another test database, gets a new instance). */
function lucia() {
  const { sql } = getDbHandle();
  const secure = cookieSecure();
  let entry = instances.get(sql);
  if (!entry || entry.secure !== secure) {
    entry = { secure, lucia: createLucia(sql, secure) };
    instances.set(sql, entry);
  }
  return entry.lucia;
}

/** The session id stored for a cookie token: hex SHA-256. */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The signed-in user as routes see it. `roles` never includes "researcher" (everyone is one). */
export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
  roles: SiteRole[];
}

interface Auth {
  user: SessionUser;
  sessionId: string;
  token: string;
  /** The expiry was just extended: the cookie must be sent again. */
  fresh: boolean;
}

// One lookup per request, however many guards and loaders ask.
const perRequest = new WeakMap<Request, Promise<Auth | null>>();

function readToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  const token = lucia().readSessionCookie(header);
  // Our tokens are 32 base64url characters; anything else is not worth a query.
  return token && /^[A-Za-z0-9_-]{20,64}$/.test(token) ? token : null;
}

async function loadAuth(request: Request): Promise<Auth | null> {
  const token = readToken(request);
  if (!token) return null;
  const { session, user } = await lucia().validateSession(sessionIdOf(token));
  if (!session || !user) return null;
  const roles = await getDb().selectFrom("user_roles").select("role").where("user_id", "=", user.id).orderBy("role").execute();
  return {
    user: { id: user.id, email: user.email, displayName: user.displayName, emailVerified: user.emailVerified, roles: roles.map((r) => r.role as SiteRole) },
    sessionId: session.id,
    token,
    fresh: session.fresh,
  };
}

function getAuth(request: Request): Promise<Auth | null> {
  let p = perRequest.get(request);
  if (!p) {
    p = loadAuth(request);
    perRequest.set(request, p);
  }
  return p;
}

/** The signed-in user, or null. */
export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getAuth(request))?.user ?? null;
}

/** Id of the current session (SHA-256 of the cookie token), or null. */
export async function getSessionId(request: Request): Promise<string | null> {
  return (await getAuth(request))?.sessionId ?? null;
}

/**
 * The signed-in user; otherwise throws a redirect to /login?redirectTo=<this path>.
 * @throws Response 302
 */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) throw redirect(loginPath(request.url));
  return user;
}

/**
 * For pages only anonymous visitors use (sign-in, sign-up).
 * @throws Response 302 to "/" when someone is signed in
 */
export async function requireAnonymous(request: Request): Promise<void> {
  if (await getUser(request)) throw redirect("/");
}

/**
 * Set-Cookie value to send when the session's expiry was just extended
 * (sliding expiry), else null. The root loader sends it.
 */
export async function refreshedSessionCookie(request: Request): Promise<string | null> {
  const auth = await getAuth(request);
  return auth?.fresh ? lucia().createSessionCookie(auth.token).serialize() : null;
}

/**
 * Starts a session for `userId` with a new id, ending the session the request
 * carried (if any) so no id survives a sign-in (session fixation). Also
 * removes the user's expired sessions.
 * @returns the Set-Cookie header value
 */
export async function startSession(userId: string, request: Request, context?: AppLoadContext): Promise<string> {
  const l = lucia();
  const old = readToken(request);
  if (old) await l.invalidateSession(sessionIdOf(old));
  await getDb().deleteFrom("sessions").where("user_id", "=", userId).where("expires_at", "<=", new Date()).execute();
  const token = randomBytes(24).toString("base64url");
  await l.createSession(
    userId,
    {
      created_at: new Date(),
      user_agent: request.headers.get("User-Agent")?.slice(0, 300) ?? null,
      ip_address: context ? clientAddress(context) : null,
    },
    { sessionId: sessionIdOf(token) },
  );
  return l.createSessionCookie(token).serialize();
}

/**
 * After a password change or reset: ends every session of `userId` (whoever
 * knew the old password is signed out everywhere) and starts a new one for
 * this request's browser.
 * @returns the Set-Cookie header value of the new session
 */
export async function restartSessions(userId: string, request: Request, context?: AppLoadContext): Promise<string> {
  await endOtherSessions(userId, null);
  return startSession(userId, request, context);
}

/**
 * Ends the request's session (if any).
 * @returns Set-Cookie value that clears the cookie
 */
export async function endCurrentSession(request: Request): Promise<string> {
  const token = readToken(request);
  if (token) await lucia().invalidateSession(sessionIdOf(token));
  perRequest.delete(request);
  return lucia().createBlankSessionCookie().serialize();
}

/** A session as /account lists it. `id` is the stored id, safe to show (not the cookie token). */
export interface SessionInfo {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ipAddress: string | null;
}

/** The user's unexpired sessions, newest first. */
export async function listSessions(userId: string): Promise<SessionInfo[]> {
  const sessions = await lucia().getUserSessions(userId);
  return sessions
    .map((s) => ({ id: s.id, createdAt: s.createdAt, expiresAt: s.expiresAt, userAgent: s.userAgent, ipAddress: s.ipAddress }))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** Ends one of `userId`'s sessions; false when no such session belongs to that user. */
export async function endSession(userId: string, sessionId: string): Promise<boolean> {
  const r = await getDb().deleteFrom("sessions").where("id", "=", sessionId).where("user_id", "=", userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ends every session of `userId` except `keepSessionId` (null: all of them). Returns how many ended. */
export async function endOtherSessions(userId: string, keepSessionId: string | null): Promise<number> {
  let q = getDb().deleteFrom("sessions").where("user_id", "=", userId);
  if (keepSessionId) q = q.where("id", "!=", keepSessionId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}
