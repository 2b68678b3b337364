/**
 * /experts — search expert profiles: free text (names in any script,
 * keywords, topics, institution), facets with counts (member state,
 * institution, topic subfield, open to), pagination; all state in the URL;
 * works without JavaScript (a GET form), and with JavaScript facets apply on
 * change. Bad parameters answer 400 with the message next to the form.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { searchExperts, type ExpertSearchResult } from "~/features/experts/expert-search.server";
import { Facet } from "~/components/facet";
import { FilterPanel } from "~/components/collapse-narrow";
import { Highlight } from "~/components/highlight";
import { Pagination, PastLastPage } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getDb } from "~/utils/db.server";
import { OPEN_TO_LABELS } from "~/domain/expert-vocabulary";
import { MAX_QUERY_LENGTH, parseSearchParams } from "~/utils/search-params";
import { EXPERT_LIST_PARAMS, expertSearchSchema } from "~/features/experts/expert-search-params";

/** Institutions listed in the facet: the busiest ones, plus any already selected. */
const INSTITUTION_FACET_SIZE = 12;

type PageParams = { q: string; country: string[]; institution: number[]; subfield: string[]; topic: string[]; openTo: string[] };

export const querySchema = expertSearchSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
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
      { params: raw, result: null as ExpertSearchResult | null, institutionNote: undefined as string | undefined, issues: parsed.issues },
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
      ? `The ${INSTITUTION_FACET_SIZE} with most experts of ${result.institutionFacetTruncated ? `more than ${all.length - 1}` : all.length}; to find another, type its name in the search box.`
      : undefined;
  return json({
    params: parsed.value as PageParams,
    result: { ...result, facets: { ...result.facets, institution: shown } },
    institutionNote,
    issues: [] as Array<{ param: string; message: string }>,
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
  const submit = useSubmit();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/experts";
  const qIssue = issues.find((i) => i.param === "q");
  const otherIssues = issues.filter((i) => i.param !== "q");
  return (
    <>
      <h1>Experts</h1>
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
            Search experts
          </label>
          <input
            id="q"
            type="search"
            name="q"
            defaultValue={params.q}
            placeholder="Name in any script, topic or keyword — e.g. Karimov, Каримов, کریمی, machine translation"
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
        {otherIssues.length ? (
          <div className="error" role="alert">
            {otherIssues.map((i) => (
              <p key={i.param + i.message}>
                <strong>{i.param}</strong> {i.message}.
              </p>
            ))}
            <p>
              <Link to="/experts">Clear the filters</Link>
            </p>
          </div>
        ) : null}
        {result?.selectedTopics.length ? (
          <p className="chips" aria-label="Topic filter">
            {result.selectedTopics.map((t) => (
              <label key={t.id} className="chip">
                <input type="checkbox" name="topic" value={t.id} defaultChecked /> Topic: {t.name}
              </label>
            ))}
          </p>
        ) : null}
        <div className="search-layout">
          <FilterPanel>
            {result ? (
              <>
                <Facet legend="Member state" name="country" values={result.facets.country} selected={params.country} />
                <Facet legend="Open to" name="openTo" values={result.facets.openTo} selected={params.openTo} />
                <Facet legend="Topic area" name="subfield" values={result.facets.subfield} selected={params.subfield} />
                <Facet
                  legend="Institution"
                  name="institution"
                  values={result.facets.institution}
                  selected={params.institution.map(String)}
                  note={institutionNote}
                />
              </>
            ) : null}
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

function Results({ result, params }: { result: ExpertSearchResult; params: PageParams }) {
  const filtered = EXPERT_LIST_PARAMS.some((k) => params[k].length > 0);
  if (result.total === 0) {
    return (
      <div className="empty">
        <h2>No experts match{params.q ? ` “${params.q}”` : ""}</h2>
        <p>Try fewer words, another spelling or script (Latin, Cyrillic, Persian), a broader topic, or remove a filter.</p>
        {filtered ? (
          <p>
            <Link to={pageHref({ ...params, country: [], institution: [], subfield: [], topic: [], openTo: [] }, 1)}>Search without filters</Link>
          </p>
        ) : null}
      </div>
    );
  }
  if (result.hits.length === 0 && result.page > result.totalPages) {
    return <PastLastPage page={result.page} totalPages={result.totalPages} total={result.total} lastHref={pageHref(params, result.totalPages)} />;
  }
  return (
    <>
      <p className="meta">
        {result.total.toLocaleString("en")} {result.total === 1 ? "expert" : "experts"}
        {result.totalPages > 1 ? ` · page ${result.page} of ${result.totalPages}` : ""}
      </p>
      <ol className="results">
        {result.hits.map((h) => (
          <li key={h.id}>
            <h2>
              <Link to={`/experts/${h.id}`}>
                <Highlight text={h.highlightedName} />
              </Link>
              {h.isDemo ? <span className="badge">demo</span> : null}
            </h2>
            {h.matchedVariants.length || h.nameVariants.length ? (
              <p className="names">
                {(h.matchedVariants.length ? h.matchedVariants : h.nameVariants.slice(0, 2)).map((v) => (
                  <span key={v} dir="auto">
                    <Highlight text={v} />
                  </span>
                ))}
              </p>
            ) : null}
            <p className="meta">
              {[h.title, h.position].filter(Boolean).join(" · ")}
              {h.institution ? (
                <>
                  {h.title || h.position ? " — " : ""}
                  {h.institution.name}, {h.countryName}
                </>
              ) : null}
            </p>
            {h.topics.length ? (
              <p className="topics">
                {h.topics.slice(0, 4).map((t) => (
                  <span key={t.id} className="tag">
                    {t.name}
                  </span>
                ))}
                {h.topics.length > 4 ? <span className="meta"> +{h.topics.length - 4}</span> : null}
              </p>
            ) : null}
            {h.openTo.length ? <p className="meta">Open to: {h.openTo.map((o) => OPEN_TO_LABELS[o]).join(", ")}</p> : null}
          </li>
        ))}
      </ol>
      <Pagination page={result.page} totalPages={result.totalPages} href={(p) => pageHref(params, p)} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.params.q ? `“${data.params.q}” — Experts — ECO ICT Research Network` : "Experts — ECO ICT Research Network" },
  {
    name: "description",
    content: "ICT researchers of the ten ECO member states: search by name in any script, topic, institution and openness to collaboration.",
  },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
