/**
 * Open data downloads (/exports/*.csv, listed on /data): which records and
 * which fields each file holds, read from PostgreSQL a batch at a time.
 *
 * Only what the public pages show leaves here: verified institutions; expert
 * profiles with the affiliation only while verified and the email only when
 * its owner made it public (`publicEmailOf`: never a
 * members-only or hidden address); open and closed calls of verified
 * institutions (no drafts, no cancelled calls); approved projects with the fields /projects/:id shows
 * (accepted partners only, the team by expert id, no emails, no reviews).
 * Generated demo rows say `demo = true` in a column of their own.
 *
 * This module is the registry of the four downloads (titles, licences, columns,
 * row counts for /data) and the streaming response. Each dataset's columns and
 * query: institution-, expert-, call- and project-export.server.ts; the keyset
 * batching they share: export-batches.server.ts.
 * The CSV writing itself is app/utils/csv.server.ts.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { csvResponse, type CsvValue } from "~/utils/csv.server";
import type { ExportColumn, ExportOptions } from "~/features/open-data/export-batches.server";
import { INSTITUTION_COLUMNS, institutionBatches } from "~/features/open-data/institution-export.server";
import { EXPERT_COLUMNS, expertBatches } from "~/features/open-data/expert-export.server";
import { CALL_COLUMNS, EXPORTED_CALL_STATUSES, callBatches } from "~/features/open-data/call-export.server";
import { PROJECT_COLUMNS, projectBatches } from "~/features/open-data/project-export.server";

export type DatasetId = "institutions" | "experts" | "calls" | "projects";

/** A licence statement shown on /data. */
export interface Licence {
  name: string;
  url: string;
}

export const CC0: Licence = { name: "CC0 1.0", url: "https://creativecommons.org/publicdomain/zero/1.0/" };
/** The secretariat's choice for records contributed through the network (see /data). */
export const NETWORK_LICENCE: Licence = { name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/" };

/** One downloadable dataset. */
export interface Dataset<K extends string = string> {
  id: DatasetId;
  /** URL path of the download. */
  path: string;
  filename: string;
  /**
   * Licences that apply, each with the records it covers as a code; /data
   * names them from the `reports` catalogue (data.applies.<code>), and the
   * dataset's title and contents from data.dataset.<id>.*.
   */
  licences: Array<{ licence: Licence; applies: LicenceScope }>;
  columns: readonly ExportColumn<K>[];
  /** The rows, in batches of at most `batchSize`, by ascending id. */
  batches(db: Kysely<DB>, opts: ExportOptions): AsyncGenerator<Array<Record<K, CsvValue>>>;
}

/** Which records a licence covers in a file (catalogue key reports:data.applies.<scope>). */
export type LicenceScope = "rorRecords" | "networkRecords" | "topics" | "profiles" | "calls" | "projects";

const ROR_AND_NETWORK: Array<{ licence: Licence; applies: LicenceScope }> = [
  { licence: CC0, applies: "rorRecords" },
  { licence: NETWORK_LICENCE, applies: "networkRecords" },
];
const TOPICS_CC0: { licence: Licence; applies: LicenceScope } = { licence: CC0, applies: "topics" };

/** The four downloads, in the order /data lists them. */
export const DATASETS: { [Id in DatasetId]: Dataset } = {
  institutions: {
    id: "institutions",
    path: "/exports/institutions.csv",
    filename: "institutions.csv",
    licences: [...ROR_AND_NETWORK, TOPICS_CC0],
    columns: INSTITUTION_COLUMNS,
    batches: institutionBatches,
  },
  experts: {
    id: "experts",
    path: "/exports/experts.csv",
    filename: "experts.csv",
    licences: [{ licence: NETWORK_LICENCE, applies: "profiles" }, TOPICS_CC0],
    columns: EXPERT_COLUMNS,
    batches: expertBatches,
  },
  calls: {
    id: "calls",
    path: "/exports/calls.csv",
    filename: "calls.csv",
    licences: [{ licence: NETWORK_LICENCE, applies: "calls" }, TOPICS_CC0],
    columns: CALL_COLUMNS,
    batches: callBatches,
  },
  projects: {
    id: "projects",
    path: "/exports/projects.csv",
    filename: "projects.csv",
    licences: [{ licence: NETWORK_LICENCE, applies: "projects" }, TOPICS_CC0],
    columns: PROJECT_COLUMNS,
    batches: projectBatches,
  },
};

/** The dataset downloaded as `filename` (e.g. "experts.csv"), or null. */
export function datasetByFilename(filename: string): Dataset | null {
  return Object.values(DATASETS).find((d) => d.filename === filename) ?? null;
}

/** The streaming CSV download of `id` (see csvResponse). */
export function exportResponse(db: Kysely<DB>, id: DatasetId, opts: ExportOptions): Response {
  const d = DATASETS[id];
  // Public data, but rows change whenever a record does: let caches revalidate.
  return csvResponse({ filename: d.filename, columns: d.columns, batches: d.batches(db, opts), headers: { "Cache-Control": "no-cache" } });
}

/** Record count and last change of a dataset, for /data. */
export interface DatasetStatus {
  rows: number;
  /** Latest created_at / updated_at / decision time of a record in the file; null when it is empty. */
  lastChanged: Date | null;
}

/**
 * Row counts and last-changed times of every dataset: one SQL statement of
 * aggregates (count, max of greatest(created_at, updated_at, …)) over the same
 * records the files hold. A deleted record leaves no time behind, so a
 * deletion does not move `lastChanged`.
 */
export async function datasetStatus(db: Kysely<DB>): Promise<Record<DatasetId, DatasetStatus>> {
  const { rows } = await sql<{ id: DatasetId; rows: number; last_changed: Date | null }>`
    select 'institutions' as id, count(*)::int as rows, max(greatest(created_at, updated_at, decided_at)) as last_changed
      from institutions where status = 'verified'
    union all
    select 'experts', count(*)::int, max(greatest(created_at, updated_at)) from experts
    union all
    select 'calls', count(*)::int, max(greatest(c.created_at, c.updated_at)) from calls c join institutions i on i.id = c.institution_id
      where c.status in (${sql.join([...EXPORTED_CALL_STATUSES])}) and i.status = 'verified'
    union all
    select 'projects', count(*)::int, max(greatest(created_at, updated_at, decided_at)) from proposals where status = 'approved'
  `.execute(db);
  const out = {} as Record<DatasetId, DatasetStatus>;
  for (const r of rows) out[r.id] = { rows: r.rows, lastChanged: r.last_changed ? new Date(r.last_changed) : null };
  return out;
}
