/**
 * One error boundary for every route: readable messages per status, the
 * thrown Response's text as detail, never a stack trace for users. A 405
 * (a POST to a page without a form, or a method no page takes: see
 * app/utils/http-middleware.server.ts) gets its own text, not Remix's
 * internal message. A 503 because search is down
 * (app/search/unavailable.server.ts) also lists the pages that work without search.
 */
import { Link, isRouteErrorResponse, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "That request could not be understood",
  403: "You are not allowed to do that",
  404: "Not found",
  405: "This page does not accept that request",
  409: "Someone else changed this first",
  429: "Too many attempts",
  503: "Temporarily unavailable",
};

/**
 * The document title of an error page: what went wrong, never the name of the
 * page that could not be shown (a 405 on /experts/1 is not "Expert not found").
 */
export function errorTitle(error: unknown): string {
  if (!isRouteErrorResponse(error)) return "Something went wrong";
  if (error.status === 405) return "Method not allowed";
  return TITLES[error.status] ?? `Error ${error.status}`;
}

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { pathname } = useLocation();
  if (isRouteErrorResponse(error) && error.status === 405) {
    return (
      <section className="error" role="alert">
        <h1>{TITLES[405]}</h1>
        <p>
          The page at <code>{pathname}</code> can be opened and read, but it does not receive data sent this way (the response's <code>Allow</code> header lists
          what it accepts). Open the page and use its own forms and buttons.
        </p>
        <p>
          <a href={pathname}>Open this page</a> · <a href="/">Back to the start page</a>
        </p>
      </section>
    );
  }
  if (isRouteErrorResponse(error)) {
    if (error.status === 503 && error.data?.searchUnavailable) return <SearchUnavailable message={String(error.data.error)} />;
    // data is null for Remix's own 404 (entry.server.tsx drops its internal message): the title says it.
    const detail = error.data === null ? null : typeof error.data === "string" ? error.data : (error.data?.error ?? error.statusText);
    return (
      <section className="error" role="alert">
        <h1>{TITLES[error.status] ?? `Error ${error.status}`}</h1>
        {detail ? <p>{detail}</p> : null}
        <p>
          <a href="/">Back to the start page</a>
        </p>
      </section>
    );
  }
  console.error(error);
  return (
    <section className="error" role="alert">
      <h1>Something went wrong</h1>
      <p>The error has been logged. Please try again in a moment.</p>
    </section>
  );
}

/**
 * The 503 page while Meilisearch does not answer: what happened, and links to
 * pages that read PostgreSQL only (the root loader's user decides which).
 */
function SearchUnavailable({ message }: { message: string }) {
  const root = useRouteLoaderData("root") as { user: { roles: string[] } | null } | undefined;
  const user = root?.user ?? null;
  const links: Array<[string, string]> = [["/", "Start page: institutions per member state"]];
  if (user) {
    links.push(["/proposals", "Your proposals"], ["/me/profile", "Your expert profile"], ["/notifications", "Notifications"], ["/account", "Your account"]);
    if (user.roles.includes("secretariat")) links.push(["/secretariat/proposals", "Proposals to review"], ["/secretariat", "Secretariat"]);
    if (user.roles.includes("admin")) links.push(["/admin/users", "Users"]);
  } else {
    links.push(["/login", "Sign in"], ["/join", "Join the network"]);
  }
  return (
    <section className="error" role="alert">
      <h1>Search is temporarily unavailable</h1>
      <p>{message} Searching and the lists of institutions, experts, partners, calls and projects need it.</p>
      <h2>What still works</h2>
      <ul>
        {links.map(([href, label]) => (
          <li key={href}>
            <Link to={href}>{label}</Link>
          </li>
        ))}
        <li>The page of any institution, expert, call, project or proposal, from a link or bookmark.</li>
      </ul>
    </section>
  );
}
