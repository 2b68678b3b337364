/**
 * What /calls/new and /calls/:id/edit load for the call form besides the call
 * itself: the defaults (the saved call, or — after the topic picker's
 * "Search" button without JavaScript, a GET carrying every field — what was
 * typed), the chosen topics by id, the picker's search text and its matches.
 * Topic search is the one behind /lookup/topics (lookupTopics).
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import type { CallFormDefaults } from "~/features/calls/call-schema";
import { lookupTopics } from "~/features/topics/topics.server";
import { topicsByIds } from "~/features/topics/topics.server";
import { CALL_DRAFT_LISTS, CALL_DRAFT_SCALARS, callFormQuerySchema } from "~/features/calls/call-schema";
import { parseSearchParams } from "~/utils/search-params";
import { isTopicId } from "~/domain/identifiers";

/** Topics (id, name, subfield) behind the ids a form sent; malformed or unknown ids left out, at most 20. */
export function chosenTopics(db: Kysely<DB>, ids: unknown[]) {
  return topicsByIds(db, [...new Set(ids.map(String).filter(isTopicId))].slice(0, 20));
}

/** The form values a no-JavaScript "Search" sent along (GET), or null when the query carries none. */
function draftFromQuery(sp: URLSearchParams): CallFormDefaults | null {
  if (!sp.has("title")) return null;
  const draft: Record<string, string | string[]> = {};
  for (const k of CALL_DRAFT_SCALARS) draft[k] = (sp.get(k) ?? "").slice(0, 20_000);
  for (const k of CALL_DRAFT_LISTS)
    draft[k] = sp
      .getAll(k)
      .slice(0, 20)
      .map((v) => v.slice(0, 20));
  return draft as CallFormDefaults;
}

/**
 * The call form's page data for GET `request`, starting from `saved`.
 * @returns defaults, chosen topics, topicQuery, topicOptions (matches of
 *   topicQuery) and the query's issues (parameters at fault: the page answers
 *   400 and searches for nothing)
 */
export async function callFormPage(db: Kysely<DB>, request: Request, saved: CallFormDefaults) {
  const sp = new URL(request.url).searchParams;
  const parsed = parseSearchParams(callFormQuerySchema, sp, CALL_DRAFT_LISTS);
  const issues = parsed.ok ? [] : parsed.issues;
  const draft = (issues.length ? null : draftFromQuery(sp)) ?? saved;
  const topicQuery = issues.length ? "" : (sp.get("topicQuery") ?? "").slice(0, 100);
  const [topics, topicOptions] = await Promise.all([chosenTopics(db, draft.topicIds ?? []), lookupTopics(db, topicQuery)]);
  return { defaults: draft, chosenTopics: topics, topicQuery, topicOptions, issues };
}
