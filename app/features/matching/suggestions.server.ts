/**
 * "Suggested partners" for expert profiles, calls and proposal drafts (issue
 * #6 item 3): the partner matcher (matching.server.ts) run with the entity's
 * topics and text. Each returns null when search is unavailable so the page
 * still renders.
 */
import { isSearchFailure } from "~/search/http.server";
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { findPartners } from "~/features/matching/matching.server";
import { suggestConsortium } from "~/features/matching/consortium.server";
import type { ConsortiumSuggestion, PartnerResult } from "~/features/matching/partner-query";

/** Longest free text passed to the matcher (Meilisearch uses the first words only). */
const MAX_TEXT = 400;

function joinText(...parts: Array<string | null | undefined>): string {
  return parts.filter(Boolean).join(" ").slice(0, MAX_TEXT);
}

/** Candidates ranked before picking the suggestions (enough to find those sharing the topics). */
const POOL = 60;

/**
 * `results` with those sharing a query topic first (each group kept in score
 * order): a call's or draft's suggestions are about its topics, and a
 * candidate matching only its words or a related topic comes after every one
 * that has a topic of it. Stable; pure.
 */
export function topicsFirst<T extends { breakdown: { shared: number } }>(results: T[]): T[] {
  return [...results.filter((r) => r.breakdown.shared > 0), ...results.filter((r) => r.breakdown.shared <= 0)];
}

/**
 * Suggestions for a call: up to `limit` institutions and `limit` experts,
 * those having the call's topics first (topicsFirst); topics = the call's
 * topics, text = title + summary; the posting institution (its country counts
 * as represented) and the asking user's own profile and institutions left
 * out. With topics, only experts sharing one are suggested. Plus a consortium
 * suggestion for the call's min_countries; `consortium` is null when the call
 * has no topics (nothing to cover).
 */
export async function suggestionsForCall(
  db: Kysely<DB>,
  call: { title: string; summary: string | null; institution_id: number; country_code: string; min_countries: number; topics: Array<{ id: string }> },
  opts: { askingUserId?: string | null; limit?: number } = {},
): Promise<{ partners: PartnerResult[]; experts: PartnerResult[]; consortium: ConsortiumSuggestion | null } | null> {
  const limit = opts.limit ?? 5;
  const topicIds = call.topics.map((t) => t.id);
  const text = joinText(call.title, call.summary);
  try {
    // One ranking per kind: in one list experts (topic weight 1) could fill the pool and crowd out
    // every institution (profile weights below 1).
    const rank = async (type: "institution" | "expert") =>
      topicsFirst(
        (
          await findPartners(db, {
            topicIds,
            text,
            inferTopics: topicIds.length === 0,
            excludeInstitutionId: call.institution_id,
            askingUserId: opts.askingUserId,
            consortium: [call.country_code],
            types: [type],
            perPage: POOL,
          })
        ).results,
      );
    const [institutions, experts] = await Promise.all([rank("institution"), rank("expert")]);
    const consortium = topicIds.length
      ? await suggestConsortium(db, {
          topicIds,
          text,
          excludeInstitutionId: call.institution_id,
          askingUserId: opts.askingUserId,
          minCountries: Math.min(10, Math.max(1, call.min_countries)),
        })
      : null;
    return {
      partners: institutions.slice(0, limit),
      experts: experts.filter((x) => topicIds.length === 0 || x.breakdown.shared > 0).slice(0, limit),
      consortium,
    };
  } catch (err) {
    if (isSearchFailure(err)) return null;
    throw err;
  }
}

/**
 * Top `limit` institutions for a proposal draft, those having its topics
 * first (topicsFirst): topics = the proposal's topics, text = title +
 * abstract; the lead, every institution already on the proposal (invited,
 * accepted or declined) and the asking user's institutions left out by the
 * matcher; the consortium = lead + accepted partners' countries.
 */
export async function suggestionsForProposal(
  db: Kysely<DB>,
  p: {
    proposal: { title: string; abstract: string };
    lead: { id: number; country_code: string };
    partners: Array<{ institution_id: number; status: string; country_code: string }>;
    topics: Array<{ id: string }>;
  },
  opts: { askingUserId?: string | null; limit?: number } = {},
): Promise<PartnerResult[] | null> {
  const limit = opts.limit ?? 5;
  const topicIds = p.topics.map((t) => t.id);
  const text = joinText(p.proposal.title, p.proposal.abstract);
  if (topicIds.length === 0 && !text) return [];
  const consortium = [...new Set([p.lead.country_code, ...p.partners.filter((x) => x.status === "accepted").map((x) => x.country_code)])];
  try {
    const r = await findPartners(db, {
      topicIds,
      text,
      inferTopics: topicIds.length === 0,
      excludeInstitutionId: p.lead.id,
      excludeInstitutionIds: p.partners.map((x) => x.institution_id),
      askingUserId: opts.askingUserId,
      consortium,
      types: ["institution"],
      perPage: POOL,
    });
    return topicsFirst(r.results).slice(0, limit);
  } catch (err) {
    if (isSearchFailure(err)) return null;
    throw err;
  }
}

/**
 * "Suggested partners" for an expert profile: the matcher with the expert's
 * topics and keywords, excluding the expert and their institution (whose
 * country then earns no new-country bonus). Top `limit` (default 5). Returns
 * null when search is unavailable, so the profile page still renders.
 */
export async function suggestedPartnersFor(
  db: Kysely<DB>,
  expert: { id: number; topics: Array<{ id: string }>; keywords: string[]; institution: { id: number } | null },
  limit = 5,
): Promise<PartnerResult[] | null> {
  if (expert.topics.length === 0 && expert.keywords.length === 0) return [];
  try {
    const r = await findPartners(db, {
      topicIds: expert.topics.map((t) => t.id),
      text: expert.keywords.slice(0, 6).join(" "),
      inferTopics: false,
      excludeInstitutionId: expert.institution?.id ?? null,
      excludeExpertId: expert.id,
      perPage: limit,
    });
    return r.results;
  } catch (err) {
    if (isSearchFailure(err)) return null;
    throw err;
  }
}
