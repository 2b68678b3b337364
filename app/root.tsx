/**
 * Document shell: header navigation (with the account area), flash message,
 * main content, footer with data credits, and the app-wide error boundary.
 * The root loader returns the signed-in user's public fields and the pending
 * toast, and re-sends the session cookie when its expiry slid forward.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { getUser, refreshedSessionCookie } from "./utils/auth.server";
import { readToast } from "./utils/toast.server";
import { useNonce } from "./utils/nonce";
import { getDb } from "./utils/db.server";
import { unreadCount } from "./models/notification.server";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "ECO ICT Research Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, flash, refreshed] = await Promise.all([getUser(request), readToast(request), refreshedSessionCookie(request)]);
  const headers = new Headers();
  if (flash.setCookie) headers.append("Set-Cookie", flash.setCookie);
  if (refreshed) headers.append("Set-Cookie", refreshed);
  return json(
    {
      user: user ? { email: user.email, displayName: user.displayName, roles: user.roles } : null,
      unread: user ? await unreadCount(getDb(), user.id) : 0,
      toast: flash.toast,
    },
    { headers },
  );
}

function Document({ children }: { children: React.ReactNode }) {
  // Also rendered by the error boundary, where the loader may not have run.
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  const nonce = useNonce();
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
            <NavLink to="/partners">Find partners</NavLink>
            <NavLink to="/calls">Calls</NavLink>
            <NavLink to="/projects">Projects</NavLink>
            <NavLink to="/reports">Figures</NavLink>
            {user ? <NavLink to="/proposals">Proposals</NavLink> : null}
            {user?.roles.includes("secretariat") ? <NavLink to="/secretariat/proposals">Review</NavLink> : null}
            {user?.roles.includes("secretariat") ? <NavLink to="/secretariat">Secretariat</NavLink> : null}
            {user?.roles.includes("admin") ? <NavLink to="/admin/users">Users</NavLink> : null}
          </nav>
          <nav aria-label="Account" className="account-nav">
            {user ? (
              <>
                <span className="who" title={user.email}>
                  {user.displayName} <span className="meta">({user.email})</span>
                </span>
                <NavLink to="/me/profile">My profile</NavLink>
                <NavLink to="/messages">Messages</NavLink>
                <NavLink to="/notifications" className="bell" aria-label={`Notifications: ${data?.unread ?? 0} unread`}>
                  🔔{data?.unread ? <span className="count-badge">{data.unread}</span> : null}
                </NavLink>
                <NavLink to="/account">Account</NavLink>
                <Form method="post" action="/logout">
                  <button type="submit" className="secondary small">Sign out</button>
                </Form>
              </>
            ) : (
              <>
                <NavLink to="/login">Sign in</NavLink>
                <NavLink to="/join" className="button small">Join</NavLink>
              </>
            )}
          </nav>
        </header>
        <main id="main">
          {data?.toast ? (
            <p className={`toast ${data.toast.kind}`} role="status">
              {data.toast.message}
            </p>
          ) : null}
          {children}
        </main>
        <footer className="site-footer">
          <p>
            Institution data: <a href="https://ror.org">Research Organization Registry (ROR)</a>, CC0. Topics:{" "}
            <a href="https://openalex.org">OpenAlex</a> topic taxonomy, CC0. <a href="/data">Open data downloads (CSV)</a>.
          </p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
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
