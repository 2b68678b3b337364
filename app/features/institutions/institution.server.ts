/**
 * Institutions: public search (Meilisearch) and profile reads (PostgreSQL).
 * Visitors only ever see `verified` institutions.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { ECO_MEMBER_STATES, countryName } from "~/domain/member-states";
import { getMeili, indexUid } from "~/search/client.server";
import { buildFilter } from "~/search/filter";
import { institutionsIndex, type InstitutionDoc } from "~/search/indexes/institutions.server";
import { searchQueryText } from "~/search/glossary-query";
import { contentWords, searchHighlight } from "~/features/matching/text-match";
import { enqueueIndexChange } from "~/search/outbox.server";
import { HL_POST, HL_PRE } from "~/utils/highlight";
import { PER_PAGE } from "~/utils/search-params";
import { type InstitutionSearchParams } from "~/features/institutions/institution-search-params";

export interface InstitutionHit {
  id: number;
  name: string;
  labels: Array<{ name: string; lang: string | null }>;
  acronyms: string[];
  country: string;
  countryName: string;
  city: string | null;
  kind: InstitutionDoc["kind"];
  rorId: string | null;
  rorStatus: string | null;
  established: number | null;
  /** Name with matched words between HL_PRE and HL_POST (components/highlight.tsx). */
  highlightedName: string;
}

export interface InstitutionSearchResult {
  hits: InstitutionHit[];
  total: number;
  page: number;
  perPage: number;
  totalPages: number;
  /** Disjunctive facet counts: each facet counted with every filter but its own. */
  facets: { country: Record<string, number>; kind: Record<string, number> };
  processingTimeMs: number;
}

/**
 * Searches verified institutions. Query text is normalised (normalize.ts) the
 * way documents are and rendered in English when it names subjects in another
 * language (glossary-query.ts). Filters go through the escaping helper.
 * @throws when Meilisearch is unreachable (the page shows an error boundary).
 */
export async function searchInstitutions(p: InstitutionSearchParams, perPage = PER_PAGE): Promise<InstitutionSearchResult> {
  const uid = indexUid("institutions");
  const allowed = institutionsIndex.filterable;
  const base = { status: "verified" };
  const q = searchQueryText(p.q);
  const filterWith = (f: Record<string, string | string[]>) => buildFilter({ ...base, ...f }, allowed);
  // Disjunctive facets (each counted without its own filter): a facet with no selection is
  // counted on the main query; only a selected facet needs its own query.
  const countryOwn = p.country.length > 0;
  const kindOwn = p.kind.length > 0;
  const passive = [...(countryOwn ? [] : ["country"]), ...(kindOwn ? [] : ["kind"])];
  const res = await getMeili().multiSearch({
    queries: [
      {
        indexUid: uid,
        q,
        filter: filterWith({ country: p.country, kind: p.kind }),
        page: p.page,
        hitsPerPage: perPage,
        facets: passive,
        attributesToHighlight: ["name"],
        highlightPreTag: HL_PRE,
        highlightPostTag: HL_POST,
        attributesToRetrieve: ["id", "name", "labels", "acronyms", "country", "city", "kind", "rorId", "rorStatus", "established"],
        sort: q ? undefined : ["name:asc"],
      },
      ...(countryOwn ? [{ indexUid: uid, q, filter: filterWith({ kind: p.kind }), facets: ["country"], limit: 0 }] : []),
      ...(kindOwn ? [{ indexUid: uid, q, filter: filterWith({ country: p.country }), facets: ["kind"], limit: 0 }] : []),
    ],
  });
  const [main, ...own] = res.results as any[];
  const words = contentWords(q);
  const byCountry = countryOwn ? own[0] : main;
  const byKind = kindOwn ? own[countryOwn ? 1 : 0] : main;
  return {
    hits: (main.hits as any[]).map((h) => ({
      id: h.id,
      name: h.name,
      labels: h.labels ?? [],
      acronyms: h.acronyms ?? [],
      country: h.country,
      countryName: countryName(h.country),
      city: h.city ?? null,
      kind: h.kind,
      rorId: h.rorId ?? null,
      rorStatus: h.rorStatus ?? null,
      established: h.established ?? null,
      highlightedName: searchHighlight(h.name, h._formatted?.name, words),
    })),
    total: main.totalHits ?? 0,
    page: main.page ?? p.page,
    perPage,
    totalPages: main.totalPages ?? 0,
    facets: {
      country: byCountry.facetDistribution?.country ?? {},
      kind: byKind.facetDistribution?.kind ?? {},
    },
    processingTimeMs: main.processingTimeMs ?? 0,
  };
}

/** Verified institutions per member state, from PostgreSQL: [{ code, name, count }], all ten listed. */
export async function countsByCountry(db: Kysely<DB>) {
  const rows = await db
    .selectFrom("countries")
    .leftJoin("institutions", (j) => j.onRef("institutions.country_code", "=", "countries.code").on("institutions.status", "=", "verified"))
    .select(["countries.code", "countries.name", sql<number>`count(institutions.id)::int`.as("count")])
    .where("countries.eco_member", "=", true)
    .groupBy(["countries.code", "countries.name"])
    .execute();
  // Display order of ECO_MEMBER_STATES (the same as the facets), not the database collation.
  const order = ECO_MEMBER_STATES.map((c) => c.code as string);
  return rows.map((r) => ({ code: r.code, name: countryName(r.code), count: r.count })).sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
}

/**
 * One verified institution with names, parent, children, related organisations
 * and topics; null when absent or not verified. `opts.anyStatus` also returns
 * a pending or rejected one (for its registrant and the secretariat only:
 * the caller decides who may see it).
 */
export async function getPublicInstitution(db: Kysely<DB>, id: number, opts: { anyStatus?: boolean } = {}) {
  const inst = await db
    .selectFrom("institutions")
    .selectAll()
    .where("id", "=", id)
    .$if(!opts.anyStatus, (qb) => qb.where("status", "=", "verified"))
    .executeTakeFirst();
  if (!inst) return null;
  const [names, parent, children, relationships, topics] = await Promise.all([
    db.selectFrom("institution_names").select(["name", "lang", "kind"]).where("institution_id", "=", id).orderBy("id").execute(),
    inst.parent_id
      ? db
          .selectFrom("institutions")
          .select(["id", "name", "country_code"])
          .where("id", "=", inst.parent_id)
          .where("status", "=", "verified")
          .executeTakeFirst()
      : Promise.resolve(undefined),
    db.selectFrom("institutions").select(["id", "name", "kind"]).where("parent_id", "=", id).where("status", "=", "verified").orderBy("name").execute(),
    db
      .selectFrom("institution_relationships as r")
      .leftJoin("institutions as o", (j) => j.onRef("o.ror_id", "=", "r.related_ror_id").on("o.status", "=", "verified"))
      .select(["r.type", "r.related_ror_id", "r.related_label", "o.id as localId"])
      .where("r.institution_id", "=", id)
      .orderBy("r.type")
      .orderBy("r.related_label")
      .execute(),
    db
      .selectFrom("institution_topics")
      .innerJoin("topics", "topics.id", "institution_topics.topic_id")
      .select(["topics.id", "topics.name", "topics.subfield"])
      .where("institution_topics.institution_id", "=", id)
      .orderBy("topics.name")
      .execute(),
  ]);
  // ROR links to organisations we do not hold (outside the member states, or not in
  // our import) are kept and shown as links to ror.org; local ones link here.
  const localChildIds = new Set(children.map((c) => c.id));
  const externalParents = parent ? [] : relationships.filter((r) => r.type === "parent" && !r.localId);
  const externalChildren = relationships.filter((r) => r.type === "child" && (!r.localId || !localChildIds.has(r.localId)));
  const related = relationships.filter((r) => r.type !== "parent" && r.type !== "child");
  return {
    ...inst,
    countryName: countryName(inst.country_code),
    names,
    parent: parent ?? null,
    externalParents,
    children,
    externalChildren,
    relationships: related,
    topics,
  };
}

/** Fields of an institution that its administrators or the secretariat may change. */
export interface InstitutionPatch {
  name?: string;
  acronyms?: string[];
  city?: string | null;
  website?: string | null;
  description?: string;
}

/**
 * Updates an institution's descriptive fields and queues its search document
 * — and, through the outbox's dependents, the documents of its experts, which
 * carry its name — in the same transaction.
 * @returns false when no institution has that id.
 */
export async function updateInstitution(db: Kysely<DB>, id: number, patch: InstitutionPatch): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable("institutions")
      .set({ ...patch, updated_at: sql`now()` })
      .where("id", "=", id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await enqueueIndexChange(trx, "institutions", [id]);
    return true;
  });
}

/**
 * Moves an institution to `pending`, `verified` or `rejected` (the
 * secretariat's decision) and queues it and its experts for re-indexing in the
 * same transaction: only verified institutions are indexed or shown as an
 * expert's affiliation.
 * @returns false when no institution has that id.
 */
export async function setInstitutionStatus(db: Kysely<DB>, id: number, status: "pending" | "verified" | "rejected"): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable("institutions")
      .set({ status, updated_at: sql`now()` })
      .where("id", "=", id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await enqueueIndexChange(trx, "institutions", [id]);
    return true;
  });
}
