/**
 * /projects/:id — an approved proposal, public: consortium with countries,
 * team (names, roles, ORCID links; no emails), abstract, objectives. Any
 * other state answers 404.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { requireIdParam } from "~/utils/input";
import { getProject } from "~/features/proposals/details.server";
import { formatBudget } from "~/domain/currency";
import { formatDay } from "~/i18n/dates";
import { msg } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { countryList } from "~/features/calls/call-text.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle, titleMeta } from "~/i18n/meta";

export const handle = { i18n: ["projects"] };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireIdParam(params.id, msg("projects:errors.notFound"));
  const project = await getProject(getDb(), id);
  invariantResponse(project, msg("projects:errors.notFound"), 404);
  const { events: _e, ...rest } = project;
  const lng = await requestLanguage(request);
  const p = project.proposal;
  // Dates, amounts and lists as text in the viewer's language (here, not in the component: hydration).
  const text = {
    approved: p.decided_at ? formatDay(new Date(p.decided_at).toISOString(), lng) : "",
    budget: formatBudget(p.budget_amount, p.budget_currency, lng),
    countries: countryList([...new Set([project.lead.country_code, ...project.partners.map((x) => x.country_code)])], lng),
  };
  return json({ ...rest, text, title: pageTitle(serverT(lng, "projects"), "projects:meta.project", { title: p.title }) });
}

export default function ProjectPage() {
  const d = useLoaderData<typeof loader>();
  const p = d.proposal;
  const { t } = useTranslation("projects");
  const country = (code: string) => t(`common:country.${code}`, { defaultValue: code });
  return (
    <article className="stack">
      <p className="meta">
        <bdi>{p.reference_code}</bdi> · {t("project.approved", { date: d.text.approved })}
        {p.is_demo ? <span className="badge">{t("demo")}</span> : null}
      </p>
      <h1 dir="auto">
        {p.title} {p.acronym ? <span className="meta">({p.acronym})</span> : null}
      </h1>
      <section className="card">
        <h2>{t("project.consortium", { countries: d.text.countries })}</h2>
        <ul>
          <li>
            <Trans
              t={t}
              i18nKey="project.lead"
              values={{ name: d.lead.name, country: country(d.lead.country_code) }}
              components={{ strong: <strong />, link: <Link to={`/institutions/${d.lead.id}`} dir="auto" /> }}
            />
          </li>
          {d.partners.map((x) => (
            <li key={x.institution_id}>
              <Trans
                t={t}
                i18nKey="project.partner"
                values={{ name: x.name, country: country(x.country_code) }}
                components={{ link: <Link to={`/institutions/${x.institution_id}`} dir="auto" /> }}
              />
            </li>
          ))}
        </ul>
        {d.team.length ? (
          <>
            <h3>{t("project.team")}</h3>
            <ul>
              {d.team.map((m) => (
                <li key={m.expert_id}>
                  <Link to={`/experts/${m.expert_id}`}>{m.full_name}</Link> — {t(`teamRole.${m.role}`)}
                  {m.orcid ? (
                    <>
                      {" "}
                      ·{" "}
                      <a href={`https://orcid.org/${m.orcid}`} rel="noreferrer">
                        <Trans t={t} i18nKey="project.orcid" values={{ orcid: m.orcid }} components={{ bdi: <bdi /> }} />
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
        <dt>{t("project.duration")}</dt>
        <dd>{p.duration_months ? t("project.months", { count: p.duration_months }) : "—"}</dd>
        <dt>{t("project.budget")}</dt>
        <dd>{d.text.budget}</dd>
        <dt>{t("project.topics")}</dt>
        {/* Topic names come from OpenAlex, in English. */}
        <dd lang="en">{d.topics.map((topic) => topic.name).join(", ") || "—"}</dd>
      </dl>
      <h2>{t("project.abstract")}</h2>
      <p style={{ whiteSpace: "pre-wrap" }}>{p.abstract}</p>
      <h2>{t("project.objectives")}</h2>
      <p style={{ whiteSpace: "pre-wrap" }} dir="auto">
        {p.objectives}
      </p>
    </article>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
