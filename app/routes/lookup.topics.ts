/**
 * /lookup/topics?q= — JSON list of taxonomy topics matching `q` (at most 20,
 * best first), for the topic pickers: searched in the Meilisearch topics
 * index (typos, the region's languages), by SQL substring while search is
 * down (models/registration.server.ts lookupTopics).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { lookupTopics } from "~/features/topics/topics.server";
import { z } from "zod";
import { getDb } from "~/utils/db.server";
import { badRequestJson } from "~/utils/http.server";
import { text } from "~/utils/input";
import { parseSearchParams } from "~/utils/search-params";

/** `q`: the typed text (only its first 100 characters are searched). 400 `{ error, issues }` for a bad one. */
export const querySchema = z.object({ q: text().default("") });

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseSearchParams(querySchema, new URL(request.url).searchParams, []);
  if (!parsed.ok) return badRequestJson(parsed.issues);
  const hits = await lookupTopics(getDb(), parsed.value.q);
  return Response.json({ hits }, { headers: { "Cache-Control": "no-store" } });
}
