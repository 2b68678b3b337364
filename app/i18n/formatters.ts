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
import { isolate } from "~/i18n/dates";

export function addFormatters(i18n: I18n): void {
  i18n.services.formatter?.add("bidi", (value) => (value === undefined || value === null || value === "" ? "" : isolate(String(value))));
}
