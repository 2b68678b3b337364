/**
 * Number formats and colours shared by the report charts and tables.
 * Numbers go through Intl.NumberFormat in the viewer's language (`lng`, a
 * BCP 47 code: Persian digits "۱٬۲۳۴" in fa), which Node and the browser
 * format alike, so a chart rendered on the server hydrates unchanged.
 * Pure (no server imports).
 */
import { useTranslation } from "react-i18next";
import { numberFormat } from "~/i18n/intl-cache";

/** Distinct line/bar colours, safe for colour-blind readers (Okabe–Ito palette). */
export const SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"] as const;

/** Sequential greens for the choropleth, lightest (lowest) first. */
export const MAP_COLOURS = ["#e8f4ee", "#b5dcc8", "#74bb98", "#2f9467", "#0b6e4f"] as const;

/** Axis line, tick and label styling shared by every chart (spread onto @visx/axis components). */
export const AXIS_STYLE = { stroke: "#8b95a3", tickStroke: "#8b95a3", tickLabelProps: { fontSize: 11, fill: "#5b6675" } } as const;

/** One Intl.NumberFormat per (language, options): they are costly to build. */
const nf = (lng: string, options: Intl.NumberFormatOptions = {}) => numberFormat(lng, options);

/** A count as "1,234" (en), "1 234" (ru), "۱٬۲۳۴" (fa). */
export function formatCount(n: number, lng = "en"): string {
  return nf(lng).format(n);
}

/** A 0…1 rate as "67%" ("۶۷٪" in fa), or "–" when nothing was decided (null). */
export function formatRate(r: number | null, lng = "en"): string {
  return r === null ? "–" : nf(lng, { style: "percent", maximumFractionDigits: 0 }).format(r);
}

/** Days with one decimal ("12.5"; "۱۲٫۵" in fa), or "–" when there is nothing to measure (null). */
export function formatDays(d: number | null, lng = "en"): string {
  return d === null ? "–" : nf(lng, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(d);
}

/** The three formats bound to the page's language (react-i18next's current language). */
export function useNumberFormat() {
  const { i18n } = useTranslation();
  const lng = i18n.language || "en";
  return {
    lng,
    count: (n: number) => formatCount(n, lng),
    rate: (r: number | null) => formatRate(r, lng),
    days: (d: number | null) => formatDays(d, lng),
  };
}
