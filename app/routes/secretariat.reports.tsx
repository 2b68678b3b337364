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
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { getDb } from "~/utils/db.server";
import { requireRole } from "~/features/accounts/permissions.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { parseReportParams } from "~/features/reports/report-params";
import { readMeasure } from "~/features/reports/report-labels";
import { summarySchema } from "~/features/reports/report-summary";
import { topicAreaNames } from "~/features/topics/topics.server";
import { STATUS_LABELS } from "~/features/proposals/proposal-schema";
import { formatInZone } from "~/i18n/dates";
import { getReportFigures } from "~/features/reports/reports.server";
import { getPipeline } from "~/features/reports/pipeline.server";
import { newPublishKey, publishReport } from "~/features/reports/published-report.server";
import { correctFieldsText, PeriodForm, periodFormValues, periodPairs, periodQuery } from "~/components/period-form";
import { MeasureForm, periodText, ReportView } from "~/components/report-view";
import { formatCount, formatDays } from "~/components/charts/format";
import { ErrorList, FORM_VALIDATION } from "~/components/forms";
import { ScrollBox } from "~/components/scroll-box";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { countryName } from "~/domain/member-states";
import type { Pipeline } from "~/domain/report-figures";
import { reportParamsSchema } from "~/features/reports/report-params";
import { text } from "~/utils/input";

const PublishSchema = z.object({
  intent: z.literal("publish"),
  summary: summarySchema,
  idempotencyKey: text({ required_error: "This form has expired: reload the page." }).uuid("This form has expired: reload the page."),
});

/** The query the page reads; the Publish form sends the period (from, to, country) beside its own fields. */
export const querySchema = reportParamsSchema().extend({ measure: text().optional() });
export const formSchema = PublishSchema.extend(reportParamsSchema().shape);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "secretariat");
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
  return json({ form, measure, issues, figures, names, pipeline, idempotencyKey: newPublishKey() }, { status: issues.length ? 400 : 200 });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "secretariat");
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: PublishSchema });
  // The period travels in hidden fields; a tampered one is refused like a bad query.
  const periodFields = new URLSearchParams(["from", "to", "country"].flatMap((k) => formData.getAll(k).map((v): [string, string] => [k, String(v)])));
  const period = parseReportParams(periodFields);
  if (submission.status !== "success" || !period.ok) {
    const formErrors = period.ok ? undefined : period.issues.map((i) => `Period: ${i.param} ${i.message}.`);
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
    message: published.created ? `Published as ${published.reference}.` : `This form was already published as ${published.reference}.`,
  });
}

export default function SecretariatReportsPage() {
  const { form, measure, issues, figures, names, pipeline, idempotencyKey } = useLoaderData<typeof loader>();
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
        <Link to="/secretariat">Secretariat</Link> › Progress report
      </p>
      <h1>Progress report</h1>
      <p className="lead">
        The figures of a period for the member states, with the proposal figures that only the secretariat sees. Write a summary and publish: the report is then
        frozen, numbered and public at <Link to="/reports/published">/reports/published</Link>.
      </p>

      <PipelineSection pipeline={pipeline} />

      <h2>Period</h2>
      <PeriodForm action="/secretariat/reports" values={form} issues={issues} measure={measure} />

      {figures ? (
        <>
          <p className="period">
            <strong>{periodText(figures)}</strong>
          </p>
          <ReportView
            figures={figures}
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
            <h2 id="publish-h">Publish this report</h2>
            <p>
              Publishing freezes the figures above for <strong>{periodText(figures)}</strong> — member-state figures and proposal figures per member state,
              never the matrix of submitted proposals — with your summary, under a new reference <code>ECO-ICT-PR-{new Date().getUTCFullYear()}-…</code>. It
              cannot be changed or withdrawn afterwards. Nothing is stored until you press Publish.
            </p>
            <Form method="post" {...getFormProps(publishForm)} className="stack">
              {periodPairs(form).map(([k, v], i) => (
                <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
              ))}
              <input type="hidden" name="idempotencyKey" value={String(fields.idempotencyKey.initialValue ?? idempotencyKey)} />
              <div className="field summary-field">
                <label htmlFor={fields.summary.id}>Summary</label>
                <p id={`${fields.summary.id}-help`} className="meta">
                  Plain text, shown exactly as written. Separate paragraphs with an empty line. “&lt;” and “&gt;” are fine (5 &lt; 7); HTML tags such as
                  &lt;b&gt; or &lt;p&gt; are not accepted.
                </p>
                <textarea {...getTextareaProps(fields.summary, { ariaDescribedBy: `${fields.summary.id}-help` })} key={fields.summary.key} rows={10} />
                <ErrorList id={fields.summary.errorId} errors={fields.summary.errors} />
              </div>
              <ErrorList id={publishForm.errorId} errors={[...(publishForm.errors ?? []), ...(fields.idempotencyKey.errors ?? [])]} />
              <div>
                <button type="submit" name="intent" value="publish" disabled={publishing}>
                  {publishing ? "Publishing…" : "Publish"}
                </button>
              </div>
            </Form>
          </section>
        </>
      ) : (
        <p className="empty">{correctFieldsText(issues.filter((i) => i.param !== "measure"))}</p>
      )}
    </>
  );
}

function PipelineSection({ pipeline }: { pipeline: Pipeline }) {
  return (
    <section aria-labelledby="pipeline-h">
      <h2 id="pipeline-h">Pipeline today</h2>
      <div className="grid">
        <div className="card">
          <div className="stat">{formatCount(pipeline.pendingRegistrations.count)}</div>
          <div>
            <Link to="/secretariat/institutions">institution registrations waiting for verification</Link>
          </div>
          {pipeline.pendingRegistrations.count ? (
            <p className="meta">
              oldest {formatDays(pipeline.pendingRegistrations.oldestDays)} days, median {formatDays(pipeline.pendingRegistrations.medianDays)} days
            </p>
          ) : null}
        </div>
        <div className="card">
          <div className="stat">{formatCount(pipeline.callsClosingSoon.count)}</div>
          <div>open calls closing in the next 30 days</div>
        </div>
      </div>
      <ScrollBox label="Proposals by status">
        <table className="figures-table">
          <caption>Proposals by status; age = days since they entered that status</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Proposals
              </th>
              <th scope="col" className="num">
                Oldest (days)
              </th>
              <th scope="col" className="num">
                Median (days)
              </th>
            </tr>
          </thead>
          <tbody>
            {pipeline.proposalsByStatus.map((s) => (
              <tr key={s.status}>
                <th scope="row">
                  <Link to={`/secretariat/proposals?status=${s.status}`}>{STATUS_LABELS[s.status] ?? s.status}</Link>
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
          <h3>Calls closing in the next 30 days</h3>
          <ul className="plain">
            {pipeline.callsClosingSoon.calls.map((c) => (
              <li key={c.id}>
                <Link to={`/calls/${c.id}`}>{c.title}</Link>{" "}
                <span className="meta">
                  — {countryName(c.countryCode)}, deadline {formatInZone(c.deadline, "UTC")}
                </span>
              </li>
            ))}
          </ul>
          {pipeline.callsClosingSoon.count > pipeline.callsClosingSoon.calls.length ? (
            <p className="meta">
              The {pipeline.callsClosingSoon.calls.length} soonest of {formatCount(pipeline.callsClosingSoon.count)}.
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Progress report — Secretariat — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
