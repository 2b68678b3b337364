/**
 * One error boundary for every route: readable messages per status, the
 * thrown Response's text as detail (a catalogue key made by `msg`, or text),
 * never a stack trace for users. A 405 (a POST to a page without a form, or
 * a method no page takes: see app/utils/http-middleware.server.ts) gets its
 * own text, not Remix's internal message. A 503 because search is down
 * (app/search/unavailable.server.ts) also lists the pages that work without search.
 */
import { Link, isRouteErrorResponse, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { translateMessage } from "~/i18n/message";

/** Statuses with a title of their own in the `common` catalogue (`errors.title.<status>`). */
const TITLED = new Set([400, 403, 404, 405, 409, 429, 503]);

/**
 * The catalogue key of an error page's title: what went wrong, never the name
 * of the page that could not be shown (a 405 on /experts/1 is not "Expert not
 * found"). Translate it with `t(key, { status })`.
 */
export function errorTitle(error: unknown): string {
  if (!isRouteErrorResponse(error)) return "errors.title.unexpected";
  if (error.status === 405) return "errors.title.methodNotAllowed";
  return TITLED.has(error.status) ? `errors.title.${error.status}` : "errors.title.other";
}

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { pathname } = useLocation();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && error.status === 405) {
    return (
      <section className="error" role="alert">
        <h1>{t("errors.title.405")}</h1>
        <p>
          <Trans t={t} i18nKey="errors.methodNotAllowed" values={{ pathname }} components={{ code: <code /> }} />
        </p>
        <p>
          <a href={pathname}>{t("errors.openPage")}</a> · <a href="/">{t("errors.backToStart")}</a>
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
        <h1>{t(errorTitle(error), { status: error.status })}</h1>
        {detail ? <p>{translateMessage(t, String(detail))}</p> : null}
        <p>
          <a href="/">{t("errors.backToStart")}</a>
        </p>
      </section>
    );
  }
  console.error(error);
  return (
    <section className="error" role="alert">
      <h1>{t("errors.title.unexpected")}</h1>
      <p>{t("errors.logged")}</p>
    </section>
  );
}

/**
 * The 503 page while Meilisearch does not answer: what happened, and links to
 * pages that read PostgreSQL only (the root loader's user decides which).
 */
function SearchUnavailable({ message }: { message: string }) {
  const { t } = useTranslation();
  const root = useRouteLoaderData("root") as { user: { roles: string[] } | null } | undefined;
  const user = root?.user ?? null;
  const links: Array<[string, string]> = [["/", "errors.search.links.start"]];
  if (user) {
    links.push(
      ["/proposals", "errors.search.links.proposals"],
      ["/me/profile", "errors.search.links.profile"],
      ["/notifications", "errors.search.links.notifications"],
      ["/account", "errors.search.links.account"],
    );
    if (user.roles.includes("secretariat"))
      links.push(["/secretariat/proposals", "errors.search.links.review"], ["/secretariat", "errors.search.links.secretariat"]);
    if (user.roles.includes("admin")) links.push(["/admin/users", "errors.search.links.users"]);
  } else {
    links.push(["/login", "errors.search.links.signIn"], ["/join", "errors.search.links.join"]);
  }
  return (
    <section className="error" role="alert">
      <h1>{t("errors.search.title")}</h1>
      <p>
        {translateMessage(t, message)} {t("errors.search.needed")}
      </p>
      <h2>{t("errors.search.stillWorks")}</h2>
      <ul>
        {links.map(([href, label]) => (
          <li key={href}>
            <Link to={href}>{t(label)}</Link>
          </li>
        ))}
        <li>{t("errors.search.anyPage")}</li>
      </ul>
    </section>
  );
}
