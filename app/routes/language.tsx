/**
 * POST /language (the switcher on every page): remembers the chosen language
 * in the `lng` cookie for a year and, for a signed-in user, on the account
 * (users.language), then goes back to `redirectTo` (a path on this site, else
 * the start page). An unsupported code chooses English: never an error; no
 * `lng` at all changes nothing.
 * GET /language goes to the start page.
 */
import { z } from "zod";
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getUser } from "~/features/accounts/auth.server";
import { saveAccountLanguage } from "~/features/accounts/account-language.server";
import { FALLBACK_LANGUAGE, supportedLanguage } from "~/i18n/languages";
import { languageCookie } from "~/i18n/i18n.server";
import { getDb } from "~/utils/db.server";
import { cookieSecure } from "~/utils/env.server";
import { safeRedirect } from "~/utils/redirect";
import { text } from "~/utils/input";

/** `lng`: a language code (anything else means English); `redirectTo`: where to go back to. */
export const formSchema = z.object({ lng: text().max(35).optional(), redirectTo: text().max(2000).optional() });

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = formSchema.safeParse(Object.fromEntries(await request.formData()));
  const fields = parsed.success ? parsed.data : {};
  const back = safeRedirect(fields.redirectTo, "/");
  // No choice sent (a bare POST): nothing to remember.
  if (fields.lng === undefined) return redirect(back);
  const lng = supportedLanguage(fields.lng) ?? FALLBACK_LANGUAGE;
  const user = await getUser(request);
  if (user) await saveAccountLanguage(getDb(), user.id, lng);
  return redirect(back, { headers: { "Set-Cookie": languageCookie(lng, cookieSecure()) } });
}
