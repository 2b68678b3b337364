/**
 * /data — the open data downloads (public, no JavaScript needed): each CSV
 * file with what it holds, its record count, when a record in it last
 * changed, the licences that apply, and its columns.
 */
import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CC0, DATASETS, NETWORK_LICENCE, datasetStatus } from "~/features/open-data/exports.server";
import { getDb } from "~/utils/db.server";
import { MULTI_VALUE_SEPARATOR } from "~/utils/csv.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScrollBox } from "~/components/scroll-box";

export async function loader() {
  const status = await datasetStatus(getDb());
  const datasets = Object.values(DATASETS).map((d) => ({
    id: d.id,
    path: d.path,
    filename: d.filename,
    title: d.title,
    records: d.records,
    licences: d.licences,
    columns: d.columns.map((c) => ({ name: c.header, description: c.description })),
    rows: status[d.id].rows,
    lastChanged: status[d.id].lastChanged?.toISOString() ?? null,
  }));
  return json({ datasets, cc0: CC0, network: NETWORK_LICENCE, separator: MULTI_VALUE_SEPARATOR }, { headers: { "Cache-Control": "no-cache" } });
}

/** "2026-03-01 14:05 UTC": unambiguous for every reader, whatever the server's or browser's zone. */
function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export default function DataPage() {
  const { datasets, cc0, network, separator } = useLoaderData<typeof loader>();
  return (
    <article>
      <h1>Open data</h1>
      <p className="lead">
        The network's public records as CSV files: UTF-8 with a byte-order mark (so spreadsheet programs read Persian, Cyrillic and Turkish text correctly), a
        header row, one row per record. Fields with several values hold them in one cell, separated by “{separator.trim()}”. A cell that a spreadsheet would run
        as a formula (starting with =, +, -, @ or a tab) starts with a single quote instead, so it opens as plain text.
      </p>
      <ScrollBox label="Downloads">
        <table>
          <caption className="visually-hidden">Downloads</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Contents</th>
              <th scope="col" className="num">
                Records
              </th>
              <th scope="col">Last change</th>
              <th scope="col">Licence</th>
            </tr>
          </thead>
          <tbody>
            {datasets.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={d.path} download={d.filename}>
                    {d.filename}
                  </a>
                </td>
                <td>{d.records}</td>
                <td className="num">{d.rows.toLocaleString("en")}</td>
                <td>{d.lastChanged ? <time dateTime={d.lastChanged}>{utc(d.lastChanged)}</time> : "—"}</td>
                <td>
                  <ul className="plain">
                    {d.licences.map((l) => (
                      <li key={l.applies}>
                        <a href={l.licence.url} rel="license noreferrer">
                          {l.licence.name}
                        </a>
                        : {l.applies}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>

      <h2>Licences</h2>
      <ul>
        <li>
          Institution records imported from the <a href="https://ror.org">Research Organization Registry</a> (column <code>source</code> = <code>ror</code>) and
          topic ids and names from the <a href="https://openalex.org">OpenAlex</a> topic taxonomy are in the public domain:{" "}
          <a href={cc0.url} rel="license noreferrer">
            {cc0.name}
          </a>
          .
        </li>
        <li>
          Everything else was contributed through the network: expert profiles by the experts themselves, registrations and calls by institutions, project
          descriptions by their consortia. The ECO secretariat, which runs the network, publishes these records under{" "}
          <a href={network.url} rel="license noreferrer">
            {network.name}
          </a>
          : reuse them freely, crediting “ECO ICT Research Network” and linking the record (column <code>url</code>). This licence is the secretariat's choice
          for the network's records, stated here; it is not granted by ROR or OpenAlex. Ask the secretariat when in doubt.
        </li>
        <li>
          Expert profiles describe real people. The <code>email</code> column holds only addresses their owners chose to show to everyone; use them to propose
          research collaboration, not for bulk mail.
        </li>
        <li>
          Rows with <code>demo</code> = <code>true</code> are generated demonstration data: fictitious people, calls and projects.
        </li>
      </ul>
      <p className="meta">“Last change” is the latest time a record in the file was created, edited or decided; removing a record does not move it.</p>

      <h2>Columns</h2>
      {datasets.map((d) => (
        <details key={d.id} id={`columns-${d.id}`}>
          <summary>{d.filename}</summary>
          <ScrollBox label={`Columns of ${d.filename}`}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Column</th>
                  <th scope="col">Meaning</th>
                </tr>
              </thead>
              <tbody>
                {d.columns.map((c) => (
                  <tr key={c.name}>
                    <td>
                      <code>{c.name}</code>
                    </td>
                    <td>{c.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </details>
      ))}
    </article>
  );
}

export const meta: MetaFunction = () => [{ title: "Open data — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
