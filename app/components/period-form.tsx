/**
 * The period form of the report pages (/reports, /secretariat/reports): from
 * and to (calendar dates, inclusive, UTC days) and member-state checkboxes,
 * as a GET form that works without JavaScript. Each problem shows next to its
 * field; the values typed stay in the form (`periodFormValues`).
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ECO_MEMBER_STATES, MEMBER_STATE_CODES } from "~/domain/member-states";
import type { ReportMeasure } from "~/domain/report-figures";
import { defaultPeriod, type parseReportParams } from "~/features/reports/report-params";
import { listText } from "~/features/reports/report-labels";
import { translateMessage } from "~/i18n/message";

export interface PeriodFormValues {
  /** As typed (possibly invalid) or the parsed/default value. */
  from: string;
  to: string;
  /** Member-state codes, valid ones only. */
  country: string[];
  /** The text sent for each parameter, as typed (member states: the codes that are not member states), to echo in messages. */
  sent: Record<string, string>;
}

/** The form's fields whose labels (reports:field.*) name them in messages instead of parameter names. */
const LABELLED_FIELDS = ["from", "to", "country", "measure"];
/** The fields the "correct … above" line names with a noun of their own (reports:form.noun.*). */
const NOUN_FIELDS = ["from", "to", "country"];

/**
 * The line shown instead of the figures when the period cannot be read:
 * names the fields at fault, e.g. "Correct the member states above to see the figures."
 */
export function CorrectFields({ issues }: { issues: Issue[] }) {
  const { t, i18n } = useTranslation("reports");
  const nouns = [...new Set(issues.map((i) => (NOUN_FIELDS.includes(i.param) ? t(`form.noun.${i.param}`) : t("form.noun.other", { param: i.param }))))];
  return <p className="empty">{t("form.correct", { fields: listText(nouns, i18n.language || "en") })}</p>;
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
  const { t } = useTranslation("reports");
  const messages = (param: string) =>
    err(param)
      .map((i) => translateMessage(t, i.message))
      .join(t("form.issueSeparator"));
  const err = (param: string) => issues.filter((i) => i.param === param);
  const errorFor = (param: string) =>
    err(param).length ? (
      <p id={`${param}-error`} className="field-error" role="alert">
        {/* A date input cannot show an invalid date: the message names the field and echoes what was sent. */}
        {values.sent[param]
          ? t("field.errorSent", { field: t(`field.${param}`), sent: values.sent[param], message: messages(param) })
          : t("field.error", { field: t(`field.${param}`), message: messages(param) })}
      </p>
    ) : null;
  const others = issues.filter((i) => !LABELLED_FIELDS.includes(i.param));
  return (
    <Form method="get" action={action} className="report-form no-print" aria-label={t("form.label")}>
      <div className="row">
        <div className="field">
          <label htmlFor="from">{t("field.from")}</label>
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
          <label htmlFor="to">{t("form.toInclusive")}</label>
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
        <button type="submit">{t("form.submit")}</button>
      </div>
      <fieldset aria-describedby={err("country").length ? "country-error" : "country-help"}>
        <legend>{t("field.country")}</legend>
        <div className="checks">
          {ECO_MEMBER_STATES.map((s) => (
            <label key={s.code} className="inline">
              <input type="checkbox" name="country" value={s.code} defaultChecked={values.country.includes(s.code)} /> {t(`common:country.${s.code}`)}
            </label>
          ))}
        </div>
        <p id="country-help" className="meta">
          {t("form.countryHelp")}
        </p>
        {errorFor("country")}
      </fieldset>
      {measure ? <input type="hidden" name="measure" value={measure} /> : null}
      {others.map((i) => (
        <p key={i.param} className="field-error" role="alert">
          <strong>{i.param}</strong> {t("form.otherIssue", { message: translateMessage(t, i.message) })}
        </p>
      ))}
    </Form>
  );
}
