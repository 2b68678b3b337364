/**
 * Writes app/data/eco-member-states.topo.json: the boundaries of the ten ECO
 * member states only, cut out of Natural Earth 1:50m admin-0 countries as
 * redistributed by the npm package `world-atlas` (countries-50m.json, Natural
 * Earth 4.1.0, public domain; world-atlas ISC). Each geometry's `id` is the
 * ISO 3166-1 alpha-2 code. Rebuilt as a TopoJSON topology (shared borders
 * stored once, quantised to 10^4 steps over the ten states' bounding box,
 * about 0.005° ≈ 500 m) so the file the map imports stays small (~34 kB
 * instead of 756 kB for the world).
 *
 * Run: `npx tsx scripts/extract-member-states.ts` (only when world-atlas is updated).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { feature } from "topojson-client";
import { topology } from "topojson-server";
import type { GeometryCollection, Topology } from "topojson-specification";
import type { FeatureCollection } from "geojson";
import { ECO_MEMBER_STATES } from "../app/domain/member-states";

/** ISO 3166-1 numeric (world-atlas ids) → alpha-2 of the member states. */
const NUMERIC_TO_ALPHA2: Record<string, string> = {
  "004": "AF",
  "031": "AZ",
  "364": "IR",
  "398": "KZ",
  "417": "KG",
  "586": "PK",
  "762": "TJ",
  "792": "TR",
  "795": "TM",
  "860": "UZ",
};

const require = createRequire(import.meta.url);
const source = require.resolve("world-atlas/countries-50m.json");
const world = JSON.parse(readFileSync(source, "utf8")) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const geometries = world.objects.countries.geometries.filter((g) => NUMERIC_TO_ALPHA2[String(g.id)]);
const states = feature(world, { type: "GeometryCollection", geometries }) as FeatureCollection;
for (const f of states.features) {
  f.id = NUMERIC_TO_ALPHA2[String(f.id)];
  f.properties = {};
}
const found = states.features.map((f) => f.id).sort();
const wanted = ECO_MEMBER_STATES.map((s) => s.code).sort();
if (JSON.stringify(found) !== JSON.stringify(wanted)) throw new Error(`expected ${wanted.join(",")}, found ${found.join(",")}`);

const out = path.resolve(import.meta.dirname, "../app/data/eco-member-states.topo.json");
writeFileSync(out, JSON.stringify(topology({ states }, 1e4)) + "\n");
console.log(`wrote ${out} (${states.features.length} states)`);
