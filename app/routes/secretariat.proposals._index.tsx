/**
 * /secretariat/proposals — the review queue: proposals by status (default:
 * submitted and under review), filter by lead member state, oldest
 * submission first, with age in days.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/utils/permissions.server";
import { getDb } from "~/utils/db.server";
import { queueCounts, secretariatQueue } from "~/models/proposal.server";
import { QUEUE_STATES } from "~/domain/proposal-workflow";
import { STATUS_LABELS } from "~/utils/proposal-schema";
import { ECO_MEMBER_STATES, countryName } from "../../db/countries";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "secretariat");
  const sp = new URL(request.url).searchParams;
  const status = sp.getAll("status").filter((s) => (QUEUE_STATES as readonly string[]).includes(s));
  const countryParam = sp.get("country") ?? "";
  const country = ECO_MEMBER_STATES.some((c) => c.code === countryParam) ? countryParam : undefined;
  const [rows, counts] = await Promise.all([secretariatQueue(getDb(), { status, country }), queueCounts(getDb())]);
  return json({ rows, counts, status: status.length ? status : ["submitted", "under_review"], country: country ?? "" });
}

export default function QueuePage() {
  const { rows, counts, status, country } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Proposals</h1>
      <Form method="get" className="card filters">
        <fieldset>
          <legend>Status</legend>
          {QUEUE_STATES.map((s) => (
            <label key={s} className="inline">
              <input type="checkbox" name="status" value={s} defaultChecked={status.includes(s)} /> {STATUS_LABELS[s]} ({counts[s] ?? 0})
            </label>
          ))}
        </fieldset>
        <label htmlFor="country">Lead member state</label>{" "}
        <select id="country" name="country" defaultValue={country}>
          <option value="">All</option>
          {ECO_MEMBER_STATES.map((c) => (
            <option key={c.code} value={c.code}>{c.name}</option>
          ))}
        </select>{" "}
        <button type="submit">Filter</button>
      </Form>
      {rows.length ? (
        <table className="table">
          <thead>
            <tr><th>Reference</th><th>Title</th><th>Lead</th><th>Partners</th><th>Call</th><th>Status</th><th>Age</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.reference_code ?? "—"}</td>
                <td><Link to={`/secretariat/proposals/${r.id}`}>{r.title}</Link></td>
                <td>{r.lead_name} ({countryName(r.lead_country)})</td>
                <td>{r.partners}</td>
                <td>{r.call_title ?? "—"}</td>
                <td><span className={`badge status-${r.status}`}>{STATUS_LABELS[r.status]}</span></td>
                <td>{r.ageDays === null ? "—" : `${r.ageDays} d`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">Nothing in the queue for these filters.</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Proposal queue — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
