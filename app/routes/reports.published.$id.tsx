/**
 * /reports/published/:id — one published progress report (public): its
 * reference, period, the secretariat's summary and the frozen figures (member
 * states table, trend, map, collaboration matrix, topics, proposal figures per
 * member state). `?measure=` colours the map. Prints as a clean A4 document
 * (app.css, @media print). An unknown id answers 404.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { getPublishedReport } from "~/features/reports/published-report.server";
import { topicAreaNames } from "~/features/topics/topics.server";
import { readMeasure, reportTexts } from "~/features/reports/report-labels";
import { summaryParagraphs } from "~/features/reports/report-summary";
import { formatDay } from "~/i18n/dates";
import { MeasureForm, ReportView, SummaryText } from "~/components/report-view";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { msg } from "~/i18n/message";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import type { MemberStateCode } from "~/domain/member-states";
import { requireIdParam, text } from "~/utils/input";
import { z } from "zod";

/** The query this page reads (readMeasure): the map's measure. */
export const querySchema = z.object({ measure: text().optional() });

/** The catalogues this page renders (root adds `common`). */
export const handle = { i18n: ["reports"] };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireIdParam(params.id, msg("reports:errors.noSuchReport"));
  const db = getDb();
  const [report, names, lng] = await Promise.all([getPublishedReport(db, id), topicAreaNames(db), requestLanguage(request)]);
  invariantResponse(report, msg("reports:errors.noSuchReport"), 404);
  const { measure, issue } = readMeasure(new URL(request.url).searchParams);
  const t = serverT(lng, ["reports", "common"]);
  const texts = reportTexts(report.figures, t, lng);
  const title = pageTitle(t, "reports:published.title", { reference: report.reference });
  return json({ report, names, measure, issue, texts, published: formatDay(report.publishedAt.slice(0, 10), lng), title }, { status: issue ? 400 : 200 });
}

export default function PublishedReportPage() {
  const { report, names, measure, issue, texts, published } = useLoaderData<typeof loader>();
  const { t } = useTranslation("reports");
  const { figures } = report;
  // A state links to the live figures of the same period for that state.
  const stateHref = (c: MemberStateCode) => `/reports?from=${figures.period.from}&to=${figures.period.to}&country=${c}`;
  return (
    <article className="published-report">
      <p className="meta no-print">
        <Link to="/reports/published">{t("published.back")}</Link>
      </p>
      <header className="report-header">
        <p className="report-org">{t("published.org")}</p>
        <h1>{t("published.title", { reference: report.reference })}</h1>
        <dl className="facts">
          <dt>{t("published.period")}</dt>
          <dd>{texts.period}</dd>
          <dt>{t("published.published")}</dt>
          <dd>
            <time dateTime={report.publishedAt}>{t("published.bySecretariat", { day: published })}</time>
          </dd>
          <dt>{t("published.reference")}</dt>
          <dd>{report.reference}</dd>
        </dl>
        <p className="meta no-print">
          {t("published.frozen")} <Link to={`/reports?from=${figures.period.from}&to=${figures.period.to}`}>{t("published.today")}</Link>
        </p>
        <button type="button" className="secondary small no-print" onClick={() => window.print()}>
          {t("published.print")}
        </button>
      </header>
      <section aria-labelledby="summary-h">
        <h2 id="summary-h">{t("published.summary")}</h2>
        <SummaryText paragraphs={summaryParagraphs(report.summary)} />
      </section>
      <ReportView
        figures={figures}
        texts={texts}
        names={names}
        measure={measure}
        stateHref={stateHref}
        mapControls={<MeasureForm action={`/reports/published/${report.id}`} measure={measure} keep={[]} error={issue?.message} />}
      />
      <footer className="report-footer">
        <p>
          <bdi>{report.reference}</bdi> · {t("published.credits")}
        </p>
      </footer>
    </article>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
