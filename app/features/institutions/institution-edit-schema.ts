/**
 * The forms of /institutions/:id/edit, told apart by `intent`, shared by the
 * browser (Conform) and the route's action: `save` (description, website,
 * declared topics), `add-member`, `remove-member`, `set-role`, `add-name`,
 * `remove-name`. Database checks (topics exist, last admin, duplicate names)
 * live in institution-admin.server.ts. Pure: no server imports.
 */
import { z } from "zod";
import { MAX_DECLARED_TOPICS } from "~/domain/institution-limits";
import { LANGUAGE_CODE_MESSAGE, isLanguageCode } from "~/domain/language";
import { INSTITUTION_ROLES } from "~/domain/roles";
import { idField, listOf, text } from "~/utils/input";
import { topicIdField } from "~/utils/input";

const intent = <T extends string>(name: T) => z.literal(name, { errorMap: () => ({ message: "Unknown action." }) });
const role = z.enum(INSTITUTION_ROLES, { errorMap: () => ({ message: "Choose admin or member." }) });
const userId = text({ required_error: "Choose a member." }).max(100);

/** A name variant added on this page: the name as written, its language, and whether it is a short form. */
export const addNameSchema = z.object({
  intent: intent("add-name"),
  name: text({ required_error: "Enter the name." }).trim().min(2, "At least 2 characters.").max(200, "At most 200 characters."),
  lang: text({ required_error: LANGUAGE_CODE_MESSAGE })
    .trim()
    .transform((s) => s.toLowerCase())
    .refine(isLanguageCode, LANGUAGE_CODE_MESSAGE),
  kind: z.enum(["label", "short"], { errorMap: () => ({ message: "Choose a full name or a short form." }) }),
});

/** Intent `save`: description, website and declared topics (administrators only). */
export const saveInstitutionSchema = z.object({
  intent: intent("save"),
  description: text()
    .trim()
    .max(5000, "At most 5,000 characters.")
    .optional()
    .transform((s) => s ?? ""),
  website: text()
    .trim()
    .max(500, "At most 500 characters.")
    .refine((s) => {
      try {
        const u = new URL(s);
        return (u.protocol === "http:" || u.protocol === "https:") && Boolean(u.hostname);
      } catch {
        return false;
      }
    }, "Enter a web address starting with http:// or https://, or leave it empty.")
    .optional()
    .transform((s) => s ?? null),
  topicIds: listOf(topicIdField("Choose topics from the list."), { max: MAX_DECLARED_TOPICS, tooMany: `At most ${MAX_DECLARED_TOPICS} topics.` })
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
      email: text({ required_error: "Enter the email address of their account." }).trim().max(254).email("Enter an email address."),
      role,
    }),
    z.object({ intent: intent("remove-member"), userId }),
    z.object({ intent: intent("set-role"), userId, role }),
    addNameSchema,
    z.object({ intent: intent("remove-name"), nameId: idField("Choose a name from the list.") }),
  ],
  { errorMap: () => ({ message: "Unknown action." }) },
);
