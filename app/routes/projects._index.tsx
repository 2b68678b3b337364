/**
 * /projects — approved joint projects (public): search, member-state facet
 * (any of), and `with` (repeatable): consortia that include every listed
 * member state, kept through the form as hidden fields.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { parseProjectParams, projectSearchSchema } from "~/features/projects/project-params";
import { formatDay } from "~/i18n/dates";
import { searchProjects } from "~/features/projects/project.server";
import { countryName } from "~/domain/member-states";
import { Highlight } from "~/components/highlight";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Facet } from "~/components/facet";
import { FilterPanel } from "~/components/collapse-narrow";

export const querySchema = projectSearchSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseProjectParams(new URL(request.url).searchParams);
  if (!parsed.ok) return json({ params: null, result: null, issues: parsed.issues }, { status: 400 });
  return json({ params: parsed.value, result: await searchProjects(getDb(), parsed.value), issues: [] as Array<{ param: string; message: string }> });
}

type Params = { q: string; country: string[]; with: string[]; approvedFrom?: string | null; approvedTo?: string | null };

/** The query string of `params` without the filters named in `drop`. */
function without(params: Params, drop: Array<"with" | "approved">): string {
  const out = new URLSearchParams();
  if (params.q) out.set("q", params.q);
  for (const c of params.country) out.append("country", c);
  if (!drop.includes("with")) for (const c of params.with) out.append("with", c);
  if (!drop.includes("approved")) {
    if (params.approvedFrom) out.set("approvedFrom", params.approvedFrom);
    if (params.approvedTo) out.set("approvedTo", params.approvedTo);
  }
  return out.toString();
}

/** "approved 1 Jan 2026 – 30 Jun 2026" / "approved from …" / "approved until …". */
function approvedText(from?: string | null, to?: string | null): string {
  if (from && to) return `Approved ${formatDay(from)} – ${formatDay(to)}`;
  return from ? `Approved on or after ${formatDay(from)}` : `Approved on or before ${formatDay(to!)}`;
}

export default function ProjectsPage() {
  const { params, result, issues } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  return (
    <>
      <h1>Joint projects</h1>
      <p className="meta">Proposals approved by the ECO secretariat.</p>
      <Form
        method="get"
        role="search"
        onChange={(e) => ((e.target as HTMLInputElement).type === "checkbox" ? submit(e.currentTarget, { replace: true }) : undefined)}
      >
        <div className="search-bar">
          <label htmlFor="q" className="visually-hidden">
            Search projects
          </label>
          <input id="q" type="search" name="q" defaultValue={params?.q ?? ""} placeholder="Title, topic, institution or reference" />
          <button type="submit">Search</button>
        </div>
        {params?.with.length ? (
          <p className="chips">
            <span>Consortium includes all of:</span>
            {params.with.map((c) => (
              <span key={c} className="chip">
                {countryName(c)}
                <input type="hidden" name="with" value={c} />
              </span>
            ))}
            <Link to={`/projects?${without(params, ["with"])}`}>Show every consortium</Link>
          </p>
        ) : null}
        {params?.approvedFrom || params?.approvedTo ? (
          <p className="chips">
            <span className="chip">
              {approvedText(params.approvedFrom, params.approvedTo)}
              {params.approvedFrom ? <input type="hidden" name="approvedFrom" value={params.approvedFrom} /> : null}
              {params.approvedTo ? <input type="hidden" name="approvedTo" value={params.approvedTo} /> : null}
            </span>
            <Link to={`/projects?${without(params, ["approved"])}`}>Any approval date</Link>
          </p>
        ) : null}
        {issues.map((i) => (
          <p key={i.param} className="error" role="alert">
            <strong>{i.param}</strong> {i.message}.
          </p>
        ))}
        <div className="search-layout">
          <FilterPanel>
            <Facet
              legend="Member state"
              name="country"
              values={(result?.countries ?? []).map((c) => ({ value: c.value, label: countryName(c.value), count: c.count }))}
              selected={params?.country ?? []}
            />
          </FilterPanel>
          <section aria-live="polite">
            {result ? (
              result.total === 0 ? (
                <p className="empty">No approved projects match.</p>
              ) : (
                <ol className="results">
                  {result.hits.map((h) => (
                    <li key={h.id}>
                      <h2>
                        <Link to={`/projects/${h.id}`}>
                          <Highlight text={h.highlightedTitle} />
                        </Link>{" "}
                        {h.acronym ? <span className="meta">({h.acronym})</span> : null}
                        {h.isDemo ? <span className="badge">demo</span> : null}
                      </h2>
                      <p className="meta">
                        {h.referenceCode} · {h.institutionNames.join(" · ")} · {h.countries.map(countryName).join(", ")}
                      </p>
                      <p>
                        <Highlight text={h.highlightedAbstract} />
                      </p>
                    </li>
                  ))}
                </ol>
              )
            ) : null}
          </section>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Joint projects — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
