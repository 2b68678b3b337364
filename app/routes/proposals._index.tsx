/**
 * /proposals — the signed-in user's proposals: as admin of a lead or partner
 * institution, as the member who drafted it, or as a team member. Members of
 * an institution may draft; others are shown how to join one.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { listMyProposals } from "~/features/proposals/details.server";
import { memberInstitutions } from "~/features/institutions/memberships.server";
import { Trans, useTranslation } from "react-i18next";
import { proposalsT } from "~/features/proposals/proposal-route.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [rows, memberOf] = await Promise.all([listMyProposals(getDb(), user.id), memberInstitutions(getDb(), user.id)]);
  const { t } = await proposalsT(request);
  return json({ rows, canDraft: memberOf.length > 0, title: pageTitle(t, "page.mine") });
}

export const handle = { i18n: ["proposals"] };

export default function MyProposalsPage() {
  const { rows, canDraft } = useLoaderData<typeof loader>();
  const { t } = useTranslation("proposals");
  return (
    <>
      <h1>{t("mine.heading")}</h1>
      {canDraft ? (
        <p>
          <Link className="button" to="/proposals/new">
            {t("mine.draft")}
          </Link>
        </p>
      ) : (
        <p className="meta">
          <Trans t={t} i18nKey="mine.notMember" components={{ link: <Link to="/proposals/new" /> }} />
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
                <span className={`badge status-${r.status}`}>{t(`state.${r.status}`)}</span> {r.reference_code ?? ""} ·{" "}
                <Trans
                  t={t}
                  i18nKey="mine.lead"
                  values={{ name: r.lead_name, country: t(`common:country.${r.lead_country}`, { defaultValue: r.lead_country }) }}
                  components={{ bdi: <bdi /> }}
                />
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("mine.empty")}</p>
      )}
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
