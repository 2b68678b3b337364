/**
 * The table under or beside a chart holding every number the picture shows
 * (for screen readers, and for reading exact values): a row header per row,
 * right-aligned numbers.
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ScrollBox } from "~/components/scroll-box";

export interface ChartTableRow {
  key: string;
  /** The row's label (text or a link). */
  header: ReactNode;
  /** Formatted numbers, one per value column. */
  cells: string[];
}

/**
 * @param title   the chart's title (the caption says "<title>: numbers", reports:chart.numbers)
 * @param columns the label column's heading, then one heading per value column
 */
export function ChartTable({ title, columns, rows }: { title: string; columns: [string, ...string[]]; rows: ChartTableRow[] }) {
  const { t } = useTranslation("reports");
  const [labelColumn, ...valueColumns] = columns;
  const caption = t("chart.numbers", { title });
  return (
    <ScrollBox label={caption}>
      <table className="chart-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{labelColumn}</th>
            {valueColumns.map((c) => (
              <th key={c} scope="col" className="num">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.header}</th>
              {r.cells.map((c, i) => (
                <td key={i} className="num">
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
