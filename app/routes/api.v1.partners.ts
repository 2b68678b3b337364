/**
 * GET /api/v1/partners?q=&topics=T1,T2&dropTopics=T3&country=&kind=&openTo=&exclude=<institutionId>&consortium=TR,IR&newCountriesOnly=true&type=&page=
 * → { results: [{ type: "institution"|"expert", id, name, country, countryName, url, institution,
 *     score, breakdown: { shared, related, text, newCountry },
 *     explanation: { sharedTopics: [{ id, name, weight }], relatedTopics: [{ query: { id, name }, match: { id, name }, reason }],
 *                    matchedTerms: [...], highlighted: { field: text with \u0001match\u0002 }, country: { code, name, new } } }],
 *     total, page, perPage, queryTopics: [{ id, name, subfieldId, inferred }], representedCountries }
 * Score and weights: docs/matching.md (app/features/matching/matching.server.ts).
 * A signed-in caller's own expert profile and institutions (with their experts) are left out.
 * dropTopics: topic ids never recognised from q (queryTopics with inferred: true); given topics stay.
 * 400 { error, issues: [{ param, message }] } for bad parameters (unknown topic ids,
 * a country that is not a member state, an unknown excluded institution, unknown parameters).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { findPartners } from "~/features/matching/matching.server";
import { PartnerQueryError } from "~/features/matching/partner-query";
import { getDb } from "~/utils/db.server";
import { getUser } from "~/features/accounts/auth.server";
import { badRequestJson } from "~/utils/http.server";
import { PARTNER_LIST_PARAMS, partnerQueryOf, partnerSearchSchema, partnerTextProblem } from "~/features/matching/partner-params";
import { parseSearchParams } from "~/utils/search-params";

/** The /partners parameters but the page-only `topicSearch`, `excludeSearch` and `minCountries`. */
export const querySchema = partnerSearchSchema.omit({ topicSearch: true, excludeSearch: true, minCountries: true });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseSearchParams(querySchema, url.searchParams, PARTNER_LIST_PARAMS, { strict: true });
  if (!parsed.ok) return badRequestJson(parsed.issues);
  const p = parsed.value;
  const problem = partnerTextProblem(p);
  if (problem) return badRequestJson([problem]);
  try {
    // A signed-in caller's own profile and institutions are never suggested to them.
    const r = await findPartners(getDb(), partnerQueryOf(p, (await getUser(request))?.id ?? null));
    return Response.json({
      // The structured `why` of a related topic is the page's (it translates it); the API keeps its English `reason`.
      results: r.results.map(({ topics: _topics, ...rest }) => ({
        ...rest,
        explanation: { ...rest.explanation, relatedTopics: rest.explanation.relatedTopics.map(({ why: _why, ...x }) => x) },
      })),
      total: r.total,
      page: r.page,
      perPage: r.perPage,
      queryTopics: r.queryTopics,
      representedCountries: r.representedCountries,
    });
  } catch (err) {
    if (err instanceof PartnerQueryError) return badRequestJson(err.issues);
    throw err;
  }
}
