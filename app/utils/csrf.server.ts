/**
 * Cross-site request forgery defence: a state-changing request must come from
 * a page of this site. Browsers send Origin on every non-GET request (and
 * Referer unless a page forbids it); a forged form on another site carries
 * that site's origin, which we refuse. Pure functions: server.ts applies
 * `checkCsrf` to every request before Remix sees it (app/utils/http-middleware.server.ts),
 * and tests call it directly.
 *
 * At least as strict as Remix's own check (`throwIfPotentialCSRFAttack` in
 * @remix-run/server-runtime, run before document actions), so that nothing
 * this check lets through is then refused by Remix with an empty 500: Remix
 * takes the host from the first value of X-Forwarded-Host when present, else
 * from Host, and requires it to equal `new URL(Origin).host` character for
 * character, and refuses `Origin: null`.
 */

/** What the check needs from a request. Header values as received (null when absent). */
export interface CsrfInput {
  method: string;
  origin: string | null;
  referer: string | null;
  /** The Host header (host[:port]). */
  host: string | null;
  /** The X-Forwarded-Host header; a proxy's list "a, b" counts by its first entry, as Remix reads it. */
  forwardedHost?: string | null;
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * The host a request was addressed to, as Remix determines it: the first
 * entry of X-Forwarded-Host when that is not empty, else Host; null when neither.
 */
export function requestHost(input: Pick<CsrfInput, "host" | "forwardedHost">): string | null {
  const forwarded = input.forwardedHost?.split(",")[0]?.trim();
  return forwarded || input.host || null;
}

/**
 * GET and HEAD pass (loaders never change anything). Every other method passes
 * only when Origin — or, when Origin is absent, Referer — is an http(s) URL
 * whose host (host[:port], default port omitted, as URL serialises it) equals
 * the request's host (`requestHost`) exactly. `Origin: null` (sandboxed
 * frames, privacy redirects) is refused whatever the Referer says; so is a
 * request with neither header, and one whose X-Forwarded-Host names another
 * host than its Origin. A proxy in front of the app must therefore pass the
 * public host in Host or X-Forwarded-Host.
 */
export function checkCsrf(input: CsrfInput): CsrfVerdict {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { ok: true };
  if (input.origin === "null") return { ok: false, reason: "the request comes from an opaque origin (Origin: null)" };
  // An empty Origin header does not reach Remix (the Express adapter drops empty headers): Referer decides.
  const claimed = input.origin || input.referer;
  if (!claimed) return { ok: false, reason: "the request carries neither an Origin nor a Referer header" };
  let source: URL;
  try {
    source = new URL(claimed);
  } catch {
    return { ok: false, reason: "the Origin/Referer header is not a URL" };
  }
  if (source.protocol !== "http:" && source.protocol !== "https:") return { ok: false, reason: `origin ${source.protocol} is not a web page` };
  const host = requestHost(input);
  if (!host) return { ok: false, reason: "the request names no host (Host or X-Forwarded-Host)" };
  if (source.host === host) return { ok: true };
  return { ok: false, reason: `the request came from ${source.origin}, not from this site (${host})` };
}
