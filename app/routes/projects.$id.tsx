/**
 * /projects/:id — an approved proposal, public: consortium with countries,
 * team (names, roles, ORCID links; no emails), abstract, objectives. Any
 * other state answers 404.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { requireIdParam } from "~/utils/input";
import { getProject } from "~/features/proposals/details.server";
import { TEAM_ROLE_LABELS } from "~/domain/roles";
import { formatBudget } from "~/domain/currency";
import { countryName } from "~/domain/member-states";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ params }: LoaderFunctionArgs) {
  const id = requireIdParam(params.id, "No such project.");
  const project = await getProject(getDb(), id);
  invariantResponse(project, "No such project.", 404);
  const { events: _e, ...rest } = project;
  return json(rest);
}

export default function ProjectPage() {
  const d = useLoaderData<typeof loader>();
  const p = d.proposal;
  const countries = [...new Set([d.lead.country_code, ...d.partners.map((x) => x.country_code)])];
  return (
    <article className="stack">
      <p className="meta">
        {p.reference_code} · approved {p.decided_at ? p.decided_at.slice(0, 10) : ""}
        {p.is_demo ? <span className="badge">demo</span> : null}
      </p>
      <h1>
        {p.title} {p.acronym ? <span className="meta">({p.acronym})</span> : null}
      </h1>
      <section className="card">
        <h2>Consortium — {countries.map(countryName).join(", ")}</h2>
        <ul>
          <li>
            <strong>Lead:</strong> <Link to={`/institutions/${d.lead.id}`}>{d.lead.name}</Link>, {countryName(d.lead.country_code)}
          </li>
          {d.partners.map((x) => (
            <li key={x.institution_id}>
              Partner: <Link to={`/institutions/${x.institution_id}`}>{x.name}</Link>, {countryName(x.country_code)}
            </li>
          ))}
        </ul>
        {d.team.length ? (
          <>
            <h3>Team</h3>
            <ul>
              {d.team.map((t) => (
                <li key={t.expert_id}>
                  <Link to={`/experts/${t.expert_id}`}>{t.full_name}</Link> — {TEAM_ROLE_LABELS[t.role as keyof typeof TEAM_ROLE_LABELS]}
                  {t.orcid ? (
                    <>
                      {" "}
                      ·{" "}
                      <a href={`https://orcid.org/${t.orcid}`} rel="noreferrer">
                        ORCID {t.orcid}
                      </a>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <dl className="facts">
        <dt>Duration</dt>
        <dd>{p.duration_months ? `${p.duration_months} months` : "—"}</dd>
        <dt>Budget</dt>
        <dd>{formatBudget(p.budget_amount, p.budget_currency)}</dd>
        <dt>Topics</dt>
        <dd>{d.topics.map((t) => t.name).join(", ") || "—"}</dd>
      </dl>
      <h2>Abstract</h2>
      <p style={{ whiteSpace: "pre-wrap" }}>{p.abstract}</p>
      <h2>Objectives</h2>
      <p style={{ whiteSpace: "pre-wrap" }}>{p.objectives}</p>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.proposal.title ?? "Project"} — ECO ICT Research Network` }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
