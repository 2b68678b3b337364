/**
 * Choropleth of the ten ECO member states, coloured by one measure, as
 * server-rendered SVG: Natural Earth boundaries (app/data/eco-member-states.topo.json,
 * public domain, see app/data/README.md) projected with @visx/geo (d3-geo's
 * conic equal-area projection fitted to the ten states), colours from a
 * @visx/scale threshold scale. Each state is a link (e.g. to its filtered
 * figures). A table beside it holds every state's number; the note on
 * boundaries follows the map.
 */
import { CustomProjection } from "@visx/geo";
import { geoConicEqualArea } from "@visx/vendor/d3-geo";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { ChartTable } from "~/components/charts/chart-table";
import { Swatch } from "~/components/charts/swatch";
import { ScrollBox } from "~/components/scroll-box";
import topology from "~/data/eco-member-states.topo.json";
import { ECO_MEMBER_STATES, type MemberStateCode } from "~/domain/member-states";
import { useNumberFormat } from "~/components/charts/format";
import { countColours } from "~/components/charts/colour-scale";

const WIDTH = 720;
const HEIGHT = 420;
const OUT_OF_SCOPE = "#eceef1";

const STATES = feature(
  topology as unknown as Topology<{ states: GeometryCollection }>,
  (topology as unknown as Topology<{ states: GeometryCollection }>).objects.states,
) as FeatureCollection<Geometry>;
const FEATURES = STATES.features as Array<Feature<Geometry> & { id: MemberStateCode }>;

/** Conic equal-area with standard parallels 30°N and 50°N, centred on 62°E: the region's areas compare truly. */
const projection = () => geoConicEqualArea().parallels([30, 50]).rotate([-62, 0]);

/**
 * @param values  the measure per state; a state absent from `values` is drawn grey (outside the selection)
 * @param title   the figure's caption, in the viewer's language
 * @param measureLabel what is counted, e.g. "Approved projects"
 * @param countText a count with its unit, e.g. 1 → "1 approved joint project" (the states' link names)
 * @param hrefFor link of a state (its filtered figures); no links when omitted
 */
export function MemberStateMap({
  title,
  values,
  measureLabel,
  countText,
  hrefFor,
}: {
  title: string;
  values: Partial<Record<MemberStateCode, number>>;
  measureLabel: string;
  countText: (n: number) => string;
  hrefFor?: (code: MemberStateCode) => string;
}) {
  const id = useId();
  const { t } = useTranslation("reports");
  const { count: formatCount } = useNumberFormat();
  const countryName = (c: string) => t(`common:country.${c}`);
  const present = Object.values(values).filter((v): v is number => typeof v === "number");
  const { colour, legend } = countColours(Math.max(0, ...present));
  return (
    <figure className="chart map" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>{title}</figcaption>
      <div className="map-layout">
        <div>
          <ScrollBox label={t("chart.map", { title })} className="chart-scroll">
            {/* role="group", not "img": an image's content is hidden from assistive technology, and the states are links. */}
            <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="chart-svg map-svg" role="group" aria-labelledby={`${id}-cap`} aria-describedby={`${id}-note`}>
              <desc id={`${id}-note`}>{t("chart.mapNote")}</desc>
              <CustomProjection<Feature<Geometry>>
                data={FEATURES}
                projection={projection}
                fitExtent={[
                  [
                    [8, 8],
                    [WIDTH - 8, HEIGHT - 8],
                  ],
                  STATES as never,
                ]}
                digits={1}
              >
                {({ features }) => (
                  <g>
                    {features.map(({ feature: f, path }) => {
                      const code = f.id as MemberStateCode;
                      const v = values[code];
                      const fill = v === undefined ? OUT_OF_SCOPE : colour(v);
                      const name = countryName(code);
                      const text = v === undefined ? t("chart.notSelectedState", { state: name }) : t("chart.labelValue", { label: name, value: countText(v) });
                      const shape = (
                        <path d={path ?? ""} fill={fill} stroke="#ffffff" strokeWidth={1.2} data-state={code}>
                          <title>{text}</title>
                        </path>
                      );
                      return (
                        <g key={code} className="map-state">
                          {hrefFor ? (
                            <a href={hrefFor(code)} aria-label={text}>
                              {shape}
                            </a>
                          ) : (
                            shape
                          )}
                        </g>
                      );
                    })}
                    {features.map(({ feature: f, centroid }) => (
                      <text key={`l-${String(f.id)}`} x={centroid[0]} y={centroid[1]} textAnchor="middle" dy="0.35em" className="map-label" aria-hidden="true">
                        {String(f.id)}
                      </text>
                    ))}
                  </g>
                )}
              </CustomProjection>
            </svg>
          </ScrollBox>
          <ul className="map-legend" aria-label={t("chart.colourKey", { measure: measureLabel })}>
            {legend.map((l) => (
              <li key={l.colour}>
                <Swatch colour={l.colour} /> <LegendText from={l.from} to={l.to} />
              </li>
            ))}
            {ECO_MEMBER_STATES.some((s) => values[s.code] === undefined) ? (
              <li>
                <Swatch colour={OUT_OF_SCOPE} /> {t("chart.notSelected")}
              </li>
            ) : null}
          </ul>
        </div>
        <ChartTable
          title={title}
          columns={[t("table.memberState"), measureLabel]}
          rows={ECO_MEMBER_STATES.map((s) => ({
            key: s.code,
            header: hrefFor ? <a href={hrefFor(s.code)}>{countryName(s.code)}</a> : countryName(s.code),
            cells: [values[s.code] === undefined ? "–" : formatCount(values[s.code]!)],
          }))}
        />
      </div>
      <p className="map-note">{t("chart.boundaries")}</p>
    </figure>
  );
}

/** A colour class of the legend: "0", "1–2", "6 or more", in the viewer's digits. */
function LegendText({ from, to }: { from: number; to: number | null }) {
  const { t } = useTranslation("reports");
  const { count } = useNumberFormat();
  if (to === null) return <>{t("chart.orMore", { from: count(from) })}</>;
  if (to === from) return <>{count(from)}</>;
  return <>{t("chart.range", { from: count(from), to: count(to) })}</>;
}
