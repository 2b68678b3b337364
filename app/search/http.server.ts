/**
 * The HTTP transport of the Meilisearch client, and error helpers that go with it.
 *
 * Why not the client's default `fetch`: fetch streams every request body, so a
 * request leaves in two TCP segments (headers, then body); on a kept-alive
 * connection to Meilisearch that meets delayed ACKs and every call waits about
 * 40 ms whatever the query costs. Measured on the bench data (100k experts):
 * fetch median 48 ms per search whose processingTimeMs was 0–4 ms; undici's
 * `request` (headers and body in one write, same keep-alive pool) median 2 ms.
 * That wait was most of the search service's latency, of every waitTask poll
 * and so of the sync lag (docs/performance.md).
 *
 * `meiliHttpClient` is passed as the client's `httpClient`. The client wraps
 * anything it throws in a MeilisearchRequestError (cause = our error), so an
 * API error (4xx/5xx with Meilisearch's JSON body) arrives as a
 * MeilisearchRequestError whose `cause` is a MeilisearchApiError: use
 * `meiliApiError` / `isSearchUnavailable` / `meiliErrorMessage` rather than
 * testing `err.name`.
 */
import { MeilisearchApiError, MeilisearchError } from "meilisearch";
import { Agent, request } from "undici";

/** One keep-alive pool per process; Meilisearch runs on the same host or network. */
const agent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });

/**
 * `fetch`-shaped transport for `new Meilisearch({ httpClient })`.
 * @returns the parsed JSON body (undefined for an empty body).
 * @throws MeilisearchApiError for a non-2xx answer (message from Meilisearch's
 *   body); the transport's error (e.g. ECONNREFUSED, or the abort reason set by
 *   the client's timeout) when no answer came.
 */
export async function meiliHttpClient(input: string | URL | Request, init: RequestInit = {}): Promise<unknown> {
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((v, k) => (headers[k] = v));
  const res = await request(String(input), {
    method: (init.method ?? "GET") as "GET",
    headers,
    body: (init.body as string | undefined) ?? undefined,
    signal: init.signal ?? undefined,
    dispatcher: agent,
  });
  const text = await res.body.text();
  const parsed = text === "" ? undefined : JSON.parse(text);
  if (res.statusCode < 200 || res.statusCode >= 300) {
    const response = { status: res.statusCode, statusText: String(res.statusCode), ok: false, headers: new Headers() } as unknown as Response;
    throw new MeilisearchApiError(response, parsed);
  }
  return parsed;
}

/** The Meilisearch API error in `err` (itself or its cause), or null when there was no answer. */
export function meiliApiError(err: unknown): MeilisearchApiError | null {
  if (isApiError(err)) return err;
  const cause = (err as { cause?: unknown })?.cause;
  return isApiError(cause) ? cause : null;
}

/** By class, or by name when the error comes from another copy of the client (test runner vs. server bundle). */
function isApiError(e: unknown): e is MeilisearchApiError {
  return e instanceof MeilisearchApiError || (e as Error)?.name === "MeilisearchApiError";
}

/**
 * True when `err` means Meilisearch did not answer (down, refused, reset,
 * timed out), not that it refused the request. Only the client's own request
 * errors count (anywhere in the `cause` chain): a TypeError of our code must
 * stay a 500, since every route's errors pass through this test
 * (app/search/unavailable.server.ts).
 */
export function isSearchUnavailable(err: unknown): boolean {
  if (meiliApiError(err)) return false;
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const name = (e as Error).name;
    if (name === "MeilisearchRequestError" || name === "MeilisearchRequestTimeOutError") return true;
  }
  return false;
}

/**
 * True for any error of the Meilisearch client (API errors included) or of the
 * connection to it: what an optional block of a page (suggested partners)
 * treats as "leave the block out" so the page still renders. Wider than
 * isSearchUnavailable, which search pages use to answer 503.
 */
export function isSearchFailure(err: unknown): boolean {
  const name = (err as Error)?.name ?? "";
  return err instanceof MeilisearchError || name.startsWith("Meilisearch") || name === "TypeError" || name === "AbortError";
}

/** A readable message: Meilisearch's own for API errors, else the error's. */
export function meiliErrorMessage(err: unknown): string {
  return meiliApiError(err)?.message ?? String((err as Error)?.message ?? err);
}
