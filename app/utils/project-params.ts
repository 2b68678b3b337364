/**
 * Query parameters of /projects and /api/v1/projects. `country` (repeatable):
 * projects whose consortium includes ANY of the member states; `with`
 * (repeatable): projects whose consortium includes EVERY listed member state
 * (the collaboration matrix of /reports links a pair as with=IR&with=TR).
 */
import { z } from "zod";
import { MEMBER_STATE_CODES } from "../../db/countries";
import { MAX_PAGE, pageParam, queryText } from "./search-params";
import { text } from "./input";

export const PROJECT_LIST_PARAMS = ["country", "with"] as const;
const memberState = text().transform((s) => s.trim().toUpperCase()).refine((s) => MEMBER_STATE_CODES.includes(s), "must be an ECO member state code");
export const projectSearchSchema = z.object({
  q: queryText,
  country: z.array(memberState).max(10).default([]),
  with: z.array(memberState).max(10).default([]),
  page: pageParam(MAX_PAGE),
});
