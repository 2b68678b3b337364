/**
 * Small response helpers: throw readable 4xx Responses from loaders/actions.
 */

/** Throws a JSON (or text) Response with `status` unless `condition` holds. */
export function invariantResponse(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** A 400 JSON body `{ error, issues: [{ param, message }] }` for bad query parameters. */
export function badRequestJson(issues: Array<{ param: string; message: string }>): Response {
  return Response.json({ error: issues.map((i) => `${i.param}: ${i.message}`).join("; "), issues }, { status: 400 });
}

/**
 * The request's form fields.
 * @throws Response 400 when the body is not a form (wrong Content-Type, malformed)
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("Send this request as a form (application/x-www-form-urlencoded or multipart/form-data).", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}
