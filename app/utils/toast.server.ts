/**
 * One-shot messages after a redirect ("Signed in", "Role granted"): a signed
 * cookie session (`eco_flash`) read and cleared by the root loader.
 */
import { randomBytes } from "node:crypto";
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { cookieSecure, getEnv } from "~/utils/env.server";

export interface Toast {
  kind: "success" | "info" | "error";
  message: string;
}

const DEV_SECRET = "dev-only-flash-secret-not-for-production-use";
let processSecret: string | undefined;

/**
 * SESSION_SECRET (comma-separated for rotation), else a fixed development
 * value; in production without it, a random per-process secret (flash
 * messages are short-lived, so nothing breaks but a toast across a restart).
 */
export function getSessionSecrets(): string[] {
  const env = getEnv();
  if (env.SESSION_SECRET)
    return env.SESSION_SECRET.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (env.NODE_ENV !== "production") return [DEV_SECRET];
  processSecret ??= randomBytes(32).toString("hex");
  return [processSecret];
}

function storage() {
  return createCookieSessionStorage<{ toast: Toast }, { toast: Toast }>({
    cookie: { name: "eco_flash", httpOnly: true, sameSite: "lax", path: "/", secure: cookieSecure(), secrets: getSessionSecrets() },
  });
}

/**
 * A redirect carrying a toast.
 * @param init extra headers (e.g. a session Set-Cookie) are kept; status defaults to 302
 */
export async function redirectWithToast(url: string, toast: Toast, init: ResponseInit = {}): Promise<Response> {
  const s = storage();
  const session = await s.getSession();
  session.flash("toast", toast);
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await s.commitSession(session));
  return redirect(url, { ...init, headers });
}

/** The pending toast (or null) and the Set-Cookie that clears it (null when there was none). */
export async function readToast(request: Request): Promise<{ toast: Toast | null; setCookie: string | null }> {
  const s = storage();
  const session = await s.getSession(request.headers.get("Cookie"));
  const toast = session.get("toast") ?? null;
  return { toast, setCookie: toast ? await s.commitSession(session) : null };
}
