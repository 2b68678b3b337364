/**
 * Small response helpers: throw readable 4xx Responses from loaders/actions.
 */
import { serverT } from "~/i18n/i18n.server";
import { msg, translateMessage } from "~/i18n/message";

/** Throws a JSON (or text) Response with `status` unless `condition` holds. */
export function invariantResponse(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * A 400 JSON body `{ error, issues: [{ param, message }] }` for bad query
 * parameters. The JSON API speaks English: messages that are catalogue keys
 * (app/i18n/message.ts) are translated into English here.
 */
export function badRequestJson(issues: Array<{ param: string; message: string }>): Response {
  const en = serverT("en");
  const english = issues.map((i) => ({ param: i.param, message: translateMessage(en, i.message) }));
  return Response.json({ error: english.map((i) => `${i.param}: ${i.message}`).join("; "), issues: english }, { status: 400 });
}

/**
 * The request's form fields.
 * @throws Response 400 when the body is not a form (wrong Content-Type, malformed)
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response(msg("common:errors.notAForm"), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}
