/**
 * The one entry point for values a request brings in — form fields, query
 * parameters, path segments. Every Zod schema of the app builds its text,
 * whole-number and id fields from here (`text`, `wholeNumber`, `idField`), and
 * path ids go through `requireIdParam`, so a new field gets the guards without
 * asking: tests/input-guard.test.ts fails on a bare `z.string()` /
 * `z.number()` / `z.coerce` or a hand-written id pattern anywhere else in app/.
 *
 * - Text refuses U+0000 (PostgreSQL cannot store it in text: it answered 500)
 *   and the other C0 control characters but tab, line feed and carriage
 *   return (no field has a use for them; U+0001/U+0002 also mark highlights in
 *   the partners API). Applies to single- and multi-line fields alike.
 * - Whole numbers and ids are decimal digits only (`1e3`, `0x10`, `1.0`, `+1`
 *   refused) and stay within PostgreSQL `integer`: an id is 1…2147483647, so
 *   `2147483648` is "no such thing", never a database error.
 *
 * Pure (no server imports): shared by the browser (Conform) and the server.
 */
import { z } from "zod";
import { msg } from "~/i18n/message";
import { zodMessageKeys } from "~/i18n/zod-messages";
import { TOPIC_ID_PATTERN } from "~/domain/identifiers";

/** Largest PostgreSQL `integer` (2^31 − 1): every id column is `integer`/`serial`. */
export const MAX_ID = 2_147_483_647;

// Zod's own messages become catalogue keys, for every schema (they all build on this module).
z.setErrorMap(zodMessageKeys);

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const NO_CONTROL = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F]*$/;

/** The message at a form field holding a forbidden control character. */
export const CONTROL_CHARACTER_MESSAGE = msg("common:validation.controlCharacter");

/** The first forbidden control character of `s`, as "U+0000", or null when there is none. */
export function controlCharacterIn(s: string): string | null {
  const m = CONTROL.exec(s);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : null;
}

/**
 * `s` with every forbidden control character replaced by its visible symbol
 * from Unicode's Control Pictures block (U+0000 → ␀ U+2400, U+0001 → ␁, …,
 * U+001F → ␟): for showing a refused value back (a 400 page keeps what was
 * typed) without putting the invisible character itself into the page.
 */
export function showControlCharacters(s: string): string {
  return s.replace(CONTROL_ALL, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)));
}
const CONTROL_ALL = new RegExp(CONTROL.source, "g");

/**
 * `z.string(params)` that refuses forbidden control characters (message at the
 * field). Still a ZodString: chain `.trim()`, `.min()`, `.max()`, `.email()`.
 */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).regex(NO_CONTROL, CONTROL_CHARACTER_MESSAGE);
}

/**
 * Zod piece for an optional text field (single- or multi-line): `text()`
 * trimmed, at most `max` characters. Empty or absent gives `empty` — "" by
 * default (columns that hold an empty text), `{ empty: undefined }` for
 * columns that hold null. The message for a long text names the field when
 * `label` (a catalogue key such as "institutions:fields.city") is given
 * ("City must be at most 120 characters."), else "At most 120 characters.".
 */
export function optionalText<const E extends "" | undefined = "">(max: number, opts: { label?: string; empty?: E } = {}) {
  const message = opts.label ? msg("common:validation.fieldTooLong", { field: opts.label, max }) : msg("common:validation.tooLong", { max });
  const empty = ("empty" in opts ? opts.empty : "") as E;
  return text()
    .trim()
    .max(max, message)
    .optional()
    .transform((s): string | E => (s ? s : empty));
}

/**
 * A database id: a JavaScript integer, or canonical decimal digits (no sign,
 * no leading zero, no spaces), from 1 to MAX_ID. Anything else → null.
 */
export function parseId(raw: unknown): number | null {
  if (typeof raw === "number") return Number.isInteger(raw) && raw >= 1 && raw <= MAX_ID ? raw : null;
  if (typeof raw !== "string" || !/^[1-9][0-9]{0,9}$/.test(raw)) return null;
  const n = Number(raw);
  return n <= MAX_ID ? n : null;
}

/**
 * A path segment that names a row by id (`/calls/:id`).
 * @returns the id
 * @throws Response 404 (text, `message`) when it is not an id that can exist
 */
export function requireIdParam(raw: string | undefined, message = msg("common:errors.notFound")): number {
  const id = parseId(raw);
  if (id === null) throw new Response(message, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return id;
}

/**
 * Zod piece for an id sent in a form or query (a select, a hidden input, `exclude=`):
 * number out; `message` at the field for anything parseId refuses (missing
 * included: add `.optional()` for optional ones; Conform turns "" into absent).
 */
/** A topic id field (OpenAlex, "T" and 1–8 digits); `message` when the value has another shape. */
export function topicIdField(message: string) {
  return text().regex(TOPIC_ID_PATTERN, message);
}

export function idField(message: string) {
  return z.unknown().transform((v, ctx): number => {
    const id = parseId(v);
    if (id === null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      return z.NEVER;
    }
    return id;
  });
}

/**
 * Zod piece for a whole number typed or sent in a form or query (a page, a
 * duration, a version): optional surrounding spaces, an optional minus, digits
 * only; number out within [min, max] (keep max ≤ MAX_ID for a database
 * column). `message` when it is not a whole number; `tooSmall` / `tooLarge`
 * (default `message`) outside the range.
 */
export function wholeNumber(opts: { min: number; max: number; message: string; tooSmall?: string; tooLarge?: string }) {
  return z.unknown().transform((v, ctx): number => {
    let n = NaN;
    if (typeof v === "number" && Number.isInteger(v)) n = v;
    else if (typeof v === "string" && /^\s*-?[0-9]+\s*$/.test(v)) n = Number(v);
    const problem = Number.isNaN(n) ? opts.message : n < opts.min ? (opts.tooSmall ?? opts.message) : n > opts.max ? (opts.tooLarge ?? opts.message) : null;
    if (problem) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      return z.NEVER;
    }
    return n;
  });
}

/**
 * A list field (repeated inputs, checkboxes, a multi-select) whose items must
 * each pass `item`. A failing item is reported on the list itself — where the
 * form shows it; Conform would file it under `name[0]`, which no field
 * displays — and so is a list longer than `max` (`tooMany`).
 */
export function listOf<T extends z.ZodTypeAny>(item: T, opts: { max?: number; tooMany?: string } = {}) {
  return z.array(z.unknown()).transform((items, ctx): Array<z.output<T>> => {
    if (opts.max !== undefined && items.length > opts.max) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: opts.tooMany ?? msg("common:validation.tooManyItems", { max: opts.max }) });
      return z.NEVER;
    }
    const out: Array<z.output<T>> = [];
    for (const v of items) {
      const r = item.safeParse(v);
      if (!r.success) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error.issues[0].message });
        return z.NEVER;
      }
      out.push(r.data);
    }
    return out;
  });
}
