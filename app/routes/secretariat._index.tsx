/**
 * /secretariat — the secretariat's start page: what waits for a decision.
 * Secretariat role only (admins too only when they also hold it). Later
 * features (institution verification, proposal review) hang below this path.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { getDb } from "~/utils/db.server";
import { userCounts } from "~/features/accounts/user.server";
import { institutionCountsByStatus } from "~/features/institutions/institution-counts.server";
import { requireRole } from "~/features/accounts/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { useNumberFormat } from "~/components/charts/format";

/** The catalogues this page renders (root adds `common`). */
export const handle = { i18n: ["home"] };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "secretariat");
  const db = getDb();
  const [byStatus, users, lng] = await Promise.all([institutionCountsByStatus(db), userCounts(db), requestLanguage(request)]);
  const t = serverT(lng, ["home", "common"]);
  return json({
    pending: byStatus.pending ?? 0,
    verified: byStatus.verified ?? 0,
    rejected: byStatus.rejected ?? 0,
    users,
    title: pageTitle(t, "home:secretariat.title"),
  });
}

export default function SecretariatPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("home");
  const { count } = useNumberFormat();
  return (
    <>
      <h1>{t("secretariat.title")}</h1>
      <div className="grid">
        <div className="card">
          <div className="stat">{count(d.pending)}</div>
          <div>
            <Link to="/secretariat/institutions">{t("secretariat.pending", { count: d.pending })}</Link>
          </div>
        </div>
        <div className="card">
          <div className="stat">{count(d.verified)}</div>
          <div>
            <Link to="/institutions">{t("secretariat.verified", { count: d.verified })}</Link>
          </div>
        </div>
        <div className="card">
          <div className="stat">{count(d.users.total)}</div>
          <div>{t("secretariat.accounts", { count: d.users.total, verified: d.users.verified })}</div>
        </div>
      </div>
      <h2>{t("secretariat.reports")}</h2>
      <p>
        <Trans t={t} i18nKey="secretariat.prepare" components={{ link: <Link to="/secretariat/reports" />, published: <Link to="/reports/published" /> }} />
      </p>
      <h2>{t("secretariat.messages")}</h2>
      <p>
        <Trans t={t} i18nKey="secretariat.reported" components={{ link: <Link to="/secretariat/message-reports" /> }} />
      </p>
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
