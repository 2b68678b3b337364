/**
 * Where to go after signing in: only paths on this site. Pure, shared by
 * client and server.
 */

const BASE = "http://same.invalid";

/**
 * Returns `to` — normalised the way a browser will read it (dot segments
 * removed, as URL serialises it) — when that normalised form is a path on this
 * site ("/account?tab=1"), else `fallback`.
 *
 * Refused: anything not starting with "/"; absolute and protocol-relative URLs
 * ("//evil.example"), also when dot segments produce them ("/a/..//evil.example"
 * normalises to "//evil.example"); backslashes (browsers read "\" as "/"); C0
 * control characters and DEL (browsers drop tab and newline, so "/\t/evil"
 * reads as "//evil"); percent-encoded dots, slashes, backslashes and control
 * characters in the path part ("%2e%2e", "%2f", "%5c", "%09"), which a server
 * or proxy may decode into one of the above. Encoded characters in the query
 * string stay allowed ("/partners?q=AI%2FML").
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  if (!to.startsWith("/")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  const path = to.split(/[?#]/, 1)[0];
  if (/%(2e|2f|5c|[01][0-9a-f]|7f)/i.test(path)) return fallback;
  let u: URL;
  try {
    u = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (u.origin !== BASE) return fallback;
  // Checked again after normalisation: the result is what goes into Location.
  const out = u.pathname + u.search + u.hash;
  if (!out.startsWith("/") || out.startsWith("//")) return fallback;
  return out;
}

/** "/login?redirectTo=<current path>" for a request that needs a signed-in user. */
export function loginPath(currentUrl: string | URL): string {
  const u = typeof currentUrl === "string" ? new URL(currentUrl) : currentUrl;
  const back = u.pathname + u.search;
  return back === "/" ? "/login" : `/login?${new URLSearchParams({ redirectTo: back })}`;
}
