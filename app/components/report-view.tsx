/**
 * The body of a progress report, shared by /reports (live, public),
 * /secretariat/reports (live, with proposal figures) and
 * /reports/published/:id (a frozen snapshot): the member-state table with
 * totals, the quarterly trend, the map coloured by one measure, the
 * collaboration matrix, topics by OpenAlex field and subfield, and — when the
 * figures carry them — the confidential proposal figures.
 * Renders codes into English labels here; the figures hold codes only.
 */
import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import {
  PERIOD_MEASURES,
  REPORT_MEASURES,
  type ProposalFigures,
  type PublicReportFigures,
  type ReportMeasure,
  type StateFigures,
} from "~/domain/report-figures";
import { INSTITUTION_KINDS } from "~/domain/institution-kinds";
import { countWithUnit, KIND_COLUMN_LABELS, MEASURE_LABELS, MEASURE_UNITS, PROPOSAL_FIGURE_LABELS, quarterLabels } from "~/features/reports/report-labels";
import { formatDay } from "~/i18n/dates";
import { approvedInPeriod } from "~/features/projects/project-params";
import { countryName, MEMBER_STATE_CODES, type MemberStateCode } from "~/domain/member-states";
import { TrendChart } from "~/components/charts/trend-chart";
import { BarChart } from "~/components/charts/bar-chart";
import { MemberStateMap } from "~/components/charts/member-state-map";
import { CollaborationMatrix } from "~/components/charts/collaboration-matrix";
import { formatCount, formatDays, formatRate } from "~/components/charts/format";
import { ScrollBox } from "~/components/scroll-box";

/** OpenAlex field and subfield names by id (from the topics table). */
export interface TopicAreaNames {
  fields: Record<string, string>;
  subfields: Record<string, string>;
}

/** "1 Dec 2025 – 30 Nov 2026, all member states" / "…, Iran and Türkiye". */
export function periodText(f: { period: { from: string; to: string }; countries: string[] }): string {
  const states = f.countries.length === 0 ? "all member states" : listText(f.countries.map(countryName));
  return `${formatDay(f.period.from)} – ${formatDay(f.period.to)}, ${states}`;
}

function listText(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
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
 * @param stateHref   link of a member state (its filtered figures)
 * @param measure     the map's measure
 * @param mapControls the measure selector shown above the map (route-specific form)
 */
export function ReportView({
  figures,
  names,
  measure,
  stateHref,
  mapControls,
}: {
  figures: Figures;
  names: TopicAreaNames;
  measure: ReportMeasure;
  stateHref: (code: MemberStateCode) => string;
  mapControls?: ReactNode;
}) {
  const states = statesOf(figures);
  const mapValues = Object.fromEntries(states.map((c) => [c, figures.states[c]![measure]]));
  const subfields = figures.fields.flatMap((f) => f.subfields).sort((a, b) => b.count - a.count || a.subfieldId.localeCompare(b.subfieldId));
  const quiet = PERIOD_MEASURES.every((m) => figures.total[m] === 0);
  return (
    <div className="report">
      {quiet ? (
        <p className="notice no-activity" role="status">
          <strong>No activity in this period:</strong> no institution registrations, experts, calls or approved joint projects between{" "}
          {formatDay(figures.period.from)} and {formatDay(figures.period.to)}
          {figures.countries.length ? ` in ${listText(figures.countries.map(countryName))}` : ""}. The tables below show the counts as of the period's end.
        </p>
      ) : null}
      <section aria-labelledby="figures-h">
        <h2 id="figures-h">Member states in figures</h2>
        <StateTable figures={figures} states={states} stateHref={stateHref} />
      </section>

      <section aria-labelledby="trend-h" className="print-break">
        <h2 id="trend-h">Quarter by quarter</h2>
        <TrendChart
          title="New registrations, experts, calls and approved projects per quarter"
          quarters={figures.trend.map((q) => quarterLabels(q.quarter, figures.period))}
          series={PERIOD_MEASURES.map((m) => ({ key: m, label: MEASURE_LABELS[m], values: figures.trend.map((q) => q.counts[m]) }))}
        />
      </section>

      <section aria-labelledby="map-h" className="print-break">
        <h2 id="map-h">Map: {MEASURE_LABELS[measure].toLowerCase()}</h2>
        {mapControls}
        <MemberStateMap
          title={`${MEASURE_LABELS[measure]} by member state`}
          values={mapValues}
          measureLabel={MEASURE_LABELS[measure]}
          countText={(n) => countWithUnit(n, MEASURE_UNITS[measure])}
          hrefFor={stateHref}
        />
      </section>

      <section aria-labelledby="matrix-h" className="print-break">
        <h2 id="matrix-h">Who works with whom</h2>
        <p className="meta">
          Approved joint projects whose consortium includes both member states (a project of three states counts in all three pairs); the diagonal is each
          state's total. Each number links to those projects.
        </p>
        <CollaborationMatrix
          title="Approved joint projects by pair of member states"
          unit={["approved project", "approved projects"]}
          scope={figures.countries}
          matrix={figures.collaboration}
          hrefFor={(a, b) => projectsHref(figures.period, a, b)}
        />
      </section>

      <section aria-labelledby="topics-h" className="print-break">
        <h2 id="topics-h">Topics of the approved projects</h2>
        <p className="meta">By OpenAlex field and subfield; a project counts once in every field and subfield it touches.</p>
        <BarChart
          title="Approved projects by field"
          keyLabel="Field"
          valueLabel="Approved projects"
          items={figures.fields.map((f) => ({ key: f.fieldId, label: names.fields[f.fieldId] ?? `Field ${f.fieldId}`, value: f.count }))}
        />
        <BarChart
          title="Approved projects by subfield"
          keyLabel="Subfield"
          valueLabel="Approved projects"
          colour={2}
          items={subfields.map((s) => ({ key: s.subfieldId, label: names.subfields[s.subfieldId] ?? `Subfield ${s.subfieldId}`, value: s.count }))}
        />
      </section>

      {figures.proposals ? (
        <section aria-labelledby="proposals-h" className="print-break">
          <h2 id="proposals-h">Proposals</h2>
          <p className="meta">
            Submitted: proposals first submitted in the period. Decided: approved or rejected in the period (a revision request is not a decision). Success rate
            = approved ÷ (approved + rejected), "–" when nothing was decided.
          </p>
          <ProposalTable figures={figures} states={states} />
          {figures.proposals.submittedCollaboration ? (
            <CollaborationMatrix
              title="Proposals submitted in the period by pair of member states (secretariat only, never published)"
              unit={["submitted proposal", "submitted proposals"]}
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

function StateTable({ figures, states, stateHref }: { figures: Figures; states: MemberStateCode[]; stateHref: (c: MemberStateCode) => string }) {
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
      <ScrollBox label="Figures per member state">
        <table className="figures-table">
          <caption className="visually-hidden">Figures per member state, {periodText(figures)}</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Member state
              </th>
              <th scope="colgroup" colSpan={INSTITUTION_KINDS.length + 1}>
                Verified institutions on {formatDay(figures.period.to)}
              </th>
              <th scope="colgroup" colSpan={2}>
                Experts on {formatDay(figures.period.to)}
              </th>
              <th scope="colgroup" colSpan={PERIOD_MEASURES.length}>
                In the period
              </th>
            </tr>
            <tr>
              {INSTITUTION_KINDS.map((k) => (
                <th key={k} scope="col" className="num">
                  {KIND_COLUMN_LABELS[k]}
                </th>
              ))}
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col" className="num">
                All
              </th>
              <th scope="col" className="num">
                Open to collaboration
              </th>
              {PERIOD_MEASURES.map((m) => (
                <th key={m} scope="col" className="num">
                  {MEASURE_LABELS[m]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {states.map((c) => (
              <tr key={c}>
                <th scope="row">
                  <a href={stateHref(c)}>{countryName(c)}</a>
                </th>
                {cells(figures.states[c]!)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {cells(figures.total)}
            </tr>
          </tfoot>
        </table>
      </ScrollBox>
      <p className="meta">
        Each record counts in the member state of its institution. In the total, a project that spans several member states counts once (so it can be less than
        the sum of the rows){figures.countries.length === 0 ? ", and experts without an institution in a member state count too" : ""}.
      </p>
    </>
  );
}

const PROPOSAL_COLUMNS = ["submittedAsLead", "submittedAsPartner", "decided", "approved", "rejected", "successRate", "medianDaysToDecision"] as const;

function ProposalTable({ figures, states }: { figures: Figures; states: MemberStateCode[] }) {
  const p = figures.proposals!;
  return (
    <ScrollBox label="Proposal figures per member state">
      <table className="figures-table">
        <caption className="visually-hidden">Proposal figures per member state, {periodText(figures)}</caption>
        <thead>
          <tr>
            <th scope="col">Member state</th>
            {PROPOSAL_COLUMNS.map((k) => (
              <th key={k} scope="col" className="num">
                {PROPOSAL_FIGURE_LABELS[k]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {states.map((c) => {
            const s = p.states[c];
            return (
              <tr key={c}>
                <th scope="row">{countryName(c)}</th>
                {PROPOSAL_COLUMNS.map((k) => (
                  <td key={k} className="num">
                    {!s
                      ? "–"
                      : k === "successRate"
                        ? formatRate(s.successRate)
                        : k === "medianDaysToDecision"
                          ? formatDays(s.medianDaysToDecision)
                          : formatCount(s[k])}
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
  return (
    <Form method="get" action={action} className="inline-form no-print measure-form" preventScrollReset onChange={(e) => e.currentTarget.requestSubmit()}>
      {keep.map(([k, v], i) => (
        <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
      ))}
      <label htmlFor="measure">Colour the map by</label>
      <select id="measure" name="measure" defaultValue={measure} aria-invalid={error ? true : undefined} aria-describedby={error ? "measure-error" : undefined}>
        {REPORT_MEASURES.map((m) => (
          <option key={m} value={m}>
            {MEASURE_LABELS[m]}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary small">
        Show
      </button>
      {error ? (
        <p id="measure-error" className="field-error" role="alert">
          Colour the map by: {error}.
        </p>
      ) : null}
    </Form>
  );
}
