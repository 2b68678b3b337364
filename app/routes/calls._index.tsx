/**
 * /calls — open joint calls: search, facets (kind, topic area, member state of
 * the posting institution), sorted by deadline (soonest first). Institution
 * admins also see their own calls in every status and a link to post one.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { getUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { parseSearchParams } from "~/utils/search-params";
import { CALL_LIST_PARAMS, callSearchSchema } from "~/features/calls/call-search-params";
import { CALL_KIND_LABELS, type CallKind } from "~/domain/call-kinds";
import { formatInZone } from "~/i18n/dates";
import { effectiveCallStatus, listManagedCalls, searchCalls } from "~/features/calls/call.server";
import { adminInstitutions } from "~/features/institutions/memberships.server";
import { countryName } from "~/domain/member-states";
import { Highlight } from "~/components/highlight";
import { Facet } from "~/components/facet";
import { FilterPanel } from "~/components/collapse-narrow";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const querySchema = callSearchSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseSearchParams(querySchema, url.searchParams, CALL_LIST_PARAMS);
  const user = await getUser(request);
  const [managed, canPost] = user
    ? await Promise.all([listManagedCalls(getDb(), user.id), adminInstitutions(getDb(), user.id).then((r) => r.length > 0)])
    : [[], false];
  const mine = managed.map((c) => ({ ...c, status: effectiveCallStatus(c.status, c.deadline) }));
  if (!parsed.ok) return json({ params: null, result: null, issues: parsed.issues, mine, canPost }, { status: 400 });
  const result = await searchCalls(getDb(), parsed.value);
  return json({
    params: parsed.value,
    result,
    issues: [] as Array<{ param: string; message: string }>,
    mine,
    canPost,
    nowSeconds: Math.floor(Date.now() / 1000),
  });
}

export default function CallsPage() {
  const data = useLoaderData<typeof loader>();
  const { params, result, issues, mine, canPost } = data;
  const nowSeconds = "nowSeconds" in data ? data.nowSeconds : 0;
  const submit = useSubmit();
  return (
    <>
      <h1>Joint calls</h1>
      {canPost ? (
        <p>
          <Link className="button" to="/calls/new">
            Post a call
          </Link>
        </p>
      ) : null}
      {mine.length ? (
        <details className="card">
          <summary>Calls of your institutions ({mine.length})</summary>
          <ul>
            {mine.map((c) => (
              <li key={c.id}>
                <Link to={`/calls/${c.id}`}>{c.title}</Link> <span className={`badge status-${c.status}`}>{c.status}</span>{" "}
                <span className="meta">deadline {formatInZone(c.deadline, c.deadline_zone)}</span>
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
            Search calls
          </label>
          <input id="q" type="search" name="q" defaultValue={params?.q ?? ""} placeholder="Topic, title or institution" />
          <button type="submit">Search</button>
        </div>
        {issues.length ? (
          <div className="error" role="alert">
            {issues.map((i) => (
              <p key={i.param + i.message}>
                <strong>{i.param}</strong> {i.message}.
              </p>
            ))}
          </div>
        ) : null}
        <div className="search-layout">
          <FilterPanel>
            {result && params ? (
              <>
                <Facet
                  legend="Status"
                  name="status"
                  values={[
                    { value: "open", label: "Open" },
                    { value: "closed", label: "Closed" },
                  ]}
                  selected={params.status.length ? params.status : ["open"]}
                />
                <Facet
                  legend="Kind"
                  name="kind"
                  values={result.facets.kind.map((f) => ({ ...f, label: CALL_KIND_LABELS[f.value as CallKind] ?? f.value }))}
                  selected={params.kind}
                />
                <Facet legend="Topic area" name="subfield" values={result.facets.subfield} selected={params.subfield} />
                <Facet
                  legend="Member state of the posting institution"
                  name="country"
                  values={result.facets.country.map((f) => ({ ...f, label: countryName(f.value) }))}
                  selected={params.country}
                />
              </>
            ) : null}
            <noscript>
              <button type="submit">Apply filters</button>
            </noscript>
          </FilterPanel>
          <section aria-live="polite">
            {result ? (
              result.total === 0 ? (
                <div className="empty">
                  <h2>No calls match</h2>
                  <p>Try fewer words or remove a filter.</p>
                </div>
              ) : (
                <>
                  <p className="meta">
                    {result.total} {result.total === 1 ? "call" : "calls"}, soonest deadline first
                  </p>
                  <ol className="results">
                    {result.hits.map((h: any) => (
                      <li key={h.id}>
                        <h2>
                          <Link to={`/calls/${h.id}`}>
                            <Highlight text={h.highlightedTitle} />
                          </Link>
                          {h.isDemo ? <span className="badge">demo</span> : null}
                        </h2>
                        <p className="meta">
                          {CALL_KIND_LABELS[h.kind as CallKind]} · {h.institutionName}, {h.countryName} · deadline{" "}
                          {formatInZone(new Date(h.deadline * 1000), h.deadlineZone)}
                          {h.deadline < nowSeconds ? <strong> — passed</strong> : null}
                          {h.status !== "open" ? <span className={`badge status-${h.status}`}>{h.status}</span> : null}
                        </p>
                        {h.summary ? (
                          <p>
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

export const meta: MetaFunction = () => [{ title: "Joint calls — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
