/**
 * A facet of a search page: a fieldset of checkboxes named `name`, ticked for
 * the values in `selected`, each with its hit count when one is given, and an
 * optional note under them. Renders nothing for no values. Plain GET form
 * inputs, so it works without JavaScript.
 */
export interface FacetOption {
  value: string;
  label: string;
  /** Hits with this value; left out, no count is shown. */
  count?: number;
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
  if (values.length === 0) return null;
  return (
    <fieldset className="facet">
      <legend>{legend}</legend>
      {values.map((v) => (
        <label key={v.value}>
          <span>
            <input type="checkbox" name={name} value={v.value} defaultChecked={selected.includes(v.value)} /> {v.label}
          </span>
          {v.count !== undefined ? <span className="count">{v.count}</span> : null}
        </label>
      ))}
      {note ? <p className="meta">{note}</p> : null}
    </fieldset>
  );
}
