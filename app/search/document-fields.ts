/**
 * Search-only fields the document mappers (app/search/indexes/) add to a
 * document: `folded` (letter-variant copies of its text fields) and
 * `glossaryEn` (English glossary terms its Persian, Russian or Turkic text
 * names). Neither is displayed; both only help queries find the document.
 */
import { normalizeSearchText } from "~/search/normalize";
import { englishTermsIn } from "~/search/glossary-match";

/**
 * Letter variants (normalize.ts) in every searchable text field: a document
 * carries, under `folded`, the folded copy of each such field that folding
 * changes (a string field: its folded value; a list: the folded values that
 * differ), and each field is followed in `searchableAttributes` by its copy
 * `folded.<field>`, so a match in the copy ranks as one in the field. The
 * fields themselves keep the text as typed (displayed and highlighted);
 * queries are folded by the same function (the search models), so both the
 * typed and the variant spelling find the document. Identifiers (ROR id,
 * reference code, e-mail) are not folded.
 */
export type FoldedCopies<F extends string> = Partial<Record<F, string | string[]>>;

/** The folded copies of `fields` of `doc` that folding changes; undefined when it changes none. */
export function foldedCopies<F extends string>(doc: Partial<Record<F, unknown>>, fields: readonly F[]): FoldedCopies<F> | undefined {
  const out: FoldedCopies<F> = {};
  let any = false;
  for (const f of fields) {
    const v = doc[f];
    if (typeof v === "string") {
      const folded = normalizeSearchText(v);
      if (folded !== v) [out[f], any] = [folded, true];
    } else if (Array.isArray(v)) {
      const folded = new Set<string>();
      for (const x of v) {
        const y = typeof x === "string" ? normalizeSearchText(x) : x;
        if (y !== x) folded.add(y);
      }
      if (folded.size) [out[f], any] = [[...folded], true];
    }
  }
  return any ? out : undefined;
}

/** `doc` with its folded copies (foldedCopies) under `folded` when there are any. */
export function withFolded<Doc extends object, F extends keyof Doc & string>(doc: Doc, fields: readonly F[]): Doc & { folded?: FoldedCopies<F> } {
  const folded = foldedCopies(doc as Partial<Record<F, unknown>>, fields);
  return folded ? { ...doc, folded } : doc;
}

/**
 * Search-only field `glossaryEn` (institutions, calls, projects): the English
 * term (each concept's first, glossary.ts) of every subject term of the
 * region's other languages that `doc`'s `fields` name. A search naming only
 * subjects in those languages is sent in English (glossary-query.ts
 * searchQueryText, which replaced the glossary as Meilisearch synonyms), so a
 * call or description written in Persian or Russian carries the English terms
 * it names and the Persian query still finds it. Index time, not query time:
 * it costs the searches nothing.
 */
export function withGlossaryEnglish<Doc extends object>(doc: Doc, fields: readonly string[]): Doc & { glossaryEn?: string[] } {
  const terms = new Set<string>();
  for (const f of fields) {
    const v = (doc as Record<string, unknown>)[f];
    for (const text of typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []) {
      // ASCII-only text (most documents, English) names no term of another language worth the
      // ~1.7 ms a 150-word text costs; Turkish, Azerbaijani and Uzbek text has ş, ğ, ı, ə, ʻ.
      if (!/[^\u0000-\u007F]/.test(text)) continue;
      for (const m of englishTermsIn(normalizeSearchText(text))) if (m.lang !== "en") terms.add(m.en[0]);
    }
  }
  return terms.size ? { ...doc, glossaryEn: [...terms] } : doc;
}

/** `items` grouped by `key`, each group in the original order. */
export function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const t of items) {
    const k = key(t);
    const group = out.get(k);
    if (group) group.push(t);
    else out.set(k, [t]);
  }
  return out;
}
