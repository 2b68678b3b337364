/**
 * Document shell: header navigation, main content, footer with data credits,
 * and the app-wide error boundary.
 */
import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import styles from "./styles/app.css";

// No favicon file yet: an empty data URL stops browsers asking for /favicon.ico (which 404s and logs).
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "data:," },
];

export const meta: MetaFunction = () => [{ title: "ECO ICT Research Network" }];

function Document({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <header className="site-header">
          <a href="/" className="brand">
            ECO ICT Research Network
          </a>
          <nav aria-label="Main">
            <NavLink to="/institutions">Institutions</NavLink>
            <NavLink to="/experts">Experts</NavLink>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          <p>
            Institution data: <a href="https://ror.org">Research Organization Registry (ROR)</a>, CC0. Topics:{" "}
            <a href="https://openalex.org">OpenAlex</a> topic taxonomy, CC0.
          </p>
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
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
  return (
    <Document>
      <GeneralErrorBoundary />
    </Document>
  );
}
