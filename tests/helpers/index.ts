/**
 * Test helpers shared by test files: the app database, loader/action callers,
 * search catch-up.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../app/utils/db.server";
import { drainOutbox } from "../../app/search/sync.server";
import { listMail, type StoredMail } from "../../app/utils/mail.server";

export { getDb };

/** Applies every queued search change (loops until the outbox is empty). Returns rows applied. */
export async function syncSearch(): Promise<number> {
  let total = 0;
  for (let i = 0; i < 100; i++) {
    const r = await drainOutbox(getDb(), { limit: 2000 });
    total += r.applied;
    if (r.failed) throw new Error(`search sync failed for ${r.failed} rows`);
    if (!r.busy && r.applied === 0) return total;
  }
  throw new Error("outbox did not drain");
}

/** Builds the args Remix passes to a loader for GET `path` (e.g. "/institutions?q=x"). */
export function loaderArgs(path: string, params: Record<string, string> = {}, init?: RequestInit): LoaderFunctionArgs {
  return { request: new Request(`http://localhost${path}`, init), params, context: {} };
}

/**
 * Args for an action: POST `path` with `fields` form-encoded.
 * @param opts.cookie Cookie header (see factories signIn); opts.ip the client address in the load context
 */
export function actionArgs(
  path: string,
  fields: Record<string, string>,
  opts: { cookie?: string; ip?: string; params?: Record<string, string> } = {},
): LoaderFunctionArgs {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  return {
    request: new Request(`http://localhost${path}`, { method: "POST", headers, body: new URLSearchParams(fields) }),
    params: opts.params ?? {},
    context: { clientAddress: opts.ip ?? "203.0.113.7" },
  };
}

/** GET args carrying a Cookie header. */
export function getArgs(path: string, cookie?: string, params: Record<string, string> = {}): LoaderFunctionArgs {
  return loaderArgs(path, params, cookie ? { headers: { Cookie: cookie } } : undefined);
}

/** Messages in this test file's development mailbox, newest first; optionally only those to `to`. */
export async function mailbox(to?: string): Promise<StoredMail[]> {
  const all = await listMail();
  return to ? all.filter((m) => m.to === to) : all;
}

/** The first http(s) link in `text` whose path starts with `pathPrefix`. */
export function linkIn(text: string, pathPrefix: string): string {
  const link = text.match(/https?:\/\/\S+/g)?.find((l) => new URL(l).pathname.startsWith(pathPrefix));
  if (!link) throw new Error(`no ${pathPrefix} link in:\n${text}`);
  return link;
}

/** "name=value" pairs of the Set-Cookie headers of `res`, ready for a Cookie header. */
export function cookiesFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** Calls a loader/action and returns the Response, whether it was returned or thrown. */
export async function callRoute(fn: (args: LoaderFunctionArgs) => Promise<unknown>, args: LoaderFunctionArgs): Promise<Response> {
  try {
    const out = await fn(args);
    if (out instanceof Response) return out;
    return Response.json(out);
  } catch (err) {
    if (err instanceof Response) return err;
    throw err;
  }
}

/**
 * Test shorthand: makes sure a bare account row with id `userId` exists (so the
 * experts.user_id foreign key holds), then calls upsertExpertProfile as that owner.
 */
export async function upsertExpertProfileAs(
  db: ReturnType<typeof getDb>,
  userId: string,
  input: Parameters<typeof import("../../app/features/experts/expert-profile.server").upsertExpertProfile>[2],
) {
  const { upsertExpertProfile } = await import("../../app/features/experts/expert-profile.server");
  await db
    .insertInto("users")
    .values({ id: userId, email: `${userId.toLowerCase()}@example.test`, display_name: userId })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  return upsertExpertProfile(db, userId, input);
}
