/**
 * /institutions — search verified institutions: query, country and kind facets
 * with counts, pagination; all state in the URL; works without JavaScript
 * (a GET form), and with JavaScript facets apply on change.
 */
import { Fragment } from "react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation, useSubmit } from "@remix-run/react";
import { ECO_MEMBER_STATES } from "~/domain/member-states";
import { searchInstitutions, type InstitutionSearchResult } from "~/features/institutions/institution.server";
import { Highlight } from "~/components/highlight";
import { Pagination, PastLastPage } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MAX_QUERY_LENGTH, parseSearchParams } from "~/utils/search-params";
import { institutionSearchSchema } from "~/features/institutions/institution-search-params";
import { INSTITUTION_KINDS, KIND_LABELS } from "~/domain/institution-kinds";
import { Facet } from "~/components/facet";
import { FilterPanel } from "~/components/collapse-narrow";
import { QueryIssues } from "~/components/forms";

export const querySchema = institutionSearchSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseSearchParams(querySchema, url.searchParams, ["country", "kind"]);
  if (!parsed.ok) {
    const raw = {
      q: (url.searchParams.get("q") ?? "").slice(0, MAX_QUERY_LENGTH * 2),
      country: url.searchParams.getAll("country").slice(0, 10),
      kind: url.searchParams.getAll("kind").slice(0, 3),
    };
    return json({ params: raw, result: null as InstitutionSearchResult | null, issues: parsed.issues }, { status: 400 });
  }
  const result = await searchInstitutions(parsed.value);
  return json({ params: parsed.value, result, issues: [] as Array<{ param: string; message: string }> });
}

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
  const submit = useSubmit();
  // Remount the form when the URL changes (Back/Forward), so its inputs match the results shown.
  const { search } = useLocation();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/institutions";
  const qIssue = issues.find((i) => i.param === "q");
  const otherIssues = issues.filter((i) => i.param !== "q");
  return (
    <>
      <h1>Institutions</h1>
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
            Search institutions
          </label>
          <input
            id="q"
            type="search"
            name="q"
            defaultValue={params.q}
            placeholder="Name in any script, acronym or city — e.g. METU, Orta Doğu Teknik, دانشگاه هرات, Ташкент"
            maxLength={MAX_QUERY_LENGTH}
            aria-invalid={qIssue ? true : undefined}
            aria-describedby={qIssue ? "q-error" : undefined}
          />
          <button type="submit">Search</button>
        </div>
        {qIssue ? (
          <p id="q-error" className="field-error">
            Search text {qIssue.message}.
          </p>
        ) : null}
        <QueryIssues issues={otherIssues} />
        {issues.length ? (
          <p>
            <Link to="/institutions">Start a new search</Link>
          </p>
        ) : null}
        <div className="search-layout">
          <FilterPanel>
            <Facet
              legend="Member state"
              name="country"
              values={ECO_MEMBER_STATES.map((c) => ({ value: c.code, label: c.name, count: result?.facets.country[c.code] ?? 0 }))}
              selected={params.country}
            />
            <Facet
              legend="Kind"
              name="kind"
              values={INSTITUTION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k], count: result?.facets.kind[k] ?? 0 }))}
              selected={params.kind}
            />
            <noscript>
              <button type="submit">Apply filters</button>
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

function Results({ result, params }: { result: InstitutionSearchResult; params: { q: string; country: string[]; kind: string[] } }) {
  if (result.total === 0) {
    return (
      <div className="empty">
        <h2>No institutions match{params.q ? ` “${params.q}”` : ""}</h2>
        <p>Try fewer words, another spelling or script, an acronym, or remove a filter.</p>
        {params.country.length || params.kind.length ? (
          <p>
            <Link to={pageHref({ ...params, country: [], kind: [] }, 1)}>Search all member states and kinds</Link>
          </p>
        ) : null}
      </div>
    );
  }
  if (result.hits.length === 0 && result.page > result.totalPages) {
    return (
      <PastLastPage page={result.page} totalPages={result.totalPages} total={result.total} lastHref={pageHref(params, result.totalPages)} />
    );
  }
  return (
    <>
      <p className="meta">
        {result.total.toLocaleString("en")} {result.total === 1 ? "institution" : "institutions"}
        {result.totalPages > 1 ? ` · page ${result.page} of ${result.totalPages}` : ""}
      </p>
      <ol className="results">
        {result.hits.map((h) => (
          <li key={h.id}>
            <h2>
              <Link to={`/institutions/${h.id}`}>
                <Highlight text={h.highlightedName} />
              </Link>
              {h.acronyms.length ? <span className="meta"> ({h.acronyms.join(", ")})</span> : null}
              {h.rorStatus === "inactive" ? <span className="badge warn">inactive in ROR</span> : null}
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
              {KIND_LABELS[h.kind]} · {[h.city, h.countryName].filter(Boolean).join(", ")}
              {h.established ? ` · est. ${h.established}` : ""}
            </p>
          </li>
        ))}
      </ol>
      <Pagination page={result.page} totalPages={result.totalPages} href={(p) => pageHref(params, p)} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.params.q ? `“${data.params.q}” — Institutions — ECO ICT Research Network` : "Institutions — ECO ICT Research Network" },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
