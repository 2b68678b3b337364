/**
 * Where to go after signing in: only paths on this site. Pure, shared by
 * client and server.
 */

/**
 * Returns `to` when it is a same-site path ("/account?tab=1"), else `fallback`.
 * Refuses absolute URLs, protocol-relative ("//evil.example"), backslash
 * tricks ("/\\evil.example", which browsers read as "//"), and control characters.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  // Resolve against a dummy origin: whatever parses to another origin is refused.
  try {
    const u = new URL(to, "http://same.invalid");
    if (u.origin !== "http://same.invalid") return fallback;
    return u.pathname + u.search + u.hash;
  } catch {
    return fallback;
  }
}

/** "/login?redirectTo=<current path>" for a request that needs a signed-in user. */
export function loginPath(currentUrl: string | URL): string {
  const u = typeof currentUrl === "string" ? new URL(currentUrl) : currentUrl;
  const back = u.pathname + u.search;
  return back === "/" ? "/login" : `/login?${new URLSearchParams({ redirectTo: back })}`;
}
