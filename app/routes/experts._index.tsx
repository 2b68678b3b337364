/**
 * /experts — search expert profiles: free text (names in any script,
 * keywords, topics, institution), facets with counts (member state,
 * institution, topic subfield, open to), pagination; all state in the URL;
 * works without JavaScript (a GET form), and with JavaScript facets apply on
 * change. Bad parameters answer 400 with the message next to the form.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLabels } from "~/i18n/labels";
import { searchExperts, type ExpertHit, type ExpertSearchResult } from "~/features/experts/expert-search.server";
import { Facet } from "~/components/facet";
import { FilterPanel } from "~/components/collapse-narrow";
import { Highlight } from "~/components/highlight";
import { Pagination, PastLastPage } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getDb } from "~/utils/db.server";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { EXPERT_FACET_VALUES } from "~/search/indexes/experts.server";
import { translateMessage } from "~/i18n/message";
import { MAX_QUERY_LENGTH, parseSearchParams } from "~/utils/search-params";
import { EXPERT_LIST_PARAMS, expertSearchSchema } from "~/features/experts/expert-search-params";

/** Institutions listed in the facet: the busiest ones, plus any already selected. */
const INSTITUTION_FACET_SIZE = 12;
/** Topics named on a result; the rest are counted ("+3 more"). */
const TOPICS_SHOWN = 4;
/** Name variants shown under a name when none matched the query. */
const VARIANTS_SHOWN = 2;

/**
 * What a result of the list shows, and nothing more (issue 17: the hits are
 * serialised twice per page, as HTML and as hydration data). The full hit
 * (all topics, all name variants, the public email) is the JSON API's.
 */
function pageHit(h: ExpertHit) {
  return {
    id: h.id,
    highlightedName: h.highlightedName,
    isDemo: h.isDemo,
    /** The matched name variants, else the first VARIANTS_SHOWN. */
    names: h.matchedVariants.length ? h.matchedVariants : h.nameVariants.slice(0, VARIANTS_SHOWN),
    title: h.title,
    position: h.position,
    institutionName: h.institution?.name ?? null,
    country: h.country,
    countryName: h.country ? null : h.countryName,
    topics: h.topics.slice(0, TOPICS_SHOWN),
    moreTopics: Math.max(0, h.topics.length - TOPICS_SHOWN),
    openTo: h.openTo,
  };
}
type PageHit = ReturnType<typeof pageHit>;
/** A facet value whose label the page writes in the viewer's language. */
type FacetCount = { value: string; count: number };
/** The search result as the page uses it: hits trimmed (pageHit), facet labels of country and openTo left to the page. */
type PageResult = Pick<ExpertSearchResult, "total" | "page" | "totalPages" | "selectedTopics"> & {
  hits: PageHit[];
  facets: Pick<ExpertSearchResult["facets"], "institution" | "subfield"> & { country: FacetCount[]; openTo: FacetCount[] };
};

type PageParams = { q: string; country: string[]; institution: number[]; subfield: string[]; topic: string[]; openTo: string[] };

export const querySchema = expertSearchSchema;

/** `experts`: this page; `matching`: nothing here, but the shared facet and highlight need none either. */
export const handle = { i18n: ["experts"] };

/** The document title and description (titleMeta), in the viewer's language. */
function pageMeta(t: ReturnType<typeof serverT>, q: string) {
  return {
    title: q ? pageTitle(t, "list.metaTitleQuery", { q }) : pageTitle(t, "list.metaTitle"),
    description: t("list.metaDescription"),
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const t = serverT(await requestLanguage(request), ["experts", "common"]);
  const parsed = parseSearchParams(querySchema, url.searchParams, EXPERT_LIST_PARAMS);
  if (!parsed.ok) {
    const raw: PageParams = {
      q: (url.searchParams.get("q") ?? "").slice(0, MAX_QUERY_LENGTH * 2),
      country: [],
      institution: [],
      subfield: [],
      topic: [],
      openTo: [],
    };
    return json(
      {
        params: raw,
        result: null as PageResult | null,
        institutionNote: undefined as string | undefined,
        issues: parsed.issues,
        ...pageMeta(t, raw.q),
      },
      { status: 400 },
    );
  }
  // Public emails only, for every viewer: members-only ones appear on the profile page alone.
  const result = await searchExperts(getDb(), parsed.value);
  // Only the institutions the facet shows travel to the page (the rest would be dead weight in
  // every response): the busiest ones plus any already selected, and how many there were.
  const all = result.facets.institution;
  const shown = all.filter((f, i) => i < INSTITUTION_FACET_SIZE || parsed.value.institution.includes(Number(f.value)));
  const institutionNote =
    all.length > shown.length
      ? result.institutionFacetTruncated
        ? // Meilisearch stopped at its facet limit: at least that many institutions have matching experts.
          t("list.institutionNoteMore", { shown: INSTITUTION_FACET_SIZE, count: EXPERT_FACET_VALUES })
        : t("list.institutionNote", { shown: INSTITUTION_FACET_SIZE, count: all.length })
      : undefined;
  const { country, subfield, openTo } = result.facets;
  const page: PageResult = {
    total: result.total,
    page: result.page,
    totalPages: result.totalPages,
    selectedTopics: result.selectedTopics,
    hits: result.hits.map(pageHit),
    facets: {
      country: country.map(({ value, count }) => ({ value, count })),
      institution: shown,
      subfield,
      openTo: openTo.map(({ value, count }) => ({ value, count })),
    },
  };
  return json({
    params: parsed.value as PageParams,
    result: page,
    institutionNote,
    issues: [] as Array<{ param: string; message: string }>,
    ...pageMeta(t, parsed.value.q),
  });
}

function pageHref(params: PageParams, page: number) {
  const sp = new URLSearchParams();
  if (params.q) sp.set("q", params.q);
  for (const key of EXPERT_LIST_PARAMS) for (const v of params[key]) sp.append(key, String(v));
  if (page > 1) sp.set("page", String(page));
  return `?${sp.toString()}`;
}

export default function ExpertsPage() {
  const { params, result, institutionNote, issues } = useLoaderData<typeof loader>();
  const { t } = useTranslation("experts");
  const submit = useSubmit();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/experts";
  const qIssue = issues.find((i) => i.param === "q");
  const otherIssues = issues.filter((i) => i.param !== "q");
  return (
    <>
      <h1>{t("list.title")}</h1>
      <Form
        method="get"
        role="search"
        onChange={(e) => {
          // Facet checkboxes apply at once; typing waits for Enter / the button.
          if ((e.target as HTMLInputElement).type === "checkbox") submit(e.currentTarget, { replace: true });
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
            aria-invalid={qIssue ? true : undefined}
            aria-describedby={qIssue ? "q-error" : undefined}
          />
          <button type="submit">{t("list.search")}</button>
        </div>
        {qIssue ? (
          <p id="q-error" className="field-error">
            {t("list.searchTextIssue", { message: translateMessage(t, qIssue.message) })}
          </p>
        ) : null}
        {otherIssues.length ? (
          <div className="error" role="alert">
            {otherIssues.map((i) => (
              <p key={i.param + i.message}>
                <strong>
                  <bdi>{i.param}</bdi>
                </strong>{" "}
                {t("list.paramIssue", { message: translateMessage(t, i.message) })}
              </p>
            ))}
            <p>
              <Link to="/experts">{t("list.clearFilters")}</Link>
            </p>
          </div>
        ) : null}
        {result?.selectedTopics.length ? (
          <p className="chips" aria-label={t("list.topicFilter")}>
            {result.selectedTopics.map((topic) => (
              <label key={topic.id} className="chip">
                <input type="checkbox" name="topic" value={topic.id} defaultChecked /> {t("list.topicChip")} <span lang="en">{topic.name}</span>
              </label>
            ))}
          </p>
        ) : null}
        <div className="search-layout">
          <FilterPanel>
            {result ? (
              <>
                <Facet
                  legend={t("facet.country")}
                  name="country"
                  values={result.facets.country.map((c) => ({ ...c, label: t(`common:country.${c.value}`) }))}
                  selected={params.country}
                />
                <Facet
                  legend={t("facet.openTo")}
                  name="openTo"
                  values={result.facets.openTo.map((o) => ({ ...o, label: t(`openTo.${o.value}`) }))}
                  selected={params.openTo}
                />
                <Facet
                  legend={t("facet.subfield")}
                  name="subfield"
                  values={result.facets.subfield.map((f) => ({ ...f, lang: "en" }))}
                  selected={params.subfield}
                />
                <Facet
                  legend={t("facet.institution")}
                  name="institution"
                  values={result.facets.institution}
                  selected={params.institution.map(String)}
                  note={institutionNote}
                />
              </>
            ) : null}
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

function Results({ result, params }: { result: PageResult; params: PageParams }) {
  const { t } = useTranslation("experts");
  const label = useLabels(t);
  const filtered = EXPERT_LIST_PARAMS.some((k) => params[k].length > 0);
  if (result.total === 0) {
    return (
      <div className="empty">
        <h2>{params.q ? t("list.noneMatchQuery", { q: params.q }) : t("list.noneMatch")}</h2>
        <p>{t("list.noneHint")}</p>
        {filtered ? (
          <p>
            <Link to={pageHref({ ...params, country: [], institution: [], subfield: [], topic: [], openTo: [] }, 1)}>{t("list.withoutFilters")}</Link>
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
        {result.totalPages > 1
          ? t("list.countPaged", { count: result.total, page: result.page, pages: result.totalPages })
          : t("list.count", { count: result.total })}
      </p>
      <ol className="results">
        {result.hits.map((h) => (
          <li key={h.id}>
            <h2>
              <Link to={`/experts/${h.id}`}>
                <Highlight text={h.highlightedName} />
              </Link>
              {h.isDemo ? <span className="badge">{label("list.demo")}</span> : null}
            </h2>
            {h.names.length ? (
              <p className="names">
                {h.names.map((v) => (
                  <span key={v} dir="auto">
                    <Highlight text={v} />
                  </span>
                ))}
              </p>
            ) : null}
            <p className="meta">
              {[h.title, h.position].filter(Boolean).join(" · ")}
              {h.institutionName ? (
                <>
                  {h.title || h.position ? " — " : ""}
                  <bdi>{h.institutionName}</bdi>
                  {label("list.comma")}
                  {h.country ? label(`common:country.${h.country}`) : h.countryName}
                </>
              ) : null}
            </p>
            {h.topics.length ? (
              <p className="topics">
                {h.topics.map((topic) => (
                  <span key={topic.id} className="tag" lang="en">
                    {topic.name}
                  </span>
                ))}
                {h.moreTopics ? <span className="meta"> {t("list.moreTopics", { count: h.moreTopics })}</span> : null}
              </p>
            ) : null}
            {h.openTo.length ? <p className="meta">{t("list.openTo", { list: h.openTo.map((o) => label(`openTo.${o}`)).join(label("list.comma")) })}</p> : null}
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
