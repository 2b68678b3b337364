/**
 * The call form's schema, shared by client and server (Conform + Zod). Its
 * messages are catalogue keys (`calls:errors.*`, app/i18n/message.ts): the
 * form shows them in the viewer's language.
 */
import { z } from "zod";
import { MEMBER_STATE_CODES } from "~/domain/member-states";
import { DEADLINE_ZONES, zonedToInstant } from "~/utils/time-zone";
import { idField, listOf, optionalText, text, wholeNumber } from "~/utils/input";
import { pickerQuerySchema } from "~/utils/search-params";
import { CALL_KINDS } from "~/domain/call-kinds";
import { topicIdField } from "~/utils/input";
import { msg } from "~/i18n/message";

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

const count = (min: number, max: number) =>
  wholeNumber({
    min,
    max,
    message: msg("calls:errors.wholeNumber"),
    tooSmall: msg("calls:errors.atLeast", { min }),
    tooLarge: msg("calls:errors.atMost", { max }),
  });

/** Fields of /calls/new and /calls/:id/edit. */
export const CallFormSchema = z
  .object({
    institutionId: idField(msg("calls:errors.institutionRequired")),
    kind: z.enum(CALL_KINDS, { required_error: msg("calls:errors.kindRequired"), invalid_type_error: msg("calls:errors.kindRequired") }),
    title: text({ required_error: msg("calls:errors.titleRequired") })
      .trim()
      .min(3, msg("calls:errors.titleTooShort", { min: 3 }))
      .max(300, msg("calls:errors.titleTooLong", { max: 300 })),
    summary: optionalText(1000),
    body: optionalText(20000),
    topicIds: listOf(topicIdField(msg("calls:errors.unknownTopic")), { max: 20, tooMany: msg("calls:errors.tooManyTopics", { max: 20 }) })
      .optional()
      .default([]),
    opensAt: text().optional(),
    deadline: text({ required_error: msg("calls:errors.deadlineRequired") }),
    zone: z.enum(DEADLINE_ZONES, { required_error: msg("calls:errors.zoneRequired"), invalid_type_error: msg("calls:errors.zoneUnknown") }),
    eligibleCountries: listOf(
      text().refine((c) => MEMBER_STATE_CODES.includes(c), msg("calls:errors.unknownCountry")),
      { max: 10, tooMany: msg("calls:errors.tooManyCountries") },
    )
      .optional()
      .default([]),
    minPartners: count(0, 50).default("1"),
    minCountries: count(1, 10).default("2"),
    fundingNote: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (!zonedToInstant(v.deadline, v.zone))
      ctx.addIssue({ code: "custom", path: ["deadline"], message: msg("calls:errors.deadlineInvalid", { example: "2027-01-15 17:00" }) });
    if (v.opensAt && !zonedToInstant(v.opensAt, v.zone)) ctx.addIssue({ code: "custom", path: ["opensAt"], message: msg("calls:errors.opensInvalid") });
    const d = zonedToInstant(v.deadline, v.zone);
    const o = v.opensAt ? zonedToInstant(v.opensAt, v.zone) : null;
    if (d && o && o.getTime() >= d.getTime()) ctx.addIssue({ code: "custom", path: ["opensAt"], message: msg("calls:errors.opensAfterDeadline") });
  });
export type CallForm = z.output<typeof CallFormSchema>;

/** Scalar fields of the call form, as a no-JavaScript topic "Search" (POST) sends them back. */
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
 * (`topicQuery`) only; the form's fields never come from a URL (the picker's
 * no-JavaScript "Search" is a POST: callFormSearch).
 */
export const callFormQuerySchema = pickerQuerySchema(["topicQuery"]);
