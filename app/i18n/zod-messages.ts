/**
 * Zod's own messages ("Required", "Invalid email", …, for checks a schema did
 * not give a message) as catalogue keys of the `common` namespace, so they
 * too reach people in their language. Installed once, globally, by
 * app/utils/input.ts (`z.setErrorMap(zodMessageKeys)`: every schema builds on
 * it; an explicit call, not a bare import, which the bundler could drop as
 * side-effect free). Messages a schema gives itself are not affected.
 */
import { z } from "zod";
import { msg } from "~/i18n/message";

const toKey: z.ZodErrorMap = (issue) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return {
        message: issue.received === "undefined" || issue.received === "null" ? msg("common:validation.required") : msg("common:validation.invalidType"),
      };
    case z.ZodIssueCode.too_small:
      if (issue.type === "string")
        return { message: Number(issue.minimum) <= 1 ? msg("common:validation.required") : msg("common:validation.tooShort", { min: Number(issue.minimum) }) };
      if (issue.type === "array" || issue.type === "set") return { message: msg("common:validation.required") };
      return { message: msg("common:validation.tooSmall", { min: Number(issue.minimum) }) };
    case z.ZodIssueCode.too_big:
      if (issue.type === "string") return { message: msg("common:validation.tooLong", { max: Number(issue.maximum) }) };
      if (issue.type === "array" || issue.type === "set") return { message: msg("common:validation.tooManyItems", { max: Number(issue.maximum) }) };
      return { message: msg("common:validation.tooBig", { max: Number(issue.maximum) }) };
    case z.ZodIssueCode.invalid_string:
      if (issue.validation === "email") return { message: msg("common:validation.invalidEmail") };
      if (issue.validation === "url") return { message: msg("common:validation.invalidUrl") };
      return { message: msg("common:validation.invalid") };
    case z.ZodIssueCode.invalid_enum_value:
    case z.ZodIssueCode.invalid_literal:
    case z.ZodIssueCode.invalid_union:
      return { message: msg("common:validation.invalidOption") };
    default:
      return { message: msg("common:validation.invalid") };
  }
};

/** The error map: Zod issue → `{ message: catalogue key }`. */
export const zodMessageKeys = toKey;
