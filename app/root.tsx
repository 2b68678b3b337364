/**
 * Document shell: header navigation (with the account area), flash message,
 * main content, footer with data credits, and the app-wide error boundary.
 * The root loader returns the signed-in user's public fields and the pending
 * toast, and re-sends the session cookie when its expiry slid forward.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  Links,
  LiveReload,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useContext } from "react";
// The router state Remix's own <Meta> reads: the only place that tells the document head a route errored.
import { UNSAFE_DataRouterStateContext } from "react-router-dom";
import { GeneralErrorBoundary, errorTitle } from "~/components/error-boundary";
import { CollapseNarrow } from "~/components/collapse-narrow";
import { getUser, refreshedSessionCookie } from "~/features/accounts/auth.server";
import { readToast } from "~/utils/toast.server";
import { useNonce } from "~/utils/nonce";
import { getDb } from "~/utils/db.server";
import { unreadCount } from "~/features/messaging/notification.server";
import styles from "~/styles/app.css";
// Vazirmatn for Persian (:lang(fa) in app.css): the compiler copies its CSS and woff2 files into public/build
// (served from our origin; CSP font-src 'self'). Each @font-face has a unicode-range: a page downloads only the
// subsets its text uses, and nothing at all while no text is in Persian.
import vazirmatn400 from "@fontsource/vazirmatn/400.css";
import vazirmatn700 from "@fontsource/vazirmatn/700.css";
import { Trans, useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { LanguageSwitcher } from "~/components/language-switcher";
import { languageCookie, requestLanguage, languageDir, serverT } from "~/i18n/i18n.server";
import { cookieSecure } from "~/utils/env.server";
import { msg, translateMessage } from "~/i18n/message";
import { pageTitle } from "~/i18n/meta";
import { NAMESPACES, supportedLanguage } from "~/i18n/languages";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: vazirmatn400 },
  { rel: "stylesheet", href: vazirmatn700 },
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** `common`: the layout, shared components and generic messages; every page has it. */
export const handle = { i18n: ["common"] satisfies Array<(typeof NAMESPACES)[number]> };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.siteName ?? "ECO ICT Research Network" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // An address that is not valid percent-encoding (http-middleware.server.ts sends it here): the site's 400 page.
  if (context?.malformedPath) throw json({ error: msg("common:errors.malformedPath"), malformedPath: true }, { status: 400 });
  const [user, flash, refreshed, locale] = await Promise.all([getUser(request), readToast(request), refreshedSessionCookie(request), requestLanguage(request)]);
  const headers = new Headers();
  if (flash.setCookie) headers.append("Set-Cookie", flash.setCookie);
  if (refreshed) headers.append("Set-Cookie", refreshed);
  // A shared link's `?lng=` (a supported one) becomes the visitor's choice for the pages that follow.
  const linked = supportedLanguage(new URL(request.url).searchParams.get("lng"));
  if (linked) headers.append("Set-Cookie", languageCookie(linked, cookieSecure()));
  return json(
    {
      user: user ? { email: user.email, displayName: user.displayName, roles: user.roles } : null,
      unread: user ? await unreadCount(getDb(), user.id) : 0,
      // Translated here, whatever namespace its key is in: the page it lands on may not load that namespace.
      toast: flash.toast ? { ...flash.toast, message: translateMessage(serverT(locale), flash.toast.message) } : null,
      locale,
      dir: languageDir(locale),
      siteName: serverT(locale)("site.name"),
    },
    { headers },
  );
}

/** `scripts: false` renders the page without Remix's scripts: it is complete as HTML and is not hydrated. */
function Document({ children, scripts = true }: { children: React.ReactNode; scripts?: boolean }) {
  // Also rendered by the error boundary, where the loader may not have run.
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  const nonce = useNonce();
  const { t, i18n } = useTranslation();
  const locale = data?.locale ?? i18n.language ?? "en";
  useChangeLanguage(locale);
  // An error page (any route's boundary) is titled by what went wrong, not by the page's own meta.
  const errors = useContext(UNSAFE_DataRouterStateContext)?.errors;
  const error = errors ? Object.values(errors)[0] : undefined;
  return (
    <html lang={locale} dir={data?.dir ?? i18n.dir(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {errors ? <title>{pageTitle(t, errorTitle(error))}</title> : <Meta />}
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          {t("nav.skip")}
        </a>
        <header className="site-header">
          <a href="/" className="brand">
            {t("site.name")}
          </a>
          <LanguageSwitcher current={locale} />
          <CollapseNarrow
            className="site-menu"
            closeOnNavigate
            summary={
              <>
                <MenuIcon /> {t("nav.menu")}
              </>
            }
          >
            <div className="site-menu-body">
              <nav aria-label={t("nav.main")}>
                <NavLink to="/institutions">{t("nav.institutions")}</NavLink>
                <NavLink to="/experts">{t("nav.experts")}</NavLink>
                <NavLink to="/partners">{t("nav.partners")}</NavLink>
                <NavLink to="/calls">{t("nav.calls")}</NavLink>
                <NavLink to="/projects">{t("nav.projects")}</NavLink>
                <NavLink to="/reports">{t("nav.reports")}</NavLink>
                {user ? <NavLink to="/proposals">{t("nav.proposals")}</NavLink> : null}
                {user?.roles.includes("secretariat") ? <NavLink to="/secretariat/proposals">{t("nav.review")}</NavLink> : null}
                {user?.roles.includes("secretariat") ? (
                  <NavLink to="/secretariat" end>
                    {t("nav.secretariat")}
                  </NavLink>
                ) : null}
                {user?.roles.includes("admin") ? <NavLink to="/admin/users">{t("nav.users")}</NavLink> : null}
              </nav>
              <nav aria-label={t("nav.account")} className="account-nav">
                {user ? (
                  <>
                    <span className="who" title={user.email}>
                      <bdi>{user.displayName}</bdi>{" "}
                      <span className="meta">
                        (<bdi>{user.email}</bdi>)
                      </span>
                    </span>
                    <NavLink to="/me/profile">{t("nav.profile")}</NavLink>
                    <NavLink to="/messages">{t("nav.messages")}</NavLink>
                    <NavLink to="/notifications" className="bell" aria-label={t("nav.notifications", { count: data?.unread ?? 0 })}>
                      <BellIcon />
                      {data?.unread ? <span className="count-badge">{data.unread}</span> : null}
                    </NavLink>
                    <NavLink to="/account">{t("nav.accountPage")}</NavLink>
                    <Form method="post" action="/logout">
                      <button type="submit" className="secondary small">
                        {t("nav.signOut")}
                      </button>
                    </Form>
                  </>
                ) : (
                  <>
                    <NavLink to="/login">{t("nav.signIn")}</NavLink>
                    <NavLink to="/join" className="button small">
                      {t("nav.join")}
                    </NavLink>
                  </>
                )}
              </nav>
            </div>
          </CollapseNarrow>
        </header>
        {/* tabIndex -1: the skip link moves keyboard focus here, not only the scroll position. */}
        <main id="main" tabIndex={-1}>
          {data?.toast ? (
            <p className={`toast ${data.toast.kind}`} role="status">
              {data.toast.message}
            </p>
          ) : null}
          {children}
        </main>
        <footer className="site-footer">
          <p>
            <Trans
              t={t}
              i18nKey="footer.credits"
              components={{ ror: <a href="https://ror.org" />, openalex: <a href="https://openalex.org" />, data: <a href="/data" /> }}
            />
          </p>
        </footer>
        {scripts ? <ScrollRestoration nonce={nonce} /> : null}
        {scripts ? <Scripts nonce={nonce} /> : null}
        {/* Renders nothing outside `npm run dev`: there it reloads the page after a rebuild. */}
        <LiveReload nonce={nonce} />
      </body>
    </html>
  );
}

/** A bell (inline SVG, so it shows without an emoji font); decorative: the link carries the name. */
function BellIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}

/** Three bars (decorative) before the word "Menu". */
function MenuIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z" />
    </svg>
  );
}

export default function App() {
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  // The 400 page of a malformed address was rendered for "/" (the browser's address matches no
  // route Remix can decode): hydrating it would not match; as plain HTML it needs nothing more.
  const malformed = isRouteErrorResponse(error) && error.data?.malformedPath === true;
  return (
    <Document scripts={!malformed}>
      <GeneralErrorBoundary />
    </Document>
  );
}
