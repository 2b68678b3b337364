/**
 * /reports/published — the progress reports the secretariat has published
 * (public), newest first, 20 a page (`?page=N`; a malformed page answers 400,
 * a page past the end links to the last page).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/utils/db.server";
import { MAX_PAGE, pageParam, parseSearchParams } from "~/utils/search-params";
import { listPublishedReports } from "~/features/reports/published-report.server";
import { periodLine } from "~/features/reports/report-labels";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { translateMessage } from "~/i18n/message";
import { Pagination, PastLastPage } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDay } from "~/i18n/dates";

const ListSchema = z.object({ page: pageParam(MAX_PAGE) });

/** The query this page reads. */
export const querySchema = ListSchema;

/** The catalogues this page renders (root adds `common`). */
export const handle = { i18n: ["reports"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const lng = await requestLanguage(request);
  const t = serverT(lng, ["reports", "common"]);
  const title = pageTitle(t, "reports:publishedList.title");
  const parsed = parseSearchParams(ListSchema, new URL(request.url).searchParams, []);
  if (!parsed.ok) return json({ title, result: null, issues: parsed.issues }, { status: 400 });
  const result = await listPublishedReports(getDb(), parsed.value.page);
  // Dates as text from here (the viewer's calendar; never formatted in the browser).
  const items = result.items.map((r) => ({
    ...r,
    periodText: periodLine({ period: { from: r.periodFrom, to: r.periodTo }, countries: r.countries }, t, lng),
    publishedText: formatDay(r.publishedAt.slice(0, 10), lng),
  }));
  return json({ title, result: { ...result, items }, issues: [] as Array<{ param: string; message: string }> });
}

export default function PublishedReportsPage() {
  const { result, issues } = useLoaderData<typeof loader>();
  const { t } = useTranslation("reports");
  return (
    <>
      <h1>{t("publishedList.title")}</h1>
      <p className="lead">
        <Trans t={t} i18nKey="publishedList.lead" components={{ link: <Link to="/reports" /> }} />
      </p>
      {issues.map((i) => (
        <p key={i.param} className="error" role="alert">
          <strong>{i.param}</strong> {t("form.otherIssue", { message: translateMessage(t, i.message) })}
        </p>
      ))}
      {result ? (
        result.total === 0 ? (
          <p className="empty">{t("publishedList.empty")}</p>
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
                <p className="meta">{t("publishedList.item", { period: r.periodText, day: r.publishedText })}</p>
              </li>
            ))}
          </ol>
        )
      ) : null}
      {result ? <Pagination page={result.page} totalPages={result.totalPages} href={(p) => `/reports/published?page=${p}`} /> : null}
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
