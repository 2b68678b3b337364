/**
 * The one place that turns structured filters into a Meilisearch filter
 * expression. Attribute names come from an allow-list; string values are
 * always quoted with `\` and `"` escaped; numbers and booleans are type-checked.
 * User input therefore never reaches the expression unquoted.
 */

export type FilterValue = string | number | boolean;

/** Quotes a value for a Meilisearch filter. Throws TypeError for non-finite numbers or other types. */
export function quoteFilterValue(value: FilterValue): string {
  if (typeof value === "string") return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`Filter number must be finite, got ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  throw new TypeError(`Unsupported filter value type ${typeof value}`);
}

/**
 * Builds `attr IN [v1, v2] AND attr2 = v3 ...` from a map of attribute → value(s).
 * Empty arrays and undefined values are skipped. Values of one attribute are ORed
 * (IN), attributes are ANDed.
 * @throws Error when an attribute is not in `allowed`.
 */
export function buildFilter(filters: Record<string, FilterValue | FilterValue[] | undefined>, allowed: readonly string[]): string[] {
  const out: string[] = [];
  for (const [attr, raw] of Object.entries(filters)) {
    if (raw === undefined) continue;
    if (!allowed.includes(attr) || !/^[A-Za-z][A-Za-z0-9_.]*$/.test(attr)) {
      throw new Error(`Attribute ${JSON.stringify(attr)} is not filterable`);
    }
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length === 0) continue;
    out.push(values.length === 1 ? `${attr} = ${quoteFilterValue(values[0])}` : `${attr} IN [${values.map(quoteFilterValue).join(", ")}]`);
  }
  return out;
}

/**
 * An OR-group for Meilisearch's nested filter arrays: `[buildAnyOf(...)]` inside
 * the outer (ANDed) filter array means "any of these". Each entry is built by
 * `buildFilter`, so values are quoted the same way.
 * Example: `buildAnyOf({ topicIds: ["T1"], subfieldIds: ["1702"] }, allowed)`
 * → `['topicIds = "T1"', 'subfieldIds = "1702"']`. Empty when every value is empty.
 * @throws Error when an attribute is not in `allowed`.
 */
export function buildAnyOf(filters: Record<string, FilterValue | FilterValue[] | undefined>, allowed: readonly string[]): string[] {
  return buildFilter(filters, allowed);
}

/**
 * "Has every one of these values" on a multi-valued attribute: one
 * `attr = v` condition per value, each its own element of the outer (ANDed)
 * filter array. Example: `buildAllOf("countries", ["IR", "TR"], allowed)` →
 * `['countries = "IR"', 'countries = "TR"']` — documents whose `countries`
 * hold both. Quoted like `buildFilter`; empty when `values` is empty.
 * @throws Error when the attribute is not in `allowed`.
 */
export function buildAllOf(attr: string, values: FilterValue[], allowed: readonly string[]): string[] {
  return [...new Set(values)].flatMap((v) => buildFilter({ [attr]: v }, allowed));
}

/**
 * A numeric range on one attribute: `attr >= gte` and/or `attr < lt`, each
 * its own element of the outer (ANDed) filter array; a null bound is open.
 * Example: `buildRange("decidedAt", { gte: 100, lt: 200 }, allowed)` →
 * `["decidedAt >= 100", "decidedAt < 200"]`.
 * @throws Error when the attribute is not in `allowed`; TypeError for a non-finite bound.
 */
export function buildRange(attr: string, bounds: { gte: number | null; lt: number | null }, allowed: readonly string[]): string[] {
  const out: string[] = [];
  if (bounds.gte !== null) out.push(buildFilter({ [attr]: bounds.gte }, allowed)[0].replace(" = ", " >= "));
  if (bounds.lt !== null) out.push(buildFilter({ [attr]: bounds.lt }, allowed)[0].replace(" = ", " < "));
  return out;
}

/**
 * `attr NOT IN [v1, v2]` (documents without the attribute pass), quoted like
 * `buildFilter`. Empty array when there is nothing to exclude.
 * @throws Error when the attribute is not in `allowed`.
 */
export function buildExclusion(attr: string, values: FilterValue[], allowed: readonly string[]): string[] {
  if (values.length === 0) return [];
  buildFilter({ [attr]: values }, allowed); // validates the attribute name
  return [`${attr} NOT IN [${values.map(quoteFilterValue).join(", ")}]`];
}
