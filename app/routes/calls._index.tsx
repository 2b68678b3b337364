/**
 * /calls — open joint calls: search, facets (kind, topic area, member state of
 * the posting institution), sorted by deadline (soonest first). Institution
 * admins also see their own calls in every status and a link to post one.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { getUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { parseSearchParams } from "~/utils/search-params";
import { CALL_LIST_PARAMS, callSearchSchema } from "~/features/calls/call-search-params";
import { useTranslation } from "react-i18next";
import { formatInZone } from "~/i18n/dates";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { effectiveCallStatus, listManagedCalls, searchCalls } from "~/features/calls/call.server";
import { adminInstitutions } from "~/features/institutions/memberships.server";
import { Highlight } from "~/components/highlight";
import { Facet } from "~/components/facet";
import { FilterPanel } from "~/components/collapse-narrow";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { QueryIssues } from "~/components/forms";

/** Namespaces of the page and of the components it renders (facets, filter panel). */
export const handle = { i18n: ["calls", "matching", "reports"] };

export const querySchema = callSearchSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseSearchParams(querySchema, url.searchParams, CALL_LIST_PARAMS);
  const user = await getUser(request);
  const lng = await requestLanguage(request);
  const title = pageTitle(serverT(lng, "calls"), "calls:meta.list");
  const [managed, canPost] = user
    ? await Promise.all([listManagedCalls(getDb(), user.id), adminInstitutions(getDb(), user.id).then((r) => r.length > 0)])
    : [[], false];
  // Deadlines are formatted here, in the viewer's language (never in the component: hydration).
  const mine = managed.map((c) => ({
    ...c,
    status: effectiveCallStatus(c.status, c.deadline),
    deadlineText: formatInZone(c.deadline, c.deadline_zone, lng),
  }));
  if (!parsed.ok) return json({ params: null, result: null, issues: parsed.issues, mine, canPost, title }, { status: 400 });
  const found = await searchCalls(getDb(), parsed.value);
  const result = { ...found, hits: found.hits.map((h: any) => ({ ...h, deadlineText: formatInZone(new Date(h.deadline * 1000), h.deadlineZone, lng) })) };
  return json({
    params: parsed.value,
    result,
    issues: [] as Array<{ param: string; message: string }>,
    mine,
    canPost,
    title,
    nowSeconds: Math.floor(Date.now() / 1000),
  });
}

export default function CallsPage() {
  const data = useLoaderData<typeof loader>();
  const { params, result, issues, mine, canPost } = data;
  const nowSeconds = "nowSeconds" in data ? data.nowSeconds : 0;
  const submit = useSubmit();
  const { t } = useTranslation("calls");
  return (
    <>
      <h1>{t("list.title")}</h1>
      {canPost ? (
        <p>
          <Link className="button" to="/calls/new">
            {t("list.post")}
          </Link>
        </p>
      ) : null}
      {mine.length ? (
        <details className="card">
          <summary>{t("list.mine", { count: mine.length })}</summary>
          <ul>
            {mine.map((c) => (
              <li key={c.id}>
                <Link to={`/calls/${c.id}`}>{c.title}</Link> <span className={`badge status-${c.status}`}>{t(`status.${c.status}`)}</span>{" "}
                <span className="meta">{t("list.deadline", { date: c.deadlineText })}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <Form
        method="get"
        role="search"
        onChange={(e) => ((e.target as HTMLInputElement).type === "checkbox" ? submit(e.currentTarget, { replace: true }) : undefined)}
      >
        <div className="search-bar">
          <label htmlFor="q" className="visually-hidden">
            {t("list.searchLabel")}
          </label>
          <input id="q" type="search" name="q" defaultValue={params?.q ?? ""} placeholder={t("list.searchPlaceholder")} />
          <button type="submit">{t("list.search")}</button>
        </div>
        <QueryIssues issues={issues} />
        <div className="search-layout">
          <FilterPanel>
            {result && params ? (
              <>
                <Facet
                  legend={t("list.facet.status")}
                  name="status"
                  values={[
                    { value: "open", label: t("list.facet.open") },
                    { value: "closed", label: t("list.facet.closed") },
                  ]}
                  selected={params.status.length ? params.status : ["open"]}
                />
                <Facet
                  legend={t("list.facet.kind")}
                  name="kind"
                  values={result.facets.kind.map((f) => ({ ...f, label: t(`kind.${f.value}`, { defaultValue: f.value }) }))}
                  selected={params.kind}
                />
                <Facet legend={t("list.facet.subfield")} name="subfield" values={result.facets.subfield} selected={params.subfield} />
                <Facet
                  legend={t("list.facet.country")}
                  name="country"
                  values={result.facets.country.map((f) => ({ ...f, label: t(`common:country.${f.value}`, { defaultValue: f.value }) }))}
                  selected={params.country}
                />
              </>
            ) : null}
            <noscript>
              <button type="submit">{t("list.applyFilters")}</button>
            </noscript>
          </FilterPanel>
          <section aria-live="polite">
            {result ? (
              result.total === 0 ? (
                <div className="empty">
                  <h2>{t("list.noMatch")}</h2>
                  <p>{t("list.noMatchHint")}</p>
                </div>
              ) : (
                <>
                  <p className="meta" data-testid="call-count">
                    {t("list.count", { count: result.total })}
                  </p>
                  <ol className="results">
                    {result.hits.map((h: any) => (
                      <li key={h.id}>
                        <h2>
                          <Link to={`/calls/${h.id}`}>
                            <Highlight text={h.highlightedTitle} />
                          </Link>
                          {h.isDemo ? <span className="badge">{t("demo")}</span> : null}
                        </h2>
                        <p className="meta">
                          {t(`kind.${h.kind}`)} · <bdi>{h.institutionName}</bdi>, {t(`common:country.${h.country}`, { defaultValue: h.countryName })} ·{" "}
                          {t("list.deadline", { date: h.deadlineText })}
                          {h.deadline < nowSeconds ? <strong> — {t("passed")}</strong> : null}
                          {h.status !== "open" ? <span className={`badge status-${h.status}`}>{t(`status.${h.status}`)}</span> : null}
                        </p>
                        {h.summary ? (
                          <p dir="auto">
                            <Highlight text={h.highlightedSummary} />
                          </p>
                        ) : null}
                      </li>
                    ))}
                  </ol>
                </>
              )
            ) : null}
          </section>
        </div>
      </Form>
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
