/**
 * Server side of the interface languages.
 *
 * - The catalogues (public/locales/<lng>/<ns>.json) are read once per
 *   process, at the first use, into one i18next instance; every request's
 *   instance is a clone sharing that store.
 * - `requestLanguage(request)`: the viewer's language, in this order:
 *   `?lng=` (a shared link), the `lng` cookie (the switcher; set from the
 *   account at sign-in), `Accept-Language`, else English. Unknown codes at
 *   any step are skipped, never an error.
 * - `serverT(lng, ns)`: a translation function for loaders, actions and emails.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type i18n as I18n, type Resource, type TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { addFormatters } from "~/i18n/formatters";
import {
  FALLBACK_LANGUAGE,
  I18N_OPTIONS,
  LANGUAGES,
  NAMESPACES,
  SUPPORTED_LANGUAGES,
  languageOf,
  supportedLanguage,
  type LanguageCode,
} from "~/i18n/languages";

/** Name of the cookie that remembers the switcher's choice (its value: a language code, plain text). */
export const LANGUAGE_COOKIE = "lng";
/** A year, in seconds. */
const LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/**
 * The folder of the catalogues: public/locales found from this module
 * upwards (the server build lives in build/, the sources in app/i18n/).
 * Throws when there is none: the app cannot speak without its catalogues.
 */
export function localesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, "public", "locales");
    if (fs.existsSync(path.join(candidate, "en"))) return candidate;
    dir = path.dirname(dir);
  }
  const cwd = path.resolve("public", "locales");
  if (fs.existsSync(path.join(cwd, "en"))) return cwd;
  throw new Error("public/locales/en not found: the message catalogues are missing");
}

/** Every catalogue on disk: `{ [folder]: { [namespace]: nested messages } }` (folders present only). */
export function readCatalogues(dir = localesDir()): Resource {
  const out: Resource = {};
  for (const folder of fs.readdirSync(dir)) {
    const full = path.join(dir, folder);
    if (!fs.statSync(full).isDirectory()) continue;
    out[folder] = {};
    for (const file of fs.readdirSync(full)) {
      if (!file.endsWith(".json")) continue;
      out[folder][file.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(full, file), "utf8"));
    }
  }
  return out;
}

let shared: I18n | null = null;

/**
 * The process-wide instance holding every catalogue (initialised at first
 * use, synchronously). It is i18next's default instance, as in the browser,
 * so that code running on both sides outside React (route `meta`, see
 * app/i18n/meta.ts) finds the catalogues the same way.
 */
export function sharedI18n(): I18n {
  if (shared) return shared;
  const instance = i18next;
  // initImmediate false: with in-memory resources, init finishes before this returns.
  void instance.init({ ...I18N_OPTIONS, resources: readCatalogues(), ns: [...NAMESPACES], lng: FALLBACK_LANGUAGE, initImmediate: false });
  addFormatters(instance);
  memoizeT(instance);
  shared = instance;
  return instance;
}

const perLanguage = new Map<string, I18n>();

/**
 * The instance a request renders with (react-i18next's provider in
 * entry.server.tsx): one clone per language per process, sharing the
 * catalogues, fixed to `lng`, its `t` memoized (memoizeT). Requests share it:
 * nothing per request is written to it (a clone per request cost 0.4–0.6 ms
 * of CPU, issue 17). `lng` must be a supported code (requestLanguage's answer).
 */
export function requestI18n(lng: string): I18n {
  let instance = perLanguage.get(lng);
  if (!instance) {
    instance = sharedI18n().cloneInstance({ lng, initImmediate: false });
    memoizeT(instance);
    perLanguage.set(lng, instance);
  }
  return instance;
}

/** Memoized translations kept per instance before the memo is emptied (bounds memory; a page uses a few hundred). */
const MEMO_LIMIT = 20_000;

type AnyT = ((key: unknown, options?: unknown) => unknown) & Record<string, unknown>;

/**
 * Makes `instance.getFixedT` (what useTranslation and serverT call) and
 * `instance.t` return memoizing translation functions: i18next spends 5–30 µs
 * per call (its fixed-t wrapper copies the options, then key parsing and
 * interpolation; measured on i18next 23.16), and a results page makes a few
 * hundred calls. The catalogues never change while the process runs, so a
 * translation is a pure function of the language, namespaces, key and
 * options; calls whose options hold anything but strings, numbers, booleans
 * or arrays of them (components, objects, functions) are passed through.
 * A memo hit costs about a microsecond.
 */
export function memoizeT(instance: I18n): void {
  const memo = new Map<string, unknown>();
  const memoized = (fn: AnyT, scope: () => string): AnyT => {
    const wrapped = ((key: unknown, options?: unknown) => {
      const id = memoKey(key, options);
      if (id === null) return fn(key, options);
      const full = scope() + id;
      const hit = memo.get(full);
      if (hit !== undefined) return hit;
      const value = fn(key, options);
      if (typeof value === "string") {
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(full, value);
      }
      return value;
    }) as AnyT;
    // react-i18next's Trans reads the fixed t's namespaces (t.ns); keep lng, lngs, ns and keyPrefix.
    for (const k of ["lng", "lngs", "ns", "keyPrefix"]) if (fn[k] !== undefined) wrapped[k] = fn[k];
    return wrapped;
  };
  const getFixedT = instance.getFixedT.bind(instance) as unknown as (lng: unknown, ns: unknown, keyPrefix: unknown) => AnyT;
  instance.getFixedT = ((lng: unknown, ns: unknown, keyPrefix: unknown) => {
    const fixed = getFixedT(lng, ns, keyPrefix);
    const fixedScope = `${String(lng ?? "")}\u0002${Array.isArray(ns) ? ns.join(",") : String(ns ?? "")}\u0002${String(keyPrefix ?? "")}\u0002`;
    // Without a language the fixed t follows the instance's current one.
    return memoized(fixed, lng ? () => fixedScope : () => `${instance.language}${fixedScope}`);
  }) as unknown as I18n["getFixedT"];
  instance.t = memoized(instance.t.bind(instance) as unknown as AnyT, () => `${instance.language}\u0003`) as unknown as I18n["t"];
}

/** A string naming the call (key and options), or null when an option is not a plain value. */
function memoKey(key: unknown, options: unknown): string | null {
  let id = Array.isArray(key) ? key.join("\u0001") : typeof key === "string" ? key : null;
  if (id === null) return null;
  if (options === undefined || options === null) return id;
  if (typeof options !== "object") return null;
  // Keys in the order given: a call site always passes them in one order (another order only adds an entry).
  for (const k in options) {
    const v = (options as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") id += `\u0000${k}=${(typeof v)[0]}${String(v)}`;
    else if (Array.isArray(v) && v.every((x) => typeof x === "string" || typeof x === "number")) id += `\u0000${k}=[${v.join("\u0001")}]`;
    else return null;
  }
  return id;
}

/** A translation function for `lng` (any unsupported value: English) and namespace `ns` (default `common`). */
export function serverT(lng: string | null | undefined, ns: string | readonly string[] = "common"): TFunction {
  const code = supportedLanguage(lng) ?? FALLBACK_LANGUAGE;
  return sharedI18n().getFixedT(code, ns as string | string[]);
}

function cookieLanguage(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === LANGUAGE_COOKIE) {
      try {
        return decodeURIComponent(rest.join("="));
      } catch {
        return null;
      }
    }
  }
  return null;
}

const detector = new RemixI18Next({
  detection: {
    supportedLanguages: SUPPORTED_LANGUAGES as string[],
    fallbackLanguage: FALLBACK_LANGUAGE,
    order: ["searchParams", "custom", "header"],
    // The cookie holds a bare code (not Remix's signed/encoded cookie format), so a hand-set `lng=fa` works too.
    findLocale: async (request) => supportedLanguage(cookieLanguage(request)),
  },
});

const detected = new WeakMap<Request, Promise<LanguageCode>>();

/** The viewer's language for `request` (see the module docstring), computed once per request. */
export function requestLanguage(request: Request): Promise<LanguageCode> {
  let found = detected.get(request);
  if (!found) {
    found = detector.getLocale(request).then((tag) => supportedLanguage(tag) ?? FALLBACK_LANGUAGE);
    detected.set(request, found);
  }
  return found;
}

/** The Set-Cookie value that remembers `lng` for a year (site-wide, readable by the server only). */
export function languageCookie(lng: LanguageCode, secure: boolean): string {
  return `${LANGUAGE_COOKIE}=${encodeURIComponent(lng)}; Path=/; Max-Age=${LANGUAGE_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly${secure ? "; Secure" : ""}`;
}

/** `dir` for `<html>`. */
export function languageDir(lng: string): "ltr" | "rtl" {
  return languageOf(lng).dir;
}

export { LANGUAGES };
