/**
 * /secretariat/reports?from=&to=&country=&measure= — the progress report
 * (secretariat role only; 403 for other signed-in users): the public figures
 * of the period plus the proposal figures per member state and the matrix of
 * submitted proposals, the pipeline (registrations waiting, proposals by
 * status with their age, calls closing in the next 30 days), and the publish
 * form: the officer's plain-text summary. POST intent=publish freezes the
 * figures of the period shown (codes and numbers, no per-pair proposal
 * counts) with the summary as an immutable, numbered report and redirects to
 * it. Nothing is written before that; a double submit publishes once (the
 * form's idempotency key).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { getDb } from "~/utils/db.server";
import { requireRole } from "~/features/accounts/permissions.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { parseReportParams } from "~/features/reports/report-params";
import { readMeasure, reportTexts } from "~/features/reports/report-labels";
import { summarySchema } from "~/features/reports/report-summary";
import { topicAreaNames } from "~/features/topics/topics.server";
import { formatInZone } from "~/i18n/dates";
import { getReportFigures } from "~/features/reports/reports.server";
import { getPipeline } from "~/features/reports/pipeline.server";
import { newPublishKey, publishReport } from "~/features/reports/published-report.server";
import { CorrectFields, PeriodForm, periodFormValues, periodPairs, periodQuery } from "~/components/period-form";
import { MeasureForm, ReportView } from "~/components/report-view";
import { useNumberFormat } from "~/components/charts/format";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { msg, translateMessage } from "~/i18n/message";
import { ErrorList, FORM_VALIDATION } from "~/components/forms";
import { ScrollBox } from "~/components/scroll-box";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import type { Pipeline } from "~/domain/report-figures";
import { reportParamsSchema } from "~/features/reports/report-params";
import { text } from "~/utils/input";

const PublishSchema = z.object({
  intent: z.literal("publish"),
  summary: summarySchema,
  idempotencyKey: text({ required_error: msg("reports:errors.formExpired") }).uuid(msg("reports:errors.formExpired")),
});

/** The query the page reads; the Publish form sends the period (from, to, country) beside its own fields. */
export const querySchema = reportParamsSchema().extend({ measure: text().optional() });
export const formSchema = PublishSchema.extend(reportParamsSchema().shape);

/** The catalogues this page renders (root adds `common`). */
export const handle = { i18n: ["reports"] };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "secretariat");
  const lng = await requestLanguage(request);
  const t = serverT(lng, ["reports", "common"]);
  const params = new URL(request.url).searchParams;
  const parsed = parseReportParams(params);
  const { measure, issue } = readMeasure(params);
  const form = periodFormValues(params, parsed);
  const issues = [...(parsed.ok ? [] : parsed.issues), ...(issue ? [issue] : [])];
  const db = getDb();
  const [figures, names, pipeline] = await Promise.all([
    parsed.ok ? getReportFigures(db, parsed.value, { includeProposals: true, includeProposalMatrix: true }) : null,
    topicAreaNames(db),
    getPipeline(db),
  ]);
  // A fresh key per page view: every submission of this rendering of the form carries the same one.
  // Deadlines as text from here, in the viewer's calendar (never formatted in the browser).
  const deadlines = Object.fromEntries(pipeline.callsClosingSoon.calls.map((c) => [c.id, formatInZone(c.deadline, "UTC", lng)]));
  return json(
    {
      title: pageTitle(t, "reports:secretariat.metaTitle"),
      form,
      measure,
      issues,
      figures,
      texts: figures ? reportTexts(figures, t, lng) : null,
      names,
      pipeline,
      deadlines,
      idempotencyKey: newPublishKey(),
    },
    { status: issues.length ? 400 : 200 },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "secretariat");
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: PublishSchema });
  // The period travels in hidden fields; a tampered one is refused like a bad query.
  const periodFields = new URLSearchParams(["from", "to", "country"].flatMap((k) => formData.getAll(k).map((v): [string, string] => [k, String(v)])));
  const period = parseReportParams(periodFields);
  if (submission.status !== "success" || !period.ok) {
    // The issue's own message may be a key: the line is made as text here, in the viewer's language.
    const t = serverT(await requestLanguage(request), ["reports", "common"]);
    const formErrors = period.ok
      ? undefined
      : period.issues.map((i) => t("reports:errors.period", { param: i.param, message: translateMessage(t, i.message) }));
    return json(submission.reply({ formErrors }), { status: 400 });
  }
  const db = getDb();
  // One consistent state of the database for every figure of the snapshot.
  const figures = await db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute((trx) => getReportFigures(trx, period.value, { includeProposals: true }));
  const published = await publishReport(db, {
    figures,
    summary: submission.value.summary,
    idempotencyKey: submission.value.idempotencyKey,
    publisher: { id: user.id, displayName: user.displayName },
  });
  return redirectWithToast(`/reports/published/${published.id}`, {
    kind: published.created ? "success" : "info",
    message: msg(published.created ? "reports:toast.published" : "reports:toast.alreadyPublished", { reference: published.reference }),
  });
}

export default function SecretariatReportsPage() {
  const { form, measure, issues, figures, texts, names, pipeline, deadlines, idempotencyKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation("reports");
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const publishing = navigation.state !== "idle" && navigation.formMethod?.toLowerCase() === "post";
  const [publishForm, fields] = useForm({
    id: "publish",
    lastResult,
    constraint: getZodConstraint(PublishSchema),
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PublishSchema }),
  });
  return (
    <>
      <p className="meta">
        <Link to="/secretariat">{t("common:nav.secretariat")}</Link> › {t("secretariat.title")}
      </p>
      <h1>{t("secretariat.title")}</h1>
      <p className="lead">
        <Trans t={t} i18nKey="secretariat.lead" components={{ link: <Link to="/reports/published" /> }} />
      </p>

      <PipelineSection pipeline={pipeline} deadlines={deadlines} />

      <h2>{t("published.period")}</h2>
      <PeriodForm action="/secretariat/reports" values={form} issues={issues} measure={measure} />

      {figures && texts ? (
        <>
          <p className="period">
            <strong>{texts.period}</strong>
          </p>
          <ReportView
            figures={figures}
            texts={texts}
            names={names}
            measure={measure}
            stateHref={(c) => `/secretariat/reports?${periodQuery({ ...form, country: [c] }, [["measure", measure]])}`}
            mapControls={
              <MeasureForm
                action="/secretariat/reports"
                measure={measure}
                keep={periodPairs(form)}
                error={issues.find((i) => i.param === "measure")?.message}
              />
            }
          />

          <section aria-labelledby="publish-h" className="card">
            <h2 id="publish-h">{t("secretariat.publishTitle")}</h2>
            <p>
              <Trans
                t={t}
                i18nKey="secretariat.publishText"
                values={{ period: texts.period, reference: `ECO-ICT-PR-${new Date().getUTCFullYear()}-…` }}
                components={{ strong: <strong />, code: <code /> }}
              />
            </p>
            <Form method="post" {...getFormProps(publishForm)} className="stack">
              {periodPairs(form).map(([k, v], i) => (
                <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
              ))}
              <input type="hidden" name="idempotencyKey" value={String(fields.idempotencyKey.initialValue ?? idempotencyKey)} />
              <div className="field summary-field">
                <label htmlFor={fields.summary.id}>{t("published.summary")}</label>
                <p id={`${fields.summary.id}-help`} className="meta">
                  {t("secretariat.summaryHelp")}
                </p>
                <textarea {...getTextareaProps(fields.summary, { ariaDescribedBy: `${fields.summary.id}-help` })} key={fields.summary.key} rows={10} />
                <ErrorList id={fields.summary.errorId} errors={fields.summary.errors} />
              </div>
              <ErrorList id={publishForm.errorId} errors={[...(publishForm.errors ?? []), ...(fields.idempotencyKey.errors ?? [])]} />
              <div>
                <button type="submit" name="intent" value="publish" disabled={publishing}>
                  {publishing ? t("secretariat.publishing") : t("secretariat.publish")}
                </button>
              </div>
            </Form>
          </section>
        </>
      ) : (
        <CorrectFields issues={issues.filter((i) => i.param !== "measure")} />
      )}
    </>
  );
}

function PipelineSection({ pipeline, deadlines }: { pipeline: Pipeline; deadlines: Record<string, string> }) {
  const { t } = useTranslation("reports");
  const { count: formatCount, days: formatDays } = useNumberFormat();
  return (
    <section aria-labelledby="pipeline-h">
      <h2 id="pipeline-h">{t("pipeline.title")}</h2>
      <div className="grid">
        <div className="card">
          <div className="stat">{formatCount(pipeline.pendingRegistrations.count)}</div>
          <div>
            <Link to="/secretariat/institutions">{t("pipeline.pending", { count: pipeline.pendingRegistrations.count })}</Link>
          </div>
          {pipeline.pendingRegistrations.count ? (
            <p className="meta">
              {t("pipeline.ages", {
                oldest: formatDays(pipeline.pendingRegistrations.oldestDays),
                median: formatDays(pipeline.pendingRegistrations.medianDays),
              })}
            </p>
          ) : null}
        </div>
        <div className="card">
          <div className="stat">{formatCount(pipeline.callsClosingSoon.count)}</div>
          <div>{t("pipeline.closing", { count: pipeline.callsClosingSoon.count })}</div>
        </div>
      </div>
      <ScrollBox label={t("pipeline.byStatus")}>
        <table className="figures-table">
          <caption>{t("pipeline.byStatusCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("pipeline.status")}</th>
              <th scope="col" className="num">
                {t("view.proposals")}
              </th>
              <th scope="col" className="num">
                {t("pipeline.oldest")}
              </th>
              <th scope="col" className="num">
                {t("pipeline.median")}
              </th>
            </tr>
          </thead>
          <tbody>
            {pipeline.proposalsByStatus.map((s) => (
              <tr key={s.status}>
                <th scope="row">
                  <Link to={`/secretariat/proposals?status=${s.status}`}>{t(`proposalStatus.${s.status}`, { defaultValue: s.status })}</Link>
                </th>
                <td className="num">{formatCount(s.count)}</td>
                <td className="num">{formatDays(s.oldestDays)}</td>
                <td className="num">{formatDays(s.medianDays)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      {pipeline.callsClosingSoon.calls.length ? (
        <>
          <h3>{t("pipeline.closingTitle")}</h3>
          <ul className="plain">
            {pipeline.callsClosingSoon.calls.map((c) => (
              <li key={c.id}>
                <Link to={`/calls/${c.id}`}>{c.title}</Link>{" "}
                <span className="meta">{t("pipeline.call", { country: t(`common:country.${c.countryCode}`), deadline: deadlines[c.id] })}</span>
              </li>
            ))}
          </ul>
          {pipeline.callsClosingSoon.count > pipeline.callsClosingSoon.calls.length ? (
            <p className="meta">
              {t("pipeline.soonest", { count: pipeline.callsClosingSoon.calls.length, total: formatCount(pipeline.callsClosingSoon.count) })}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
