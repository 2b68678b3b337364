/** Start page: what the network is, counts per member state, entry points. */
import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { countsByCountry } from "~/features/institutions/institution.server";
import { countExperts } from "~/features/experts/expert.server";
import { getDb } from "~/utils/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader() {
  const [countries, experts] = await Promise.all([countsByCountry(getDb()), countExperts(getDb())]);
  return json({ countries, total: countries.reduce((s, c) => s + c.count, 0), experts });
}

export default function Index() {
  const { countries, total, experts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>ECO ICT Research Network</h1>
      <p className="lead">
        The research-collaboration network of the ten member states of the Economic Cooperation Organization. It implements commitment 12 of the Baku
        Declaration (Second ECO Ministerial Meeting on ICT, 5 December 2017): to enhance cooperation on education, research and transfer of knowledge in ICT
        among ICT universities and research centres, and through joint research projects.
      </p>
      <p>
        <Link className="button" to="/institutions">
          Browse {total.toLocaleString("en")} institutions
        </Link>{" "}
        {experts > 0 ? (
          <Link className="button secondary" to="/experts">
            Find experts ({experts.toLocaleString("en")})
          </Link>
        ) : null}
      </p>
      <h2>Institutions per member state</h2>
      <div className="grid">
        {countries.map((c) => (
          <Link key={c.code} to={`/institutions?country=${c.code}`} className="card" style={{ textDecoration: "none" }}>
            <div className="stat">{c.count.toLocaleString("en")}</div>
            <div>{c.name}</div>
          </Link>
        ))}
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [
  { title: "ECO ICT Research Network" },
  { name: "description", content: "ICT universities, research centres and experts of the ten ECO member states." },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
