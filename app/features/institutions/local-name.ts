/**
 * An institution's name in the viewer's language, from its other names
 * (table institution_names: ROR labels and names added by its administrators,
 * each with an ISO 639-1 code or null). Pure: client and server.
 */

/** One name of an institution with its language (ISO 639-1, null when unknown) and, when known, its kind. */
export interface LangName {
  name: string;
  lang: string | null;
  kind?: string;
}

/**
 * The name (with its language code) in `lng` (an interface language code: "fa", "fa-AF", "ru", "tr"),
 * preferring a full label over an alias; null for English (the primary name
 * is shown as it is), for short forms, and when no name has that language.
 * Dari (fa-AF) reads Persian ("fa") names.
 */
export function nameInLanguage(names: readonly LangName[], lng: string): { name: string; lang: string } | null {
  const base = lng.split("-")[0].toLowerCase();
  if (base === "en") return null;
  const own = names.filter((n) => n.lang === base && n.kind !== "short");
  const found = own.find((n) => n.kind === undefined || n.kind === "label") ?? own[0];
  return found ? { name: found.name, lang: base } : null;
}
