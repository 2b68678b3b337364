/**
 * Number formats and colours shared by the report charts and tables.
 * Pure (no server imports).
 */

/** Distinct line/bar colours, safe for colour-blind readers (Okabe–Ito palette). */
export const SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"] as const;

/** Sequential greens for the choropleth, lightest (lowest) first. */
export const MAP_COLOURS = ["#e8f4ee", "#b5dcc8", "#74bb98", "#2f9467", "#0b6e4f"] as const;

/** Axis line, tick and label styling shared by every chart (spread onto @visx/axis components). */
export const AXIS_STYLE = { stroke: "#8b95a3", tickStroke: "#8b95a3", tickLabelProps: { fontSize: 11, fill: "#5b6675" } } as const;

/** A count as "1,234". */
export function formatCount(n: number): string {
  return n.toLocaleString("en");
}

/** A 0…1 rate as "67%", or "–" when nothing was decided (null). */
export function formatRate(r: number | null): string {
  return r === null ? "–" : `${Math.round(r * 100)}%`;
}

/** Days with one decimal ("12.5"), or "–" when there is nothing to measure (null). */
export function formatDays(d: number | null): string {
  return d === null ? "–" : d.toLocaleString("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
