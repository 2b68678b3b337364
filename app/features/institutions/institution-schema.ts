/**
 * The institution-registration form schema, shared by the browser (Conform)
 * and the server (`registerInstitution`). Database checks (ROR id already
 * listed, parent verified) live in app/features/institutions/registration.server.ts.
 */
import { z } from "zod";
import { MEMBER_STATE_CODES } from "~/domain/member-states";
import { normalizeRorId } from "~/domain/identifiers";
import { idField, optionalText, text } from "~/utils/input";
import { INSTITUTION_KINDS } from "~/domain/institution-kinds";

export const ROR_FORMAT_MESSAGE = "Enter a ROR id like 014weej12 or https://ror.org/014weej12 (9 characters, last two a check number).";

export const institutionRegistrationSchema = z.object({
  name: text({ required_error: "Enter the institution’s name." })
    .trim()
    .min(3, "Enter the institution’s full name (at least 3 characters).")
    .max(300, "The name must be at most 300 characters.")
    .transform((s) => s.replace(/\s+/g, " ").normalize("NFC")),
  kind: z.enum(INSTITUTION_KINDS, { message: "Choose what kind of institution it is." }),
  countryCode: text({ required_error: "Choose the member state." }).refine((c) => MEMBER_STATE_CODES.includes(c), "Choose one of the ten ECO member states."),
  city: optionalText(120, { label: "City", empty: undefined }),
  website: text()
    .trim()
    .max(300, "The address must be at most 300 characters.")
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const withScheme = /^https?:\/\//i.test(s) ? s : `https://${s}`;
      try {
        const u = new URL(withScheme);
        if (!u.hostname.includes(".")) throw new Error("host");
        return u.toString();
      } catch {
        ctx.addIssue({ code: "custom", message: "Enter a web address like https://www.university.edu." });
        return z.NEVER;
      }
    }),
  rorId: text()
    .optional()
    .transform((s, ctx) => {
      if (!s || !s.trim()) return undefined;
      const id = normalizeRorId(s);
      if (id) return id;
      ctx.addIssue({ code: "custom", message: ROR_FORMAT_MESSAGE });
      return z.NEVER;
    }),
  parentId: idField("Choose the parent institution from the list.").optional(),
});

export type InstitutionRegistrationInput = z.input<typeof institutionRegistrationSchema>;
export type InstitutionRegistration = z.output<typeof institutionRegistrationSchema>;
