/**
 * Interpolation formats of our own, added to an i18next instance after init
 * (server: app/i18n/i18n.server.ts; browser: app/entry.client.tsx):
 *
 * - `{{name, bidi}}`: the value inside Unicode isolates (U+2068 … U+2069), so
 *   a Latin value (an ORCID iD, a URL, an email, "13 Aban Pharmacy") keeps
 *   its own reading order inside right-to-left text instead of being
 *   reordered with it. The Persian catalogue uses it on every text placeholder.
 */
import type { i18n as I18n } from "i18next";
// @ts-expect-error -- no type declarations; a plain object of tag names (react-i18next's Trans parser reads it).
import voidElements from "void-elements";
import { isolate } from "~/i18n/dates";

// Our catalogues use <link>…</link> for a Trans component (a <Link>), but the
// parser behind Trans takes `link` for HTML's void <link> element: the text
// would land after an empty <a>. Not void here (the object is shared by the parser).
delete (voidElements as Record<string, boolean>).link;

export function addFormatters(i18n: I18n): void {
  i18n.services.formatter?.add("bidi", (value) => (value === undefined || value === null || value === "" ? "" : isolate(String(value))));
}
