/**
 * The period form of the report pages (/reports, /secretariat/reports): from
 * and to (calendar dates, inclusive, UTC days) and member-state checkboxes,
 * as a GET form that works without JavaScript. Each problem shows next to its
 * field; the values typed stay in the form (`periodFormValues`).
 */
import { Form } from "@remix-run/react";
import { ECO_MEMBER_STATES, MEMBER_STATE_CODES } from "~/domain/member-states";
import type { ReportMeasure } from "~/domain/report-figures";
import { defaultPeriod, type parseReportParams } from "~/features/reports/report-params";

export interface PeriodFormValues {
  /** As typed (possibly invalid) or the parsed/default value. */
  from: string;
  to: string;
  /** Member-state codes, valid ones only. */
  country: string[];
  /** The text sent for each parameter, as typed (member states: the codes that are not member states), to echo in messages. */
  sent: Record<string, string>;
}

/** The form's field labels, used in messages instead of parameter names. */
export const PERIOD_FIELD_LABELS: Record<string, string> = { from: "From", to: "To", country: "Member states", measure: "Colour the map by" };
/** How the "correct … above" line names each field. */
const FIELD_NOUNS: Record<string, string> = { from: "the From date", to: "the To date", country: "the member states" };

/**
 * The line shown instead of the figures when the period cannot be read:
 * names the fields at fault, e.g. "Correct the member states above to see the figures."
 */
export function correctFieldsText(issues: Issue[]): string {
  const nouns = [...new Set(issues.map((i) => FIELD_NOUNS[i.param] ?? `the parameter “${i.param}”`))];
  const list = nouns.length <= 1 ? nouns.join("") : `${nouns.slice(0, -1).join(", ")} and ${nouns[nouns.length - 1]}`;
  return `Correct ${list} above to see the figures.`;
}

type Issue = { param: string; message: string };

/**
 * What the period form shows: the parsed values when `parsed` succeeded,
 * else the text typed for from/to (the defaults where nothing was typed) and
 * the valid member-state codes among those sent.
 */
export function periodFormValues(params: URLSearchParams, parsed: ReturnType<typeof parseReportParams>, now: Date = new Date()): PeriodFormValues {
  if (parsed.ok) return { from: parsed.value.from, to: parsed.value.to, country: parsed.value.country, sent: periodSent(params) };
  const d = defaultPeriod(now);
  const picked = new Set(
    params
      .getAll("country")
      .flatMap((v) => v.split(","))
      .map((v) => v.trim().toUpperCase()),
  );
  const sent = periodSent(params);
  return {
    from: params.get("from") || d.from,
    to: params.get("to") || d.to,
    country: MEMBER_STATE_CODES.filter((c) => picked.has(c)),
    sent,
  };
}

/** What was sent for from, to and measure, and the sent member-state codes that are not member states. */
function periodSent(params: URLSearchParams): Record<string, string> {
  const codes = params
    .getAll("country")
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  const sent: Record<string, string> = {};
  for (const k of ["from", "to", "measure"]) if (params.get(k)) sent[k] = params.getAll(k).join(", ");
  const bad = codes.filter((c) => !MEMBER_STATE_CODES.includes(c.toUpperCase()));
  if (bad.length) sent.country = bad.join(", ");
  return sent;
}

/** The query pairs of a period (for links and hidden fields): from, to, each country. */
export function periodPairs(v: PeriodFormValues): Array<[string, string]> {
  return [["from", v.from], ["to", v.to], ...v.country.map((c): [string, string] => ["country", c])];
}

/** A query string of a period plus `extra` pairs, e.g. "from=…&to=…&country=IR&measure=…". */
export function periodQuery(v: PeriodFormValues, extra: Array<[string, string]> = []): string {
  return new URLSearchParams([...periodPairs(v), ...extra]).toString();
}

export function PeriodForm({ action, values, issues, measure }: { action: string; values: PeriodFormValues; issues: Issue[]; measure?: ReportMeasure }) {
  const err = (param: string) => issues.filter((i) => i.param === param);
  const errorFor = (param: string) =>
    err(param).length ? (
      <p id={`${param}-error`} className="field-error" role="alert">
        {/* A date input cannot show an invalid date: the message names the field and echoes what was sent. */}
        {PERIOD_FIELD_LABELS[param]}: {values.sent[param] ? `${values.sent[param]} ` : ""}
        {err(param)
          .map((i) => i.message)
          .join("; ")}
        .
      </p>
    ) : null;
  const others = issues.filter((i) => !["from", "to", "country", "measure"].includes(i.param));
  return (
    <Form method="get" action={action} className="report-form no-print" aria-label="Period and member states">
      <div className="row">
        <div className="field">
          <label htmlFor="from">From</label>
          <input
            id="from"
            name="from"
            type="date"
            defaultValue={values.from}
            aria-invalid={err("from").length ? true : undefined}
            aria-describedby={err("from").length ? "from-error" : undefined}
          />
          {errorFor("from")}
        </div>
        <div className="field">
          <label htmlFor="to">To (inclusive)</label>
          <input
            id="to"
            name="to"
            type="date"
            defaultValue={values.to}
            aria-invalid={err("to").length ? true : undefined}
            aria-describedby={err("to").length ? "to-error" : undefined}
          />
          {errorFor("to")}
        </div>
        <button type="submit">Show figures</button>
      </div>
      <fieldset aria-describedby={err("country").length ? "country-error" : "country-help"}>
        <legend>Member states</legend>
        <div className="checks">
          {ECO_MEMBER_STATES.map((s) => (
            <label key={s.code} className="inline">
              <input type="checkbox" name="country" value={s.code} defaultChecked={values.country.includes(s.code)} /> {s.name}
            </label>
          ))}
        </div>
        <p id="country-help" className="meta">
          None ticked: all ten member states. Dates are UTC calendar days.
        </p>
        {errorFor("country")}
      </fieldset>
      {measure ? <input type="hidden" name="measure" value={measure} /> : null}
      {others.map((i) => (
        <p key={i.param} className="field-error" role="alert">
          <strong>{i.param}</strong> {i.message}.
        </p>
      ))}
    </Form>
  );
}
