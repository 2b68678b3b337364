/**
 * Messages that server code hands to the page (validation errors, refusals,
 * toasts) travel as catalogue keys, not text, so that each viewer reads them
 * in their own language and the JSON API in English:
 *
 *   msg("calls:errors.deadlinePast")                  → "calls:errors.deadlinePast"
 *   msg("common:validation.tooLong", { max: 200 })    → "common:validation.tooLong?max=200"
 *
 * `translateMessage(t, m)` turns one back into text (params interpolated, numbers
 * formatted by the catalogue). Text that is not a key passes through unchanged
 * (a user's own words quoted in a message, a library's message). Pure: client and server.
 */
import type { TFunction } from "i18next";

/** "ns:key.path" with optional "?a=1&b=x" parameters. */
const KEY = /^([a-z][a-zA-Z]*):([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)(?:\?(.*))?$/s;

/** Encodes catalogue key `key` ("ns:path") with `params` as one message string. */
export function msg(key: string, params?: Record<string, string | number | null | undefined>): string {
  if (!params) return key;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) q.set(k, String(v));
  const s = q.toString();
  return s ? `${key}?${s}` : key;
}

/** True when `message` is a catalogue key made by `msg`. */
export function isMessageKey(message: string): boolean {
  return KEY.test(message);
}

/**
 * The key and parameters of a message made by `msg` (values written as a number
 * in its canonical form become numbers, so plurals work; "1.0", "-0", "007" stay
 * text, as a quoted search text must); null for plain text.
 */
export function parseMessage(message: string): { key: string; params: Record<string, string | number> } | null {
  const m = KEY.exec(message);
  if (!m) return null;
  const params: Record<string, string | number> = {};
  if (m[3]) for (const [k, v] of new URLSearchParams(m[3])) params[k] = /^-?\d+(\.\d+)?$/.test(v) && String(Number(v)) === v ? Number(v) : v;
  return { key: `${m[1]}:${m[2]}`, params };
}

/**
 * `message` in the language of `t`: a key is translated with its parameters
 * (a parameter that is itself a message, such as a field's name or a whole
 * sentence with its own parameters, is translated first, so one message can
 * quote another); other text is returned as it is. A `context` parameter
 * selects i18next's `key_<context>` variant.
 */
export function translateMessage(t: TFunction, message: string): string {
  return translate(t, message);
}

/** `translateMessage`; a nested message (`fallback` set) that names no catalogue key stays as written: it was a user's own text that only looks like a key ("dr:smith"). */
function translate(t: TFunction, message: string, fallback?: string): string {
  const parsed = parseMessage(message);
  if (!parsed) return message;
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(parsed.params)) params[k] = typeof v === "string" && KEY.test(v) ? translate(t, v, v) : v;
  return t(parsed.key, fallback === undefined ? params : { ...params, defaultValue: fallback }) as string;
}
