/**
 * What /calls/new and /calls/:id/edit load for the call form besides the call
 * itself: the defaults (the saved call), the chosen topics by id, the
 * picker's search text (a link may carry `?topicQuery=`) and its matches; and
 * their answer to the topic picker's no-JavaScript "Search" (a POST: the
 * draft as sent and the matches, nothing saved). Topic search is the one
 * behind /lookup/topics (lookupTopics).
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import type { CallFormDefaults } from "~/features/calls/call-schema";
import { lookupTopics } from "~/features/topics/topics.server";
import { topicsByIds } from "~/features/topics/topics.server";
import { CALL_DRAFT_LISTS, CALL_DRAFT_SCALARS, callFormQuerySchema } from "~/features/calls/call-schema";
import { parseSearchParams } from "~/utils/search-params";
import { formFields, pickerSearch } from "~/utils/picker-search";
import { isTopicId } from "~/domain/identifiers";

/** Topics (id, name, subfield) behind the ids a form sent; malformed or unknown ids left out, at most 20. */
export function chosenTopics(db: Kysely<DB>, ids: unknown[]) {
  return topicsByIds(db, [...new Set(ids.map(String).filter(isTopicId))].slice(0, 20));
}

/** The form values a picker's no-JavaScript "Search" (POST) sent, to show again. */
function draftFromForm(sp: URLSearchParams): CallFormDefaults {
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
  const parsed = parseSearchParams(callFormQuerySchema, sp, []);
  const issues = parsed.ok ? [] : parsed.issues;
  const topicQuery = issues.length ? "" : (sp.get("topicQuery") ?? "").slice(0, 100);
  const [topics, topicOptions] = await Promise.all([chosenTopics(db, saved.topicIds ?? []), lookupTopics(db, topicQuery)]);
  return { defaults: saved, chosenTopics: topics, topicQuery, topicOptions, issues };
}

/**
 * The call form's answer to a topic picker "Search" without JavaScript (POST
 * `intent=search:topicQuery`): the draft as sent, its chosen topics and the
 * matches, for a 200 that saves nothing; null when `formData` is no search.
 */
export async function callFormSearch(db: Kysely<DB>, formData: FormData) {
  const search = await pickerSearch(formData, { topicQuery: (q) => lookupTopics(db, q) });
  if (!search) return null;
  return { search, defaults: draftFromForm(formFields(formData)), chosenTopics: await chosenTopics(db, formData.getAll("topicIds")) };
}
