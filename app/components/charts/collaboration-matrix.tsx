/**
 * Member state × member state table: each cell the number of projects (or
 * proposals) whose consortium includes both states, the diagonal each
 * state's own total. A plain HTML table (row and column headers), so it is
 * its own accessible version; cells are shaded by value for the eye.
 */
import type { CollaborationMatrix as Matrix } from "~/domain/report-figures";
import { countryName, type MemberStateCode } from "../../../db/countries";
import { formatCount } from "./format";
import { countColours } from "./colour-scale";

/**
 * @param matrix  states and their symmetric counts
 * @param hrefFor link of a cell (a ≠ b) or a diagonal cell (a = b); no links when omitted
 * @param what    what a cell counts, for the cell titles, e.g. "approved projects"
 */
export function CollaborationMatrix({
  title,
  matrix,
  what,
  hrefFor,
}: {
  title: string;
  matrix: Matrix;
  what: string;
  hrefFor?: (a: MemberStateCode, b: MemberStateCode) => string;
}) {
  const scale = countColours(Math.max(0, ...matrix.counts.flat()));
  return (
    <figure className="chart matrix">
      <figcaption>{title}</figcaption>
      <div className="table-scroll">
        <table className="matrix-table">
          <caption className="visually-hidden">
            {title}. Each cell: {what} whose consortium includes both the row's and the column's member state; on the diagonal, the state's total.
          </caption>
          <thead>
            <tr>
              <td />
              {matrix.states.map((c) => (
                <th key={c} scope="col" title={countryName(c)}>
                  <abbr title={countryName(c)}>{c}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.states.map((a, i) => (
              <tr key={a}>
                <th scope="row">{countryName(a)}</th>
                {matrix.states.map((b, j) => {
                  const n = matrix.counts[i]?.[j] ?? 0;
                  const label = i === j ? `${countryName(a)}: ${formatCount(n)} ${what} in total` : `${countryName(a)} and ${countryName(b)}: ${formatCount(n)} ${what}`;
                  const bg = scale.colour(n);
                  return (
                    <td key={b} className={i === j ? "num diagonal" : "num"} style={n > 0 ? { background: bg, color: scale.dark(bg) ? "#fff" : undefined } : undefined} title={label}>
                      {hrefFor && n > 0 ? <a href={hrefFor(a, b)} aria-label={label}>{formatCount(n)}</a> : formatCount(n)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
