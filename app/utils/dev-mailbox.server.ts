/**
 * Who may see the development mailbox (/dev/mail).
 */
import type { AppLoadContext } from "@remix-run/node";
import { devMailboxEnabled, getEnv } from "~/utils/env.server";
import { clientAddress, isLoopback } from "~/utils/request.server";

/**
 * Passes when mail goes to the folder (no SMTP_HOST) and, in production, the
 * client is on this machine (loopback): a server started with `npm start` and
 * no SMTP must not hand password-reset links to the internet.
 * @throws Response 404 otherwise (the page does not exist for them)
 */
export function requireDevMailbox(context: AppLoadContext): void {
  const env = getEnv();
  const allowed = devMailboxEnabled(env) && (env.NODE_ENV !== "production" || isLoopback(clientAddress(context)));
  if (!allowed) throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
