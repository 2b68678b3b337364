/**
 * /projects — approved joint projects (public): search, member-state facet
 * (any of), and `with` (repeatable): consortia that include every listed
 * member state, kept through the form as hidden fields.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/utils/db.server";
import { parseProjectParams, projectSearchSchema } from "~/features/projects/project-params";
import { formatDay } from "~/i18n/dates";
import { searchProjects } from "~/features/projects/project.server";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { countryList } from "~/features/calls/call-text.server";
import { QueryIssues } from "~/components/forms";
import { Highlight } from "~/components/highlight";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { Facet } from "~/components/facet";
import { FilterPanel } from "~/components/collapse-narrow";

export const querySchema = projectSearchSchema;

/** Namespaces of the page and of the components it renders (facet, filter panel). */
export const handle = { i18n: ["projects", "matching", "reports"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const lng = await requestLanguage(request);
  const title = pageTitle(serverT(lng, "projects"), "projects:meta.list");
  const parsed = parseProjectParams(new URL(request.url).searchParams);
  if (!parsed.ok) return json({ params: null, result: null, issues: parsed.issues, approved: null, title }, { status: 400 });
  const found = await searchProjects(getDb(), parsed.value);
  // Dates and lists of member states as text in the viewer's language (here, not in the component: hydration).
  const result = { ...found, hits: found.hits.map((h) => ({ ...h, countriesText: countryList(h.countries, lng) })) };
  const { approvedFrom: from, approvedTo: to } = parsed.value;
  const approved = from || to ? { from: from ? formatDay(from, lng) : null, to: to ? formatDay(to, lng) : null } : null;
  return json({ params: parsed.value, result, issues: [] as Array<{ param: string; message: string }>, approved, title });
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

export default function ProjectsPage() {
  const { params, result, issues, approved } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const { t } = useTranslation("projects");
  return (
    <>
      <h1>{t("list.title")}</h1>
      <p className="meta">{t("list.intro")}</p>
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
        {params?.with.length ? (
          <p className="chips">
            <span>{t("list.withAll")}</span>
            {params.with.map((c) => (
              <span key={c} className="chip">
                {t(`common:country.${c}`)}
                <input type="hidden" name="with" value={c} />
              </span>
            ))}
            <Link to={`/projects?${without(params, ["with"])}`}>{t("list.everyConsortium")}</Link>
          </p>
        ) : null}
        {params && approved ? (
          <p className="chips">
            <span className="chip">
              {approved.from && approved.to
                ? t("list.approvedBetween", { from: approved.from, to: approved.to })
                : approved.from
                  ? t("list.approvedFrom", { from: approved.from })
                  : t("list.approvedTo", { to: approved.to })}
              {params.approvedFrom ? <input type="hidden" name="approvedFrom" value={params.approvedFrom} /> : null}
              {params.approvedTo ? <input type="hidden" name="approvedTo" value={params.approvedTo} /> : null}
            </span>
            <Link to={`/projects?${without(params, ["approved"])}`}>{t("list.anyDate")}</Link>
          </p>
        ) : null}
        <QueryIssues issues={issues} />
        <div className="search-layout">
          <FilterPanel>
            <Facet
              legend={t("list.memberState")}
              name="country"
              values={(result?.countries ?? []).map((c) => ({
                value: c.value,
                label: t(`common:country.${c.value}`, { defaultValue: c.value }),
                count: c.count,
              }))}
              selected={params?.country ?? []}
            />
          </FilterPanel>
          <section aria-live="polite">
            {result ? (
              result.total === 0 ? (
                <p className="empty">{t("list.empty")}</p>
              ) : (
                <>
                  <p className="meta" data-testid="project-count">
                    {t("list.count", { count: result.total })}
                  </p>
                  <ol className="results">
                    {result.hits.map((h) => (
                      <li key={h.id}>
                        <h2>
                          <Link to={`/projects/${h.id}`}>
                            <Highlight text={h.highlightedTitle} />
                          </Link>{" "}
                          {h.acronym ? <span className="meta">({h.acronym})</span> : null}
                          {h.isDemo ? <span className="badge">{t("demo")}</span> : null}
                        </h2>
                        <p className="meta">
                          <bdi>{h.referenceCode}</bdi> ·{" "}
                          {h.institutionNames.map((name, i) => (
                            <span key={name}>
                              {i ? " · " : ""}
                              <bdi>{name}</bdi>
                            </span>
                          ))}{" "}
                          · {h.countriesText}
                        </p>
                        <p>
                          <Highlight text={h.highlightedAbstract} />
                        </p>
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
