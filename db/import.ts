/**
 * Imports the real reference data into PostgreSQL, idempotently:
 * - countries: the ten ECO member states (app/domain/member-states.ts);
 * - topics: OpenAlex ICT topics (db/data/openalex-ict-topics.json, CC0);
 * - institutions: ROR records of the member states (db/data/ror-eco-institutions.json, CC0).
 *
 * A second run with the same files changes nothing (each institution keeps a
 * hash of its source record); a changed record is updated in place (matched by
 * ROR id), never duplicated. A record that cannot be imported is reported with
 * its ROR id and the reason, and skipped. Every institution written is queued
 * for search indexing in the same transaction (search_outbox).
 *
 * CLI: `npm run db:import`.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { sql, type Kysely } from "kysely";
import type { DB } from "./types";
import { ECO_MEMBER_STATES, isMemberState } from "../app/domain/member-states";
import { enqueueIndexChange } from "../app/search/outbox.server";
import { isValidRorId } from "../app/domain/identifiers";
import { importCuratedNames, type CuratedNamesReport, type NativeNamesEntry } from "./import-names";

export const DATA_DIR = fileURLToPath(new URL("./data/", import.meta.url));

/** One OpenAlex topic as stored in openalex-ict-topics.json. */
export interface OpenAlexTopic {
  id: string;
  name: string;
  subfieldId: string;
  subfield: string;
  fieldId: string;
  field: string;
  domainId: string;
  domain: string;
  keywords?: string[];
  description?: string;
  scope: string;
}

/** One ROR organisation as stored in ror-eco-institutions.json (see db/data/README.md). */
export interface RorRecord {
  ror: string;
  name: string;
  labels?: Array<{ value: string; lang: string | null }>;
  aliases?: string[];
  acronyms?: string[];
  types: string[];
  country: string;
  city?: string;
  region?: string;
  lat?: number;
  lng?: number;
  links?: string[];
  established?: number;
  status?: string;
  wikidata?: string;
  wikipedia?: string;
  grid?: string;
  relationships?: Array<{ type: string; id: string; label: string }>;
  rorRelease?: string;
  source?: string;
  recordNote?: string;
}

export interface ImportReport {
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: Array<{ id: string; reason: string }>;
}

/** Maps ROR organisation types to our institution kinds; education wins over facility. */
export function kindFromRorTypes(types: string[]): "university" | "research_centre" | "other" {
  if (types.includes("education")) return "university";
  if (types.includes("facility")) return "research_centre";
  return "other";
}

const RELATIONSHIP_TYPES = new Set(["parent", "child", "related", "predecessor", "successor"]);

/** Upserts the member-state rows of `countries`. */
export async function importCountries(db: Kysely<DB>): Promise<void> {
  await db
    .insertInto("countries")
    .values(ECO_MEMBER_STATES.map((c) => ({ code: c.code, name: c.name, eco_member: true })))
    .onConflict((oc) => oc.column("code").doUpdateSet((eb) => ({ name: eb.ref("excluded.name"), eco_member: eb.ref("excluded.eco_member") })))
    .execute();
}

/**
 * Upserts topics by OpenAlex id; returns how many rows were inserted or changed.
 * Experts with a changed topic are queued for re-indexing (their documents hold topic names).
 */
export async function importTopics(db: Kysely<DB>, topics: OpenAlexTopic[]): Promise<number> {
  let changed = 0;
  for (let i = 0; i < topics.length; i += 200) {
    const rows = topics.slice(i, i + 200).map((t) => ({
      id: t.id,
      name: t.name,
      subfield_id: t.subfieldId,
      subfield: t.subfield,
      field_id: t.fieldId,
      field: t.field,
      domain_id: t.domainId,
      domain: t.domain,
      keywords: t.keywords ?? [],
      description: t.description ?? "",
      scope: t.scope,
    }));
    changed += await db.transaction().execute(async (trx) => {
      const res = await trx
        .insertInto("topics")
        .values(rows)
        .onConflict((oc) =>
          oc
            .column("id")
            .doUpdateSet((eb) => ({
              name: eb.ref("excluded.name"),
              subfield_id: eb.ref("excluded.subfield_id"),
              subfield: eb.ref("excluded.subfield"),
              field_id: eb.ref("excluded.field_id"),
              field: eb.ref("excluded.field"),
              domain_id: eb.ref("excluded.domain_id"),
              domain: eb.ref("excluded.domain"),
              keywords: eb.ref("excluded.keywords"),
              description: eb.ref("excluded.description"),
              scope: eb.ref("excluded.scope"),
            }))
            // Only touch rows whose content differs, so a re-import reports 0 changes.
            .where(
              sql<boolean>`(topics.name, topics.subfield_id, topics.subfield, topics.field_id, topics.field, topics.domain_id, topics.domain, topics.keywords, topics.description, topics.scope) is distinct from (excluded.name, excluded.subfield_id, excluded.subfield, excluded.field_id, excluded.field, excluded.domain_id, excluded.domain, excluded.keywords, excluded.description, excluded.scope)`,
            ),
        )
        .returning("id")
        .execute();
      // Expert documents carry topic names: re-index the experts of changed topics, in the same transaction.
      const ids = res.map((r) => r.id);
      // The topics index (topic recognition, the topic picker) holds each topic.
      await enqueueIndexChange(trx, "topics", ids);
      if (ids.length) {
        const experts = await trx.selectFrom("expert_topics").select("expert_id").distinct().where("topic_id", "in", ids).execute();
        await enqueueIndexChange(
          trx,
          "experts",
          experts.map((e) => e.expert_id),
        );
      }
      return res.length;
    });
  }
  return changed;
}

function hashRecord(r: RorRecord): string {
  return createHash("sha256").update(JSON.stringify(r)).digest("hex").slice(0, 32);
}

/** Why a record cannot be imported, or null when it can. */
export function validateRorRecord(r: RorRecord): string | null {
  if (!r || typeof r !== "object") return "not an object";
  if (typeof r.ror !== "string" || !isValidRorId(r.ror)) return `invalid ROR id ${JSON.stringify(r.ror)}`;
  if (typeof r.name !== "string" || r.name.trim() === "") return "missing name";
  if (typeof r.country !== "string" || !isMemberState(r.country)) return `country ${JSON.stringify(r.country)} is not an ECO member state`;
  if (!Array.isArray(r.types)) return "missing types";
  if (r.established != null && (!Number.isInteger(r.established) || r.established < 800 || r.established > 2100))
    return `implausible established year ${r.established}`;
  return null;
}

/**
 * Registry prominence of an organisation, 0–16, used only to order otherwise
 * equal search hits (two universities sharing the acronym "METU"): Wikipedia
 * article 4, Wikidata item 2, funder type 1, one per child unit (at most 8),
 * active in ROR 1.
 */
export function prominenceOf(r: RorRecord): number {
  const children = (r.relationships ?? []).filter((x) => x.type === "child").length;
  return (r.wikipedia ? 4 : 0) + (r.wikidata ? 2 : 0) + (r.types.includes("funder") ? 1 : 0) + Math.min(children, 8) + (r.status === "active" ? 1 : 0);
}

function rowFromRecord(r: RorRecord, hash: string) {
  const website = (r.links ?? []).find((l) => /^https?:\/\//i.test(l)) ?? null;
  return {
    kind: kindFromRorTypes(r.types) as string,
    name: r.name.trim(),
    acronyms: [...new Set((r.acronyms ?? []).map((a) => a.trim()).filter(Boolean))],
    country_code: r.country.toUpperCase(),
    city: r.city?.trim() || null,
    region: r.region?.trim() || null,
    lat: typeof r.lat === "number" ? r.lat : null,
    lng: typeof r.lng === "number" ? r.lng : null,
    website,
    ror_id: r.ror,
    established: r.established ?? null,
    status: "verified" as string,
    ror_status: r.status ?? null,
    ror_types: r.types,
    source: "ror" as string,
    source_note: r.rorRelease ? `ROR ${r.rorRelease}` : (r.recordNote ?? r.source ?? null),
    wikidata_id: r.wikidata ?? null,
    grid_id: r.grid ?? null,
    prominence: prominenceOf(r),
    source_hash: hash,
  };
}

function namesFromRecord(institutionId: number, r: RorRecord) {
  const seen = new Set<string>();
  const out: Array<{ institution_id: number; name: string; lang: string | null; kind: "label" | "alias"; source: "ror" }> = [];
  for (const l of r.labels ?? []) {
    const name = l.value?.trim();
    if (!name || name === r.name || seen.has(`label:${name}`)) continue;
    seen.add(`label:${name}`);
    out.push({ institution_id: institutionId, name, lang: l.lang || null, kind: "label", source: "ror" });
  }
  for (const a of r.aliases ?? []) {
    const name = a?.trim();
    if (!name || name === r.name || seen.has(`alias:${name}`)) continue;
    seen.add(`alias:${name}`);
    out.push({ institution_id: institutionId, name, lang: null, kind: "alias", source: "ror" });
  }
  return out;
}

/**
 * Imports ROR records in batches of `batchSize`, each batch one transaction.
 * @returns counts of inserted/updated/unchanged records and the skipped ones with reasons.
 */
export async function importRorInstitutions(
  db: Kysely<DB>,
  records: RorRecord[],
  opts: { batchSize?: number; log?: (msg: string) => void } = {},
): Promise<ImportReport> {
  const log = opts.log ?? (() => {});
  const batchSize = opts.batchSize ?? 250;
  const report: ImportReport = { inserted: 0, updated: 0, unchanged: 0, skipped: [] };
  const seen = new Set<string>();
  const valid: RorRecord[] = [];
  for (const r of records) {
    const reason = validateRorRecord(r);
    if (reason) report.skipped.push({ id: String(r?.ror ?? "(no id)"), reason });
    else if (seen.has(r.ror)) report.skipped.push({ id: r.ror, reason: "duplicate ROR id in the file" });
    else {
      seen.add(r.ror);
      valid.push(r);
    }
  }

  const existing = new Map(
    (await db.selectFrom("institutions").select(["id", "ror_id", "source_hash"]).where("ror_id", "is not", null).execute()).map((r) => [r.ror_id as string, r]),
  );

  for (let i = 0; i < valid.length; i += batchSize) {
    const batch = valid.slice(i, i + batchSize);
    await db.transaction().execute(async (trx) => {
      const touched: number[] = [];
      for (const r of batch) {
        const hash = hashRecord(r);
        const prev = existing.get(r.ror);
        if (prev && prev.source_hash === hash) {
          report.unchanged++;
          continue;
        }
        const row = rowFromRecord(r, hash);
        let id: number;
        if (prev) {
          await trx
            .updateTable("institutions")
            .set({ ...row, updated_at: sql`now()` })
            .where("id", "=", prev.id)
            .execute();
          id = prev.id;
          // Only ROR's own names: curated and admin-added names (source 'curated' | 'admin') survive a re-import.
          await trx.deleteFrom("institution_names").where("institution_id", "=", id).where("source", "=", "ror").execute();
          await trx.deleteFrom("institution_relationships").where("institution_id", "=", id).execute();
          report.updated++;
        } else {
          ({ id } = await trx.insertInto("institutions").values(row).returning("id").executeTakeFirstOrThrow());
          report.inserted++;
        }
        const names = namesFromRecord(id, r);
        if (names.length) await trx.insertInto("institution_names").values(names).execute();
        const rels = (r.relationships ?? [])
          .filter((x) => RELATIONSHIP_TYPES.has(x.type) && isValidRorId(x.id))
          .map((x) => ({ institution_id: id, type: x.type, related_ror_id: x.id, related_label: x.label ?? x.id }));
        const uniqueRels = [...new Map(rels.map((x) => [`${x.type}:${x.related_ror_id}`, x])).values()];
        if (uniqueRels.length) await trx.insertInto("institution_relationships").values(uniqueRels).execute();
        touched.push(id);
      }
      await enqueueIndexChange(trx, "institutions", touched);
    });
    log(`  institutions ${Math.min(i + batchSize, valid.length)}/${valid.length}`);
  }

  // Resolve parent links now that every record of the file exists; only rows whose parent changes are touched.
  await db.transaction().execute(async (trx) => {
    const changed = await sql<{ id: number }>`
      update institutions i set parent_id = p.id, updated_at = now()
      from institution_relationships r
      join institutions p on p.ror_id = r.related_ror_id
      where r.institution_id = i.id and r.type = 'parent' and i.parent_id is distinct from p.id
      returning i.id`.execute(trx);
    await enqueueIndexChange(
      trx,
      "institutions",
      changed.rows.map((r) => r.id),
    );
  });
  return report;
}

/** Reads a JSON array from db/data. */
export async function readDataFile<T>(name: string): Promise<T[]> {
  return JSON.parse(await readFile(new URL(name, `file://${DATA_DIR}`), "utf8")) as T[];
}

/** Imports db/data/institution-native-names.json (import-names.ts) and logs what changed and what was skipped. */
export async function importCuratedNamesFile(db: Kysely<DB>, log: (msg: string) => void = console.log): Promise<CuratedNamesReport> {
  const entries = await readDataFile<NativeNamesEntry>("institution-native-names.json");
  const r = await importCuratedNames(db, entries);
  log(`Curated names: ${entries.length} institutions in file, ${r.added} added, ${r.removed} removed, ${r.skipped.length} skipped`);
  for (const s of r.skipped) log(`  skipped ${s.id}: ${s.reason}`);
  return r;
}

/** Full import of countries, topics, institutions and their curated names; logs progress and skipped records. */
export async function importAll(
  db: Kysely<DB>,
  log: (msg: string) => void = console.log,
): Promise<ImportReport & { topicsChanged: number; curatedNames: CuratedNamesReport }> {
  await importCountries(db);
  const topics = await readDataFile<OpenAlexTopic>("openalex-ict-topics.json");
  const topicsChanged = await importTopics(db, topics);
  log(`Topics: ${topics.length} in file, ${topicsChanged} inserted or changed`);
  const records = await readDataFile<RorRecord>("ror-eco-institutions.json");
  log(`Institutions: importing ${records.length} ROR records…`);
  const report = await importRorInstitutions(db, records, { log });
  log(`Institutions: ${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped.length} skipped`);
  for (const s of report.skipped) log(`  skipped ${s.id}: ${s.reason}`);
  // After the institutions: curated names hang on their ROR ids.
  const curatedNames = await importCuratedNamesFile(db, log);
  return { ...report, topicsChanged, curatedNames };
}
