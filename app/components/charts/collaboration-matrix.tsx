/**
 * Member state × member state table: each cell the number of projects (or
 * proposals) whose consortium includes both states, the diagonal each
 * state's own total. A plain HTML table (row and column headers), so it is
 * its own accessible version; cells are shaded by value for the eye.
 */
import type { CollaborationMatrix as Matrix } from "~/domain/report-figures";
import { useTranslation } from "react-i18next";
import type { MemberStateCode } from "~/domain/member-states";
import { useNumberFormat } from "~/components/charts/format";
import { countColours } from "~/components/charts/colour-scale";
import { ScrollBox } from "~/components/scroll-box";

/**
 * @param matrix  states and their symmetric counts
 * @param hrefFor link of a cell (a ≠ b) or a diagonal cell (a = b); no links when omitted
 * @param unit    what a cell counts: `approved` projects or `submitted` proposals (reports:matrix.unit.* and matrix.what.*)
 * @param scope   the member states selected ([] = all): a cell of two unselected states is not counted and shows "–"
 */
export function CollaborationMatrix({
  title,
  matrix,
  unit,
  scope = [],
  hrefFor,
}: {
  title: string;
  matrix: Matrix;
  unit: "approved" | "submitted";
  scope?: readonly string[];
  hrefFor?: (a: MemberStateCode, b: MemberStateCode) => string;
}) {
  const { t } = useTranslation("reports");
  const { count: formatCount } = useNumberFormat();
  const countryName = (c: string) => t(`common:country.${c}`);
  const scale = countColours(Math.max(0, ...matrix.counts.flat()));
  return (
    <figure className="chart matrix">
      <figcaption>{title}</figcaption>
      <ScrollBox label={title}>
        <table className="matrix-table">
          <caption className="visually-hidden">{t("matrix.caption", { title, what: t(`matrix.what.${unit}`) })}</caption>
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
                  if (scope.length && !scope.includes(a) && !scope.includes(b)) {
                    // Neither state selected: not counted (as the map's table shows it), not a zero.
                    return (
                      <td
                        key={b}
                        className={i === j ? "num diagonal" : "num"}
                        title={
                          i === j
                            ? t("chart.notSelectedState", { state: countryName(a) })
                            : t("matrix.pairNotSelected", { a: countryName(a), b: countryName(b) })
                        }
                      >
                        –
                      </td>
                    );
                  }
                  const count = t(`matrix.unit.${unit}`, { count: n });
                  const label =
                    i === j
                      ? t("matrix.total", { state: countryName(a), value: count })
                      : t("matrix.pair", { a: countryName(a), b: countryName(b), value: count });
                  const bg = scale.colour(n);
                  return (
                    <td
                      key={b}
                      className={i === j ? "num diagonal" : "num"}
                      style={n > 0 ? { background: bg, color: scale.dark(bg) ? "#fff" : undefined } : undefined}
                      title={label}
                    >
                      {hrefFor && n > 0 ? (
                        <a href={hrefFor(a, b)} aria-label={label}>
                          {formatCount(n)}
                        </a>
                      ) : (
                        formatCount(n)
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </figure>
  );
}
