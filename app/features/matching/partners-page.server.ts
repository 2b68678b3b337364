/**
 * What the /partners page shows for a valid search besides its form: the
 * page of ranked partners (experts marked when they can be messaged) and,
 * with minCountries and query topics, a consortium suggestion.
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { contactableExpertIds } from "~/features/messaging/messaging.server";
import { findPartners } from "~/features/matching/matching.server";
import { suggestConsortium } from "~/features/matching/consortium.server";
import { partnerQueryOf, type PartnerSearchParams } from "~/features/matching/partner-params";
import type { ConsortiumSuggestion, PartnerPage } from "~/features/matching/partner-query";

/**
 * The results and consortium of search `p` by `userId` (null: signed out);
 * both null for the empty form (no text, no topics).
 * @throws PartnerQueryError for an invalid query; Meilisearch errors when search is down.
 */
export async function partnersPage(
  db: Kysely<DB>,
  p: PartnerSearchParams,
  userId: string | null,
): Promise<{ result: PartnerPage | null; consortium: ConsortiumSuggestion | null }> {
  if (!p.q && !p.topics.length) return { result: null, consortium: null };
  const ranked = await findPartners(db, partnerQueryOf(p, userId));
  // Contact buttons only for experts with a real account that accepts messages.
  const contactable = await contactableExpertIds(
    db,
    ranked.results.filter((r) => r.type === "expert").map((r) => Number(r.id)),
  );
  const result: PartnerPage = {
    ...ranked,
    results: ranked.results.map(({ topics: _topics, ...rest }) => ({ ...rest, contactable: rest.type === "expert" && contactable.has(Number(rest.id)) })),
  };
  const consortiumTopics = result.queryTopics.map((t) => t.id);
  const consortium =
    p.minCountries && consortiumTopics.length
      ? await suggestConsortium(db, { topicIds: consortiumTopics, minCountries: p.minCountries, excludeInstitutionId: p.exclude ?? null, askingUserId: userId })
      : null;
  return { result, consortium };
}
