/**
 * Query parameters of /partners, /api/v1/partners and /api/v1/consortium.
 * Pure (no server imports). List parameters repeat or are comma-separated.
 * Messages are catalogue keys (`common:params.*`, `matching:query.*`): the page
 * shows them in the viewer's language, the API in English (badRequestJson).
 */
import { z } from "zod";
import { OPEN_TO } from "~/domain/expert-vocabulary";
import { MAX_PAGE, institutionIdParam, memberStateParam, oneOfParam, pageParam, queryText, topicIdParam } from "~/utils/search-params";
import { INSTITUTION_KINDS } from "~/domain/institution-kinds";
import { text, wholeNumber } from "~/utils/input";
import type { PartnerQuery } from "~/features/matching/partner-query";
import { contentWords } from "~/features/matching/text-match";
import { msg } from "~/i18n/message";

/** The message of a topic list longer than `max`. */
const tooManyTopics = (max: number) => msg("common:params.tooManyTopics", { count: max });

/** `minCountries`: how many member states a consortium needs. */
const minCountries = wholeNumber({
  min: 1,
  max: 10,
  message: msg("common:params.wholeBetween", { min: 1, max: 10 }),
  tooSmall: msg("common:params.atLeast", { min: 1 }),
  tooLarge: msg("common:params.atMost", { max: 10 }),
});

export const partnerSearchSchema = z.object({
  q: queryText,
  topics: z.array(topicIdParam).max(20, tooManyTopics(20)).default([]),
  /** Topics never recognised from `q` (removed by the user); a topic also in `topics` stays. */
  dropTopics: z.array(topicIdParam).max(50, tooManyTopics(50)).default([]),
  country: z.array(memberStateParam).max(10).default([]),
  kind: z.array(oneOfParam(INSTITUTION_KINDS)).max(3).default([]),
  openTo: z.array(oneOfParam(OPEN_TO)).max(OPEN_TO.length).default([]),
  exclude: institutionIdParam.optional(),
  consortium: z.array(memberStateParam).max(10).default([]),
  /** "true"/"1": only member states not yet represented. */
  newCountriesOnly: z
    .enum(["true", "false", "1", "0"], { message: msg("common:params.trueOrFalse") })
    .transform((v) => v === "true" || v === "1")
    .default("false"),
  type: z
    .array(z.enum(["institution", "expert"], { message: msg("matching:query.type") }))
    .max(2)
    .default([]),
  page: pageParam(MAX_PAGE),
  /** Page only: topic picker search text. */
  topicSearch: text()
    .max(100, msg("common:params.tooLong", { max: 100 }))
    .transform((s) => s.trim())
    .default(""),
  /** Page only: the "My institution" picker's search text (institution names). */
  excludeSearch: text()
    .max(100, msg("common:params.tooLong", { max: 100 }))
    .transform((s) => s.trim())
    .default(""),
  /** Page only: also suggest a consortium needing this many member states. */
  minCountries: minCountries.optional(),
});

export type PartnerSearchParams = z.output<typeof partnerSearchSchema>;
export const PARTNER_LIST_PARAMS = ["topics", "dropTopics", "country", "kind", "openTo", "consortium", "type"] as const;

/**
 * The matcher's query for parsed /partners or /api/v1/partners parameters (one
 * mapping for both); `askingUserId` (the signed-in user, if any) leaves out
 * their own profile and institutions.
 */
export function partnerQueryOf(
  p: Pick<PartnerSearchParams, "q" | "topics" | "dropTopics" | "country" | "kind" | "openTo" | "exclude" | "consortium" | "newCountriesOnly" | "type" | "page">,
  askingUserId: string | null = null,
): PartnerQuery {
  return {
    askingUserId,
    text: p.q,
    topicIds: p.topics,
    dropTopics: p.dropTopics,
    country: p.country,
    kind: p.kind,
    openTo: p.openTo,
    excludeInstitutionId: p.exclude ?? null,
    consortium: p.consortium,
    onlyNewCountries: p.newCountriesOnly,
    types: p.type,
    page: p.page,
  };
}

/**
 * Why parsed partner parameters give nothing to match on, or null: neither
 * free text nor topics, or free text with no words the matcher searches
 * (only punctuation, or only common words such as "for", which the matcher
 * ignores rather than returning arbitrary candidates). Issue on `q`.
 */
export function partnerTextProblem(p: Pick<PartnerSearchParams, "q" | "topics">): { param: "q"; message: string } | null {
  if (p.topics.length) return null;
  if (!p.q) return { param: "q", message: msg("matching:query.nothingToMatch") };
  if (contentWords(p.q).length === 0) {
    return { param: "q", message: msg("matching:query.noContentWords", { q: p.q }) };
  }
  return null;
}

/** /api/v1/consortium?topics=T1,T2&minCountries=3&exclude=<id>&q= */
export const consortiumSchema = z.object({
  q: partnerSearchSchema.shape.q,
  topics: z
    .array(topicIdParam, { required_error: msg("matching:query.topicsRequired") })
    .min(1, msg("matching:query.noTopic"))
    .max(20, tooManyTopics(20)),
  minCountries: minCountries.default("3"),
  exclude: institutionIdParam.optional(),
});

/**
 * The /partners URL of the search `p` on `page`; `drop`: a recognised topic id
 * to add to dropTopics (its chip's link; back to page 1); `restore`: a removed
 * topic id to take out of dropTopics (back to page 1).
 */
export function partnersPageHref(p: PartnerSearchParams, page: number, drop?: string, restore?: string): string {
  const sp = new URLSearchParams();
  if (p.q) sp.set("q", p.q);
  for (const key of PARTNER_LIST_PARAMS) for (const v of p[key]) if (!(key === "dropTopics" && v === restore)) sp.append(key, String(v));
  if (drop && !p.dropTopics.includes(drop)) sp.append("dropTopics", drop);
  if (p.exclude) sp.set("exclude", String(p.exclude));
  if (p.newCountriesOnly) sp.set("newCountriesOnly", "true");
  if (p.minCountries) sp.set("minCountries", String(p.minCountries));
  if (page > 1 && !drop && !restore) sp.set("page", String(page));
  return `?${sp.toString()}`;
}
