/**
 * Query parameters of /calls and /api/v1/calls. Messages are catalogue keys
 * (`calls:query.*`): the page shows them in the viewer's language, the API in English.
 */
import { z } from "zod";
import { MEMBER_STATE_CODES } from "~/domain/member-states";
import { CALL_KINDS } from "~/domain/call-kinds";
import { MAX_PAGE, pageParam, queryText } from "~/utils/search-params";
import { text } from "~/utils/input";
import { msg } from "~/i18n/message";

export const CALL_LIST_PARAMS = ["kind", "subfield", "country", "status"] as const;
export const callSearchSchema = z.object({
  q: queryText,
  kind: z
    .array(z.enum(CALL_KINDS, { message: msg("calls:query.kind", { kinds: CALL_KINDS.join(", ") }) }))
    .max(4)
    .default([]),
  subfield: z
    .array(text().regex(/^\d{2,6}$/, msg("calls:query.subfield")))
    .max(20)
    .default([]),
  country: z
    .array(
      text()
        .transform((s) => s.trim().toUpperCase())
        .refine((s) => MEMBER_STATE_CODES.includes(s), msg("calls:query.country")),
    )
    .max(10)
    .default([]),
  status: z
    .array(z.enum(["open", "closed"], { message: msg("calls:query.status") }))
    .max(2)
    .default([]),
  page: pageParam(MAX_PAGE),
});
