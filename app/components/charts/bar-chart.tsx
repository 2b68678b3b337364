/**
 * Horizontal bar chart (e.g. approved projects by OpenAlex field or
 * subfield) as server-rendered SVG from @visx scales, axis and bars, with a
 * table of every bar's number beside it.
 */
import { AxisBottom } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { ChartTable } from "~/components/charts/chart-table";
import { ScrollBox } from "~/components/scroll-box";
import { AXIS_STYLE, SERIES_COLOURS, useNumberFormat } from "~/components/charts/format";

export interface BarItem {
  key: string;
  label: string;
  value: number;
  /** Language of `label` when it is not the page's (OpenAlex field names stay English: "en"). */
  lang?: string;
}

const WIDTH = 720;
const LABEL_W = 300;
const ROW_H = 26;
const MARGIN = { top: 8, right: 48, bottom: 28, left: LABEL_W + 8 };
/** Labels longer than this are cut with "…" in the picture (the table has them whole). */
const LABEL_CHARS = 40;

/**
 * @param items bars in the order to draw them (the caller sorts)
 * @param keyLabel   heading of the label column, e.g. "Field"
 * @param valueLabel heading of the number column, e.g. "Approved projects"
 * @param colour index into SERIES_COLOURS
 */
export function BarChart({
  title,
  items,
  keyLabel,
  valueLabel,
  colour = 0,
}: {
  title: string;
  items: BarItem[];
  keyLabel: string;
  valueLabel: string;
  colour?: number;
}) {
  const id = useId();
  const { t } = useTranslation("reports");
  const { count: formatCount } = useNumberFormat();
  if (items.length === 0) {
    return (
      <figure className="chart">
        <figcaption>{title}</figcaption>
        <p className="empty">{t("chart.nothing")}</p>
      </figure>
    );
  }
  const innerW = WIDTH - MARGIN.left - MARGIN.right;
  const innerH = items.length * ROW_H;
  const height = innerH + MARGIN.top + MARGIN.bottom;
  const max = Math.max(1, ...items.map((i) => i.value));
  const y = scaleBand<string>({ domain: items.map((i) => i.key), range: [0, innerH], padding: 0.25 });
  const x = scaleLinear<number>({ domain: [0, max], range: [0, innerW], nice: true });
  const xTicks = x.ticks(Math.min(5, max)).filter(Number.isInteger);
  const fill = SERIES_COLOURS[colour % SERIES_COLOURS.length];
  return (
    <figure className="chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>{title}</figcaption>
      <ScrollBox label={t("chart.picture", { title })} className="chart-scroll">
        <svg viewBox={`0 0 ${WIDTH} ${height}`} className="chart-svg" role="img" aria-labelledby={`${id}-cap`} aria-describedby={`${id}-note`}>
          <desc id={`${id}-note`}>{t("chart.barNote")}</desc>
          <Group left={MARGIN.left} top={MARGIN.top}>
            {items.map((item) => {
              const top = y(item.key) ?? 0;
              const label = item.label.length > LABEL_CHARS ? `${item.label.slice(0, LABEL_CHARS - 1)}…` : item.label;
              return (
                <g key={item.key}>
                  <text x={-8} y={top + y.bandwidth() / 2} dy="0.35em" textAnchor="end" fontSize={12} fill="#1c2430" lang={item.lang}>
                    {label}
                  </text>
                  <Bar x={0} y={top} width={x(item.value)} height={y.bandwidth()} fill={fill} rx={2}>
                    <title>{t("chart.labelValue", { label: item.label, value: formatCount(item.value) })}</title>
                  </Bar>
                  <text x={x(item.value) + 6} y={top + y.bandwidth() / 2} dy="0.35em" fontSize={12} fill="#1c2430">
                    {formatCount(item.value)}
                  </text>
                </g>
              );
            })}
            <AxisBottom top={innerH} scale={x} tickValues={xTicks} tickFormat={(v) => formatCount(Number(v))} {...AXIS_STYLE} />
          </Group>
        </svg>
      </ScrollBox>
      <ChartTable
        title={title}
        columns={[keyLabel, valueLabel]}
        rows={items.map((item) => ({
          key: item.key,
          header: item.lang ? <span lang={item.lang}>{item.label}</span> : item.label,
          cells: [formatCount(item.value)],
        }))}
      />
    </figure>
  );
}
