/**
 * Test helpers shared by test files: the app database, loader/action callers,
 * search catch-up.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../app/utils/db.server";
import { drainOutbox } from "../../app/search/sync.server";

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
