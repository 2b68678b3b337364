/**
 * The one CSV writer of the app (open data exports, /reports.csv): rows from
 * an async iterable of batches become a streaming `text/csv` Response, written
 * with `csv-stringify`.
 *
 * The file: UTF-8 with a byte-order mark (so spreadsheet programs read
 * Persian, Cyrillic and Turkish text as UTF-8), a header row, CRLF record
 * ends (RFC 4180), fields quoted when they hold a comma, quote, CR or LF
 * (`quoted_match`: csv-stringify alone quotes only the record delimiter
 * "\r\n", so a bare "\n" in a bio split the record across lines).
 * Cell values: strings as they are, but neutralised when a spreadsheet would
 * read them as a formula (see `neutraliseCell`); numbers as digits; booleans
 * `true`/`false`; dates as ISO 8601 in UTC; arrays joined with "; " (one row
 * per record, multi-valued fields in one cell); null/undefined empty.
 *
 * Streaming: the body is a ReadableStream that asks the iterable for the next
 * batch only when the client has taken the previous one (pull), so a slow
 * download never makes the server read ahead, and a cancelled download stops
 * the iterable (its `return()` is called).
 */
import { stringify, type Options } from "csv-stringify/sync";

/** A column: the row's property `key`, written under `header` in the header row. */
export interface CsvColumn<K extends string = string> {
  key: K;
  header: string;
}

/** What a cell may hold (see module comment for how each is written). */
export type CsvValue = string | number | boolean | Date | null | undefined | readonly (string | number)[];

/** The separator of the values of a multi-valued cell. */
export const MULTI_VALUE_SEPARATOR = "; ";

/**
 * First characters that make a spreadsheet program (Excel, LibreOffice Calc,
 * Google Sheets) evaluate a cell as a formula or command: = + - @, tab and
 * carriage return (OWASP, "CSV Injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralises a cell a spreadsheet would read as a formula by prefixing it
 * with a single quote (OWASP's advice): `=1+1` → `'=1+1`, shown as text with
 * the original characters readable. Other text is returned unchanged.
 */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const CAST: Options["cast"] = {
  string: (s) => neutraliseCell(s),
  boolean: (b) => (b ? "true" : "false"),
  date: (d) => d.toISOString(),
  // Arrays (the only objects we write): one cell, values joined. A joined cell can start with "=" too.
  object: (v) => neutraliseCell(Array.isArray(v) ? v.join(MULTI_VALUE_SEPARATOR) : JSON.stringify(v)),
  // Numbers we write ourselves (ids, counts, coordinates) are never formulas: a spreadsheet reads -2 as minus two.
  number: (n) => String(n),
};

/** Any CR or LF in a field: quoted (RFC 4180 §2.6), whatever the record delimiter. */
const LINE_BREAK = /[\r\n]/;

function options(columns: readonly CsvColumn[], first: boolean): Options {
  return {
    columns: columns.map((c) => ({ key: c.key, header: c.header })),
    header: first,
    bom: first,
    cast: CAST,
    record_delimiter: "windows",
    quoted_match: LINE_BREAK,
  };
}

/**
 * The CSV text of `rows` (no header, no BOM), as a chunk of a file whose
 * header was written by `csvHeader`. Exported for tests and for callers that
 * build a file in memory.
 */
export function csvRows<K extends string>(columns: readonly CsvColumn<K>[], rows: ReadonlyArray<Record<K, CsvValue>>): string {
  return rows.length ? stringify(rows as Array<Record<string, unknown>>, options(columns, false)) : "";
}

/** The BOM and the header row. */
export function csvHeader(columns: readonly CsvColumn[]): string {
  return stringify([], options(columns, true));
}

/**
 * A streaming CSV download.
 * @param opts.filename the name offered to save the file under (ASCII, e.g. "experts.csv")
 * @param opts.columns the columns, in file order
 * @param opts.batches rows in batches (an async generator reading the database a batch at a time);
 *   an in-memory table can be passed as `[rows]`
 * @param opts.headers extra response headers (e.g. Cache-Control)
 * @returns 200 with `Content-Type: text/csv; charset=utf-8` and `Content-Disposition: attachment`.
 *   An error while reading rows aborts the transfer (the client sees an incomplete download) and is logged.
 */
export function csvResponse<K extends string>(opts: {
  filename: string;
  columns: readonly CsvColumn<K>[];
  batches: AsyncIterable<ReadonlyArray<Record<K, CsvValue>>> | Iterable<ReadonlyArray<Record<K, CsvValue>>>;
  headers?: Record<string, string>;
}): Response {
  if (!/^[\w.-]+$/.test(opts.filename)) throw new Error(`csvResponse: unsafe file name ${JSON.stringify(opts.filename)}`);
  const encoder = new TextEncoder();
  const source = opts.batches;
  let iterator: AsyncIterator<ReadonlyArray<Record<K, CsvValue>>> | Iterator<ReadonlyArray<Record<K, CsvValue>>> | null = null;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(csvHeader(opts.columns)));
      },
      async pull(controller) {
        iterator ??= Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
        try {
          // Skip empty batches, so each pull delivers bytes or ends the stream.
          for (;;) {
            const next = await iterator.next();
            if (next.done) return controller.close();
            if (next.value.length) return controller.enqueue(encoder.encode(csvRows(opts.columns, next.value)));
          }
        } catch (err) {
          console.error(`CSV export ${opts.filename} failed:`, err);
          controller.error(err);
        }
      },
      async cancel() {
        await iterator?.return?.();
      },
    },
    { highWaterMark: 1 },
  );
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${opts.filename}"`,
      ...opts.headers,
    },
  });
}
