/** Query parameters of /experts and /api/v1/experts. Pure. */
import { z } from "zod";
import { OPEN_TO } from "~/domain/expert-vocabulary";
import { text } from "~/utils/input";
import { MAX_PAGE, institutionIdParam, memberStateParam, pageParam, queryText } from "~/utils/search-params";
import { topicIdField } from "~/utils/input";

/**
 * /experts and /api/v1/experts: free text, member state, institution id,
 * topic subfield id (OpenAlex, e.g. 1702), topic id (e.g. T10020), openness.
 * List parameters repeat or are comma-separated.
 */
export const expertSearchSchema = z.object({
  q: queryText,
  country: z.array(memberStateParam).max(10).default([]),
  institution: z.array(institutionIdParam).max(20, "may list at most 20 institutions").default([]),
  subfield: z
    .array(text().regex(/^\d{1,6}$/, "must be a topic subfield id such as 1702"))
    .max(20)
    .default([]),
  topic: z.array(topicIdField("must be a topic id such as T10020")).max(20).default([]),
  openTo: z
    .array(z.enum(OPEN_TO, { message: `must be one of ${OPEN_TO.join(", ")}` }))
    .max(OPEN_TO.length)
    .default([]),
  page: pageParam(MAX_PAGE),
});

export type ExpertSearchParams = z.output<typeof expertSearchSchema>;
export const EXPERT_LIST_PARAMS = ["country", "institution", "subfield", "topic", "openTo"] as const;
