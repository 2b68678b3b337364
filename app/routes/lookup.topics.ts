/**
 * /lookup/topics?q= — JSON list of taxonomy topics whose name, subfield or
 * keywords contain `q` (at most 20), for the topic pickers.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { lookupTopics } from "~/models/registration.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const hits = await lookupTopics(getDb(), q);
  return Response.json({ hits }, { headers: { "Cache-Control": "no-store" } });
}
