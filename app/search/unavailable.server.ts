/**
 * "Search is down" answered the same way by every route, in one place.
 *
 * `degradeWhenSearchDown(build)` (applied by server.ts to the Remix server
 * build) wraps the loader and action of every route: when one throws because
 * Meilisearch did not answer (`isSearchUnavailable`: refused connection,
 * reset, timeout — not a request Meilisearch refused), the request is
 * answered 503 with `Retry-After` instead of Remix's empty 500:
 * - resource routes (the JSON API, no UI): `{ error }`;
 * - pages: the route's error boundary with the same message and links to what
 *   still works (`searchUnavailable: true` in the thrown data; see
 *   app/components/error-boundary.tsx), and `Retry-After` forwarded to the
 *   document by a wrapped `headers` export.
 * Pages whose search is optional (suggested partners on /experts/:id,
 * /calls/:id, proposal drafts) catch the failure themselves and render
 * without the block; no route needs to know about this wrapper.
 */
import type { ServerBuild } from "@remix-run/node";
import { isSearchUnavailable, meiliErrorMessage } from "~/search/http.server";
import { msg } from "~/i18n/message";

/**
 * Seconds sent in `Retry-After`: the embedded Meilisearch is restarted within
 * seconds (tooling/services.ts); an external one may take longer.
 */
export const SEARCH_RETRY_AFTER_S = 30;

/** What pages and the API say while Meilisearch does not answer: the wait is Retry-After's. */
export const SEARCH_UNAVAILABLE_MESSAGE = `Search is temporarily unavailable. Please try again in ${SEARCH_RETRY_AFTER_S} seconds.`;

/** Page routes render HTML (they have a default export); resource routes answer JSON. */
export type RouteKind = "page" | "resource";

/**
 * The 503 Response for a request that needed search while it is down:
 * JSON `{ error }` (`searchUnavailable: true` added for pages, which the error
 * boundary reads), `Retry-After`, never cached.
 */
export function searchUnavailableResponse(kind: RouteKind): Response {
  // Pages get the catalogue key (the error boundary translates it); the JSON API stays English.
  return Response.json(
    kind === "page"
      ? { error: msg("common:errors.search.unavailable", { seconds: SEARCH_RETRY_AFTER_S }), searchUnavailable: true }
      : { error: SEARCH_UNAVAILABLE_MESSAGE },
    {
      status: 503,
      headers: { "Retry-After": String(SEARCH_RETRY_AFTER_S), "Cache-Control": "no-store" },
    },
  );
}

let lastLogged = 0;
/** One log line per minute at most: every search request fails during an outage. */
function logOutage(err: unknown) {
  if (Date.now() - lastLogged < 60_000) return;
  lastLogged = Date.now();
  console.warn(`Search unavailable, answering 503: ${meiliErrorMessage(err)}`);
}

/**
 * `fn` (a loader or action) with "search did not answer" turned into a thrown
 * 503 Response (searchUnavailableResponse). Every other error and every
 * Response passes through unchanged.
 */
export function answer503WhenSearchDown<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, kind: RouteKind): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      if (!isSearchUnavailable(err)) throw err;
      logOutage(err);
      throw searchUnavailableResponse(kind);
    }
  };
}

type RouteModule = ServerBuild["routes"][string]["module"];
type HeadersArgs = Parameters<Extract<NonNullable<RouteModule["headers"]>, (...a: never[]) => unknown>>[0];

/**
 * A page's `headers` export that also forwards `Retry-After` from a thrown
 * Response (Remix passes only Set-Cookie on by itself). Without an own
 * `headers`, the parent's headers are kept, as Remix does for such routes.
 */
function withRetryAfter(own: RouteModule["headers"]) {
  return (args: HeadersArgs): Headers => {
    const headers = new Headers(own === undefined ? args.parentHeaders : typeof own === "function" ? own(args) : own);
    const retryAfter = args.errorHeaders?.get("Retry-After");
    if (retryAfter && !headers.has("Retry-After")) headers.set("Retry-After", retryAfter);
    return headers;
  };
}

/** One route module with its loader and action wrapped (answer503WhenSearchDown). */
export function degradeRouteModule(module: RouteModule): RouteModule {
  const kind: RouteKind = module.default ? "page" : "resource";
  return {
    ...module,
    ...(module.loader ? { loader: answer503WhenSearchDown(module.loader, kind) } : {}),
    ...(module.action ? { action: answer503WhenSearchDown(module.action, kind) } : {}),
    ...(kind === "page" ? { headers: withRetryAfter(module.headers) } : {}),
  };
}

/** The server build with every route degraded (degradeRouteModule); pass the result to createRequestHandler. */
export function degradeWhenSearchDown(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) routes[id] = { ...route, module: degradeRouteModule(route.module) };
  return { ...build, routes };
}
