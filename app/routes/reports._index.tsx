/**
 * /reports?from=&to=&country=&measure= — the network in figures (public,
 * works without JavaScript): per member state and in total, the quarterly
 * trend, a map coloured by `measure`, the collaboration matrix of approved
 * projects and their topics. Approved projects only: no proposal figures
 * ever leave the server here (publicFigures). Bad parameters answer 400 with
 * the form kept and the message at its field.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { getDb } from "~/utils/db.server";
import { parseReportParams } from "~/features/reports/report-params";
import { readMeasure, reportTexts } from "~/features/reports/report-labels";
import { topicAreaNames } from "~/features/topics/topics.server";
import { getReportFigures } from "~/features/reports/reports.server";
import { publicFigures } from "~/domain/report-figures";
import { CorrectFields, PeriodForm, periodFormValues, periodPairs, periodQuery } from "~/components/period-form";
import { MeasureForm, ReportView } from "~/components/report-view";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { text } from "~/utils/input";
import { reportParamsSchema } from "~/features/reports/report-params";

/** The query this page reads (parsed by parseReportParams and readMeasure): the period, member states, the map's measure. */
export const querySchema = reportParamsSchema().extend({ measure: text().optional() });

/** The catalogues this page renders (root adds `common`). */
export const handle = { i18n: ["reports"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const lng = await requestLanguage(request);
  const t = serverT(lng, ["reports", "common"]);
  const title = pageTitle(t, "reports:live.title");
  const params = new URL(request.url).searchParams;
  const parsed = parseReportParams(params);
  const { measure, issue } = readMeasure(params);
  const form = periodFormValues(params, parsed);
  const issues = [...(parsed.ok ? [] : parsed.issues), ...(issue ? [issue] : [])];
  if (!parsed.ok) return json({ title, form, measure, issues, figures: null, texts: null, names: null }, { status: 400 });
  const db = getDb();
  const [figures, names] = await Promise.all([getReportFigures(db, parsed.value), topicAreaNames(db)]);
  return json(
    { title, form, measure, issues, figures: publicFigures(figures), texts: reportTexts(figures, t, lng), names },
    { status: issues.length ? 400 : 200 },
  );
}

export default function ReportsPage() {
  const { form, measure, issues, figures, texts, names } = useLoaderData<typeof loader>();
  const { t } = useTranslation("reports");
  const query = periodQuery(form);
  return (
    <>
      <h1>{t("live.title")}</h1>
      <p className="lead">{t("live.lead")}</p>
      <p className="meta">
        <Link to="/reports/published">{t("live.published")}</Link>
        {/* Only for a period that could be read: the downloads would answer 400 for the values refused here. */}
        {figures ? (
          <>
            {" "}
            <Trans t={t} i18nKey="live.download" components={{ csv: <a href={`/reports.csv?${query}`} />, json: <a href={`/api/v1/reports?${query}`} /> }} />
          </>
        ) : null}
      </p>
      <PeriodForm action="/reports" values={form} issues={issues} measure={measure} />
      {figures && texts && names ? (
        <>
          <p className="period">
            <strong>{texts.period}</strong>
          </p>
          <ReportView
            figures={figures}
            texts={texts}
            names={names}
            measure={measure}
            stateHref={(c) => `/reports?${periodQuery({ ...form, country: [c] }, [["measure", measure]])}`}
            mapControls={
              <MeasureForm action="/reports" measure={measure} keep={periodPairs(form)} error={issues.find((i) => i.param === "measure")?.message} />
            }
          />
        </>
      ) : (
        <CorrectFields issues={issues.filter((i) => i.param !== "measure")} />
      )}
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
