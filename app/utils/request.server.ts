/**
 * What the HTTP server (server.ts) tells routes about a request beyond the
 * Request itself, through Remix's load context.
 */
import type { AppLoadContext } from "@remix-run/node";
import { getEnv } from "~/utils/env.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Client IP as Express sees it (req.ip: honours TRUST_PROXY). Absent when a test calls a route directly. */
    clientAddress?: string;
    /** This response's Content Security Policy nonce (app/utils/http-middleware.server.ts), for Remix's inline scripts. */
    cspNonce?: string;
    /** Set when the request's path was not valid percent-encoding: the message of the 400 page the root loader answers (http-middleware.server.ts). */
    malformedPath?: string;
  }
}

/** The client's address for rate limits and the session list; "unknown" when the server did not say. */
export function clientAddress(context: AppLoadContext | undefined): string {
  const a = context?.clientAddress;
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) and plain IPv4 are the same client.
  return a ? a.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "") : "unknown";
}

/** True for loopback addresses (127.0.0.0/8, ::1). */
export function isLoopback(address: string): boolean {
  return address === "::1" || /^127\.\d+\.\d+\.\d+$/.test(address);
}

/**
 * Origin for links in emails: APP_ORIGIN when set, else this request's origin.
 * (Production with SMTP requires APP_ORIGIN — env.server.ts — because a
 * client can forge the Host header a derived origin comes from.)
 */
export function linkOrigin(request: Request): string {
  return getEnv().APP_ORIGIN ?? new URL(request.url).origin;
}
