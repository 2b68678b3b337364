/**
 * Intl formatters, one per (kind, locale, options) per process (or browser
 * tab): building an Intl.NumberFormat, DateTimeFormat or ListFormat costs far
 * more than using one (0.2 ms each in the /institutions profile, issue 17,
 * where every facet built its own). Formatters are immutable, so sharing them
 * is safe. No dependencies: client components import it too.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(
  kind: string,
  locale: string,
  options: object | undefined,
  make: () => T,
): T {
  const key = `${kind}|${locale}|${options ? JSON.stringify(options) : ""}`;
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** The shared Intl.NumberFormat for `locale` (a BCP 47 tag) and `options`. Throws RangeError for an invalid tag, as Intl does. */
export function numberFormat(locale: string, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached("number", locale, options, () => new Intl.NumberFormat(locale, options));
}

/** The shared Intl.DateTimeFormat for `locale` and `options`. */
export function dateTimeFormat(locale: string, options?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached("date", locale, options, () => new Intl.DateTimeFormat(locale, options));
}

/** The shared Intl.ListFormat for `locale` and `options`. */
export function listFormat(locale: string, options?: Intl.ListFormatOptions): Intl.ListFormat {
  return cached("list", locale, options, () => new Intl.ListFormat(locale, options));
}
