/**
 * How an open-data download reads PostgreSQL: keyset pagination a batch at a
 * time (`id > last id of the previous batch ORDER BY id LIMIT batchSize`, one
 * batch read ahead), and the column definitions every dataset module uses.
 * No table is ever loaded into one array and no connection is held while the
 * client downloads. The datasets themselves: *-export.server.ts; the registry
 * of downloads: exports.server.ts.
 */
import type { CsvColumn } from "~/utils/csv.server";

/** Rows per database query of an export. */
export const EXPORT_BATCH_SIZE = 1000;

/** A column of an export: CSV key and header (the same snake_case name) and what it holds. */
export interface ExportColumn<K extends string = string> extends CsvColumn<K> {
  description: string;
}

export interface ExportOptions {
  /** Origin for the `url` column, e.g. https://network.example.org (linkOrigin of the request). */
  origin: string;
  /** Rows per query (default EXPORT_BATCH_SIZE). */
  batchSize?: number;
}

/** Defines columns from [name, description] pairs: the CSV header is the name. */
export function columns<const K extends string>(defs: ReadonlyArray<readonly [K, string]>): ExportColumn<K>[] {
  return defs.map(([key, description]) => ({ key, header: key, description }));
}

/**
 * Keyset pagination over ascending integer ids: calls `fetch(afterId, limit)`
 * until a batch comes back short. Yields only non-empty batches.
 *
 * Reads one batch ahead: the query for the next batch runs while the caller
 * writes the current one, so PostgreSQL and Node work side by side instead of
 * in turn (at most two batches in memory). A caller that stops early leaves
 * that one query to finish unobserved.
 */
export async function* keysetBatches<R extends { id: number }>(
  fetch: (afterId: number, limit: number) => Promise<R[]>,
  batchSize: number,
): AsyncGenerator<R[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  let next: Promise<R[]> | null = fetch(0, batchSize);
  try {
    while (next) {
      const rows: R[] = await next;
      next = rows.length < batchSize ? null : fetch(rows[rows.length - 1].id, batchSize);
      if (rows.length) yield rows;
    }
  } finally {
    // Stopped early (download cancelled, write failed): the read-ahead's failure must not become an unhandled rejection.
    next?.catch(() => {});
  }
}

/** keysetBatches of `fetch` with each row mapped to its CSV record by `map`. */
export async function* batched<R extends { id: number }, O>(
  opts: ExportOptions,
  fetch: (afterId: number, limit: number) => Promise<R[]>,
  map: (row: R) => O,
): AsyncGenerator<O[]> {
  for await (const batch of keysetBatches(fetch, opts.batchSize ?? EXPORT_BATCH_SIZE)) yield batch.map(map);
}
