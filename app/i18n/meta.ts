/**
 * Page titles in the viewer's language, for routes' `meta` exports (which run
 * outside React, on the server and in the browser): i18next's default
 * instance holds the catalogues on both sides (app/i18n/i18n.server.ts on the
 * server, app/entry.client.tsx in the browser), and the language is the root
 * loader's `locale`.
 *
 *   export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "calls:meta.list") }];
 *   // "Joint calls — ECO ICT Research Network", "Конкурсы — Исследовательская сеть ИКТ ОЭС", …
 */
import i18next from "i18next";

type Matches = ReadonlyArray<{ id: string; data?: unknown }>;

/** The viewer's language from the root route's data ("en" when absent, e.g. an error before the root loader ran). */
export function metaLanguage(matches: Matches): string {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  return root?.locale ?? "en";
}

/** `key` (a catalogue key with its namespace) translated with `params`, followed by the site's name. */
export function pageTitle(matches: Matches, key: string, params?: Record<string, string | number>): string {
  const t = i18next.getFixedT(metaLanguage(matches));
  return `${t(key, params ?? {})} — ${t("common:site.name")}`;
}
