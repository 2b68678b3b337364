/** Query parameters of /institutions and /api/v1/institutions: free text, member states, kinds, page. Pure. */
import { z } from "zod";
import { INSTITUTION_KINDS } from "~/domain/institution-kinds";
import { MAX_PAGE, memberStateParam, oneOfParam, pageParam, queryText } from "~/utils/search-params";

export const institutionSearchSchema = z.object({
  q: queryText,
  country: z.array(memberStateParam).max(10).default([]),
  kind: z.array(oneOfParam(INSTITUTION_KINDS)).max(3).default([]),
  page: pageParam(MAX_PAGE),
});

export type InstitutionSearchParams = z.output<typeof institutionSearchSchema>;
