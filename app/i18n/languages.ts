/**
 * The interface languages: codes, names in themselves (for the switcher),
 * writing direction, and whether the catalogue is complete. Shared by client
 * and server; no catalogue text here (that lives in public/locales/<lng>/<ns>.json).
 *
 * Adding a language: drop its catalogues into public/locales/<code>/ (any
 * subset of the namespaces: what is missing falls back to English) and add a
 * row here; `complete: false` marks it partial in the switcher, and the
 * catalogue test then only checks that it has no key English lacks.
 */

export type LanguageCode = "en" | "ru" | "tr" | "fa" | "fa-AF" | "az";

export interface Language {
  /** BCP 47 tag: `<html lang>`, the `lng` cookie and `?lng=` value, and the Intl locale. */
  code: LanguageCode;
  /** The language named in itself, as the switcher shows it. */
  name: string;
  dir: "ltr" | "rtl";
  /** True when every key of the English catalogue is translated (checked by tests/i18n-catalogues.test.ts). */
  complete: boolean;
  /** The catalogue folder under public/locales (fa-AF, Dari, reads the Persian catalogue and differs in dates). */
  catalogue: string;
}

export const LANGUAGES: readonly Language[] = [
  { code: "en", name: "English", dir: "ltr", complete: true, catalogue: "en" },
  { code: "ru", name: "Русский", dir: "ltr", complete: true, catalogue: "ru" },
  { code: "tr", name: "Türkçe", dir: "ltr", complete: true, catalogue: "tr" },
  { code: "fa", name: "فارسی", dir: "rtl", complete: true, catalogue: "fa" },
  { code: "fa-AF", name: "دری", dir: "rtl", complete: true, catalogue: "fa" },
  { code: "az", name: "Azərbaycanca", dir: "ltr", complete: false, catalogue: "az" },
];

export const SUPPORTED_LANGUAGES: readonly string[] = LANGUAGES.map((l) => l.code);

export const FALLBACK_LANGUAGE: LanguageCode = "en";

/**
 * The catalogue namespaces (files public/locales/<lng>/<ns>.json). `common`
 * holds the layout, shared components and generic validation messages; the
 * others one feature each. A route names the namespaces it uses in
 * `handle.i18n`; only those reach the browser with the page.
 */
export const NAMESPACES = [
  "common",
  "accounts",
  "email",
  "messaging",
  "institutions",
  "experts",
  "matching",
  "calls",
  "projects",
  "proposals",
  "reports",
  "home",
] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** The supported language for a tag, exactly or by its language part ("fa-IR" → fa); null when unsupported. */
export function supportedLanguage(tag: string | null | undefined): LanguageCode | null {
  if (!tag) return null;
  const exact = LANGUAGES.find((l) => l.code.toLowerCase() === tag.trim().toLowerCase());
  if (exact) return exact.code;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((l) => l.code === base)?.code ?? null;
}

/** The language row for a supported code (English for anything else). */
export function languageOf(code: string | null | undefined): Language {
  return LANGUAGES.find((l) => l.code === code) ?? LANGUAGES[0];
}

/**
 * i18next options shared by the server and the browser. Plurals use
 * i18next's JSON v4 suffixes (`_one`, `_few`, `_many`, `_other`), chosen by
 * Intl.PluralRules: Russian gets its three forms.
 */
export const I18N_OPTIONS = {
  supportedLngs: SUPPORTED_LANGUAGES as string[],
  fallbackLng: { "fa-AF": ["fa", "en"], default: ["en"] },
  // fa-AF has no folder of its own: resolve fa-AF → fa → en without asking for fa-AF files.
  load: "languageOnly" as const,
  nonExplicitSupportedLngs: false,
  defaultNS: "common",
  fallbackNS: "common",
  ns: ["common"],
  interpolation: { escapeValue: false },
  returnNull: false,
};
