/**
 * Parsing of search query parameters shared by the HTML pages and the JSON API.
 * Pure (no server imports), so the form can reuse the limits.
 */
import { z } from "zod";
import { MEMBER_STATE_CODES } from "~/domain/member-states";
import { MAX_ID, controlCharacterIn, idField, text, topicIdField, wholeNumber } from "~/utils/input";
import { msg } from "~/i18n/message";

export const MAX_QUERY_LENGTH = 200;
export const MAX_PAGE = 250;
export const PER_PAGE = 20;
/** A member-state code parameter (`country=`), any case; refused when not one of the ten. */
export const memberStateParam = text()
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => MEMBER_STATE_CODES.includes(s), {
    message: msg("common:params.memberState", { codes: MEMBER_STATE_CODES.join(", ") }),
  });

/**
 * A 1-based `page` parameter: digits only (so `abc`, `-1`, `1.5` are refused),
 * at least 1, at most `max`; absent or empty means 1.
 */
export function pageParam(max: number) {
  return wholeNumber({
    min: 1,
    max,
    message: msg("common:params.positiveWhole"),
    tooSmall: msg("common:params.atLeast", { min: 1 }),
    tooLarge: msg("common:params.atMost", { max }),
  }).default("1");
}

/** A query parameter naming an institution by id (`institution=`, `exclude=`). */
export const institutionIdParam = idField(msg("common:params.institutionId", { min: 1, max: MAX_ID }));

/** A query parameter naming an OpenAlex topic by id (`topics=T10020`); only its shape is checked here. */
export const topicIdParam = topicIdField(msg("common:params.topicId"));

/** A query parameter taking one of `values` (an enum of codes such as institution kinds); the message lists them. */
export function oneOfParam<const V extends readonly [string, ...string[]]>(values: V) {
  return z.enum(values, { message: msg("common:params.oneOf", { values: values.join(", ") }) });
}

/** Free text of a search box: at most MAX_QUERY_LENGTH characters, trimmed; absent means "". */
export const queryText = text()
  .max(MAX_QUERY_LENGTH, msg("common:params.tooLong", { max: MAX_QUERY_LENGTH }))
  .transform((s) => s.trim())
  .default("");

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: Array<{ param: string; message: string }> };

/**
 * After `parseSearchParams` failed with `issues`: the parameters that were
 * valid, parsed, so a 400 page can keep them in its form. Scalar parameters at
 * fault are dropped; a list parameter at fault keeps its values that are valid
 * alone (country=FR&country=TR keeps TR). Null if even those do not parse.
 */
export function validSearchParams<S extends z.ZodObject<any>>(
  schema: S,
  params: URLSearchParams,
  listKeys: readonly string[],
  issues: Array<{ param: string }>,
): z.output<S> | null {
  const kept = new URLSearchParams(params);
  for (const i of issues) {
    const values = kept.getAll(i.param);
    kept.delete(i.param);
    if (!listKeys.includes(i.param) || !(i.param in schema.shape)) continue;
    const one = schema.pick({ [i.param]: true });
    for (const v of values.flatMap((x) => x.split(","))) {
      if (parseSearchParams(one, new URLSearchParams([[i.param, v]]), listKeys).ok) kept.append(i.param, v);
    }
  }
  const again = parseSearchParams(schema, kept, listKeys);
  return again.ok ? again.value : null;
}

/**
 * Reads URLSearchParams into the schema: repeated or comma-separated values for
 * list parameters, empty strings treated as absent. A scalar parameter given
 * twice (`q=a&q=b`), a known parameter written with brackets (`q[]=a`,
 * `country[]=TR`: never read, so it would be ignored silently), text that was not valid UTF-8 (decoded to U+FFFD) or that holds a
 * control character (U+0000 and the C0 controls but tab, LF, CR) is an issue
 * naming the parameter; with `strict`, so is an unknown parameter name.
 */
export function parseSearchParams<S extends z.ZodObject<any>>(
  schema: S,
  params: URLSearchParams,
  listKeys: readonly string[],
  opts: { strict?: boolean } = {},
): ParseResult<z.output<S>> {
  const raw: Record<string, unknown> = {};
  const early: Array<{ param: string; message: string }> = [];
  const known = Object.keys(schema.shape);
  // Bracket names (`q[]=x`, `country[0]=TR`, as PHP and Rails clients write them) are never read:
  // for a parameter we know, say how to write it, pages and APIs alike, rather than ignore it.
  for (const key of new Set(params.keys())) {
    const base = /^([^[\]]+)\[[^\]]*\]$/.exec(key)?.[1];
    if (base === undefined || !known.includes(base)) continue;
    early.push({
      param: key,
      message: listKeys.includes(base) ? msg("common:params.bracketsList", { name: base }) : msg("common:params.bracketsOne", { name: base }),
    });
  }
  if (opts.strict) {
    // APIs refuse parameters they do not know (e.g. `country[]`), rather than silently ignoring a filter.
    for (const key of new Set(params.keys())) {
      if (!known.includes(key) && !early.some((i) => i.param === key))
        early.push({ param: key, message: msg("common:params.unknown", { known: known.join(", ") }) });
    }
  }
  for (const key of known) {
    const all = params.getAll(key);
    if (all.some((v) => v.includes("\uFFFD"))) {
      early.push({ param: key, message: msg("common:params.notUtf8") });
      continue;
    }
    // Before the schema (and any SQL): PostgreSQL cannot store U+0000, and no parameter has a use for the other C0 controls.
    const control = all.map(controlCharacterIn).find(Boolean);
    if (control) {
      early.push({ param: key, message: msg("common:params.controlCharacter", { character: control }) });
      continue;
    }
    if (!listKeys.includes(key) && all.length > 1) {
      early.push({ param: key, message: msg("common:params.repeated") });
      continue;
    }
    if (listKeys.includes(key)) {
      const values = params
        .getAll(key)
        .flatMap((v) => v.split(","))
        .map((v) => v.trim())
        .filter(Boolean);
      if (values.length) raw[key] = values;
    } else {
      const v = params.get(key);
      if (v !== null && v !== "") raw[key] = v;
    }
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success && early.length === 0) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: [...early, ...(parsed.success ? [] : parsed.error.issues.map((i) => ({ param: String(i.path[0] ?? "query"), message: i.message })))],
  };
}

/**
 * The query of a form page with pickers: only their search texts (a shared
 * link such as `?institutionQuery=tehran` keeps working). The form's fields
 * never come from a URL: a picker's no-JavaScript "Search" is a POST
 * (app/utils/picker-search.ts). Each text is guarded like any other
 * parameter (parseSearchParams names one holding a control character).
 */
export function pickerQuerySchema(queryNames: readonly string[]) {
  return z.object(Object.fromEntries(queryNames.map((k) => [k, text().optional()])));
}
