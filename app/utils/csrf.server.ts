/**
 * Cross-site request forgery defence: a state-changing request must come from
 * a page of this site. Browsers send Origin on every non-GET request (and
 * Referer unless a page forbids it); a forged form on another site carries
 * that site's origin, which we refuse. Pure functions: server.ts applies
 * `checkCsrf` to every request before Remix sees it, and tests call it directly.
 */

/** What the check needs from a request. Header values as received (null when absent). */
export interface CsrfInput {
  method: string;
  origin: string | null;
  referer: string | null;
  /** The Host header (host[:port]). */
  host: string | null;
  /** APP_ORIGIN, when the public origin differs from what the Host header says (a proxy). */
  appOrigin?: string | null;
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * GET and HEAD pass (loaders never change anything). Every other method passes
 * only when Origin — or, when Origin is absent or "null", Referer — names this
 * host (scheme-independent, default ports ignored) or equals `appOrigin`.
 * Neither header present: refused.
 */
export function checkCsrf(input: CsrfInput): CsrfVerdict {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { ok: true };
  const claimed = input.origin && input.origin !== "null" ? input.origin : input.referer;
  if (!claimed) return { ok: false, reason: "the request carries neither an Origin nor a Referer header" };
  let source: URL;
  try {
    source = new URL(claimed);
  } catch {
    return { ok: false, reason: "the Origin/Referer header is not a URL" };
  }
  if (source.protocol !== "http:" && source.protocol !== "https:") return { ok: false, reason: `origin ${source.protocol} is not a web page` };
  if (input.appOrigin && source.origin === input.appOrigin) return { ok: true };
  if (input.host) {
    let host: string;
    try {
      // Same scheme as the source so an explicit default port (":443") compares equal to none.
      host = new URL(`${source.protocol}//${input.host}`).host;
    } catch {
      return { ok: false, reason: "the Host header is malformed" };
    }
    if (host === source.host) return { ok: true };
  }
  return { ok: false, reason: `the request came from ${source.origin}, not from this site` };
}
