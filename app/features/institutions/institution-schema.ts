/**
 * The institution-registration form schema, shared by the browser (Conform)
 * and the server (`registerInstitution`). Database checks (ROR id already
 * listed, parent verified) live in app/features/institutions/registration.server.ts.
 * Messages are catalogue keys (`institutions:errors.*`, app/i18n/message.ts).
 */
import { z } from "zod";
import { MEMBER_STATE_CODES } from "~/domain/member-states";
import { normalizeRorId } from "~/domain/identifiers";
import { idField, optionalText, text } from "~/utils/input";
import { INSTITUTION_KINDS } from "~/domain/institution-kinds";
import { msg } from "~/i18n/message";

export const ROR_FORMAT_MESSAGE = msg("institutions:errors.rorFormat");

export const institutionRegistrationSchema = z.object({
  name: text({ required_error: msg("institutions:errors.nameRequired") })
    .trim()
    .min(3, msg("institutions:errors.nameTooShort", { min: 3 }))
    .max(300, msg("institutions:errors.nameTooLong", { max: 300 }))
    .transform((s) => s.replace(/\s+/g, " ").normalize("NFC")),
  kind: z.enum(INSTITUTION_KINDS, { message: msg("institutions:errors.kindRequired") }),
  countryCode: text({ required_error: msg("institutions:errors.countryRequired") }).refine(
    (c) => MEMBER_STATE_CODES.includes(c),
    msg("institutions:errors.countryUnknown"),
  ),
  city: optionalText(120, { label: "City", empty: undefined }),
  website: text()
    .trim()
    .max(300, msg("institutions:errors.addressTooLong", { max: 300 }))
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const withScheme = /^https?:\/\//i.test(s) ? s : `https://${s}`;
      try {
        const u = new URL(withScheme);
        if (!u.hostname.includes(".")) throw new Error("host");
        return u.toString();
      } catch {
        ctx.addIssue({ code: "custom", message: msg("institutions:errors.websiteFormat") });
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
  parentId: idField(msg("institutions:errors.parentChoose")).optional(),
});

export type InstitutionRegistrationInput = z.input<typeof institutionRegistrationSchema>;
export type InstitutionRegistration = z.output<typeof institutionRegistrationSchema>;
