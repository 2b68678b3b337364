/**
 * Browser entry: i18next in the page's language (`<html lang>`), holding the
 * namespaces the server rendered with (remix-i18next's getInitialNamespaces
 * reads them from the routes' `handle.i18n`), loaded from
 * /locales/<lng>/<ns>.json (public/locales, versioned by the build so a
 * deploy never mixes old catalogues with new code). Hydration waits for them,
 * so the first client render matches the server's text. The other namespaces
 * then load in the background, so a client-side navigation never shows a key.
 */
import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import Backend from "i18next-http-backend";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { getInitialNamespaces } from "remix-i18next/client";
import { I18N_OPTIONS, NAMESPACES, supportedLanguage } from "~/i18n/languages";
import { addFormatters } from "~/i18n/formatters";

declare global {
  interface Window {
    __remixManifest?: { version?: string };
  }
}

async function hydrate() {
  const lng = supportedLanguage(document.documentElement.lang) ?? "en";
  const version = window.__remixManifest?.version ?? "dev";
  await i18next
    .use(initReactI18next)
    .use(Backend)
    .init({
      ...I18N_OPTIONS,
      lng,
      ns: getInitialNamespaces(),
      backend: { loadPath: `/locales/{{lng}}/{{ns}}.json?v=${version}` },
    });
  addFormatters(i18next);

  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
  // Ready for any page the visitor goes to next.
  void i18next.loadNamespaces([...NAMESPACES]);
}

void hydrate();
