/**
 * /secretariat — the secretariat's start page: what waits for a decision.
 * Secretariat role only (admins too only when they also hold it). Later
 * features (institution verification, proposal review) hang below this path.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/utils/db.server";
import { userCounts } from "~/features/accounts/user.server";
import { institutionCountsByStatus } from "~/features/institutions/institution-counts.server";
import { requireRole } from "~/features/accounts/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "secretariat");
  const db = getDb();
  const [byStatus, users] = await Promise.all([institutionCountsByStatus(db), userCounts(db)]);
  return json({ pending: byStatus.pending ?? 0, verified: byStatus.verified ?? 0, rejected: byStatus.rejected ?? 0, users });
}

export default function SecretariatPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Secretariat</h1>
      <div className="grid">
        <div className="card">
          <div className="stat">{d.pending.toLocaleString("en")}</div>
          <div>
            <Link to="/secretariat/institutions">institution registrations waiting for verification</Link>
          </div>
        </div>
        <div className="card">
          <div className="stat">{d.verified.toLocaleString("en")}</div>
          <div>
            <Link to="/institutions">verified institutions</Link>
          </div>
        </div>
        <div className="card">
          <div className="stat">{d.users.total.toLocaleString("en")}</div>
          <div>accounts ({d.users.verified.toLocaleString("en")} with a confirmed email)</div>
        </div>
      </div>
      <h2>Progress reports</h2>
      <p>
        <Link to="/secretariat/reports">Prepare and publish a progress report</Link> (figures for a period, proposal figures, pipeline) ·{" "}
        <Link to="/reports/published">Published reports</Link>
      </p>
      <h2>Messages</h2>
      <p>
        <Link to="/secretariat/message-reports">Reported conversations</Link> (dismiss a report or stop the sender from sending messages)
      </p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Secretariat — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
