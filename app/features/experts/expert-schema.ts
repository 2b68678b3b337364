/**
 * The expert-profile form schema, shared by the browser (Conform's
 * `parseWithZod`) and the server (`upsertExpertProfile`). Every message is
 * written for the person filling the form and is attached to its field.
 * Database checks (ORCID iD already used, institution verified, topics exist)
 * live in app/features/experts/expert-profile.server.ts, which adds them to the same fields.
 *
 * List fields accept arrays (repeated inputs) or one text per item; name
 * variants also split on new lines and keywords on commas and new lines, so a
 * plain textarea works without JavaScript.
 */
import { z } from "zod";
import { parseOrcid } from "~/domain/identifiers";
import { idField, listOf, optionalText, text } from "~/utils/input";
import { OPEN_TO, type OpenTo, CONTACT_VISIBILITIES } from "~/domain/expert-vocabulary";
import { isTopicId } from "~/domain/identifiers";
import { msg } from "~/i18n/message";

/** The ORCID iD shown as an example (ORCID's own documentation iD), bare and as a URL. */
export const ORCID_EXAMPLE = { example: "0000-0002-1825-0097", url: "https://orcid.org/0000-0002-1825-0097" };

/** Catalogue keys (`experts:validation.*`, app/i18n/message.ts): the form shows them in the viewer's language. */
export const ORCID_FORMAT_MESSAGE = msg("experts:validation.orcidFormat", { length: 16, ...ORCID_EXAMPLE });
export const ORCID_CHECKSUM_MESSAGE = msg("experts:validation.orcidChecksum");

export const LIMITS = {
  fullName: 200,
  nameVariants: 10,
  title: 60,
  position: 200,
  bio: 4000,
  keywords: 20,
  keyword: 80,
  languages: 12,
  topics: 12,
  email: 254,
} as const;

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });

/** True for an ISO 639 code Intl knows ("fa", "tr", "ru", "kk", …). */
export function isLanguageCode(code: string): boolean {
  if (!/^[a-z]{2,3}$/.test(code)) return false;
  try {
    return languageNames.of(code) !== undefined;
  } catch {
    return false;
  }
}

/**
 * A list of short texts: items trimmed, inner whitespace collapsed, empties
 * dropped, duplicates removed (after Unicode NFC), each at most `maxLength`,
 * at most `max` items. Problems are reported on the list field itself so a
 * single textarea can show them; `messages`: the two catalogue keys (`tooLong`
 * gets `item`, `max`; `tooMany` gets `max`, `given`).
 */
function textList(opts: { max: number; maxLength: number; split: RegExp; messages: { tooLong: string; tooMany: string } }) {
  return listOf(text().optional())
    .optional()
    .transform((items) => {
      const out: string[] = [];
      for (const raw of items ?? []) {
        for (const part of (raw ?? "").split(opts.split)) {
          const s = part.trim().replace(/\s+/g, " ").normalize("NFC");
          if (s && !out.includes(s)) out.push(s);
        }
      }
      return out;
    })
    .superRefine((items, ctx) => {
      const long = items.find((s) => s.length > opts.maxLength);
      if (long) ctx.addIssue({ code: "custom", message: msg(opts.messages.tooLong, { item: long.slice(0, 30), max: opts.maxLength }) });
      if (items.length > opts.max) ctx.addIssue({ code: "custom", message: msg(opts.messages.tooMany, { max: opts.max, given: items.length }) });
    });
}

/** A list of allowed codes (checkboxes or a multi-select): duplicates removed. `message` gets the refused `value`. */
function codeList<T extends string>(check: (v: string) => v is T, max: number, message: string, tooMany: string) {
  return listOf(text().optional())
    .optional()
    .transform((items) => [...new Set((items ?? []).map((s) => (s ?? "").trim()).filter(Boolean))])
    .superRefine((items, ctx) => {
      const bad = items.find((s) => !check(s));
      if (bad !== undefined) ctx.addIssue({ code: "custom", message: msg(message, { value: bad.slice(0, 40) }) });
      if (items.length > max) ctx.addIssue({ code: "custom", message: tooMany });
    })
    .transform((items) => items as T[]);
}

export const expertProfileSchema = z.object({
  fullName: text({ required_error: msg("experts:validation.fullNameRequired") })
    .trim()
    .min(2, msg("experts:validation.fullNameShort", { min: 2 }))
    .max(LIMITS.fullName, msg("experts:validation.fullNameLong", { max: LIMITS.fullName }))
    .transform((s) => s.replace(/\s+/g, " ").normalize("NFC")),
  nameVariants: textList({
    max: LIMITS.nameVariants,
    maxLength: LIMITS.fullName,
    split: /\r?\n/,
    messages: { tooLong: "experts:validation.nameVariantTooLong", tooMany: "experts:validation.nameVariantsTooMany" },
  }),
  title: optionalText(LIMITS.title, { empty: undefined, message: msg("experts:validation.titleLong", { max: LIMITS.title }) }),
  position: optionalText(LIMITS.position, { empty: undefined, message: msg("experts:validation.positionLong", { max: LIMITS.position }) }),
  institutionId: idField(msg("experts:validation.institutionChoose")).optional(),
  orcid: text()
    .optional()
    .transform((s, ctx) => {
      if (!s || !s.trim()) return undefined;
      const r = parseOrcid(s);
      if (r.ok) return r.value;
      ctx.addIssue({ code: "custom", message: r.reason === "checksum" ? ORCID_CHECKSUM_MESSAGE : ORCID_FORMAT_MESSAGE });
      return z.NEVER;
    }),
  bio: text()
    .max(LIMITS.bio, msg("experts:validation.bioLong", { max: LIMITS.bio }))
    .optional()
    .transform((s) => (s ?? "").trim()),
  keywords: textList({
    max: LIMITS.keywords,
    maxLength: LIMITS.keyword,
    split: /[,،\r\n]/,
    messages: { tooLong: "experts:validation.keywordTooLong", tooMany: "experts:validation.keywordsTooMany" },
  }),
  languages: codeList(
    (v): v is string => isLanguageCode(v),
    LIMITS.languages,
    "experts:validation.languageUnknown",
    msg("experts:validation.languagesTooMany", { max: LIMITS.languages }),
  ),
  openTo: codeList(
    (v): v is OpenTo => (OPEN_TO as readonly string[]).includes(v),
    OPEN_TO.length,
    "experts:validation.openToUnknown",
    msg("experts:validation.tooManyChoices"),
  ),
  topicIds: codeList(
    (v): v is string => isTopicId(v),
    LIMITS.topics,
    "experts:validation.topicUnknown",
    msg("experts:validation.topicsTooMany", { max: LIMITS.topics }),
  ),
  contactEmail: text()
    .trim()
    .max(LIMITS.email, msg("experts:validation.emailLong", { max: LIMITS.email }))
    .email(msg("experts:validation.emailFormat"))
    .optional()
    .transform((s) => (s ? s : undefined)),
  contactVisibility: z.enum(CONTACT_VISIBILITIES, { message: msg("experts:validation.visibilityChoose") }).default("hidden"),
});

/** What the form sends (strings and arrays of strings; numbers when called from code). */
export type ExpertProfileInput = z.input<typeof expertProfileSchema>;
/** A valid, normalised profile (canonical ORCID iD, trimmed and de-duplicated lists). */
export type ExpertProfile = z.output<typeof expertProfileSchema>;
