/**
 * Imports the project's curated native-script names and short forms of
 * flagship institutions (db/data/institution-native-names.json, CC0; see
 * db/data/README.md) into `institution_names` with source 'curated', apart
 * from ROR's own names (source 'ror', replaced by each ROR re-import) and
 * names added by institution administrators (source 'admin').
 *
 * Idempotent: the curated rows of each listed institution are made equal to
 * the file (missing ones inserted, ones no longer in the file deleted);
 * institutions whose curated names changed are queued for re-indexing in the
 * same transaction. An entry whose ROR id is not an imported institution, or
 * whose label has no valid language code, is reported and skipped (the other
 * names of the entry are still imported).
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "./types";
import { enqueueIndexChange } from "../app/search/outbox.server";
import { isLanguageCode } from "../app/domain/language";

/** One entry of institution-native-names.json. */
export interface NativeNamesEntry {
  /** ROR id of a record of ror-eco-institutions.json. */
  ror: string;
  /** The ROR English name, for reading only. */
  name: string;
  country: string;
  /** Official names in the institution's own languages (ISO 639-1 `lang`). */
  labels: Array<{ value: string; lang: string }>;
  /** What people type: abbreviations (КазНУ) and short names (امیرکبیر); language not recorded. */
  shortForms: string[];
}

export interface CuratedNamesReport {
  /** Institutions whose curated names changed (queued for re-indexing). */
  institutionsChanged: number;
  added: number;
  removed: number;
  skipped: Array<{ id: string; reason: string }>;
}

type CuratedRow = { institution_id: number; name: string; lang: string | null; kind: "label" | "short"; source: "curated" };

const key = (r: { kind: string; name: string }) => `${r.kind}\u0000${r.name}`;

/**
 * Makes the curated names in the database equal to `entries` (see module doc).
 * Institutions not listed in `entries` keep no curated names.
 */
export async function importCuratedNames(db: Kysely<DB>, entries: NativeNamesEntry[]): Promise<CuratedNamesReport> {
  const report: CuratedNamesReport = { institutionsChanged: 0, added: 0, removed: 0, skipped: [] };
  const ids = new Map(
    (
      await db
        .selectFrom("institutions")
        .select(["id", "ror_id"])
        .where("ror_id", "in", entries.map((e) => e.ror).filter(Boolean))
        .execute()
    ).map((r) => [r.ror_id as string, r.id]),
  );
  const wanted = new Map<number, Map<string, CuratedRow>>();
  for (const e of entries) {
    const id = ids.get(e?.ror);
    if (id === undefined) {
      report.skipped.push({ id: String(e?.ror ?? "(no id)"), reason: "no imported institution has this ROR id" });
      continue;
    }
    const rows = wanted.get(id) ?? new Map<string, CuratedRow>();
    wanted.set(id, rows);
    for (const l of e.labels ?? []) {
      const name = l.value?.trim();
      if (!name) continue;
      if (!isLanguageCode(l.lang)) {
        report.skipped.push({ id: e.ror, reason: `label ${JSON.stringify(name)} has no valid language code (${JSON.stringify(l.lang)})` });
        continue;
      }
      const row: CuratedRow = { institution_id: id, name, lang: l.lang, kind: "label", source: "curated" };
      rows.set(key(row), row);
    }
    for (const s of e.shortForms ?? []) {
      const name = s?.trim();
      if (!name) continue;
      const row: CuratedRow = { institution_id: id, name, lang: null, kind: "short", source: "curated" };
      rows.set(key(row), row);
    }
  }

  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("institution_names")
      .select(["id", "institution_id", "name", "kind", "lang"])
      .where("source", "=", "curated")
      .execute();
    const changed = new Set<number>();
    const stale: number[] = [];
    const have = new Map<number, Set<string>>();
    for (const r of existing) {
      const want = wanted.get(r.institution_id)?.get(key(r));
      if (!want || want.lang !== r.lang) {
        stale.push(r.id);
        changed.add(r.institution_id);
      } else {
        (have.get(r.institution_id) ?? have.set(r.institution_id, new Set()).get(r.institution_id)!).add(key(r));
      }
    }
    const fresh = [...wanted].flatMap(([id, rows]) => [...rows.values()].filter((r) => !have.get(id)?.has(key(r))));
    if (stale.length) await trx.deleteFrom("institution_names").where("id", "in", stale).execute();
    for (let i = 0; i < fresh.length; i += 500)
      await trx
        .insertInto("institution_names")
        .values(fresh.slice(i, i + 500))
        .execute();
    for (const r of fresh) changed.add(r.institution_id);
    await enqueueIndexChange(trx, "institutions", [...changed]);
    Object.assign(report, { institutionsChanged: changed.size, added: fresh.length, removed: stale.length });
  });
  return report;
}

/** Whether any curated name is stored (start-up imports them once into a database that predates them). */
export async function hasCuratedNames(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom("institution_names")
    .select(sql<number>`1`.as("one"))
    .where("source", "=", "curated")
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}
