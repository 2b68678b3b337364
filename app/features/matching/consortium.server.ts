/**
 * Consortium suggestion (suggestConsortium): from the institutions the
 * matcher ranks for a set of topics, a small consortium that covers the
 * topics across enough member states (/api/v1/consortium, /partners with
 * minCountries, calls' and drafts' suggestions).
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { rankPartners } from "~/features/matching/ranking.server";
import { msg } from "~/i18n/message";
import {
  PartnerQueryError,
  type ConsortiumMember,
  type ConsortiumQuery,
  type ConsortiumSuggestion,
  type PartnerResult,
  type TopicRef,
} from "~/features/matching/partner-query";

/**
 * Greedy set cover with a country-diversity constraint. Candidates: institutions
 * ranked by findPartners for the topics (asking institution excluded). Each
 * step picks the candidate that covers the most still-uncovered topics
 * (weight-summed), preferring a member state not yet represented, then the
 * higher match score, then the lower id; at most one institution per member
 * state while the country requirement is unmet. Afterwards, while fewer than
 * `minCountries` states are represented, the best-scoring institution of a new
 * state with at least one related topic is added. Deterministic for the same
 * data. Topics are resolved by id; unknown ids are a PartnerQueryError.
 */
export async function suggestConsortium(db: Kysely<DB>, query: ConsortiumQuery): Promise<ConsortiumSuggestion> {
  if (!Number.isInteger(query.minCountries) || query.minCountries < 1 || query.minCountries > 10) {
    throw new PartnerQueryError([{ param: "minCountries", message: msg("common:params.wholeBetween", { min: 1, max: 10 }) }]);
  }
  if (query.topicIds.length === 0) throw new PartnerQueryError([{ param: "topics", message: msg("matching:query.noTopic") }]);
  const ranked = await rankPartners(db, {
    topicIds: query.topicIds,
    text: query.text,
    excludeInstitutionId: query.excludeInstitutionId,
    excludeInstitutionIds: query.excludeInstitutionIds,
    askingUserId: query.askingUserId,
    types: ["institution"],
    inferTopics: false,
  });
  const qTopics = ranked.queryTopics;
  const asking = ranked.representedCountries;
  const maxPartners = query.maxPartners ?? Math.min(10, Math.max(query.minCountries, qTopics.length) + 1);
  const countries = new Set(asking);
  const uncovered = new Set(qTopics.map((t) => t.id));
  const members: ConsortiumMember[] = [];
  const chosen = new Set<number>();
  const cands = ranked.results.filter((r) => r.country);

  const add = (r: PartnerResult, brings: TopicRef[]) => {
    const isNew = !countries.has(r.country!);
    members.push({
      institution: { id: r.id, name: r.name, url: r.url },
      country: { code: r.country!, name: r.countryName ?? r.country! },
      brings: { topics: brings, country: r.country!, newCountry: isNew },
      score: r.score,
    });
    countries.add(r.country!);
    chosen.add(r.id);
    for (const t of brings) uncovered.delete(t.id);
  };

  while (uncovered.size && members.length < maxPartners) {
    const needCountries = countries.size < query.minCountries;
    let best: { r: PartnerResult; gain: number; brings: TopicRef[]; isNew: boolean } | null = null;
    for (const r of cands) {
      if (chosen.has(r.id)) continue;
      const isNew = !countries.has(r.country!);
      if (needCountries && !isNew && members.some((m) => m.country.code === r.country)) continue;
      const brings = r.explanation.sharedTopics.filter((t) => uncovered.has(t.id));
      const gain = brings.reduce((s, t) => s + t.weight, 0);
      if (gain === 0) continue;
      const better =
        !best ||
        gain > best.gain + 1e-9 ||
        (Math.abs(gain - best.gain) <= 1e-9 &&
          ((isNew && !best.isNew) || (isNew === best.isNew && (r.score > best.r.score || (r.score === best.r.score && r.id < best.r.id)))));
      if (better) best = { r, gain, brings: brings.map(({ id, name }) => ({ id, name })), isNew };
    }
    if (!best) break;
    add(best.r, best.brings);
  }
  // Country requirement: add the best-matching institution of each missing state.
  while (countries.size < query.minCountries && members.length < Math.max(maxPartners, query.minCountries)) {
    const next = cands.find((r) => !chosen.has(r.id) && !countries.has(r.country!) && (r.breakdown.shared > 0 || r.breakdown.related > 0));
    if (!next) break;
    add(
      next,
      next.explanation.sharedTopics.map(({ id, name }) => ({ id, name })),
    );
  }
  const covered = qTopics.filter((t) => !uncovered.has(t.id)).map(({ id, name }) => ({ id, name }));
  const left = qTopics.filter((t) => uncovered.has(t.id)).map(({ id, name }) => ({ id, name }));
  const missingCountries = Math.max(0, query.minCountries - countries.size);
  const complete = left.length === 0 && missingCountries === 0;
  const note = complete
    ? `${members.length} partner(s) from ${countries.size} member state(s) cover all ${qTopics.length} topic(s).`
    : [
        left.length ? `Cannot cover: ${left.map((t) => t.name).join("; ")} (no eligible institution works on it).` : "",
        missingCountries
          ? `Cannot reach ${query.minCountries} member states: ${missingCountries} more needed and no institution of another state works on these topics or related ones.`
          : "",
      ]
        .filter(Boolean)
        .join(" ");
  return { members, countries: [...countries].sort(), covered, uncovered: left, missingCountries, complete, note };
}
