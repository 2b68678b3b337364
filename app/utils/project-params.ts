/** Query parameters of /projects and /api/v1/projects. */
import { z } from "zod";
import { MEMBER_STATE_CODES } from "../../db/countries";
import { MAX_PAGE, pageParam, queryText } from "./search-params";
import { text } from "./input";

export const PROJECT_LIST_PARAMS = ["country"] as const;
export const projectSearchSchema = z.object({
  q: queryText,
  country: z.array(text().transform((s) => s.trim().toUpperCase()).refine((s) => MEMBER_STATE_CODES.includes(s), "must be an ECO member state code")).max(10).default([]),
  page: pageParam(MAX_PAGE),
});
