/**
 * The forms of /institutions/:id/edit, told apart by `intent`, shared by the
 * browser (Conform) and the route's action: `save` (description, website,
 * declared topics), `add-member`, `remove-member`, `set-role`, `add-name`,
 * `remove-name`. Database checks (topics exist, last admin, duplicate names)
 * live in institution-admin.server.ts. Pure: no server imports. Messages are
 * catalogue keys (`institutions:errors.*`, app/i18n/message.ts).
 */
import { z } from "zod";
import { MAX_DECLARED_TOPICS } from "~/domain/institution-limits";
import { LANGUAGE_CODE_MESSAGE, isLanguageCode } from "~/domain/language";
import { INSTITUTION_ROLES } from "~/domain/roles";
import { idField, listOf, text } from "~/utils/input";
import { topicIdField } from "~/utils/input";
import { msg } from "~/i18n/message";

const UNKNOWN_ACTION = msg("institutions:errors.unknownAction");
const tooLong = (max: number) => msg("institutions:errors.tooLong", { max });
const intent = <T extends string>(name: T) => z.literal(name, { errorMap: () => ({ message: UNKNOWN_ACTION }) });
const role = z.enum(INSTITUTION_ROLES, { errorMap: () => ({ message: msg("institutions:errors.roleChoose") }) });
const userId = text({ required_error: msg("institutions:errors.memberChoose") }).max(100);

/** A name variant added on this page: the name as written, its language, and whether it is a short form. */
export const addNameSchema = z.object({
  intent: intent("add-name"),
  name: text({ required_error: msg("institutions:errors.nameEnter") })
    .trim()
    .min(2, msg("institutions:errors.tooShort", { min: 2 }))
    .max(200, tooLong(200)),
  lang: text({ required_error: LANGUAGE_CODE_MESSAGE })
    .trim()
    .transform((s) => s.toLowerCase())
    .refine(isLanguageCode, LANGUAGE_CODE_MESSAGE),
  kind: z.enum(["label", "short"], { errorMap: () => ({ message: msg("institutions:errors.nameKindChoose") }) }),
});

/** Intent `save`: description, website and declared topics (administrators only). */
export const saveInstitutionSchema = z.object({
  intent: intent("save"),
  description: text()
    .trim()
    .max(5000, tooLong(5000))
    .optional()
    .transform((s) => s ?? ""),
  website: text()
    .trim()
    .max(500, tooLong(500))
    .refine((s) => {
      try {
        const u = new URL(s);
        return (u.protocol === "http:" || u.protocol === "https:") && Boolean(u.hostname);
      } catch {
        return false;
      }
    }, msg("institutions:errors.websiteScheme"))
    .optional()
    .transform((s) => s ?? null),
  topicIds: listOf(topicIdField(msg("institutions:errors.topicsChoose")), {
    max: MAX_DECLARED_TOPICS,
    tooMany: msg("institutions:errors.tooManyTopics", { max: MAX_DECLARED_TOPICS }),
  })
    .optional()
    .transform((a) => a ?? []),
});

/** The page's forms, told apart by `intent`. */
export const institutionEditSchema = z.discriminatedUnion(
  "intent",
  [
    saveInstitutionSchema,
    z.object({
      intent: intent("add-member"),
      email: text({ required_error: msg("institutions:errors.emailRequired") })
        .trim()
        .max(254)
        .email(msg("institutions:errors.emailFormat")),
      role,
    }),
    z.object({ intent: intent("remove-member"), userId }),
    z.object({ intent: intent("set-role"), userId, role }),
    addNameSchema,
    z.object({ intent: intent("remove-name"), nameId: idField(msg("institutions:errors.nameChoose")) }),
  ],
  { errorMap: () => ({ message: UNKNOWN_ACTION }) },
);
