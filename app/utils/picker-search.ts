/**
 * The no-JavaScript "Search" of the institution and topic pickers
 * (app/components/pickers.tsx). Its button submits the surrounding form by
 * POST with `intent=search:<queryName>`, so a draft (bio, contact email,
 * ORCID iD…) never travels in a URL, browser history, access log or Referer.
 * The page's action asks `pickerSearch` first: when the submission is a
 * picker search it saves and validates nothing, and answers 200 with the
 * draft as sent plus every picker's search text and matches, from which the
 * page re-renders (form kept). Pure (no server imports): the lookups are
 * passed in by the route.
 */
import { CONTROL_CHARACTER_MESSAGE, controlCharacterIn, showControlCharacters } from "~/utils/input";

/** Prefix of the intent a picker's Search button sends: `search:<queryName>`. */
export const PICKER_SEARCH_PREFIX = "search:";

/** Longest search text looked up (the lookups cut at 100 characters too). */
const MAX_PICKER_QUERY = 100;

/** The `intent` value of the Search button of the picker whose text field is `queryName`. */
export function pickerSearchIntent(queryName: string): string {
  return PICKER_SEARCH_PREFIX + queryName;
}

/** A page's pickers: query field name → the lookup of its text (e.g. lookupVerifiedInstitutions). */
export type PickerLookups = Record<string, (query: string) => Promise<unknown[]>>;

/** What an action answers to a picker search, for the pickers of its page (the `search` prop). */
export interface PickerSearch<L extends PickerLookups = PickerLookups> {
  /** The picker whose button was pressed (its input gets the focus), or null for an unknown one. */
  searched: (keyof L & string) | null;
  /** Every picker's text as sent (trimmed, at most 100 characters; control characters shown as symbols). */
  queries: { [K in keyof L]: string };
  /** Every picker's matches for its text (none below two characters). */
  options: { [K in keyof L]: Awaited<ReturnType<L[K]>> };
  /** Message keys at a picker whose text was refused (a control character): it was not looked up. */
  errors: { [K in keyof L]?: string[] };
}

/**
 * The picker search a submission asks for, with every picker's results, or
 * null when `formData` is no picker search (the action then validates and
 * saves as usual). Any `intent` starting with `search:` counts, even one
 * naming no picker of the page, so that such a submission is never saved.
 * Several `intent` values may be sent (a form with a hidden `intent` of its
 * own): the search wins.
 */
export async function pickerSearch<L extends PickerLookups>(formData: FormData, lookups: L): Promise<PickerSearch<L> | null> {
  const intents = formData.getAll("intent").filter((v): v is string => typeof v === "string" && v.startsWith(PICKER_SEARCH_PREFIX));
  if (!intents.length) return null;
  const names = Object.keys(lookups) as Array<keyof L & string>;
  const searched = names.find((n) => intents.includes(pickerSearchIntent(n))) ?? null;
  const queries = {} as PickerSearch<L>["queries"];
  const errors: PickerSearch<L>["errors"] = {};
  const options = Object.fromEntries(
    await Promise.all(
      names.map(async (name) => {
        const raw = formData.get(name);
        const text = (typeof raw === "string" ? raw : "").trim().slice(0, MAX_PICKER_QUERY);
        // Before any lookup (and its SQL): PostgreSQL cannot hold U+0000; the text comes back visible, refused at its picker.
        if (controlCharacterIn(text)) {
          queries[name] = showControlCharacters(text) as PickerSearch<L>["queries"][typeof name];
          errors[name] = [CONTROL_CHARACTER_MESSAGE];
          return [name, []];
        }
        queries[name] = text as PickerSearch<L>["queries"][typeof name];
        return [name, await lookups[name](text)];
      }),
    ),
  ) as PickerSearch<L>["options"];
  return { searched, queries, options, errors };
}

/**
 * A submitted form's text fields as URLSearchParams (files left out), for the
 * readers that turn them into a page's draft (the values a form is prefilled with).
 */
export function formFields(formData: FormData): URLSearchParams {
  const fields = new URLSearchParams();
  for (const [k, v] of formData) if (typeof v === "string") fields.append(k, v);
  return fields;
}
