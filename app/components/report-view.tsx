/**
 * The body of a progress report, shared by /reports (live, public),
 * /secretariat/reports (live, with proposal figures) and
 * /reports/published/:id (a frozen snapshot): the member-state table with
 * totals, the quarterly trend, the map coloured by one measure, the
 * collaboration matrix, topics by OpenAlex field and subfield, and — when the
 * figures carry them — the confidential proposal figures.
 * The figures hold codes only; their labels come from the `reports`
 * catalogue, and the dates as text from the loader (`texts`, made by
 * reportTexts in app/features/reports/report-labels.ts).
 */
import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import {
  PERIOD_MEASURES,
  REPORT_MEASURES,
  type ProposalFigures,
  type PublicReportFigures,
  type ReportMeasure,
  type StateFigures,
} from "~/domain/report-figures";
import { INSTITUTION_KINDS } from "~/domain/institution-kinds";
import type { ReportTexts } from "~/features/reports/report-labels";
import { approvedInPeriod } from "~/features/projects/project-params";
import { MEMBER_STATE_CODES, type MemberStateCode } from "~/domain/member-states";
import { TrendChart } from "~/components/charts/trend-chart";
import { BarChart } from "~/components/charts/bar-chart";
import { MemberStateMap } from "~/components/charts/member-state-map";
import { CollaborationMatrix } from "~/components/charts/collaboration-matrix";
import { useNumberFormat } from "~/components/charts/format";
import { ScrollBox } from "~/components/scroll-box";
import { translateMessage } from "~/i18n/message";

/** The catalogue namespaces the report components render (for a route's `handle.i18n`). */
export const REPORT_NAMESPACES = ["reports"] as const;

/** OpenAlex field and subfield names by id (from the topics table). */
export interface TopicAreaNames {
  fields: Record<string, string>;
  subfields: Record<string, string>;
}

/**
 * The /projects list a matrix cell counts: approved in the report's period,
 * consortium with both states (a ≠ b) or with the state (diagonal), so the
 * list's total equals the cell.
 */
export function projectsHref(period: { from: string; to: string }, a: MemberStateCode, b: MemberStateCode): string {
  const states: Array<[string, string]> =
    a === b
      ? [["country", a]]
      : [
          ["with", a],
          ["with", b],
        ];
  return `/projects?${new URLSearchParams([...states, ...approvedInPeriod(period)])}`;
}

/** Public figures, with the confidential proposal figures where the page may show them. */
type Figures = PublicReportFigures & { proposals?: ProposalFigures | null };

/** States in scope, in the usual member-state order. */
function statesOf(f: Figures): MemberStateCode[] {
  return (MEMBER_STATE_CODES as MemberStateCode[]).filter((c) => f.states[c]);
}

/**
 * @param texts       the report's dates and scope as text in the viewer's language (from the loader)
 * @param stateHref   link of a member state (its filtered figures)
 * @param measure     the map's measure
 * @param mapControls the measure selector shown above the map (route-specific form)
 */
export function ReportView({
  figures,
  texts,
  names,
  measure,
  stateHref,
  mapControls,
}: {
  figures: Figures;
  texts: ReportTexts;
  names: TopicAreaNames;
  measure: ReportMeasure;
  stateHref: (code: MemberStateCode) => string;
  mapControls?: ReactNode;
}) {
  const { t } = useTranslation("reports");
  const states = statesOf(figures);
  const mapValues = Object.fromEntries(states.map((c) => [c, figures.states[c]![measure]]));
  const subfields = figures.fields.flatMap((f) => f.subfields).sort((a, b) => b.count - a.count || a.subfieldId.localeCompare(b.subfieldId));
  const quiet = PERIOD_MEASURES.every((m) => figures.total[m] === 0);
  const measureLabel = t(`measure.${measure}`);
  return (
    <div className="report">
      {quiet ? (
        <p className="notice no-activity" role="status">
          {texts.states ? (
            <Trans t={t} i18nKey="view.quietSome" values={{ from: texts.from, to: texts.to, states: texts.states }} components={{ strong: <strong /> }} />
          ) : (
            <Trans t={t} i18nKey="view.quietAll" values={{ from: texts.from, to: texts.to }} components={{ strong: <strong /> }} />
          )}
        </p>
      ) : null}
      <section aria-labelledby="figures-h">
        <h2 id="figures-h">{t("view.figures")}</h2>
        <StateTable figures={figures} texts={texts} states={states} stateHref={stateHref} />
      </section>

      <section aria-labelledby="trend-h" className="print-break">
        <h2 id="trend-h">{t("view.trend")}</h2>
        <TrendChart
          title={t("view.trendTitle")}
          quarters={texts.quarters}
          series={PERIOD_MEASURES.map((m) => ({ key: m, label: t(`measure.${m}`), values: figures.trend.map((q) => q.counts[m]) }))}
        />
      </section>

      <section aria-labelledby="map-h" className="print-break">
        <h2 id="map-h">{t("view.map", { measure: t(`measureLower.${measure}`) })}</h2>
        {mapControls}
        <MemberStateMap
          title={t("view.mapTitle", { measure: measureLabel })}
          values={mapValues}
          measureLabel={measureLabel}
          countText={(n) => t(`unit.${measure}`, { count: n })}
          hrefFor={stateHref}
        />
      </section>

      <section aria-labelledby="matrix-h" className="print-break">
        <h2 id="matrix-h">{t("view.matrix")}</h2>
        <p className="meta">{t("view.matrixNote")}</p>
        <CollaborationMatrix
          title={t("view.matrixTitle")}
          unit="approved"
          scope={figures.countries}
          matrix={figures.collaboration}
          hrefFor={(a, b) => projectsHref(figures.period, a, b)}
        />
      </section>

      <section aria-labelledby="topics-h" className="print-break">
        <h2 id="topics-h">{t("view.topics")}</h2>
        <p className="meta">{t("view.topicsNote")}</p>
        <BarChart
          title={t("view.byField")}
          keyLabel={t("view.field")}
          valueLabel={t("measure.approvedProjectsShort")}
          items={figures.fields.map((f) => ({
            key: f.fieldId,
            // OpenAlex names stay English (the taxonomy is not translated); the fallback is ours.
            ...(names.fields[f.fieldId] ? { label: names.fields[f.fieldId], lang: "en" } : { label: t("view.fieldId", { id: f.fieldId }) }),
            value: f.count,
          }))}
        />
        <BarChart
          title={t("view.bySubfield")}
          keyLabel={t("view.subfield")}
          valueLabel={t("measure.approvedProjectsShort")}
          colour={2}
          items={subfields.map((s) => ({
            key: s.subfieldId,
            ...(names.subfields[s.subfieldId] ? { label: names.subfields[s.subfieldId], lang: "en" } : { label: t("view.subfieldId", { id: s.subfieldId }) }),
            value: s.count,
          }))}
        />
      </section>

      {figures.proposals ? (
        <section aria-labelledby="proposals-h" className="print-break">
          <h2 id="proposals-h">{t("view.proposals")}</h2>
          <p className="meta">{t("view.proposalsNote")}</p>
          <ProposalTable figures={figures} texts={texts} states={states} />
          {figures.proposals.submittedCollaboration ? (
            <CollaborationMatrix
              title={t("view.submittedMatrixTitle")}
              unit="submitted"
              scope={figures.countries}
              matrix={figures.proposals.submittedCollaboration}
            />
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

const STOCK_COLUMNS = ["institutions", "experts", "expertsOpen"] as const;

function StateTable({
  figures,
  texts,
  states,
  stateHref,
}: {
  figures: Figures;
  texts: ReportTexts;
  states: MemberStateCode[];
  stateHref: (c: MemberStateCode) => string;
}) {
  const { t } = useTranslation("reports");
  const { count: formatCount } = useNumberFormat();
  const cells = (s: StateFigures) => (
    <>
      {INSTITUTION_KINDS.map((k) => (
        <td key={k} className="num">
          {formatCount(s.institutionsByKind[k])}
        </td>
      ))}
      {STOCK_COLUMNS.map((m) => (
        <td key={m} className="num">
          {formatCount(s[m])}
        </td>
      ))}
      {PERIOD_MEASURES.map((m) => (
        <td key={m} className="num">
          {formatCount(s[m])}
        </td>
      ))}
    </>
  );
  return (
    <>
      <ScrollBox label={t("table.figures")}>
        <table className="figures-table">
          <caption className="visually-hidden">{t("table.figuresCaption", { period: texts.period })}</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                {t("table.memberState")}
              </th>
              <th scope="colgroup" colSpan={INSTITUTION_KINDS.length + 1}>
                {t("table.institutionsOn", { day: texts.to })}
              </th>
              <th scope="colgroup" colSpan={2}>
                {t("table.expertsOn", { day: texts.to })}
              </th>
              <th scope="colgroup" colSpan={PERIOD_MEASURES.length}>
                {t("table.inPeriod")}
              </th>
            </tr>
            <tr>
              {INSTITUTION_KINDS.map((k) => (
                <th key={k} scope="col" className="num">
                  {t(`kind.${k}`)}
                </th>
              ))}
              <th scope="col" className="num">
                {t("table.total")}
              </th>
              <th scope="col" className="num">
                {t("table.all")}
              </th>
              <th scope="col" className="num">
                {t("table.open")}
              </th>
              {PERIOD_MEASURES.map((m) => (
                <th key={m} scope="col" className="num">
                  {t(`measure.${m}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {states.map((c) => (
              <tr key={c}>
                <th scope="row">
                  <a href={stateHref(c)}>{t(`common:country.${c}`)}</a>
                </th>
                {cells(figures.states[c]!)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("table.total")}</th>
              {cells(figures.total)}
            </tr>
          </tfoot>
        </table>
      </ScrollBox>
      <p className="meta">{figures.countries.length === 0 ? t("table.noteAll") : t("table.noteSome")}</p>
    </>
  );
}

const PROPOSAL_COLUMNS = ["submittedAsLead", "submittedAsPartner", "decided", "approved", "rejected", "successRate", "medianDaysToDecision"] as const;

function ProposalTable({ figures, texts, states }: { figures: Figures; texts: ReportTexts; states: MemberStateCode[] }) {
  const { t } = useTranslation("reports");
  const format = useNumberFormat();
  const p = figures.proposals!;
  return (
    <ScrollBox label={t("table.proposals")}>
      <table className="figures-table">
        <caption className="visually-hidden">{t("table.proposalsCaption", { period: texts.period })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("table.memberState")}</th>
            {PROPOSAL_COLUMNS.map((k) => (
              <th key={k} scope="col" className="num">
                {t(`proposalFigure.${k}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {states.map((c) => {
            const s = p.states[c];
            return (
              <tr key={c}>
                <th scope="row">{t(`common:country.${c}`)}</th>
                {PROPOSAL_COLUMNS.map((k) => (
                  <td key={k} className="num">
                    {!s
                      ? "–"
                      : k === "successRate"
                        ? format.rate(s.successRate)
                        : k === "medianDaysToDecision"
                          ? format.days(s.medianDaysToDecision)
                          : format.count(s[k])}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollBox>
  );
}
/** The officer's summary as paragraphs (every character escaped by React; no HTML is ever interpreted). */
export function SummaryText({ paragraphs }: { paragraphs: string[][] }) {
  return (
    <div className="summary">
      {paragraphs.map((lines, i) => (
        <p key={i}>
          {lines.map((line, j) => (
            <span key={j}>
              {j > 0 ? <br /> : null}
              {line}
            </span>
          ))}
        </p>
      ))}
    </div>
  );
}

/**
 * The map's measure selector: a GET form to `action` carrying `keep` (e.g.
 * the period) as hidden fields; submits on change with JavaScript, with the
 * Show button without it.
 */
export function MeasureForm({
  action,
  measure,
  keep,
  error,
}: {
  action: string;
  measure: ReportMeasure;
  keep: Array<[string, string]>;
  error?: string | null;
}) {
  const { t } = useTranslation("reports");
  return (
    <Form method="get" action={action} className="inline-form no-print measure-form" preventScrollReset onChange={(e) => e.currentTarget.requestSubmit()}>
      {keep.map(([k, v], i) => (
        <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
      ))}
      <label htmlFor="measure">{t("field.measure")}</label>
      <select id="measure" name="measure" defaultValue={measure} aria-invalid={error ? true : undefined} aria-describedby={error ? "measure-error" : undefined}>
        {REPORT_MEASURES.map((m) => (
          <option key={m} value={m}>
            {t(`measure.${m}`)}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary small">
        {t("view.show")}
      </button>
      {error ? (
        <p id="measure-error" className="field-error" role="alert">
          {t("field.error", { field: t("field.measure"), message: translateMessage(t, error) })}
        </p>
      ) : null}
    </Form>
  );
}
