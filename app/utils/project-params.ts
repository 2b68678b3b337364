/**
 * Query parameters of /projects and /api/v1/projects. `country` (repeatable):
 * projects whose consortium includes ANY of the member states; `with`
 * (repeatable): projects whose consortium includes EVERY listed member state
 * (the collaboration matrix of /reports links a pair as with=IR&with=TR).
 */
import { z } from "zod";
import { MEMBER_STATE_CODES } from "../../db/countries";
import { MAX_PAGE, MAX_QUERY_LENGTH } from "./search-params";

export const PROJECT_LIST_PARAMS = ["country", "with"] as const;
const memberState = z.string().transform((s) => s.trim().toUpperCase()).refine((s) => MEMBER_STATE_CODES.includes(s), "must be an ECO member state code");
export const projectSearchSchema = z.object({
  q: z.string().max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`).transform((s) => s.trim()).default(""),
  country: z.array(memberState).max(10).default([]),
  with: z.array(memberState).max(10).default([]),
  page: z.string().regex(/^\d+$/, "must be a positive whole number").transform(Number).pipe(z.number().int().min(1).max(MAX_PAGE)).default("1"),
});
