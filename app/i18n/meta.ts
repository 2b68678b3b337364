/**
 * Page titles: the one way every page builds its `<title>`.
 *
 * - `pageTitle(t, key, params)` makes the text, `"<page> — <site name>"`:
 *   the page part is the catalogue entry `key` (with its namespace, e.g.
 *   "calls:meta.list"; entries never name the site themselves), the site's
 *   name is `common:site.name`, both in `t`'s language. A loader passes
 *   `serverT(await requestLanguage(request), …)`, so the language is the
 *   viewer's (requestLanguage: `?lng=`, the `lng` cookie, Accept-Language,
 *   else English); the root's error page passes its `useTranslation` t.
 * - The loader returns it as `title` in its data (and, for pages search
 *   engines list, `description`) and the route exports `meta = titleMeta`
 *   (or `titleMeta(args)` plus its own tags): `meta` runs
 *   outside React and on both sides, where translating again could meet a
 *   catalogue the browser has not loaded yet; loader data is always there.
 *
 *   // loader
 *   return json({ …, title: pageTitle(serverT(lng, "calls"), "calls:meta.list") });
 *   // "Joint calls — ECO ICT Research Network", "Конкурсы — Исследовательская сеть ИКТ ОЭС", …
 *   export const meta = titleMeta;
 *
 * The home page alone is titled by the site's name only (no page part).
 *
 * Pure (no server modules): route modules import it into the browser bundle.
 */
import type { MetaFunction } from "@remix-run/node";

/** Any i18next translation function (serverT's, useTranslation's): a key and options in, text out. */
type Translate = (key: string, options?: Record<string, unknown>) => unknown;

/** The separator between the page's part and the site's name. */
const SEPARATOR = " — ";

/**
 * `"<t(key, params)> — <site name>"` in `t`'s language. `key` carries its
 * namespace unless `t` is fixed to it; `params` are the entry's placeholders
 * (a record's name or title, a search text).
 */
export function pageTitle(t: Translate, key: string, params?: Record<string, unknown>): string {
  return `${String(t(key, params ?? {}))}${SEPARATOR}${String(t("common:site.name"))}`;
}

/**
 * `meta` for a route whose loader data has `title: string` (made by
 * pageTitle) and optionally `description: string`; nothing when the loader
 * did not run, since an error page is titled by root.tsx from what went wrong.
 */
export const titleMeta: MetaFunction = ({ data }) => {
  const { title, description } = (data ?? {}) as { title?: unknown; description?: unknown };
  if (typeof title !== "string") return [];
  return typeof description === "string" ? [{ title }, { name: "description", content: description }] : [{ title }];
};
