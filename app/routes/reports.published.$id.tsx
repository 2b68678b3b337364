/**
 * /reports/published/:id — one published progress report (public): its
 * reference, period, the secretariat's summary and the frozen figures (member
 * states table, trend, map, collaboration matrix, topics, proposal figures per
 * member state). `?measure=` colours the map. Prints as a clean A4 document
 * (app.css, @media print). An unknown id answers 404.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { getPublishedReport } from "~/features/reports/published-report.server";
import { topicAreaNames } from "~/features/topics/topics.server";
import { readMeasure } from "~/features/reports/report-labels";
import { summaryParagraphs } from "~/features/reports/report-summary";
import { formatDay } from "~/i18n/dates";
import { MeasureForm, periodText, ReportView, SummaryText } from "~/components/report-view";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import type { MemberStateCode } from "~/domain/member-states";
import { requireIdParam, text } from "~/utils/input";
import { z } from "zod";

/** The query this page reads (readMeasure): the map's measure. */
export const querySchema = z.object({ measure: text().optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireIdParam(params.id, "No published report has that id.");
  const db = getDb();
  const [report, names] = await Promise.all([getPublishedReport(db, id), topicAreaNames(db)]);
  invariantResponse(report, "No published report has that id.", 404);
  const { measure, issue } = readMeasure(new URL(request.url).searchParams);
  return json({ report, names, measure, issue }, { status: issue ? 400 : 200 });
}

export default function PublishedReportPage() {
  const { report, names, measure, issue } = useLoaderData<typeof loader>();
  const { figures } = report;
  // A state links to the live figures of the same period for that state.
  const stateHref = (c: MemberStateCode) => `/reports?from=${figures.period.from}&to=${figures.period.to}&country=${c}`;
  return (
    <article className="published-report">
      <p className="meta no-print">
        <Link to="/reports/published">← Published reports</Link>
      </p>
      <header className="report-header">
        <p className="report-org">Economic Cooperation Organization · ICT Research Network</p>
        <h1>Progress report {report.reference}</h1>
        <dl className="facts">
          <dt>Period</dt>
          <dd>{periodText(figures)}</dd>
          <dt>Published</dt>
          <dd>{formatDay(report.publishedAt.slice(0, 10))} by the ECO Secretariat</dd>
          <dt>Reference</dt>
          <dd>{report.reference}</dd>
        </dl>
        <p className="meta no-print">
          These figures were frozen when the report was published.{" "}
          <Link to={`/reports?from=${figures.period.from}&to=${figures.period.to}`}>Today's figures for the same period</Link>
        </p>
        <button type="button" className="secondary small no-print" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </header>
      <section aria-labelledby="summary-h">
        <h2 id="summary-h">Summary</h2>
        <SummaryText paragraphs={summaryParagraphs(report.summary)} />
      </section>
      <ReportView
        figures={figures}
        names={names}
        measure={measure}
        stateHref={stateHref}
        mapControls={<MeasureForm action={`/reports/published/${report.id}`} measure={measure} keep={[]} error={issue?.message} />}
      />
      <footer className="report-footer">
        <p>
          {report.reference} · Data: ECO ICT Research Network (institutions from the Research Organization Registry, CC0; topics from OpenAlex, CC0). Map
          boundaries: Natural Earth (public domain); they do not imply any position on the status of a territory.
        </p>
      </footer>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.report.reference ?? "Progress report"} — ECO ICT Research Network` }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
