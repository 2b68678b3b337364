/**
 * /data — the open data downloads (public, no JavaScript needed): each CSV
 * file with what it holds, its record count, when a record in it last
 * changed, the licences that apply, and its columns.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { CC0, DATASETS, NETWORK_LICENCE, datasetStatus } from "~/features/open-data/exports.server";
import { getDb } from "~/utils/db.server";
import { MULTI_VALUE_SEPARATOR } from "~/utils/csv.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScrollBox } from "~/components/scroll-box";
import { useNumberFormat } from "~/components/charts/format";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { formatInZone } from "~/i18n/dates";

/** The catalogues this page renders (root adds `common`): titles, contents, licences and columns of the files are in `reports` (data.*). */
export const handle = { i18n: ["reports"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const [status, lng] = await Promise.all([datasetStatus(getDb()), requestLanguage(request)]);
  const t = serverT(lng, ["reports", "common"]);
  const datasets = Object.values(DATASETS).map((d) => {
    const lastChanged = status[d.id].lastChanged?.toISOString() ?? null;
    return {
      id: d.id,
      path: d.path,
      filename: d.filename,
      licences: d.licences.map((l) => ({ licence: l.licence, applies: l.applies })),
      columns: d.columns.map((c) => c.header),
      rows: status[d.id].rows,
      lastChanged,
      // As text from here: the viewer's calendar and digits, never formatted in the browser.
      lastChangedText: lastChanged ? (lng === "en" ? utc(lastChanged) : formatInZone(lastChanged, "UTC", lng)) : null,
    };
  });
  return json(
    { datasets, cc0: CC0, network: NETWORK_LICENCE, separator: MULTI_VALUE_SEPARATOR, title: pageTitle(t, "reports:data.title") },
    { headers: { "Cache-Control": "no-cache" } },
  );
}

/** "2026-03-01 14:05 UTC": unambiguous for every reader, whatever the server's or browser's zone. */
function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export default function DataPage() {
  const { datasets, cc0, network, separator } = useLoaderData<typeof loader>();
  const { t } = useTranslation("reports");
  const { count } = useNumberFormat();
  const licenceLink = (l: { name: string; url: string }) => (
    <a href={l.url} rel="license noreferrer">
      <bdi>{l.name}</bdi>
    </a>
  );
  return (
    <article>
      <h1>{t("data.title")}</h1>
      <p className="lead">{t("data.lead", { separator: separator.trim() })}</p>
      <ScrollBox label={t("data.downloads")}>
        <table>
          <caption className="visually-hidden">{t("data.downloads")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("data.file")}</th>
              <th scope="col">{t("data.contents")}</th>
              <th scope="col" className="num">
                {t("data.recordsHeading")}
              </th>
              <th scope="col">{t("data.lastChange")}</th>
              <th scope="col">{t("data.licence")}</th>
            </tr>
          </thead>
          <tbody>
            {datasets.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={d.path} download={d.filename}>
                    <bdi>{d.filename}</bdi>
                  </a>
                </td>
                <td>{t(`data.records.${d.id}`)}</td>
                <td className="num">{count(d.rows)}</td>
                <td>{d.lastChanged ? <time dateTime={d.lastChanged}>{d.lastChangedText}</time> : "—"}</td>
                <td>
                  <ul className="plain">
                    {d.licences.map((l) => (
                      <li key={l.applies}>
                        {licenceLink(l.licence)}: {t(`data.applies.${l.applies}`)}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>

      <h2>{t("data.licences")}</h2>
      <ul>
        <li>
          <Trans
            t={t}
            i18nKey="data.publicDomain"
            values={{ licence: cc0.name }}
            components={{ ror: <a href="https://ror.org" />, openalex: <a href="https://openalex.org" />, code: <code />, licence: licenceLink(cc0) }}
          />
        </li>
        <li>
          <Trans t={t} i18nKey="data.network" values={{ licence: network.name }} components={{ code: <code />, licence: licenceLink(network) }} />
        </li>
        <li>
          <Trans t={t} i18nKey="data.people" components={{ code: <code /> }} />
        </li>
        <li>
          <Trans t={t} i18nKey="data.demo" components={{ code: <code /> }} />
        </li>
      </ul>
      <p className="meta">{t("data.lastChangeNote")}</p>

      <h2>{t("data.columns")}</h2>
      {datasets.map((d) => (
        <details key={d.id} id={`columns-${d.id}`}>
          <summary>
            <bdi>{d.filename}</bdi>
          </summary>
          <ScrollBox label={t("data.columnsOf", { file: d.filename })}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("data.columnHeading")}</th>
                  <th scope="col">{t("data.meaning")}</th>
                </tr>
              </thead>
              <tbody>
                {d.columns.map((c) => (
                  <tr key={c}>
                    <td>
                      <code>{c}</code>
                    </td>
                    <td>{t(`data.column.${d.id}.${c}`)}</td>
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

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
