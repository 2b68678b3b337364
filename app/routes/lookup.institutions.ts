/**
 * /lookup/institutions?q= — JSON list of verified institutions whose names
 * match `q` (at most 10), for the search-as-you-type pickers of the profile
 * and registration forms. Public data only; pending ones are never listed.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { lookupVerifiedInstitutions } from "~/features/institutions/institution-lookup.server";
import { z } from "zod";
import { getDb } from "~/utils/db.server";
import { badRequestJson } from "~/utils/http.server";
import { text } from "~/utils/input";
import { parseSearchParams } from "~/utils/search-params";

/** `q`: the typed text (only its first 100 characters are searched). 400 `{ error, issues }` for a bad one. */
export const querySchema = z.object({ q: text().default("") });

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseSearchParams(querySchema, new URL(request.url).searchParams, []);
  if (!parsed.ok) return badRequestJson(parsed.issues);
  const hits = await lookupVerifiedInstitutions(getDb(), parsed.value.q);
  return Response.json({ hits }, { headers: { "Cache-Control": "no-store" } });
}
