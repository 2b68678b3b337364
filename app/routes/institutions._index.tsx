/**
 * /institutions — search verified institutions: query, country and kind facets
 * with counts, pagination; all state in the URL; works without JavaScript
 * (a GET form), and with JavaScript facets apply on change.
 */
import { Fragment } from "react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation, useSubmit } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { ECO_MEMBER_STATES } from "~/domain/member-states";
import { searchInstitutions, type InstitutionSearchResult } from "~/features/institutions/institution.server";
import { Highlight } from "~/components/highlight";
import { Pagination, PastLastPage } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MAX_QUERY_LENGTH, parseSearchParams } from "~/utils/search-params";
import { institutionSearchSchema } from "~/features/institutions/institution-search-params";
import { INSTITUTION_KINDS } from "~/domain/institution-kinds";
import { Facet } from "~/components/facet";
import { FilterPanel } from "~/components/collapse-narrow";
import { QueryIssues } from "~/components/forms";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { translateMessage } from "~/i18n/message";
import { nameInLanguage } from "~/features/institutions/local-name";
import { useLabels } from "~/i18n/labels";

export const handle = { i18n: ["institutions"] };

export const querySchema = institutionSearchSchema;

/** The page title in `lng`: "Institutions — ECO ICT Research Network", with the search text when there is one. */
function listTitle(lng: string, q: string): string {
  const t = serverT(lng, "institutions");
  return q ? pageTitle(t, "titles.listQuery", { q }) : pageTitle(t, "titles.list");
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const lng = await requestLanguage(request);
  const parsed = parseSearchParams(querySchema, url.searchParams, ["country", "kind"]);
  if (!parsed.ok) {
    const raw = {
      q: (url.searchParams.get("q") ?? "").slice(0, MAX_QUERY_LENGTH * 2),
      country: url.searchParams.getAll("country").slice(0, 10),
      kind: url.searchParams.getAll("kind").slice(0, 3),
    };
    return json({ params: raw, result: null as LocalResult | null, issues: parsed.issues, title: listTitle(lng, raw.q) }, { status: 400 });
  }
  const found = await searchInstitutions(parsed.value);
  // Each hit's name in the viewer's language, when its labels have one (shown beside the English name).
  const result: LocalResult = { ...found, hits: found.hits.map((h) => ({ ...h, localName: nameInLanguage(h.labels, lng) })) };
  return json({ params: parsed.value, result, issues: [] as Array<{ param: string; message: string }>, title: listTitle(lng, parsed.value.q) });
}

type LocalResult = Omit<InstitutionSearchResult, "hits"> & {
  hits: Array<InstitutionSearchResult["hits"][number] & { localName: { name: string; lang: string } | null }>;
};

function pageHref(params: { q: string; country: string[]; kind: string[] }, page: number) {
  const sp = new URLSearchParams();
  if (params.q) sp.set("q", params.q);
  for (const c of params.country) sp.append("country", c);
  for (const k of params.kind) sp.append("kind", k);
  if (page > 1) sp.set("page", String(page));
  return `?${sp.toString()}`;
}

export default function InstitutionsPage() {
  const { params, result, issues } = useLoaderData<typeof loader>();
  const { t } = useTranslation("institutions");
  const submit = useSubmit();
  // Remount the form when the URL changes (Back/Forward), so its inputs match the results shown.
  const { search } = useLocation();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/institutions";
  const qIssue = issues.find((i) => i.param === "q");
  const otherIssues = issues.filter((i) => i.param !== "q");
  return (
    <>
      <h1>{t("list.title")}</h1>
      <Form
        key={search}
        method="get"
        role="search"
        onChange={(e) => {
          // Facet checkboxes apply at once; typing waits for Enter / the button.
          if ((e.target as HTMLInputElement).type === "checkbox") submit(e.currentTarget);
        }}
      >
        <div className="search-bar">
          <label htmlFor="q" className="visually-hidden">
            {t("list.searchLabel")}
          </label>
          <input
            id="q"
            type="search"
            name="q"
            defaultValue={params.q}
            placeholder={t("list.placeholder")}
            maxLength={MAX_QUERY_LENGTH}
            aria-invalid={qIssue ? true : undefined}
            aria-describedby={qIssue ? "q-error" : undefined}
          />
          <button type="submit">{t("list.search")}</button>
        </div>
        {qIssue ? (
          <p id="q-error" className="field-error">
            {t("list.searchTextIssue", { problem: translateMessage(t, qIssue.message) })}
          </p>
        ) : null}
        <QueryIssues issues={otherIssues} />
        {issues.length ? (
          <p>
            <Link to="/institutions">{t("list.startNew")}</Link>
          </p>
        ) : null}
        <div className="search-layout">
          <FilterPanel>
            <Facet
              legend={t("list.memberState")}
              name="country"
              values={ECO_MEMBER_STATES.map((c) => ({ value: c.code, label: t(`common:country.${c.code}`), count: result?.facets.country[c.code] ?? 0 }))}
              selected={params.country}
            />
            <Facet
              legend={t("list.kind")}
              name="kind"
              values={INSTITUTION_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`), count: result?.facets.kind[k] ?? 0 }))}
              selected={params.kind}
            />
            <noscript>
              <button type="submit">{t("list.applyFilters")}</button>
            </noscript>
          </FilterPanel>
          <section aria-live="polite" aria-busy={searching}>
            {result ? <Results result={result} params={params} /> : null}
          </section>
        </div>
      </Form>
    </>
  );
}

function Results({ result, params }: { result: LocalResult; params: { q: string; country: string[]; kind: string[] } }) {
  const { t } = useTranslation("institutions");
  const label = useLabels(t);
  if (result.total === 0) {
    return (
      <div className="empty">
        <h2>{params.q ? <Trans t={t} i18nKey="list.noMatchQuery" values={{ q: params.q }} components={{ q: <bdi /> }} /> : t("list.noMatch")}</h2>
        <p>{t("list.tryFewer")}</p>
        {params.country.length || params.kind.length ? (
          <p>
            <Link to={pageHref({ ...params, country: [], kind: [] }, 1)}>{t("list.searchAll")}</Link>
          </p>
        ) : null}
      </div>
    );
  }
  if (result.hits.length === 0 && result.page > result.totalPages) {
    return (
      <PastLastPage
        page={result.page}
        totalPages={result.totalPages}
        total={result.total}
        totalText={t("list.count", { count: result.total })}
        lastHref={pageHref(params, result.totalPages)}
      />
    );
  }
  return (
    <>
      <p className="meta">
        {t("list.count", { count: result.total })}
        {result.totalPages > 1 ? <> · {t("list.pageOf", { page: result.page, total: result.totalPages })}</> : null}
      </p>
      <ol className="results">
        {result.hits.map((h) => (
          <li key={h.id}>
            <h2>
              <Link to={`/institutions/${h.id}`} dir="auto">
                {h.localName ? (
                  <>
                    <bdi lang={h.localName.lang}>{h.localName.name}</bdi>{" "}
                    <span className="meta">
                      (
                      <bdi lang="en">
                        <Highlight text={h.highlightedName} />
                      </bdi>
                      )
                    </span>
                  </>
                ) : (
                  <Highlight text={h.highlightedName} />
                )}
              </Link>
              {h.acronyms.length ? <span className="meta"> ({h.acronyms.join(", ")})</span> : null}
              {h.rorStatus === "inactive" ? <span className="badge warn">{label("inactiveInRor")}</span> : null}
            </h2>
            {h.labels.length ? (
              <p className="names">
                {h.labels.slice(0, 3).map((l, i) => (
                  <Fragment key={l.name}>
                    {i > 0 ? (
                      <span className="sep" aria-hidden="true">
                        {" "}
                        ·{" "}
                      </span>
                    ) : null}
                    <bdi lang={l.lang ?? undefined}>{l.name}</bdi>
                  </Fragment>
                ))}
              </p>
            ) : null}
            <p className="meta">
              {label(`kind.${h.kind}`)} · {[h.city, label(`common:country.${h.country}`)].filter(Boolean).join(", ")}
              {h.established ? <> · {t("list.established", { year: h.established })}</> : null}
            </p>
          </li>
        ))}
      </ol>
      <Pagination page={result.page} totalPages={result.totalPages} href={(p) => pageHref(params, p)} />
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
