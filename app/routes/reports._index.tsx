/**
 * /reports?from=&to=&country=&measure= — the network in figures (public,
 * works without JavaScript): per member state and in total, the quarterly
 * trend, a map coloured by `measure`, the collaboration matrix of approved
 * projects and their topics. Approved projects only: no proposal figures
 * ever leave the server here (publicFigures). Bad parameters answer 400 with
 * the form kept and the message at its field.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { parseReportParams } from "~/features/reports/report-params";
import { readMeasure } from "~/features/reports/report-labels";
import { topicAreaNames } from "~/features/topics/topics.server";
import { getReportFigures } from "~/features/reports/reports.server";
import { publicFigures } from "~/domain/report-figures";
import { correctFieldsText, PeriodForm, periodFormValues, periodPairs, periodQuery } from "~/components/period-form";
import { MeasureForm, periodText, ReportView } from "~/components/report-view";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { text } from "~/utils/input";
import { reportParamsSchema } from "~/features/reports/report-params";

/** The query this page reads (parsed by parseReportParams and readMeasure): the period, member states, the map's measure. */
export const querySchema = reportParamsSchema().extend({ measure: text().optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const parsed = parseReportParams(params);
  const { measure, issue } = readMeasure(params);
  const form = periodFormValues(params, parsed);
  const issues = [...(parsed.ok ? [] : parsed.issues), ...(issue ? [issue] : [])];
  if (!parsed.ok) return json({ form, measure, issues, figures: null, names: null }, { status: 400 });
  const db = getDb();
  const [figures, names] = await Promise.all([getReportFigures(db, parsed.value), topicAreaNames(db)]);
  return json({ form, measure, issues, figures: publicFigures(figures), names }, { status: issues.length ? 400 : 200 });
}

export default function ReportsPage() {
  const { form, measure, issues, figures, names } = useLoaderData<typeof loader>();
  const query = periodQuery(form);
  return (
    <>
      <h1>The network in figures</h1>
      <p className="lead">
        Institutions, experts, calls and approved joint projects of the ten ECO member states, per member state and period, from the network's own records.
      </p>
      <p className="meta">
        <Link to="/reports/published">Published progress reports</Link>
        {/* Only for a period that could be read: the downloads would answer 400 for the values refused here. */}
        {figures ? (
          <>
            {" "}
            · Download: <a href={`/reports.csv?${query}`}>CSV</a> · <a href={`/api/v1/reports?${query}`}>JSON</a>
          </>
        ) : null}
      </p>
      <PeriodForm action="/reports" values={form} issues={issues} measure={measure} />
      {figures && names ? (
        <>
          <p className="period">
            <strong>{periodText(figures)}</strong>
          </p>
          <ReportView
            figures={figures}
            names={names}
            measure={measure}
            stateHref={(c) => `/reports?${periodQuery({ ...form, country: [c] }, [["measure", measure]])}`}
            mapControls={
              <MeasureForm action="/reports" measure={measure} keep={periodPairs(form)} error={issues.find((i) => i.param === "measure")?.message} />
            }
          />
        </>
      ) : (
        <p className="empty">{correctFieldsText(issues.filter((i) => i.param !== "measure"))}</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "The network in figures — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
