/**
 * Route `headers` exports. Remix only forwards Set-Cookie from loaders,
 * actions and thrown responses by itself; routes that can answer 429 export
 * `retryAfterHeaders` so the Retry-After header reaches the browser.
 */
import type { HeadersFunction } from "@remix-run/node";

export const retryAfterHeaders: HeadersFunction = ({ actionHeaders, errorHeaders }) => {
  const headers = new Headers();
  const retryAfter = errorHeaders?.get("Retry-After") ?? actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};
