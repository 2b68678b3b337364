/**
 * Query parameters of /partners, /api/v1/partners and /api/v1/consortium.
 * Pure (no server imports). List parameters repeat or are comma-separated.
 */
import { z } from "zod";
import { MEMBER_STATE_CODES } from "~/domain/member-states";
import { OPEN_TO } from "~/domain/expert-vocabulary";
import { MAX_PAGE, institutionIdParam, pageParam, queryText } from "~/utils/search-params";
import { INSTITUTION_KINDS } from "~/domain/institution-kinds";
import { text, wholeNumber } from "~/utils/input";
import type { PartnerQuery } from "~/features/matching/partner-query";
import { contentWords } from "~/features/matching/text-match";
import { topicIdField } from "~/utils/input";

const country = text()
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => MEMBER_STATE_CODES.includes(s), { message: `must be an ECO member state code (${MEMBER_STATE_CODES.join(", ")})` });

const topicId = topicIdField("must be a topic id such as T10020");
/** `minCountries`: how many member states a consortium needs. */
const minCountries = wholeNumber({
  min: 1,
  max: 10,
  message: "must be a whole number from 1 to 10",
  tooSmall: "must be at least 1",
  tooLarge: "must be at most 10",
});

export const partnerSearchSchema = z.object({
  q: queryText,
  topics: z.array(topicId).max(20, "may list at most 20 topics").default([]),
  /** Topics never recognised from `q` (removed by the user); a topic also in `topics` stays. */
  dropTopics: z.array(topicId).max(50, "may list at most 50 topics").default([]),
  country: z.array(country).max(10).default([]),
  kind: z
    .array(z.enum(INSTITUTION_KINDS, { message: `must be one of ${INSTITUTION_KINDS.join(", ")}` }))
    .max(3)
    .default([]),
  openTo: z
    .array(z.enum(OPEN_TO, { message: `must be one of ${OPEN_TO.join(", ")}` }))
    .max(OPEN_TO.length)
    .default([]),
  exclude: institutionIdParam.optional(),
  consortium: z.array(country).max(10).default([]),
  /** "true"/"1": only member states not yet represented. */
  newCountriesOnly: z
    .enum(["true", "false", "1", "0"], { message: "must be true or false" })
    .transform((v) => v === "true" || v === "1")
    .default("false"),
  type: z
    .array(z.enum(["institution", "expert"], { message: "must be institution or expert" }))
    .max(2)
    .default([]),
  page: pageParam(MAX_PAGE),
  /** Page only: topic picker search text. */
  topicSearch: text()
    .max(100, "must be at most 100 characters")
    .transform((s) => s.trim())
    .default(""),
  /** Page only: the "My institution" picker's search text (institution names). */
  excludeSearch: text()
    .max(100, "must be at most 100 characters")
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
  if (!p.q) return { param: "q", message: "give free text (q) or topics, or both" };
  if (contentWords(p.q).length === 0) {
    return {
      param: "q",
      message: `has no words to search for ("${p.q}"): punctuation and common words such as "the" or "for" are ignored; give other words or pick topics`,
    };
  }
  return null;
}

/** /api/v1/consortium?topics=T1,T2&minCountries=3&exclude=<id>&q= */
export const consortiumSchema = z.object({
  q: partnerSearchSchema.shape.q,
  topics: z
    .array(topicId, { required_error: "give at least one topic id (e.g. topics=T10028,T10181)" })
    .min(1, "give at least one topic id")
    .max(20, "may list at most 20 topics"),
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
