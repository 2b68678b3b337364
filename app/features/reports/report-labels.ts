/**
 * Texts of the report figures for the pages, in the viewer's language.
 * Published reports store codes only (app/domain/report-figures.ts); their
 * labels live in the `reports` catalogue (measure.*, unit.*, kind.*,
 * proposalFigure.*). The dates of a report (its period, the days a trend
 * quarter is cut at) are formatted here, by `reportTexts`, which loaders
 * call so that the page receives them as text (Node's and the browser's
 * ICU could format a Solar Hijri date differently on hydration).
 * Pure (no server imports): takes the translation function as an argument.
 */
import type { TFunction } from "i18next";
import { REPORT_MEASURES, type ReportMeasure } from "~/domain/report-figures";
import { formatDay, formatNumber } from "~/i18n/dates";
import { dateTimeFormat, listFormat } from "~/i18n/intl-cache";
import { msg } from "~/i18n/message";

/** The dates and scope of a report as text in one language, made in a loader. */
export interface ReportTexts {
  /** "1 Dec 2025 – 30 Nov 2026, all member states" / "…, Iran and Türkiye". */
  period: string;
  /** The first and last day of the period ("1 Dec 2025"; Solar Hijri with the Gregorian beside it in fa). */
  from: string;
  to: string;
  /** The selected member states as one list ("Iran and Türkiye"); null when all ten are in scope. */
  states: string | null;
  /** One per trend quarter, in the order of `figures.trend`. */
  quarters: QuarterText[];
}

/** A trend quarter on an axis (`short`, "2025 Q4*") and in the table (`long`, "2025 Q4 (from 30 Nov)"). */
export interface QuarterText {
  short: string;
  long: string;
  partial: boolean;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A day without its year: "30 Nov" in English; in Persian the Solar Hijri day and month ("۹ آذر"). */
export function formatDayMonth(day: string, lng: string): string {
  const [y, m, d] = day.slice(0, 10).split("-").map(Number);
  if (lng === "en") return `${d} ${MONTHS[m - 1]}`;
  const noon = new Date(Date.UTC(y, m - 1, d, 12));
  const persian = lng === "fa" || lng.startsWith("fa-");
  return dateTimeFormat(persian ? `${lng}-u-ca-persian` : lng, { timeZone: "UTC", day: "numeric", month: "short" }).format(noon);
}

/** "Iran, Pakistan and Türkiye" in `lng` (British English keeps the list without a serial comma, as the site always wrote it). */
export function listText(items: string[], lng: string): string {
  return listFormat(lng === "en" ? "en-GB" : lng, { type: "conjunction" }).format(items);
}

/**
 * The period of `f` as one line ("1 Dec 2025 – 30 Nov 2026, all member states"),
 * `t` with the `reports` and `common` namespaces.
 */
export function periodLine(f: { period: { from: string; to: string }; countries: string[] }, t: TFunction, lng: string): string {
  const from = formatDay(f.period.from, lng);
  const to = formatDay(f.period.to, lng);
  if (f.countries.length === 0) return t("reports:period.all", { from, to });
  return t("reports:period.some", {
    from,
    to,
    states: listText(
      f.countries.map((c) => t(`common:country.${c}`)),
      lng,
    ),
  });
}

/**
 * Labels of a trend quarter within `period`: `long` says which days of a
 * quarter the period cuts ("2025 Q4 (from 30 Nov)", "2026 Q4 (to 29 Nov)",
 * "2026 Q1 (1 Feb – 15 Mar)"), `short` marks it with an asterisk for a chart
 * axis ("2025 Q4*"); a whole quarter is "2025 Q3" in both. Works from the
 * quarter code ("2025-Q3") and the period, so snapshots without `end` get them too.
 */
export function quarterLabels(quarter: string, period: { from: string; to: string }, t: TFunction, lng: string): QuarterText {
  const [y, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(-1))];
  const qStart = new Date(Date.UTC(y, (q - 1) * 3, 1)).toISOString().slice(0, 10);
  const qEnd = new Date(Date.UTC(y, q * 3, 0)).toISOString().slice(0, 10);
  const base = t("reports:quarter.name", { year: formatNumber(y, lng, { useGrouping: false }), quarter: formatNumber(q, lng) });
  const cutStart = period.from > qStart ? period.from : null;
  const cutEnd = period.to < qEnd ? period.to : null;
  if (!cutStart && !cutEnd) return { long: base, short: base, partial: false };
  const days =
    cutStart && cutEnd
      ? t("reports:quarter.between", { from: formatDayMonth(cutStart, lng), to: formatDayMonth(cutEnd, lng) })
      : cutStart
        ? t("reports:quarter.from", { day: formatDayMonth(cutStart, lng) })
        : t("reports:quarter.to", { day: formatDayMonth(cutEnd!, lng) });
  return { long: t("reports:quarter.cut", { quarter: base, days }), short: t("reports:quarter.partial", { quarter: base }), partial: true };
}

/** Everything date-like a report page shows for `f`, as text in `lng` (call in a loader; `t` with `reports` and `common`). */
export function reportTexts(
  f: { period: { from: string; to: string }; countries: string[]; trend: Array<{ quarter: string }> },
  t: TFunction,
  lng: string,
): ReportTexts {
  return {
    period: periodLine(f, t, lng),
    from: formatDay(f.period.from, lng),
    to: formatDay(f.period.to, lng),
    states: f.countries.length
      ? listText(
          f.countries.map((c) => t(`common:country.${c}`)),
          lng,
        )
      : null,
    quarters: f.trend.map((q) => quarterLabels(q.quarter, f.period, t, lng)),
  };
}

/** The map's measure when none is chosen. */
export const DEFAULT_MEASURE: ReportMeasure = "approvedProjects";

/**
 * The `measure` query parameter of the report pages (which measure colours
 * the map): absent or empty = DEFAULT_MEASURE; anything but a measure name is
 * an issue for a 400 page (its message a catalogue key, app/i18n/message.ts).
 */
export function readMeasure(params: URLSearchParams): { measure: ReportMeasure; issue: { param: "measure"; message: string } | null } {
  const all = params.getAll("measure").filter((v) => v !== "");
  if (all.length === 0) return { measure: DEFAULT_MEASURE, issue: null };
  if (all.length === 1 && (REPORT_MEASURES as readonly string[]).includes(all[0])) return { measure: all[0] as ReportMeasure, issue: null };
  return { measure: DEFAULT_MEASURE, issue: { param: "measure", message: msg("reports:errors.measure", { list: REPORT_MEASURES.join(", ") }) } };
}
