/**
 * /proposals — the signed-in user's proposals: as admin of a lead or partner
 * institution, as the member who drafted it, or as a team member. Members of
 * an institution may draft; others are shown how to join one.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { listMyProposals } from "~/features/proposals/details.server";
import { memberInstitutions } from "~/features/institutions/memberships.server";
import { STATUS_LABELS } from "~/features/proposals/proposal-schema";
import { countryName } from "~/domain/member-states";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [rows, memberOf] = await Promise.all([listMyProposals(getDb(), user.id), memberInstitutions(getDb(), user.id)]);
  return json({ rows, canDraft: memberOf.length > 0 });
}

export default function MyProposalsPage() {
  const { rows, canDraft } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your proposals</h1>
      {canDraft ? (
        <p>
          <Link className="button" to="/proposals/new">
            Draft a proposal
          </Link>
        </p>
      ) : (
        <p className="meta">
          Members of an institution draft proposals with it as lead. <Link to="/proposals/new">How to join your institution or register it</Link>.
        </p>
      )}
      {rows.length ? (
        <ul className="results">
          {rows.map((r) => (
            <li key={r.id}>
              <h2>
                <Link to={`/proposals/${r.id}`}>{r.title}</Link>
              </h2>
              <p className="meta">
                <span className={`badge status-${r.status}`}>{STATUS_LABELS[r.status]}</span> {r.reference_code ?? ""} · lead {r.lead_name},{" "}
                {countryName(r.lead_country)}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">No proposals yet.</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Your proposals — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
