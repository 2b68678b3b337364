/**
 * Field schemas for account forms, shared by client (Conform) and server.
 * Pure: no server imports.
 */
import { text } from "~/utils/input";

/**
 * The one normal form of an email address: trimmed, Unicode NFC, lower case.
 * The whole address is lower-cased (local part included): no mail provider our
 * users rely on distinguishes case, and two accounts for Ali@ and ali@ would be a trap.
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize("NFC").toLowerCase();
}

export const EmailSchema = text({ required_error: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "An email address has at most 254 characters")
  .email("Enter a valid email address, like name@university.edu")
  .transform(normalizeEmail);

export const PASSWORD_MIN = 10;
/** Upper bound keeps hashing cost bounded (argon2 hashes any length). */
export const PASSWORD_MAX = 200;

export const PasswordSchema = text({ required_error: "Enter a password" })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`);

export const DisplayNameSchema = text({ required_error: "Enter your name" }).trim().min(1, "Enter your name").max(100, "Use at most 100 characters");

/**
 * Name of the hidden honeypot input on public forms. People never see it;
 * form-filling bots do and fill it in.
 */
export const HONEYPOT_FIELD = "website";
