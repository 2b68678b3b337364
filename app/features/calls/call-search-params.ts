/** Query parameters of /calls and /api/v1/calls. */
import { z } from "zod";
import { MEMBER_STATE_CODES } from "~/domain/member-states";
import { CALL_KINDS } from "~/domain/call-kinds";
import { MAX_PAGE, pageParam, queryText } from "~/utils/search-params";
import { text } from "~/utils/input";

export const CALL_LIST_PARAMS = ["kind", "subfield", "country", "status"] as const;
export const callSearchSchema = z.object({
  q: queryText,
  kind: z
    .array(z.enum(CALL_KINDS, { message: `must be one of ${CALL_KINDS.join(", ")}` }))
    .max(4)
    .default([]),
  subfield: z
    .array(text().regex(/^\d{2,6}$/, "must be a subfield id"))
    .max(20)
    .default([]),
  country: z
    .array(
      text()
        .transform((s) => s.trim().toUpperCase())
        .refine((s) => MEMBER_STATE_CODES.includes(s), "must be an ECO member state code"),
    )
    .max(10)
    .default([]),
  status: z
    .array(z.enum(["open", "closed"], { message: "must be open or closed" }))
    .max(2)
    .default([]),
  page: pageParam(MAX_PAGE),
});
