/**
 * The one map from a model's refusal kind to an HTTP answer. Models
 * (app/features/**) return result kinds such as `{ ok: false, kind:
 * "conflict", message }` and know nothing of HTTP; routes and the features'
 * `*-route.server.ts` glue turn a kind into a status or a Response here.
 */

/** Why a model refused: the kinds its results carry. */
export type RefusalKind = "not_found" | "forbidden" | "invalid" | "conflict" | "ineligible" | "quota";

/** HTTP status of each refusal kind: 404, 403, 400, 409, 400 (rules of the domain not met), 429. */
const STATUS: Record<RefusalKind, number> = {
  not_found: 404,
  forbidden: 403,
  invalid: 400,
  conflict: 409,
  ineligible: 400,
  quota: 429,
};

/** The HTTP status for a refusal kind (see STATUS). */
export function statusOf(kind: RefusalKind): number {
  return STATUS[kind];
}

/**
 * A plain-text Response for a refusal, to throw from a loader or action when
 * the page cannot be shown at all (e.g. a proposal the viewer may not see:
 * `{ kind: "not_found", message: "No such proposal." }`).
 */
export function refusalResponse(r: { kind: RefusalKind; message: string }, init: { headers?: Record<string, string> } = {}): Response {
  return new Response(r.message, { status: statusOf(r.kind), headers: { "Content-Type": "text/plain; charset=utf-8", ...init.headers } });
}
