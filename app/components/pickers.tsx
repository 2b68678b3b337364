/**
 * Search-as-you-type pickers for a verified institution (radio buttons) and
 * taxonomy topics (checkboxes). With JavaScript the results follow the typed
 * text (a fetcher on /lookup/…); without it, the "Search" button submits the
 * surrounding form by POST with `intent=search:<queryName>` (never GET: the
 * draft must stay out of URLs), and the page's action answers with the draft
 * and the matches without saving anything (app/utils/picker-search.ts); the
 * picker takes them as its `search` prop.
 */
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import type { InstitutionOption } from "~/features/institutions/institution-option";
import type { TopicOption } from "~/features/topics/topic-option";
import { pickerSearchIntent } from "~/utils/picker-search";

/**
 * An action's answer to a picker search (PickerSearch, as the page receives
 * it): each picker reads its own text, matches and errors by its `queryName`.
 */
export interface PickerSearchAnswer {
  searched: string | null;
  queries: Record<string, string | undefined>;
  options: Record<string, unknown>;
  errors: Record<string, string[] | undefined>;
}

/**
 * The form's default button, rendered first inside a form that holds a picker.
 * Enter in a text field submits with the form's first submit button in tree
 * order (HTML implicit submission); without this that is the first picker's
 * "Search", so Enter in, say, the name field would search instead of saving.
 * Off-screen, out of the tab order and hidden from assistive technology: the
 * visible buttons stay the ones a user picks. `name`/`value` are sent as the
 * visible save button would send them (omit both when it sends none).
 */
export function DefaultSubmit({ name, value }: { name?: string; value?: string }) {
  return <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true" name={name} value={value} />;
}

/** The picker's text, matches and errors: from a search answer naming it, else from the page's props. */
function fromSearch<T>(search: PickerSearchAnswer | null | undefined, queryName: string, initialQuery: string, options: T[], errors?: string[]) {
  const query = search?.queries[queryName];
  if (!search || query === undefined) return { initialQuery, options, errors, focus: false };
  return {
    initialQuery: query,
    options: (search.options[queryName] as T[] | undefined) ?? [],
    errors: search.errors[queryName] ?? errors,
    // Without JavaScript the page comes back at its top: the searched picker's input takes the focus (and scrolls into view).
    focus: search.searched === queryName,
  };
}

/** The no-JavaScript Search button: a POST of the surrounding form, told apart by its intent. */
function SearchButton({ queryName, label }: { queryName: string; label: string }) {
  return (
    <button type="submit" className="secondary" formNoValidate name="intent" value={pickerSearchIntent(queryName)}>
      {label}
    </button>
  );
}

function useLookup<T>(path: string, query: string) {
  const fetcher = useFetcher<{ hits: T[] }>();
  const { load } = fetcher;
  useEffect(() => {
    if (query.trim().length < 2) return;
    const t = setTimeout(() => load(`${path}?${new URLSearchParams({ q: query })}`), 200);
    return () => clearTimeout(t);
  }, [path, query, load]);
  return query.trim().length >= 2 ? fetcher.data?.hits : undefined;
}

/** One verified institution (or none), chosen from search results. */
export function InstitutionPicker({
  name,
  idPrefix = name,
  queryName,
  legend,
  initialQuery,
  selected,
  options,
  errors,
  errorId,
  noneLabel,
  search,
}: {
  name: string;
  /** Prefix of element ids, for several pickers of one field name on a page (default `name`). */
  idPrefix?: string;
  queryName: string;
  legend: string;
  initialQuery: string;
  selected: InstitutionOption | null;
  options: InstitutionOption[];
  errors?: string[];
  errorId?: string;
  noneLabel?: string;
  /** The action's answer to a no-JavaScript search, when there was one. */
  search?: PickerSearchAnswer | null;
}) {
  const { t } = useTranslation("institutions");
  const shown = fromSearch(search, queryName, initialQuery, options, errors);
  const [query, setQuery] = useState(shown.initialQuery);
  const [chosen, setChosen] = useState<InstitutionOption | null>(selected);
  const live = useLookup<InstitutionOption>("/lookup/institutions", query);
  const found = live ?? shown.options;
  const results = found.filter((o) => o.id !== chosen?.id);
  const list = chosen ? [chosen, ...results] : results;
  // Say "no match" only for a search that was actually run (live, or by the server for this text).
  const noMatch = query.trim().length >= 2 && !found.length && (live !== undefined || query === shown.initialQuery);
  return (
    <fieldset className="picker" aria-describedby={shown.errors?.length ? errorId : undefined}>
      <legend>{legend}</legend>
      <div className="search-bar">
        <label htmlFor={`${idPrefix}-query`} className="visually-hidden">
          {t("picker.searchLabel", { legend })}
        </label>
        <input
          id={`${idPrefix}-query`}
          type="search"
          name={queryName}
          value={query}
          placeholder={t("picker.placeholder")}
          onChange={(e) => setQuery(e.currentTarget.value)}
          autoComplete="off"
          // Only on the page that answers this picker's own Search (no JavaScript): brings it back into view.
          autoFocus={shown.focus}
        />
        <SearchButton queryName={queryName} label={t("picker.search")} />
      </div>
      <ul className="picker-list" aria-live="polite">
        <li>
          <label>
            <input type="radio" name={name} value="" checked={!chosen} onChange={() => setChosen(null)} /> {noneLabel ?? t("picker.none")}
          </label>
        </li>
        {list.map((o) => (
          <li key={o.id}>
            <label>
              <input type="radio" name={name} value={o.id} checked={chosen?.id === o.id} onChange={() => setChosen(o)} /> {o.name}{" "}
              <span className="meta">({[o.city, t(`common:country.${o.country}`, { defaultValue: o.countryName })].filter(Boolean).join(", ")})</span>
            </label>
          </li>
        ))}
      </ul>
      {noMatch ? (
        <p className="meta">
          <Trans t={t} i18nKey="picker.noMatch" values={{ query }} components={{ q: <bdi /> }} />
        </p>
      ) : null}
      <ErrorList id={errorId} errors={shown.errors} />
    </fieldset>
  );
}

/**
 * Several taxonomy topics, chosen from search results; chosen ones stay listed
 * (ticked). Its text is in the `matching` catalogue (a route that renders it
 * lists "matching" in `handle.i18n`); topic names stay English (OpenAlex),
 * marked `lang="en"`, and in other languages a note says so.
 */
export function TopicPicker({
  name,
  queryName,
  legend,
  initialQuery,
  selected,
  options,
  errors,
  errorId,
  search,
}: {
  name: string;
  queryName: string;
  legend: string;
  initialQuery: string;
  selected: TopicOption[];
  options: TopicOption[];
  errors?: string[];
  errorId?: string;
  /** The action's answer to a no-JavaScript search, when there was one. */
  search?: PickerSearchAnswer | null;
}) {
  const { t } = useTranslation("matching");
  const shown = fromSearch(search, queryName, initialQuery, options, errors);
  const [query, setQuery] = useState(shown.initialQuery);
  const [picked, setPicked] = useState<TopicOption[]>(selected);
  const [checked, setChecked] = useState<Set<string>>(() => new Set(selected.map((t) => t.id)));
  // A ticked result moves to the chosen list, so its checkbox (which had focus) is replaced:
  // focus follows it there, or a keyboard user would be sent back to the top of the page.
  const [follow, setFollow] = useState<{ id: string } | null>(null);
  useEffect(() => {
    if (follow) document.getElementById(`${name}-chosen-${follow.id}`)?.focus();
  }, [follow, name]);
  const live = useLookup<TopicOption>("/lookup/topics", query);
  const found = live ?? shown.options;
  const results = found.filter((o) => !picked.some((p) => p.id === o.id));
  const noMatch = query.trim().length >= 2 && !found.length && (live !== undefined || query === shown.initialQuery);
  const toggle = (t: TopicOption, on: boolean) => {
    if (on && !picked.some((p) => p.id === t.id)) setPicked([...picked, t]);
    setChecked((prev) => {
      const next = new Set(prev);
      if (on) next.add(t.id);
      else next.delete(t.id);
      return next;
    });
  };
  return (
    <fieldset className="picker" aria-describedby={shown.errors?.length ? errorId : undefined}>
      <legend>{legend}</legend>
      {/* Empty in English; in the other languages it says that topic names are English. */}
      {t("topicPicker.inEnglish") ? <p className="meta">{t("topicPicker.inEnglish")}</p> : null}
      {picked.length ? (
        <ul className="chips" aria-label={t("topicPicker.chosen")}>
          {picked.map((topic) => (
            <li key={topic.id} className="chip">
              <label>
                <input
                  type="checkbox"
                  id={`${name}-chosen-${topic.id}`}
                  name={name}
                  value={topic.id}
                  checked={checked.has(topic.id)}
                  onChange={(e) => toggle(topic, e.currentTarget.checked)}
                />{" "}
                <span lang="en">{topic.name}</span>
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <p className="meta">{t("topicPicker.none")}</p>
      )}
      <div className="search-bar">
        <label htmlFor={`${name}-query`} className="visually-hidden">
          {t("topicPicker.searchLabel")}
        </label>
        <input
          id={`${name}-query`}
          type="search"
          name={queryName}
          value={query}
          placeholder={t("topicPicker.placeholder")}
          onChange={(e) => setQuery(e.currentTarget.value)}
          autoComplete="off"
          // Only on the page that answers this picker's own Search (no JavaScript): brings it back into view.
          autoFocus={shown.focus}
        />
        <SearchButton queryName={queryName} label={t("topicPicker.search")} />
      </div>
      {results.length ? (
        <ul className="picker-list" aria-live="polite">
          {results.map((topic) => (
            <li key={topic.id}>
              <label>
                <input
                  type="checkbox"
                  name={name}
                  value={topic.id}
                  checked={false}
                  onChange={(e) => {
                    toggle(topic, e.currentTarget.checked);
                    setFollow({ id: topic.id });
                  }}
                />{" "}
                <span lang="en">
                  {topic.name} <span className="meta">({topic.subfield})</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : noMatch ? (
        <p className="meta">{t("topicPicker.noMatch", { query })}</p>
      ) : null}
      <ErrorList id={errorId} errors={shown.errors} />
    </fieldset>
  );
}
