/**
 * /lookup/institutions?q= — JSON list of verified institutions whose names
 * match `q` (at most 10), for the search-as-you-type pickers of the profile
 * and registration forms. Public data only; pending ones are never listed.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { lookupVerifiedInstitutions } from "~/models/registration.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const hits = await lookupVerifiedInstitutions(getDb(), q);
  return Response.json({ hits }, { headers: { "Cache-Control": "no-store" } });
}
