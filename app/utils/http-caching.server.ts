/**
 * HTTP caching of answers (issue 17), installed by server.ts through
 * `installResponseCaching` (http-middleware.server.ts), after the static files
 * and before Remix:
 *
 * - Public JSON API answers (PUBLIC_API below) to requests without a session
 *   cookie carry a weak `ETag` and `Cache-Control: public, max-age=30`. The
 *   ETag is derived before the route runs from the search data version
 *   (app/search/data-version.server.ts, one PostgreSQL read), the build version
 *   and the canonical URL, never by hashing the body: a matching
 *   `If-None-Match` is answered 304 without running the search.
 * - Nothing answered to a request that carries a session cookie, and no answer
 *   that sets a cookie, is ever `public`: such a `Cache-Control` is turned into
 *   `private, no-store` whoever set it (one guard for every route).
 *
 * Pages and route data are `private, no-store` with `Vary: Cookie,
 * Accept-Language` (app/entry.server.tsx); `/build/*` assets are immutable for
 * a year (server.ts).
 */
import { createHash } from "node:crypto";
import type { RequestHandler } from "express";
import onHeaders from "on-headers";
import type { ServerBuild } from "@remix-run/node";
import { SESSION_COOKIE } from "~/features/accounts/auth.server";
import { readDataVersion } from "~/search/data-version.server";
import { getDb } from "~/utils/db.server";

/** Seconds a shared cache or browser may reuse a public API answer without asking (the outbox lags about 1 s). */
export const PUBLIC_API_MAX_AGE_S = 30;
export const PUBLIC_API_CACHE_CONTROL = `public, max-age=${PUBLIC_API_MAX_AGE_S}`;
/** What every answer to a signed-in request, or setting a cookie, gets instead of `public`. */
export const PRIVATE_CACHE_CONTROL = "private, no-store";

/**
 * The public JSON API routes whose answer is a function of (search data version, build, URL)
 * for an anonymous caller, and what else it depends on:
 * - `session`: a signed-in caller's own profile and institutions are left out, so the answer
 *   varies with the Cookie header (`Vary: Cookie`; signed in: private, see above);
 * - `clockS`: the answer depends on the time (a call's open/closed status at its deadline);
 *   the ETag changes every `clockS` seconds (deadlines are whole minutes).
 * /api/v1/reports is not here: its figures come from PostgreSQL alone (not through the outbox),
 * so the search data version says nothing about them; its route hashes its body (publicJsonAnswer).
 */
const PUBLIC_API: Record<string, { session?: boolean; clockS?: number }> = {
  "/api/v1/institutions": {},
  "/api/v1/experts": {},
  "/api/v1/projects": {},
  "/api/v1/calls": { clockS: 60 },
  "/api/v1/partners": { session: true },
  "/api/v1/consortium": { session: true },
};

/** True when the Cookie header carries a (non-empty) session cookie: the caller may be signed in. */
export function hasSessionCookie(cookieHeader: string | undefined): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((pair) => {
    const [name, ...value] = pair.split("=");
    return name.trim() === SESSION_COOKIE && value.join("=").trim() !== "";
  });
}

/** True when `ifNoneMatch` (an If-None-Match header) matches `etag` by weak comparison (RFC 9110 13.1.2). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
}

/** A weak ETag naming `parts` (hashed: 22 base64url characters). */
export function weakEtag(...parts: Array<string | number>): string {
  return `W/"${createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 22)}"`;
}

/** The URL with its query parameters sorted, so `?a=1&b=2` and `?b=2&a=1` share an ETag. */
function canonicalUrl(originalUrl: string): string {
  const url = new URL(originalUrl, "http://h");
  url.searchParams.sort();
  return url.pathname + url.search;
}

function appendVary(res: { getHeader(n: string): unknown; setHeader(n: string, v: string): unknown }, field: string): void {
  const current = String(res.getHeader("Vary") ?? "");
  const fields = current.split(/,\s*/).filter(Boolean);
  if (!fields.some((f) => f.toLowerCase() === field.toLowerCase())) res.setHeader("Vary", [...fields, field].join(", "));
}

/**
 * The conditional GET of the public JSON API (see the module): ETag from the data version, 304
 * for a match (the route does not run), ETag + public Cache-Control on a 200 answer.
 * `build` gives the current server build (its `assets.version` changes with every deployment).
 * When PostgreSQL cannot be read, the request goes on without caching headers.
 */
export function publicApiCaching(build: () => ServerBuild): RequestHandler {
  return async (req, res, next) => {
    const policy = PUBLIC_API[req.path];
    if (!policy || (req.method !== "GET" && req.method !== "HEAD") || hasSessionCookie(req.headers.cookie)) return next();
    let version: number;
    try {
      version = await readDataVersion(getDb());
    } catch {
      return next();
    }
    const clock = policy.clockS ? Math.floor(Date.now() / 1000 / policy.clockS) : 0;
    const etag = weakEtag(build().assets.version, version, clock, canonicalUrl(req.originalUrl));
    const headers = () => {
      res.setHeader("ETag", etag);
      res.setHeader("Cache-Control", PUBLIC_API_CACHE_CONTROL);
      if (policy.session) appendVary(res, "Cookie");
      // A 304 carries the Vary its 200 would (RFC 9110 15.4.5); the 200 is compressed by Accept-Encoding.
      appendVary(res, "Accept-Encoding");
    };
    if (etagMatches(req.get("if-none-match"), etag)) {
      headers();
      res.status(304).end();
      return;
    }
    onHeaders(res, () => {
      if (res.statusCode === 200 && !res.getHeader("Cache-Control")) headers();
    });
    next();
  };
}

/**
 * The guard: an answer to a request with a session cookie, or one that sets a cookie, never goes
 * out `public` (nor with an ETag a shared cache could revalidate it by): whatever a route set,
 * or when it set nothing, it leaves as `private, no-store`. Routes need not remember it; this is
 * the one place it holds. (Static files are served before it and are the same for everyone.)
 */
export const neverPublicWhenPersonal: RequestHandler = (req, res, next) => {
  const signedIn = hasSessionCookie(req.headers.cookie);
  onHeaders(res, () => {
    if (!signedIn && res.getHeader("Set-Cookie") === undefined) return;
    const cc = String(res.getHeader("Cache-Control") ?? "");
    if (cc && !/\bpublic\b/i.test(cc)) return;
    res.setHeader("Cache-Control", PRIVATE_CACHE_CONTROL);
    res.removeHeader("ETag");
  });
  next();
};

/**
 * A public JSON answer whose ETag is the hash of its body (for routes whose data is not versioned
 * by the search data version: /api/v1/reports). The query still runs; a matching If-None-Match
 * saves sending the body. 200 with ETag and `public, max-age=30`, or 304.
 */
export function publicJsonAnswer(request: Request, data: unknown): Response {
  const body = JSON.stringify(data);
  const etag = weakEtag(body);
  const headers = { ETag: etag, "Cache-Control": PUBLIC_API_CACHE_CONTROL };
  if (etagMatches(request.headers.get("if-none-match") ?? undefined, etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}
