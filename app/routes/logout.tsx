/**
 * /logout — POST ends the current session and clears the cookie, then goes
 * to the start page. GET changes nothing (a link or prefetch must not sign
 * anyone out): it just goes to the start page.
 */
import { z } from "zod";
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endCurrentSession } from "~/features/accounts/auth.server";
import { redirectWithToast } from "~/utils/toast.server";
import { requestLanguage, serverT } from "~/i18n/i18n.server";

/** Reads no fields. */
export const formSchema = z.object({});

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await endCurrentSession(request);
  // Translated here: the start page does not load the `accounts` catalogue.
  const message = serverT(await requestLanguage(request), "accounts")("toast.signedOut");
  return redirectWithToast("/", { kind: "info", message }, { headers: { "Set-Cookie": cookie } });
}
