/** Query parameters of /experts and /api/v1/experts. Pure. */
import { z } from "zod";
import { OPEN_TO } from "~/domain/expert-vocabulary";
import { text } from "~/utils/input";
import { MAX_PAGE, institutionIdParam, memberStateParam, oneOfParam, pageParam, queryText, topicIdParam } from "~/utils/search-params";
import { msg } from "~/i18n/message";

/**
 * /experts and /api/v1/experts: free text, member state, institution id,
 * topic subfield id (OpenAlex, e.g. 1702), topic id (e.g. T10020), openness.
 * List parameters repeat or are comma-separated.
 */
export const expertSearchSchema = z.object({
  q: queryText,
  country: z.array(memberStateParam).max(10).default([]),
  institution: z
    .array(institutionIdParam)
    .max(20, msg("common:params.tooManyInstitutions", { count: 20 }))
    .default([]),
  subfield: z
    .array(text().regex(/^\d{1,6}$/, msg("common:params.subfieldId")))
    .max(20)
    .default([]),
  topic: z.array(topicIdParam).max(20).default([]),
  openTo: z.array(oneOfParam(OPEN_TO)).max(OPEN_TO.length).default([]),
  page: pageParam(MAX_PAGE),
});

export type ExpertSearchParams = z.output<typeof expertSearchSchema>;
export const EXPERT_LIST_PARAMS = ["country", "institution", "subfield", "topic", "openTo"] as const;
