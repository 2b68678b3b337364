/**
 * Which version of its definition each Meilisearch index was built with, so
 * that a change of folding (normalize.ts) or of an index's settings reaches
 * the documents indexed before it: processes that sync search rebuild an
 * index whose stored version differs on start (sync.server.ts
 * prepareIndexes, then reindex with `onlyOutdated`).
 *
 * Stored in Meilisearch itself, beside the documents it describes, in the
 * small index `<MEILI_INDEX_PREFIX>index_versions` (one document per index:
 * `{ id: "<index name>", version, builtAt }`, builtAt in seconds since the
 * epoch), written by `reindex` after each swap and by `ensureIndex` when it
 * creates a live index (no old documents in it). No PostgreSQL migration.
 */
import { createHash } from "node:crypto";
import { getEnv } from "~/utils/env.server";
import { getMeili, indexUid, settle } from "~/search/client.server";
import { meiliApiError } from "~/search/http.server";
import type { IndexDefinition } from "~/search/index-definition";
import { INDEXES } from "~/search/indexes.server";
import { foldFingerprint, NORMALIZATION_VERSION } from "~/search/normalize";
import type { IndexName } from "~/search/outbox.server";

/**
 * The version of `def` this code builds: 16 hex digits of a SHA-256 over its
 * declared settings (searchable attributes name the folded copies),
 * NORMALIZATION_VERSION and foldFingerprint (what folding does to each character).
 */
export function indexVersion(def: IndexDefinition<any>): string {
  return createHash("sha256")
    .update(JSON.stringify({ settings: def.settings, normalization: NORMALIZATION_VERSION }))
    .update(foldFingerprint())
    .digest("hex")
    .slice(0, 16);
}

/** Meilisearch uid of the index holding the versions. */
export function versionsUid(): string {
  return `${getEnv().MEILI_INDEX_PREFIX}index_versions`;
}

/** Stored versions by index name; empty when none was ever recorded. Throws when Meilisearch fails. */
export async function storedIndexVersions(): Promise<Map<string, string>> {
  try {
    const { results } = await getMeili()
      .index(versionsUid())
      .getDocuments({ limit: 1000, fields: ["id", "version"] });
    return new Map(results.map((d) => [String(d.id), String(d.version)]));
  } catch (err) {
    if (meiliApiError(err)?.cause?.code === "index_not_found") return new Map();
    throw err;
  }
}

/** Records that the live index of `def` now holds documents and settings of this code's version. */
export async function recordIndexVersion(def: IndexDefinition<any>): Promise<void> {
  const doc = { id: def.name, version: indexVersion(def), builtAt: Math.floor(Date.now() / 1000) };
  await settle(getMeili().index(versionsUid()).addDocuments([doc], { primaryKey: "id" }));
}

/**
 * Names of the declared indexes (default: all) that need a rebuild: the live
 * index exists and its stored version is missing (built before versions were
 * kept) or differs from indexVersion; or, for reference data
 * (`rebuildWhenMissing`: the topics), the index is missing too. Any other
 * missing index needs none: ensureIndex
 * creates it under this version and the outbox fills it (after Meilisearch's
 * data is lost, `npm run search:reindex` refills it at once).
 * Throws when Meilisearch fails.
 */
export async function outdatedIndexes(only?: readonly IndexName[]): Promise<IndexName[]> {
  const stored = await storedIndexVersions();
  const out: IndexName[] = [];
  for (const def of Object.values(INDEXES)) {
    if (!def || (only && !only.includes(def.name))) continue;
    if (stored.get(def.name) !== indexVersion(def) && (def.rebuildWhenMissing || (await indexExists(indexUid(def.name))))) out.push(def.name);
  }
  return out;
}

async function indexExists(uid: string): Promise<boolean> {
  try {
    await getMeili().getIndex(uid);
    return true;
  } catch (err) {
    if (meiliApiError(err)?.cause?.code === "index_not_found") return false;
    throw err;
  }
}
