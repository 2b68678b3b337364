/** Query parameters of /calls and /api/v1/calls. */
import { z } from "zod";
import { MEMBER_STATE_CODES } from "../../db/countries";
import { CALL_KINDS } from "./call-schema";
import { MAX_PAGE, MAX_QUERY_LENGTH } from "./search-params";

export const CALL_LIST_PARAMS = ["kind", "subfield", "country", "status"] as const;
export const callSearchSchema = z.object({
  q: z.string().max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`).transform((s) => s.trim()).default(""),
  kind: z.array(z.enum(CALL_KINDS, { message: `must be one of ${CALL_KINDS.join(", ")}` })).max(4).default([]),
  subfield: z.array(z.string().regex(/^\d{2,6}$/, "must be a subfield id")).max(20).default([]),
  country: z.array(z.string().transform((s) => s.trim().toUpperCase()).refine((s) => MEMBER_STATE_CODES.includes(s), "must be an ECO member state code")).max(10).default([]),
  status: z.array(z.enum(["open", "closed"], { message: "must be open or closed" })).max(2).default([]),
  page: z.string().regex(/^\d+$/, "must be a positive whole number").transform(Number).pipe(z.number().int().min(1).max(MAX_PAGE)).default("1"),
});
