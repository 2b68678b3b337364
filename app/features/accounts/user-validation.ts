/**
 * Field schemas for account forms, shared by client (Conform) and server.
 * Pure: no server imports.
 */
import { text } from "~/utils/input";
import { msg } from "~/i18n/message";

/**
 * The one normal form of an email address: trimmed, Unicode NFC, lower case.
 * The whole address is lower-cased (local part included): no mail provider our
 * users rely on distinguishes case, and two accounts for Ali@ and ali@ would be a trap.
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize("NFC").toLowerCase();
}

/** An email address; messages are `accounts:validation.*` keys (app/i18n/message.ts). */
export const EmailSchema = text({ required_error: msg("accounts:validation.emailRequired") })
  .trim()
  .min(1, msg("accounts:validation.emailRequired"))
  .max(254, msg("accounts:validation.emailTooLong", { max: 254 }))
  .email(msg("accounts:validation.emailInvalid"))
  .transform(normalizeEmail);

export const PASSWORD_MIN = 10;
/** Upper bound keeps hashing cost bounded (argon2 hashes any length). */
export const PASSWORD_MAX = 200;

/** A new password, PASSWORD_MIN to PASSWORD_MAX characters. */
export const PasswordSchema = text({ required_error: msg("accounts:validation.passwordRequired") })
  .min(PASSWORD_MIN, msg("accounts:validation.passwordTooShort", { min: PASSWORD_MIN }))
  .max(PASSWORD_MAX, msg("accounts:validation.passwordTooLong", { max: PASSWORD_MAX }));

/** A person's name as shown to others, 1 to 100 characters. */
export const DisplayNameSchema = text({ required_error: msg("accounts:validation.nameRequired") })
  .trim()
  .min(1, msg("accounts:validation.nameRequired"))
  .max(100, msg("accounts:validation.nameTooLong", { max: 100 }));

/** The second password of a form that asks for it twice. */
export const ConfirmPasswordSchema = text({ required_error: msg("accounts:validation.confirmRequired") });
/** The message when the two passwords differ. */
export const PASSWORDS_DIFFER = msg("accounts:validation.passwordsDiffer");

/**
 * Name of the hidden honeypot input on public forms. People never see it;
 * form-filling bots do and fill it in.
 */
export const HONEYPOT_FIELD = "website";
