/**
 * The language switcher on every page: a disclosure listing each language
 * named in itself (English, Русский, Türkçe, فارسی, …; a partial catalogue
 * marked so). Choosing one posts to /language, which remembers it (cookie,
 * and the account of a signed-in user) and comes back to this page. Works
 * without JavaScript.
 */
import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGES, languageOf } from "~/i18n/languages";

export function LanguageSwitcher({ current }: { current: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = `${location.pathname}${stripLng(location.search)}`;
  const currentLanguage = languageOf(current);
  return (
    <details className="language-switcher">
      <summary aria-label={t("language.choose", { current: currentLanguage.name })}>
        <GlobeIcon /> <span lang={currentLanguage.code}>{currentLanguage.name}</span>
      </summary>
      <Form method="post" action="/language" className="language-list" reloadDocument>
        <input type="hidden" name="redirectTo" value={here} />
        <ul>
          {LANGUAGES.map((l) => (
            <li key={l.code}>
              <button
                type="submit"
                name="lng"
                value={l.code}
                lang={l.code}
                dir={l.dir}
                className="link-button"
                aria-current={l.code === current ? "true" : undefined}
              >
                {l.name}
              </button>
              {l.complete ? null : <span className="meta"> ({t("language.partial")})</span>}
            </li>
          ))}
        </ul>
      </Form>
    </details>
  );
}

/** The query without `lng`, so the chosen language is not overridden by the link's. */
function stripLng(search: string): string {
  const q = new URLSearchParams(search);
  q.delete("lng");
  const s = q.toString();
  return s ? `?${s}` : "";
}

function GlobeIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm6.93 6h-2.95a15.6 15.6 0 0 0-1.38-3.56A8.03 8.03 0 0 1 18.93 8ZM12 4.04c.83 1.2 1.48 2.53 1.91 3.96h-3.82c.43-1.43 1.08-2.76 1.91-3.96ZM4.26 14a8.2 8.2 0 0 1 0-4h3.38a16.5 16.5 0 0 0 0 4H4.26Zm.81 2h2.95c.32 1.25.78 2.45 1.38 3.56A8 8 0 0 1 5.07 16Zm2.95-8H5.07a8 8 0 0 1 4.33-3.56A15.6 15.6 0 0 0 8.02 8ZM12 19.96A14.1 14.1 0 0 1 10.09 16h3.82A14.1 14.1 0 0 1 12 19.96ZM14.34 14H9.66a14.7 14.7 0 0 1 0-4h4.68a14.7 14.7 0 0 1 0 4Zm.25 5.56c.6-1.11 1.06-2.31 1.38-3.56h2.95a8.03 8.03 0 0 1-4.33 3.56ZM16.36 14a16.5 16.5 0 0 0 0-4h3.38a8.2 8.2 0 0 1 0 4h-3.38Z"
      />
    </svg>
  );
}
