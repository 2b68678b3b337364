/**
 * The text every search sends to Meilisearch (experts, institutions, calls,
 * projects, the topic picker and partner matching): normalised like the
 * documents (normalize.ts) and, when it names only subjects in one of the
 * region's languages, rendered in English by the multilingual glossary
 * (glossary-match.ts): "یادگیری ماشین" → "machine learning",
 * "yapay zeka ile tıbbi görüntü analizi" → "artificial intelligence medical
 * image analysis".
 *
 * Why here and not as Meilisearch synonyms (issue 12 first declared the
 * glossary's 6,016 foreign terms as the `synonyms` setting of every index):
 * Meilisearch reads and decodes an index's whole synonyms map for every word
 * and every two- and three-word group of every query, with or without a
 * match (milli search/new/query_term: `index.synonyms(txn)` per term). With
 * the glossary that was about 2 ms of CPU per lookup, 25 ms for a five-word
 * request, on each of the four searches of a partner-matching request; with
 * only the abbreviation pairs (SAFE_SYNONYM_PAIRS) it is nothing (bench
 * matching, docs/matching.md).
 *
 * The rule: the text is rendered in English when it has at least one glossary
 * term of another language than English and every other content word is a
 * glossary term (English ones are kept as typed) or a function word of the
 * region's languages (FUNCTION_WORDS). Anything else (a name such as
 * "Bilgi Üniversitesi" or "Институт информационных технологий", whose
 * glossary words are part of the name) is searched as typed, so native-script
 * names still match the documents' native-script labels. Pure.
 */
import { englishTermsIn } from "~/search/glossary-match";
import { normalizeSearchText } from "~/search/normalize";
import { contentWords } from "~/features/matching/text-match";

/**
 * Function words of the region's languages that do not name a subject (written
 * for this project; English ones are text-match.ts stop words). Compared in
 * contentWords' folded form.
 */
const FUNCTION_WORDS = new Set(
  [
    // Persian
    "در و از به با برای را که این آن های ها یا بر تا",
    // Russian (and Kazakh in Cyrillic)
    "в во и на с со для по к о об от из до при у или а но как мен және үшін бен пен мен",
    // Turkish, Azerbaijani, Uzbek (Latin)
    "ve ile için bir de da ya veya və ilə üçün va bilan uchun yoki",
  ]
    .join(" ")
    .split(/\s+/)
    .flatMap((w) => contentWords(w)),
);

/**
 * The English rendering of `text` (already normalised) when it names only
 * subjects, at least one of them in another language than English (module
 * comment); null otherwise. Each foreign glossary term becomes its concept's
 * first English term; English glossary terms stay as typed; function words are
 * left out.
 */
export function glossaryEnglish(text: string): string | null {
  const matches = englishTermsIn(text);
  if (!matches.some((m) => m.lang !== "en")) return null;
  let rest = "";
  let at = 0;
  for (const m of matches) {
    rest += `${text.slice(at, m.start)} `;
    at = m.end;
  }
  rest += text.slice(at);
  if (contentWords(rest).some((w) => !FUNCTION_WORDS.has(w))) return null;
  return matches.map((m) => (m.lang === "en" ? m.term : m.en[0])).join(" ");
}

/**
 * What a search sends as `q` for the user's `raw` text: normalised
 * (normalizeSearchText), then glossaryEnglish's rendering when there is one.
 */
export function searchQueryText(raw: string): string {
  const q = normalizeSearchText(raw);
  return glossaryEnglish(q) ?? q;
}
