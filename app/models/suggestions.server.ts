/**
 * "Suggested partners" for calls and proposal drafts (issue #6 item 3): the
 * partner matcher (matching.server.ts) run with the entity's topics and text.
 * Like suggestedPartnersFor (expert profiles), these return null when search
 * is unavailable so the page still renders.
 */
import { isSearchFailure } from "../search/http.server";
import type { Kysely } from "kysely";
import type { DB } from "../../db/types";
import { findPartners, suggestConsortium, type ConsortiumSuggestion, type PartnerResult } from "./matching.server";

/** Longest free text passed to the matcher (Meilisearch uses the first words only). */
const MAX_TEXT = 400;

function joinText(...parts: Array<string | null | undefined>): string {
  return parts.filter(Boolean).join(" ").slice(0, MAX_TEXT);
}

/**
 * Top `limit` institutions for a call: topics = the call's topics, text =
 * title + summary, the posting institution excluded (its country counts as
 * represented), plus a consortium suggestion for the call's min_countries.
 * `consortium` is null when the call has no topics (nothing to cover).
 */
export async function suggestionsForCall(
  db: Kysely<DB>,
  call: { title: string; summary: string | null; institution_id: number; country_code: string; min_countries: number; topics: Array<{ id: string }> },
  limit = 5,
): Promise<{ partners: PartnerResult[]; consortium: ConsortiumSuggestion | null } | null> {
  const topicIds = call.topics.map((t) => t.id);
  const text = joinText(call.title, call.summary);
  try {
    const r = await findPartners(db, {
      topicIds,
      text,
      inferTopics: topicIds.length === 0,
      excludeInstitutionId: call.institution_id,
      consortium: [call.country_code],
      types: ["institution"],
      perPage: limit,
    });
    const consortium = topicIds.length
      ? await suggestConsortium(db, {
          topicIds,
          text,
          excludeInstitutionId: call.institution_id,
          minCountries: Math.min(10, Math.max(1, call.min_countries)),
        })
      : null;
    return { partners: r.results, consortium };
  } catch (err) {
    if (isSearchFailure(err)) return null;
    throw err;
  }
}

/**
 * Top `limit` institutions for a proposal draft: topics = the proposal's
 * topics, text = title + abstract, the lead excluded through the matcher and
 * every institution already on the proposal (invited, accepted or declined)
 * left out afterwards; the consortium = lead + accepted partners' countries.
 */
export async function suggestionsForProposal(
  db: Kysely<DB>,
  p: {
    proposal: { title: string; abstract: string };
    lead: { id: number; country_code: string };
    partners: Array<{ institution_id: number; status: string; country_code: string }>;
    topics: Array<{ id: string }>;
  },
  limit = 5,
): Promise<PartnerResult[] | null> {
  const topicIds = p.topics.map((t) => t.id);
  const text = joinText(p.proposal.title, p.proposal.abstract);
  if (topicIds.length === 0 && !text) return [];
  const taken = new Set(p.partners.map((x) => x.institution_id));
  const consortium = [...new Set([p.lead.country_code, ...p.partners.filter((x) => x.status === "accepted").map((x) => x.country_code)])];
  try {
    const r = await findPartners(db, {
      topicIds,
      text,
      inferTopics: topicIds.length === 0,
      excludeInstitutionId: p.lead.id,
      consortium,
      types: ["institution"],
      perPage: limit + taken.size,
    });
    return r.results.filter((x) => !taken.has(x.id)).slice(0, limit);
  } catch (err) {
    if (isSearchFailure(err)) return null;
    throw err;
  }
}
