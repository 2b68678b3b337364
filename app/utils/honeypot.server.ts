/**
 * Server side of the honeypot field on public forms (components/forms.tsx).
 */
import { HONEYPOT_FIELD } from "~/features/accounts/user-validation";
import { msg } from "~/i18n/message";

/**
 * @throws Response 400 when the hidden honeypot input was filled in (a bot)
 */
export function checkHoneypot(formData: FormData): void {
  const value = formData.get(HONEYPOT_FIELD);
  if (typeof value === "string" && value !== "") {
    throw new Response(msg("common:errors.honeypot"), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}
