/**
 * Server side of the honeypot field on public forms (components/forms.tsx).
 */
import { HONEYPOT_FIELD } from "~/features/accounts/user-validation";

/**
 * @throws Response 400 when the hidden honeypot input was filled in (a bot)
 */
export function checkHoneypot(formData: FormData): void {
  const value = formData.get(HONEYPOT_FIELD);
  if (typeof value === "string" && value !== "") {
    throw new Response("The form could not be accepted. If you are a person, please reload the page and try again.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}
