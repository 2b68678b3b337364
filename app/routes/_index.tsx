/** Start page: what the network is, counts per member state, entry points. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countsByCountry } from "~/features/institutions/institution.server";
import { countExperts } from "~/features/experts/expert.server";
import { getDb } from "~/utils/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { titleMeta } from "~/i18n/meta";
import { formatNumber } from "~/i18n/dates";

/** The catalogues this page renders (root adds `common`). */
export const handle = { i18n: ["home"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const [countries, experts, lng] = await Promise.all([countsByCountry(getDb()), countExperts(getDb()), requestLanguage(request)]);
  const t = serverT(lng, ["home", "common"]);
  return json({
    countries,
    total: countries.reduce((s, c) => s + c.count, 0),
    experts,
    // The home page is the site itself: its title is the name alone.
    title: t("common:site.name"),
    description: t("home:description"),
  });
}

export default function Index() {
  const { countries, total, experts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("home");
  return (
    <>
      <h1>{t("common:site.name")}</h1>
      <p className="lead">{t("lead")}</p>
      <p>
        <Link className="button" to="/institutions">
          {t("browse", { count: total })}
        </Link>{" "}
        {experts > 0 ? (
          <Link className="button secondary" to="/experts">
            {t("findExperts", { n: experts })}
          </Link>
        ) : null}
      </p>
      <h2>{t("perState")}</h2>
      <div className="grid">
        {countries.map((c) => (
          <Link key={c.code} to={`/institutions?country=${c.code}`} className="card" style={{ textDecoration: "none" }}>
            <div className="stat">{formatNumber(c.count, i18n.language || "en")}</div>
            <div>{t(`common:country.${c.code}`)}</div>
          </Link>
        ))}
      </div>
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
