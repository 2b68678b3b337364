/**
 * The Express middleware in front of Remix (server.ts installs it with
 * `installHttpPolicies`; tests/helpers/app-server.ts starts server.ts, so
 * tests see exactly this): security headers with a per-request Content
 * Security Policy nonce, the CSRF check, and 405 Method Not Allowed with an
 * `Allow` header for every route, derived from the Remix build's route modules;
 * and the request body's fate: 413 above MAX_BODY_BYTES, and a body the
 * answer left unread is discarded so the keep-alive connection can carry the
 * next request. Compression (gzip, Brotli) of every answer over 1 kB, and
 * (installResponseCaching) the HTTP caching of http-caching.server.ts.
 */
import { randomBytes } from "node:crypto";
import { constants as zlibConstants } from "node:zlib";
import compression from "compression";
import type { ServerResponse } from "node:http";
import type { Express, Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { checkCsrf } from "~/utils/csrf.server";
import { neverPublicWhenPersonal, publicApiCaching } from "~/utils/http-caching.server";

/**
 * Installs, in this order: the request-body guard (413, and unread bodies
 * discarded), compression (see `compressAnswers`), security headers (helmet, CSP with a fresh nonce in
 * `res.locals.cspNonce`), the CSRF check (403 text), the path check (400 for
 * a malformed percent-encoding), the cookie guard (cookies that do not
 * percent-decode are dropped), the method check (405).
 * Call before static files and the Remix handler. `build`: the server build,
 * or (development) a function returning the latest one, so the 405 check
 * follows routes and actions added while `npm run dev` runs.
 */
export function installHttpPolicies(app: Express, build: ServerBuild | (() => ServerBuild)): void {
  app.use(requestBody, compressAnswers(), servedBy, cspNonce, securityHeaders(), csrfGuard, malformedPath, malformedCookies, methodGuard(build));
}

/**
 * Installs the HTTP caching of answers (http-caching.server.ts): ETag, `public` and 304 for the
 * public JSON API, and the guard that keeps anything personal out of shared caches. Call after
 * the static files (their own caching stands) and before the Remix handler.
 */
export function installResponseCaching(app: Express, build: () => ServerBuild): void {
  app.use(neverPublicWhenPersonal, publicApiCaching(build));
}

/** Bodies under this many bytes go out uncompressed: the headers and the CPU would cost more than they save. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;
/** Brotli quality 4 (of 11): most of the gain of higher levels at a fraction of the CPU; gzip stays at zlib's default 6. */
export const BROTLI_QUALITY = 4;

/**
 * gzip or Brotli (the client's Accept-Encoding chooses; Brotli preferred) for
 * every compressible type (HTML, JSON, CSS, JS, SVG, CSV…) over
 * COMPRESSION_THRESHOLD_BYTES, `Vary: Accept-Encoding` added. Streamed bodies
 * stay streamed (the compressor writes as it is written to, with backpressure).
 * `text/event-stream` is never compressed: nothing may hold its events back.
 */
function compressAnswers(): RequestHandler {
  return compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
    filter: (req, res) => !/^text\/event-stream/i.test(String(res.getHeader("Content-Type") ?? "")) && compression.filter(req, res),
  });
}

/**
 * SERVED_BY_HEADER=on (tests of the cluster): `X-Served-By: <pid>` on every answer. Read from
 * process.env (validated with the rest at start-up by getEnv): these policies also run in tests
 * with no database configured, where getEnv() would throw and every answer would be a 500.
 */
const servedBy: RequestHandler = (_req, res, next) => {
  if (process.env.SERVED_BY_HEADER === "on") res.setHeader("X-Served-By", String(process.pid));
  next();
};

/**
 * Largest request body accepted, in bytes (1 MiB). The largest form (a call:
 * 20,000 characters of text and its other fields) stays well below it even
 * percent-encoded; nothing on the site takes uploads.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** True for paths of the JSON API, which answer errors as `{ error }`. */
export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

/**
 * A request's body, whoever answers it:
 * - a declared `Content-Length` over MAX_BODY_BYTES is answered 413 at once
 *   (`{ error }` under /api/, text elsewhere) and the connection closed, the
 *   body unread;
 * - when the answer is sent before the body was read to its end (a page
 *   without an action, a sign-in redirect, a 404, an early 4xx), the rest is
 *   read and thrown away, so the next request on the keep-alive connection
 *   is answered at once. Node does that by itself only for a body nobody
 *   started reading; Remix's request wrapper starts reading every body and
 *   then pauses, which left the connection stuck until Node's keep-alive
 *   timeout (about 6 s, then a reset). A body still arriving after
 *   MAX_BODY_BYTES more bytes (chunked, no length declared) ends the connection.
 */
const requestBody: RequestHandler = (req, res, next) => {
  const declared = Number(req.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) {
    const error = `The request body is ${declared} bytes; this site accepts at most ${MAX_BODY_BYTES} bytes (1 MiB).`;
    res.set("Connection", "close").status(413);
    if (isApiPath(req.path)) res.json({ error });
    else res.type("text/plain; charset=utf-8").send(error);
    return;
  }
  res.once("finish", () => {
    if (req.complete || req.destroyed) return;
    // Detach every reader (Remix's body stream among them) and let the rest run to the end unread.
    req.removeAllListeners("data");
    let discarded = 0;
    req.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > MAX_BODY_BYTES) req.socket.destroy();
    });
    req.resume();
  });
  next();
};

/** Remix's load context for a request: the client address, the CSP nonce and a malformed path's message (see request.server.ts). */
export function appLoadContext(req: Request, res: Response): AppLoadContext {
  return {
    clientAddress: req.ip ?? req.socket.remoteAddress,
    cspNonce: res.locals.cspNonce as string | undefined,
    malformedPath: res.locals.malformedPath as string | undefined,
  };
}

/** What a path that is not valid percent-encoding is told. */
export const MALFORMED_PATH_MESSAGE =
  "This address is not valid: it has a % that does not start a valid percent-encoded character (such as %20 or %C3%A9). Check the link or type the address again.";

/**
 * A path that does not percent-decode (`/%`, `/institutions/%E0%A4%A`) gets
 * a 400 before any route sees it: JSON `{ error }` under /api/ and for
 * Remix data requests; elsewhere the site's own 400 page, which Remix renders
 * for "/" with the message in the load context (the root loader throws it, see
 * app/root.tsx). Express would otherwise answer its bare 400 page and log a
 * URIError stack, and Remix's matcher a warning per request.
 */
const malformedPath: RequestHandler = (req, res, next) => {
  const [pathname, query = ""] = req.originalUrl.split(/\?(.*)/s);
  try {
    decodeURIComponent(pathname);
    return next();
  } catch {
    // below
  }
  if (isApiPath(pathname) || new URLSearchParams(query).has("_data")) {
    res.status(400).json({ error: MALFORMED_PATH_MESSAGE });
    return;
  }
  res.locals.malformedPath = MALFORMED_PATH_MESSAGE;
  req.url = req.originalUrl = "/";
  if (req.method !== "HEAD") req.method = "GET"; // the page is the answer whatever was sent
  next();
};

/**
 * Cookies whose value is not valid percent-encoding (`lng=%E0%A4%A`) are
 * dropped from the request's Cookie header before anything reads it: Lucia's
 * and other cookie parsers throw URIError on them (a 500 for every page),
 * while a browser can hold such a cookie from any other site on the domain.
 */
const malformedCookies: RequestHandler = (req, _res, next) => {
  const header = req.headers.cookie;
  if (header && header.includes("%")) {
    const kept = header.split(";").filter((pair) => {
      try {
        decodeURIComponent(pair);
        return true;
      } catch {
        return false;
      }
    });
    req.headers.cookie = kept.map((p) => p.trim()).join("; ");
  }
  next();
};

/** The Remix dev server's websocket origin under `npm run dev`; none otherwise. */
function devSocketOrigin(): string[] {
  const origin = process.env.NODE_ENV === "development" ? process.env.REMIX_DEV_ORIGIN : undefined;
  return origin ? [origin.replace(/^http/, "ws").replace(/\/$/, "")] : [];
}

/** 128 random bits per request, base64: the nonce of Remix's inline scripts. */
const cspNonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
};

/**
 * helmet: CSP (scripts only from this origin or carrying this response's
 * nonce; no inline event handlers; style attributes allowed, style sheets only
 * from this origin; no plugins, no <base>, no framing, forms only to this
 * site), X-Frame-Options DENY, Referrer-Policy same-origin, nosniff, and
 * helmet's other defaults. No HSTS and no upgrade-insecure-requests: TLS is
 * the reverse proxy's business, and the app is also served on plain http
 * (development, tests).
 */
function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as ServerResponse & { locals: Record<string, unknown> }).locals.cspNonce}'`],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        // `npm run dev`: the page's live-reload socket goes to the Remix dev server (REMIX_DEV_ORIGIN).
        connectSrc: ["'self'", ...devSocketOrigin()],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: false,
  });
}

/** CSRF (csrf.server.ts): before static files and Remix, so no non-GET request from another site reaches any handler. */
const csrfGuard: RequestHandler = (req, res, next) => {
  const verdict = checkCsrf({
    method: req.method,
    origin: req.get("origin") ?? null,
    referer: req.get("referer") ?? null,
    host: req.get("host") ?? null,
    forwardedHost: req.get("x-forwarded-host") ?? null,
  });
  if (verdict.ok) return next();
  res
    .status(403)
    .type("text/plain; charset=utf-8")
    .send(`Forbidden: ${verdict.reason}. Forms of this site can only be sent from its own pages; reload the page and try again.`);
};

type RouteModule = ServerBuild["routes"][string]["module"];
type MatchRoute = AgnosticRouteObject & { id: string; module: RouteModule; children?: MatchRoute[] };

/** The request's target as Remix will choose it, and the methods it answers. */
export interface MethodTarget {
  routeId: string;
  /** "document": a page (HTML); "resource": a route without UI (JSON, API); "data": a `?_data=` request of Remix's client. */
  kind: "document" | "resource" | "data";
  /** Methods the target answers, in `Allow` order: GET and HEAD (for a resource route: when it has a loader), POST when it has an action. */
  allow: string[];
}

/**
 * Which route of `build` a request for `pathname` + `search` reaches, and the
 * methods that route answers; null when no route matches (Remix answers 404).
 * Mirrors @remix-run/server-runtime: the same route tree and matcher
 * (`matchRoutes` of @remix-run/router); a route without a default export and
 * without an ErrorBoundary is a resource route and the leaf is the target; a
 * page's target is the deepest route that adds to the path, or the index route
 * when the query has a bare `index` (as `<Form>` on an index route sends);
 * `?_data=<routeId>` targets that route.
 */
export function methodTargets(build: ServerBuild): (pathname: string, search: string) => MethodTarget | null {
  const byParent = new Map<string, MatchRoute[]>();
  for (const r of Object.values(build.routes)) {
    const list = byParent.get(r.parentId ?? "") ?? [];
    list.push({ id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive, module: r.module } as MatchRoute);
    byParent.set(r.parentId ?? "", list);
  }
  const tree = (parentId: string): MatchRoute[] => (byParent.get(parentId) ?? []).map((r) => (r.index ? r : { ...r, children: tree(r.id) }) as MatchRoute);
  const routes = tree("");
  const methods = (m: RouteModule, page: boolean) => [...(page || m.loader ? ["GET", "HEAD"] : []), ...(m.action ? ["POST"] : [])];

  return (pathname, search) => {
    const matches = matchRoutes<MatchRoute>(routes, pathname, build.basename);
    if (!matches?.length) return null;
    const params = new URLSearchParams(search);
    const dataRouteId = params.get("_data");
    if (dataRouteId !== null) {
      const m = matches.find((x) => x.route.id === dataRouteId);
      return m ? { routeId: m.route.id, kind: "data", allow: methods(m.route.module, true) } : null;
    }
    const leaf = matches[matches.length - 1].route;
    if (leaf.module.default == null && leaf.module.ErrorBoundary == null) {
      return { routeId: leaf.id, kind: "resource", allow: methods(leaf.module, false) };
    }
    const target =
      leaf.index && params.getAll("index").some((v) => v === "")
        ? leaf
        : matches.filter((m, i) => i === 0 || (m.route.path && m.route.path.length > 0)).pop()!.route;
    return { routeId: target.id, kind: "document", allow: methods(target.module, true) };
  };
}

/**
 * 405 for a method the target route does not answer, with `Allow`: JSON
 * `{ error }` for resource routes (the API) and Remix data requests (marked
 * as a thrown Response, so the page's error boundary shows it); for pages,
 * `Allow` is set and Remix renders the 405 through the error boundary (it
 * refuses a mutation without an action, and any method it does not know).
 * PUT, PATCH and DELETE would reach a page's action, which only ever expects
 * POST from its forms: those are handed to Remix as OPTIONS, a method Remix
 * refuses with the same 405 page.
 */
function methodGuard(buildOrLatest: ServerBuild | (() => ServerBuild)): RequestHandler {
  // Development passes a function returning the latest build: the routes are re-read after each rebuild.
  const latest = typeof buildOrLatest === "function" ? buildOrLatest : () => buildOrLatest;
  let seen: ServerBuild | undefined;
  let targetOf: ReturnType<typeof methodTargets>;
  return (req, res, next) => {
    const build = latest();
    if (build !== seen) [seen, targetOf] = [build, methodTargets(build)];
    let url: URL;
    try {
      // As the Remix Express adapter builds it (a path starting "//" stays a path).
      url = new URL(`http://h${req.originalUrl}`);
    } catch {
      return next();
    }
    const target = targetOf(url.pathname, url.search);
    if (!target || target.allow.includes(req.method)) return next();
    const allow = target.allow.join(", ");
    res.set("Allow", allow);
    if (target.kind !== "document") {
      if (target.kind === "data") res.set("X-Remix-Catch", "yes");
      res.status(405).json({ error: `${req.method} is not allowed at ${url.pathname}: it answers ${allow || "no method"}.` });
      return;
    }
    if (["PUT", "PATCH", "DELETE"].includes(req.method) && build.routes[target.routeId].module.action) req.method = "OPTIONS";
    next();
  };
}
