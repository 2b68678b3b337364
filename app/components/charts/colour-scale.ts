/**
 * The sequential colour scale of counts shared by the map and the
 * collaboration matrix: a @visx/scale threshold scale over integer class
 * breaks (0 always alone in the lightest class), with a legend label per class.
 */
import { scaleLinear, scaleThreshold } from "@visx/scale";
import { MAP_COLOURS } from "~/components/charts/format";

/** Integer class breaks for counts up to `max`: at most MAP_COLOURS.length classes. */
function breaks(max: number): number[] {
  if (max <= 1) return [1];
  const ticks = scaleLinear<number>({ domain: [0, max], nice: true }).ticks(MAP_COLOURS.length - 1);
  const steps = ticks.filter((t) => Number.isInteger(t) && t > 1 && t <= max);
  return [1, ...steps].slice(0, MAP_COLOURS.length - 1);
}

/**
 * Colour of a count in [0, max], and the legend classes: `from`…`to`
 * inclusive, `to` null for the open last class ("6 or more"; the words come
 * from the catalogue where the legend is shown, see `legendText`).
 * `dark(colour)` tells whether text on that colour should be white.
 */
export function countColours(max: number) {
  const thresholds = breaks(max);
  const scale = scaleThreshold<number, string>({ domain: thresholds, range: MAP_COLOURS.slice(0, thresholds.length + 1) });
  const legend = scale.range().map((colour) => {
    const [lo, hi] = scale.invertExtent(colour);
    return { colour, from: lo ?? 0, to: hi === undefined ? null : hi - 1 };
  });
  return { colour: (n: number) => scale(n), legend, dark: (c: string) => MAP_COLOURS.indexOf(c as (typeof MAP_COLOURS)[number]) >= 3 };
}
