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
import { OPEN_TO, type OpenTo, OPEN_TO_LABELS, CONTACT_VISIBILITIES } from "~/domain/expert-vocabulary";
import { isTopicId } from "~/domain/identifiers";

export const ORCID_FORMAT_MESSAGE = "Enter an ORCID iD as 16 characters in four groups, e.g. 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097.";
export const ORCID_CHECKSUM_MESSAGE = "This ORCID iD’s check digit is wrong: one of the characters is probably mistyped. Copy the iD from your ORCID record.";

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

/** English name of a language code, or the code itself when unknown. */
export function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * A list of short texts: items trimmed, inner whitespace collapsed, empties
 * dropped, duplicates removed (after Unicode NFC), each at most `maxLength`,
 * at most `max` items. Problems are reported on the list field itself so a
 * single textarea can show them.
 */
function textList(opts: { max: number; maxLength: number; split: RegExp; what: string }) {
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
      if (long)
        ctx.addIssue({ code: "custom", message: `“${long.slice(0, 30)}…” is too long: each ${opts.what} may have at most ${opts.maxLength} characters.` });
      if (items.length > opts.max) ctx.addIssue({ code: "custom", message: `Enter at most ${opts.max} ${opts.what}s (you entered ${items.length}).` });
    });
}

/** A list of allowed codes (checkboxes or a multi-select): duplicates removed. */
function codeList<T extends string>(check: (v: string) => v is T, max: number, message: string, tooMany: string) {
  return listOf(text().optional())
    .optional()
    .transform((items) => [...new Set((items ?? []).map((s) => (s ?? "").trim()).filter(Boolean))])
    .superRefine((items, ctx) => {
      const bad = items.find((s) => !check(s));
      if (bad !== undefined) ctx.addIssue({ code: "custom", message: message.replace("{value}", bad.slice(0, 40)) });
      if (items.length > max) ctx.addIssue({ code: "custom", message: tooMany });
    })
    .transform((items) => items as T[]);
}

export const expertProfileSchema = z.object({
  fullName: text({ required_error: "Enter your full name." })
    .trim()
    .min(2, "Enter your full name (at least 2 characters).")
    .max(LIMITS.fullName, `Your full name must be at most ${LIMITS.fullName} characters.`)
    .transform((s) => s.replace(/\s+/g, " ").normalize("NFC")),
  nameVariants: textList({ max: LIMITS.nameVariants, maxLength: LIMITS.fullName, split: /\r?\n/, what: "name variant" }),
  title: optionalText(LIMITS.title, { label: "Title", empty: undefined }),
  position: optionalText(LIMITS.position, { label: "Position", empty: undefined }),
  institutionId: idField("Choose your institution from the list.").optional(),
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
    .max(LIMITS.bio, `Your bio must be at most ${LIMITS.bio} characters.`)
    .optional()
    .transform((s) => (s ?? "").trim()),
  keywords: textList({ max: LIMITS.keywords, maxLength: LIMITS.keyword, split: /[,،\r\n]/, what: "keyword" }),
  languages: codeList(
    (v): v is string => isLanguageCode(v),
    LIMITS.languages,
    "“{value}” is not a language code (use two-letter ISO codes such as en, fa, ru, tr).",
    `Choose at most ${LIMITS.languages} languages.`,
  ),
  openTo: codeList(
    (v): v is OpenTo => (OPEN_TO as readonly string[]).includes(v),
    OPEN_TO.length,
    `“{value}” is not one of: ${OPEN_TO.map((o) => OPEN_TO_LABELS[o].toLowerCase()).join(", ")}.`,
    "Too many choices.",
  ),
  topicIds: codeList((v): v is string => isTopicId(v), LIMITS.topics, "“{value}” is not a topic of the taxonomy.", `Choose at most ${LIMITS.topics} topics.`),
  contactEmail: text()
    .trim()
    .max(LIMITS.email, `The email address must be at most ${LIMITS.email} characters.`)
    .email("Enter an email address like name@university.edu.")
    .optional()
    .transform((s) => (s ? s : undefined)),
  contactVisibility: z.enum(CONTACT_VISIBILITIES, { message: "Choose who may see your email address." }).default("hidden"),
});

/** What the form sends (strings and arrays of strings; numbers when called from code). */
export type ExpertProfileInput = z.input<typeof expertProfileSchema>;
/** A valid, normalised profile (canonical ORCID iD, trimmed and de-duplicated lists). */
export type ExpertProfile = z.output<typeof expertProfileSchema>;
