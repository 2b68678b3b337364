/**
 * Quarterly trend: one line per series over calendar quarters, drawn as SVG
 * with @visx (scales, axes, line paths) so it renders on the server and shows
 * without JavaScript. Under the picture, a table holds every number the
 * picture shows (quarter × series), for screen readers and for copying.
 */
import { AxisBottom, AxisLeft } from "@visx/axis";
import { GridRows } from "@visx/grid";
import { Group } from "@visx/group";
import { scaleLinear, scalePoint } from "@visx/scale";
import { LinePath } from "@visx/shape";
import { useId } from "react";
import { ChartTable } from "./chart-table";
import { AXIS_STYLE, formatCount, SERIES_COLOURS } from "./format";

export interface TrendSeries {
  /** Stable key (a measure name). */
  key: string;
  label: string;
  /** One count per quarter, in the order of `quarters`. */
  values: number[];
}

const WIDTH = 720;
const HEIGHT = 280;
const MARGIN = { top: 16, right: 20, bottom: 36, left: 52 };

/**
 * @param quarters quarter labels, oldest first (e.g. "2025 Q3")
 * @param series   lines to draw; colours follow the series order
 */
export function TrendChart({ title, quarters, series }: { title: string; quarters: string[]; series: TrendSeries[] }) {
  const id = useId();
  const innerW = WIDTH - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = scalePoint<string>({ domain: quarters, range: [0, innerW], padding: 0.5 });
  const y = scaleLinear<number>({ domain: [0, max], range: [innerH, 0], nice: true });
  // At most ~12 labelled quarters on the axis; the table has them all.
  const step = Math.ceil(quarters.length / 12);
  const tickValues = quarters.filter((_q, i) => i % step === 0);
  const yTicks = y.ticks(Math.min(5, max)).filter(Number.isInteger);
  return (
    <figure className="chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>{title}</figcaption>
      <ul className="chart-legend" aria-hidden="true">
        {series.map((s, i) => (
          <li key={s.key}>
            <span className="swatch" style={{ background: SERIES_COLOURS[i % SERIES_COLOURS.length] }} /> {s.label}
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="chart-svg" role="img" aria-labelledby={`${id}-cap`} aria-describedby={`${id}-note`}>
        <desc id={`${id}-note`}>Line chart; the same numbers are in the table below.</desc>
        <Group left={MARGIN.left} top={MARGIN.top}>
          <GridRows scale={y} width={innerW} tickValues={yTicks} stroke="#e6e9ee" />
          {series.map((s, i) => {
            const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
            const points = s.values.map((v, j) => ({ q: quarters[j], v }));
            return (
              <g key={s.key}>
                <LinePath data={points} x={(p) => x(p.q) ?? 0} y={(p) => y(p.v)} stroke={colour} strokeWidth={2.5} />
                {points.map((p) => (
                  <circle key={p.q} cx={x(p.q)} cy={y(p.v)} r={3.5} fill={colour}>
                    <title>{`${s.label}, ${p.q}: ${formatCount(p.v)}`}</title>
                  </circle>
                ))}
              </g>
            );
          })}
          <AxisLeft scale={y} tickValues={yTicks} tickFormat={(v) => formatCount(Number(v))} {...AXIS_STYLE} />
          <AxisBottom top={innerH} scale={x} tickValues={tickValues} {...AXIS_STYLE} />
        </Group>
      </svg>
      <ChartTable
        title={title}
        columns={["Quarter", ...series.map((s) => s.label)]}
        rows={quarters.map((q, j) => ({ key: q, header: q, cells: series.map((s) => formatCount(s.values[j] ?? 0)) }))}
      />
    </figure>
  );
}
