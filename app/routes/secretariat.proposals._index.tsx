/**
 * /secretariat/proposals — the review queue: proposals by status (default:
 * submitted and under review), filter by lead member state, oldest
 * submission first, with age in days; 50 a page (`?page=N`). A malformed page
 * answers 400 with the message by the filters; a page past the end shows an
 * empty state linking to the last page.
 */
import type { LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/features/accounts/permissions.server";
import { getDb } from "~/utils/db.server";
import { queueCounts, secretariatQueue } from "~/features/proposals/secretariat-queue.server";
import { QUEUE_STATES } from "~/domain/proposal-workflow";
import { ECO_MEMBER_STATES } from "~/domain/member-states";
import { useTranslation } from "react-i18next";
import { proposalsT } from "~/features/proposals/proposal-route.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { translateMessage } from "~/i18n/message";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination, PastLastPage } from "~/components/pagination";
import { parseSearchParams } from "~/utils/search-params";
import { QUEUE_PER_PAGE, queuePageSchema } from "~/features/proposals/queue-params";

export const querySchema = queuePageSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "secretariat");
  const sp = new URL(request.url).searchParams;
  const status = sp.getAll("status").filter((s) => (QUEUE_STATES as readonly string[]).includes(s));
  const countryParam = sp.get("country") ?? "";
  const country = ECO_MEMBER_STATES.some((c) => c.code === countryParam) ? countryParam : undefined;
  const filters = { status: status.length ? status : ["submitted", "under_review"], country: country ?? "" };
  const parsed = parseSearchParams(querySchema, sp, ["status"]);
  const { t } = await proposalsT(request);
  const title = pageTitle(t, "page.queue");
  if (!parsed.ok) {
    // The filters and counts still render, so the secretariat can correct the URL from the page.
    const counts = await queueCounts(getDb(), { country });
    return json({ queue: null, counts, ...filters, issues: parsed.issues, title }, { status: 400 });
  }
  const [queue, counts] = await Promise.all([
    secretariatQueue(getDb(), { status, country, page: parsed.value.page, perPage: QUEUE_PER_PAGE }),
    queueCounts(getDb(), { country }),
  ]);
  return json({ queue, counts, ...filters, issues: [] as Array<{ param: string; message: string }>, title });
}

export const handle = { i18n: ["proposals"] };

/** The queue URL of `page`, keeping the status (repeated) and country filters. */
function pageHref(filters: { status: string[]; country: string }, page: number) {
  const sp = new URLSearchParams();
  for (const s of filters.status) sp.append("status", s);
  if (filters.country) sp.set("country", filters.country);
  if (page > 1) sp.set("page", String(page));
  return `?${sp.toString()}`;
}

export default function QueuePage() {
  const { queue, counts, status, country, issues } = useLoaderData<typeof loader>();
  const { t } = useTranslation("proposals");
  return (
    <>
      <h1>{t("queue.heading")}</h1>
      <Form method="get" className="card filters">
        <fieldset>
          <legend>{t("queue.status")}</legend>
          {QUEUE_STATES.map((s) => (
            <label key={s} className="inline">
              <input type="checkbox" name="status" value={s} defaultChecked={status.includes(s)} />{" "}
              {t("queue.stateCount", { state: t(`state.${s}`), count: counts[s] ?? 0 })}
            </label>
          ))}
        </fieldset>
        <label htmlFor="country">{t("queue.leadState")}</label>{" "}
        <select id="country" name="country" defaultValue={country}>
          <option value="">{t("queue.all")}</option>
          {ECO_MEMBER_STATES.map((c) => (
            <option key={c.code} value={c.code}>
              {t(`common:country.${c.code}`)}
            </option>
          ))}
        </select>{" "}
        <button type="submit">{t("queue.filter")}</button>
        {issues.length ? (
          <div className="error" role="alert">
            {issues.map((i) => (
              <p key={i.param + i.message}>
                <strong>{i.param}</strong> {translateMessage(t, i.message)}.
              </p>
            ))}
            <p>
              <Link to={pageHref({ status, country }, 1)}>{t("queue.firstPage")}</Link>
            </p>
          </div>
        ) : null}
      </Form>
      {queue ? <QueueResults queue={queue} filters={{ status, country }} /> : null}
    </>
  );
}

type LoadedQueue = NonNullable<SerializeFrom<typeof loader>["queue"]>;

function QueueResults({ queue, filters }: { queue: LoadedQueue; filters: { status: string[]; country: string } }) {
  const { rows, total, page, totalPages } = queue;
  const { t } = useTranslation("proposals");
  if (total === 0) return <p className="empty">{t("queue.empty")}</p>;
  if (rows.length === 0 && page > totalPages) {
    return (
      <PastLastPage page={page} totalPages={totalPages} total={total} totalText={t("queue.total", { count: total })} lastHref={pageHref(filters, totalPages)} />
    );
  }
  return (
    <>
      <p className="meta">{totalPages > 1 ? t("queue.totalOnPage", { count: total, page, pages: totalPages }) : t("queue.total", { count: total })}</p>
      {/* "reflow": on narrow screens each row becomes a card, each cell labelled by data-label (app.css). */}
      <table className="table reflow">
        <thead>
          <tr>
            <th>{t("queue.col.reference")}</th>
            <th>{t("queue.col.title")}</th>
            <th>{t("queue.col.lead")}</th>
            <th>{t("queue.col.partners")}</th>
            <th>{t("queue.col.call")}</th>
            <th>{t("queue.col.status")}</th>
            <th>{t("queue.col.age")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td data-label={t("queue.col.reference")}>{r.reference_code ?? "—"}</td>
              <td data-label={t("queue.col.title")}>
                <Link to={`/secretariat/proposals/${r.id}`}>{r.title}</Link>
              </td>
              <td data-label={t("queue.col.lead")}>
                <bdi>{r.lead_name}</bdi> ({t(`common:country.${r.lead_country}`, { defaultValue: r.lead_country })})
              </td>
              <td data-label={t("queue.col.partners")}>{t("queue.number", { n: r.partners })}</td>
              <td data-label={t("queue.col.call")}>{r.call_title ?? "—"}</td>
              <td data-label={t("queue.col.status")}>
                <span className={`badge status-${r.status}`}>{t(`state.${r.status}`)}</span>
              </td>
              <td data-label={t("queue.col.age")}>{r.ageDays === null ? "—" : t("queue.ageDays", { count: r.ageDays })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={page} totalPages={totalPages} href={(p) => pageHref(filters, p)} />
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
