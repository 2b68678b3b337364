/**
 * The call form's schema, shared by client and server (Conform + Zod).
 */
import { z } from "zod";
import { MEMBER_STATE_CODES } from "~/domain/member-states";
import { DEADLINE_ZONES, zonedToInstant } from "~/utils/time-zone";
import { idField, listOf, optionalText, text, wholeNumber } from "~/utils/input";
import { echoQuerySchema } from "~/utils/search-params";
import { CALL_KINDS } from "~/domain/call-kinds";
import { topicIdField } from "~/utils/input";

/** The call form's values as the form shows them (strings; a saved call, or what was typed): its defaults. */
export interface CallFormDefaults {
  institutionId?: string;
  kind?: string;
  title?: string;
  summary?: string;
  body?: string;
  topicIds?: string[];
  opensAt?: string;
  deadline?: string;
  zone?: string;
  eligibleCountries?: string[];
  minPartners?: string;
  minCountries?: string;
  fundingNote?: string;
}

export const CALL_STATUSES = ["draft", "open", "closed", "cancelled"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

const count = (min: number, max: number) => wholeNumber({ min, max, message: "A whole number.", tooSmall: `At least ${min}.`, tooLarge: `At most ${max}.` });

/** Fields of /calls/new and /calls/:id/edit. */
export const CallFormSchema = z
  .object({
    institutionId: idField("Choose the posting institution."),
    kind: z.enum(CALL_KINDS, { required_error: "Choose the kind of call.", invalid_type_error: "Choose the kind of call." }),
    title: text({ required_error: "Give the call a title." }).trim().min(3, "At least 3 characters.").max(300, "At most 300 characters."),
    summary: optionalText(1000),
    body: optionalText(20000),
    topicIds: listOf(topicIdField("Unknown topic."), { max: 20, tooMany: "At most 20 topics." }).optional().default([]),
    opensAt: text().optional(),
    deadline: text({ required_error: "Give the deadline (date and time)." }),
    zone: z.enum(DEADLINE_ZONES, { required_error: "Choose the time zone of the deadline.", invalid_type_error: "Choose a listed time zone." }),
    eligibleCountries: listOf(
      text().refine((c) => MEMBER_STATE_CODES.includes(c), "Unknown member state."),
      { max: 10, tooMany: "At most the ten member states." },
    )
      .optional()
      .default([]),
    minPartners: count(0, 50).default("1"),
    minCountries: count(1, 10).default("2"),
    fundingNote: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (!zonedToInstant(v.deadline, v.zone))
      ctx.addIssue({ code: "custom", path: ["deadline"], message: "Enter a real date and time, e.g. 2027-01-15 17:00." });
    if (v.opensAt && !zonedToInstant(v.opensAt, v.zone)) ctx.addIssue({ code: "custom", path: ["opensAt"], message: "Enter a real date and time." });
    const d = zonedToInstant(v.deadline, v.zone);
    const o = v.opensAt ? zonedToInstant(v.opensAt, v.zone) : null;
    if (d && o && o.getTime() >= d.getTime()) ctx.addIssue({ code: "custom", path: ["opensAt"], message: "The call must open before its deadline." });
  });
export type CallForm = z.output<typeof CallFormSchema>;

/** Scalar fields of the call form, as a no-JavaScript topic "Search" (GET) sends them back. */
export const CALL_DRAFT_SCALARS = [
  "institutionId",
  "kind",
  "title",
  "summary",
  "body",
  "opensAt",
  "deadline",
  "zone",
  "minPartners",
  "minCountries",
  "fundingNote",
] as const;
/** Repeated fields of the call form. */
export const CALL_DRAFT_LISTS = ["topicIds", "eligibleCountries"] as const;
/**
 * GET query of /calls/new and /calls/:id/edit: the topic picker's search text
 * (`topicQuery`) and, after its "Search" button without JavaScript, every
 * field of the form, so nothing typed is lost.
 */
export const callFormQuerySchema = echoQuerySchema([...CALL_DRAFT_SCALARS, "topicQuery"], CALL_DRAFT_LISTS);
