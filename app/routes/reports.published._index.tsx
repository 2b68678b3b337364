/**
 * /reports/published — the progress reports the secretariat has published
 * (public), newest first, 20 a page (`?page=N`; a malformed page answers 400,
 * a page past the end links to the last page).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/utils/db.server";
import { MAX_PAGE, pageParam, parseSearchParams } from "~/utils/search-params";
import { listPublishedReports } from "~/features/reports/published-report.server";
import { periodText } from "~/components/report-view";
import { Pagination, PastLastPage } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDay } from "~/i18n/dates";

const ListSchema = z.object({ page: pageParam(MAX_PAGE) });

/** The query this page reads. */
export const querySchema = ListSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseSearchParams(ListSchema, new URL(request.url).searchParams, []);
  if (!parsed.ok) return json({ result: null, issues: parsed.issues }, { status: 400 });
  return json({ result: await listPublishedReports(getDb(), parsed.value.page), issues: [] as Array<{ param: string; message: string }> });
}

export default function PublishedReportsPage() {
  const { result, issues } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Published progress reports</h1>
      <p className="lead">
        Reports of the ECO Secretariat to the member states on the network (commitment 15 of the Baku Declaration). Each is frozen when published; the{" "}
        <Link to="/reports">live figures</Link> keep moving.
      </p>
      {issues.map((i) => (
        <p key={i.param} className="error" role="alert">
          <strong>{i.param}</strong> {i.message}.
        </p>
      ))}
      {result ? (
        result.total === 0 ? (
          <p className="empty">No report has been published yet.</p>
        ) : result.items.length === 0 ? (
          <PastLastPage
            page={result.page}
            totalPages={result.totalPages}
            total={result.total}

            lastHref={`/reports/published?page=${result.totalPages}`}
          />
        ) : (
          <ol className="results">
            {result.items.map((r) => (
              <li key={r.id}>
                <h2>
                  <Link to={`/reports/published/${r.id}`}>{r.reference}</Link>
                </h2>
                <p className="meta">
                  {periodText({ period: { from: r.periodFrom, to: r.periodTo }, countries: r.countries })} · published {formatDay(r.publishedAt.slice(0, 10))}
                </p>
              </li>
            ))}
          </ol>
        )
      ) : null}
      {result ? <Pagination page={result.page} totalPages={result.totalPages} href={(p) => `/reports/published?page=${p}`} /> : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Published progress reports — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
