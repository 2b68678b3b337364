/**
 * Field errors in the shape Conform's `submission.reply({ fieldErrors })`
 * takes: messages keyed by form field name. Models that validate form input
 * (expert profiles, institution registrations) return them so the route puts
 * each message next to its field. Pure: no server imports.
 */

/** Field errors keyed by form field name. */
export type FieldErrors = Record<string, string[]>;

/** Zod issues (or any `{ path, message }` list) as FieldErrors, keyed by the first path segment. */
export function fieldErrorsOf(issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) (out[String(issue.path[0] ?? "")] ??= []).push(issue.message);
  return out;
}
