/**
 * GET /api/v1/consortium?topics=T1,T2&minCountries=3&exclude=<institutionId>&q=
 * → { members: [{ institution: { id, name, url }, country: { code, name },
 *                 brings: { topics: [{ id, name }], country, newCountry }, score }],
 *     countries, covered, uncovered, missingCountries, complete, note }
 * Greedy set cover with country diversity (app/features/matching/consortium.server.ts suggestConsortium);
 * deterministic for the same data. 400 { error, issues } for bad parameters.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { suggestConsortium } from "~/features/matching/consortium.server";
import { PartnerQueryError } from "~/features/matching/partner-query";
import { getDb } from "~/utils/db.server";
import { getUser } from "~/features/accounts/auth.server";
import { badRequestJson } from "~/utils/http.server";
import { consortiumSchema } from "~/features/matching/partner-params";
import { parseSearchParams } from "~/utils/search-params";

export const querySchema = consortiumSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseSearchParams(querySchema, url.searchParams, ["topics"], { strict: true });
  if (!parsed.ok) return badRequestJson(parsed.issues);
  const p = parsed.value;
  try {
    const askingUserId = (await getUser(request))?.id ?? null; // their own institutions are never suggested
    const r = await suggestConsortium(getDb(), {
      topicIds: p.topics,
      minCountries: p.minCountries,
      excludeInstitutionId: p.exclude ?? null,
      text: p.q,
      askingUserId,
    });
    return Response.json(r);
  } catch (err) {
    if (err instanceof PartnerQueryError) return badRequestJson(err.issues);
    throw err;
  }
}
