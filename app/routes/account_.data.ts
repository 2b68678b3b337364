/**
 * GET /account/data — the signed-in person's own data as a JSON download
 * (`eco-ict-account-<date>.json`): account, expert profile, proposals they
 * lead with their events, conversations with their messages
 * (exportAccountData). Signed-out visitors are sent to sign in.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { exportAccountData } from "~/features/accounts/own-account.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const data = await exportAccountData(getDb(), user.id);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="eco-ict-account-${data.exportedAt.slice(0, 10)}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
