/**
 * What a declared Meilisearch index is (IndexDefinition: settings in code, a
 * mapper from PostgreSQL rows to documents, the ids to page through in a
 * reindex), and the settings the declared indexes share: the safe synonyms and
 * the rank-order listing of folded copies. The indexes themselves are declared
 * in app/search/indexes/ and listed in indexes.server.ts.
 */
import type { Kysely } from "kysely";
import type { Settings } from "meilisearch";
import type { DB } from "~db/types";
import type { IndexName } from "~/search/outbox.server";

/**
 * Synonyms safe in both directions: acronyms and their expansions as they
 * appear in the OpenAlex topic names and keywords (a test checks each
 * expansion occurs there). Ambiguous short forms (e.g. "AI" next to Persian
 * or Turkish words, "IS") are left out on purpose.
 */
export const SAFE_SYNONYM_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ["iot", "internet of things"],
  ["nlp", "natural language processing"],
  ["uav", "unmanned aerial vehicle"],
  ["gis", "geographic information systems"],
];

/**
 * Meilisearch `synonyms` setting of the topics, experts, institutions, calls
 * and projects indexes: SAFE_SYNONYM_PAIRS, both directions. The multilingual
 * glossary is not declared here but applied to the query text in our code
 * (glossary-query.ts says why: Meilisearch decodes the whole synonyms map for
 * every query word, ~2 ms each with the glossary's 6,016 terms).
 */
export function synonymSettings(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [a, b] of SAFE_SYNONYM_PAIRS) {
    (out[a] ??= []).push(b);
    (out[b] ??= []).push(a);
  }
  return out;
}

/** `attributes` in rank order, each of `foldable` followed by its copy `folded.<name>`. */
export function withFoldedAttributes(attributes: readonly string[], foldable: readonly string[]): string[] {
  return attributes.flatMap((a) => (foldable.includes(a) ? [a, `folded.${a}`] : [a]));
}

/**
 * One declared index. A mapper returns only what may be public; an id it does
 * not return (deleted, pending, hidden) is deleted from the index.
 */
export interface IndexDefinition<Doc extends { id: string | number }> {
  name: IndexName;
  settings: Settings;
  /** Attributes the filter helper accepts for this index. */
  filterable: readonly string[];
  /** Documents for the given ids; ids absent from the result must be deleted. */
  load(db: Kysely<DB>, ids: string[]): Promise<Doc[]>;
  /** Ids of every indexable row after `after` (exclusive), ascending, at most `limit`. */
  pageIds(db: Kysely<DB>, after: string | null, limit: number): Promise<string[]>;
  /**
   * Reference data that no user change feeds through the outbox (the topic
   * taxonomy): a missing live index is rebuilt whole at start-up rather than
   * created empty (index-version.server.ts outdatedIndexes).
   */
  rebuildWhenMissing?: boolean;
}

/** The whole-number ids among `ids` (document ids arrive as strings from the outbox). */
export function numericIds(ids: readonly string[]): number[] {
  return ids.map(Number).filter((n) => Number.isInteger(n));
}
