/**
 * A facet of a search page: a fieldset of checkboxes named `name`, ticked for
 * the values in `selected`, each with its hit count when one is given (in the
 * viewer's digits), and an optional note under them. Renders nothing for no
 * values. Plain GET form inputs, so it works without JavaScript. Labels come
 * translated from the caller; a label in another language than the page's
 * (an OpenAlex subfield, English) carries its `lang`.
 */
import { useTranslation } from "react-i18next";
import { numberFormat } from "~/i18n/intl-cache";

export interface FacetOption {
  value: string;
  label: string;
  /** Hits with this value; left out, no count is shown. */
  count?: number;
  /** BCP 47 language of `label` when it is not the page's (topic names: "en"). */
  lang?: string;
}

export function Facet({
  legend,
  name,
  values,
  selected,
  note,
}: {
  legend: string;
  name: string;
  values: FacetOption[];
  selected: readonly string[];
  note?: string;
}) {
  const { i18n } = useTranslation();
  if (values.length === 0) return null;
  // Digits only (no wording): Intl gives the same result in Node and the browser.
  const count = numberFormat(i18n.language || "en");
  return (
    <fieldset className="facet">
      <legend>{legend}</legend>
      {values.map((v) => (
        <label key={v.value}>
          <span>
            <input type="checkbox" name={name} value={v.value} defaultChecked={selected.includes(v.value)} />{" "}
            {v.lang ? <span lang={v.lang}>{v.label}</span> : v.label}
          </span>
          {v.count !== undefined ? <span className="count">{count.format(v.count)}</span> : null}
        </label>
      ))}
      {note ? <p className="meta">{note}</p> : null}
    </fieldset>
  );
}
