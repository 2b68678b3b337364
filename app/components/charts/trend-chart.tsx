/**
 * Quarterly trend as small multiples: one small line chart per series, each
 * with its own y-axis (a measure counted in hundreds, like experts, would
 * flatten one counted in units, like approved projects, on a shared axis),
 * drawn as SVG with @visx (scales, axes, line paths) so it renders on the
 * server and shows without JavaScript. Quarters the period cuts are marked
 * with an asterisk on the axes and named in full in the table. Under the
 * pictures, one table holds every number they show (quarter × series).
 */
import { AxisBottom, AxisLeft } from "@visx/axis";
import { GridRows } from "@visx/grid";
import { Group } from "@visx/group";
import { scaleLinear, scalePoint } from "@visx/scale";
import { LinePath } from "@visx/shape";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { ChartTable } from "~/components/charts/chart-table";
import { Swatch } from "~/components/charts/swatch";
import { AXIS_STYLE, SERIES_COLOURS, useNumberFormat } from "~/components/charts/format";

export interface TrendSeries {
  /** Stable key (a measure name). */
  key: string;
  label: string;
  /** One count per quarter, in the order of `quarters`. */
  values: number[];
}

/** One quarter on the axis (`short`, e.g. "2025 Q4*") and in the table (`long`, e.g. "2025 Q4 (from 30 Nov)"). */
export interface TrendQuarter {
  short: string;
  long: string;
  partial: boolean;
}

// A small chart: drawn at 340 units wide, shown at least 300 px wide (app.css), so its 11-unit labels stay ≥ 9.7 px.
const WIDTH = 340;
const HEIGHT = 170;
const MARGIN = { top: 10, right: 14, bottom: 30, left: 40 };
/** At most this many quarters are labelled on an axis; the table has them all. */
const AXIS_LABELS = 4;

/**
 * @param quarters the quarters, oldest first
 * @param series   one small chart each; colours follow the series order
 */
export function TrendChart({ title, quarters, series }: { title: string; quarters: TrendQuarter[]; series: TrendSeries[] }) {
  const id = useId();
  const { t } = useTranslation("reports");
  const { count: formatCount } = useNumberFormat();
  const innerW = WIDTH - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const keys = quarters.map((q) => q.short);
  const x = scalePoint<string>({ domain: keys, range: [0, innerW], padding: 0.5 });
  const step = Math.ceil(keys.length / AXIS_LABELS);
  const tickValues = keys.filter((_q, i) => i % step === 0);
  const anyPartial = quarters.some((q) => q.partial);
  return (
    <figure className="chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>{title}</figcaption>
      <div className="small-multiples">
        {series.map((s, i) => {
          const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
          const max = Math.max(1, ...s.values);
          const y = scaleLinear<number>({ domain: [0, max], range: [innerH, 0], nice: true });
          const yTicks = y.ticks(Math.min(4, max)).filter(Number.isInteger);
          const points = s.values.map((v, j) => ({ q: keys[j], long: quarters[j].long, v }));
          return (
            <figure key={s.key} className="small-chart">
              <figcaption id={`${id}-${s.key}`}>
                <Swatch colour={colour} /> {s.label}
              </figcaption>
              <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="chart-svg" role="img" aria-labelledby={`${id}-${s.key}`} aria-describedby={`${id}-note`}>
                <Group left={MARGIN.left} top={MARGIN.top}>
                  <GridRows scale={y} width={innerW} tickValues={yTicks} stroke="#e6e9ee" />
                  <LinePath data={points} x={(p) => x(p.q) ?? 0} y={(p) => y(p.v)} stroke={colour} strokeWidth={2.5} />
                  {points.map((p) => (
                    <circle key={p.q} cx={x(p.q)} cy={y(p.v)} r={3.5} fill={colour}>
                      <title>{t("chart.point", { series: s.label, quarter: p.long, value: formatCount(p.v) })}</title>
                    </circle>
                  ))}
                  <AxisLeft scale={y} tickValues={yTicks} tickFormat={(v) => formatCount(Number(v))} {...AXIS_STYLE} />
                  <AxisBottom top={innerH} scale={x} tickValues={tickValues} {...AXIS_STYLE} />
                </Group>
              </svg>
            </figure>
          );
        })}
      </div>
      <p id={`${id}-note`} className="meta">
        {t("chart.trendNote")}
        {anyPartial ? ` ${t("chart.partialNote")}` : ""}
      </p>
      <ChartTable
        title={title}
        columns={[t("chart.quarter"), ...series.map((s) => s.label)]}
        rows={quarters.map((q, j) => ({ key: q.short, header: q.long, cells: series.map((s) => formatCount(s.values[j] ?? 0)) }))}
      />
    </figure>
  );
}
