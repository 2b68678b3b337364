/**
 * Open data downloads (/exports/*.csv, listed on /data): which records and
 * which fields each file holds, read from PostgreSQL a batch at a time.
 *
 * Only what the public pages show leaves here: verified institutions; expert
 * profiles with the affiliation only while verified and the email only when
 * its owner made it public (`publicEmailOf`: never a
 * members-only or hidden address); open and closed calls of verified
 * institutions (no drafts, no cancelled calls); approved projects with the fields /projects/:id shows
 * (accepted partners only, the team by expert id, no emails, no reviews).
 * Generated demo rows say `demo = true` in a column of their own.
 *
 * Reading: keyset pagination on the primary key (`id > last id of the
 * previous batch ORDER BY id LIMIT batchSize`, one batch read ahead), one
 * query per batch with the multi-valued fields as array subqueries, so no
 * table is ever loaded into one array and no connection is held while the
 * client downloads.
 * The CSV writing itself is app/utils/csv.server.ts.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { countryName } from "~/domain/member-states";
import { csvResponse, type CsvColumn, type CsvValue } from "~/utils/csv.server";
import { publicEmailOf } from "~/features/experts/expert.server";
import { selectExpertsWithAffiliation } from "~/features/experts/expert-query.server";

/** Rows per database query of an export. */
export const EXPORT_BATCH_SIZE = 1000;

export type DatasetId = "institutions" | "experts" | "calls" | "projects";

/** A column of an export: CSV key and header (the same snake_case name) and what it holds. */
export interface ExportColumn<K extends string = string> extends CsvColumn<K> {
  description: string;
}

/** A licence statement shown on /data. */
export interface Licence {
  name: string;
  url: string;
}

export const CC0: Licence = { name: "CC0 1.0", url: "https://creativecommons.org/publicdomain/zero/1.0/" };
/** The secretariat's choice for records contributed through the network (see /data). */
export const NETWORK_LICENCE: Licence = { name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/" };

export interface ExportOptions {
  /** Origin for the `url` column, e.g. https://network.example.org (linkOrigin of the request). */
  origin: string;
  /** Rows per query (default EXPORT_BATCH_SIZE). */
  batchSize?: number;
}

/** One downloadable dataset. */
export interface Dataset<K extends string = string> {
  id: DatasetId;
  /** URL path of the download. */
  path: string;
  filename: string;
  title: string;
  /** Which records the file holds, in one sentence. */
  records: string;
  /** Licences that apply, with a plain note of which records each covers. */
  licences: Array<{ licence: Licence; applies: string }>;
  columns: readonly ExportColumn<K>[];
  /** The rows, in batches of at most `batchSize`, by ascending id. */
  batches(db: Kysely<DB>, opts: ExportOptions): AsyncGenerator<Array<Record<K, CsvValue>>>;
}

/** Defines columns from [name, description] pairs: the CSV header is the name. */
function columns<const K extends string>(defs: ReadonlyArray<readonly [K, string]>): ExportColumn<K>[] {
  return defs.map(([key, description]) => ({ key, header: key, description }));
}

/**
 * Keyset pagination over ascending integer ids: calls `fetch(afterId, limit)`
 * until a batch comes back short. Yields only non-empty batches.
 *
 * Reads one batch ahead: the query for the next batch runs while the caller
 * writes the current one, so PostgreSQL and Node work side by side instead of
 * in turn (at most two batches in memory). A caller that stops early leaves
 * that one query to finish unobserved.
 */
export async function* keysetBatches<R extends { id: number }>(fetch: (afterId: number, limit: number) => Promise<R[]>, batchSize: number): AsyncGenerator<R[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  let next: Promise<R[]> | null = fetch(0, batchSize);
  try {
    while (next) {
      const rows: R[] = await next;
      next = rows.length < batchSize ? null : fetch(rows[rows.length - 1].id, batchSize);
      if (rows.length) yield rows;
    }
  } finally {
    // Stopped early (download cancelled, write failed): the read-ahead's failure must not become an unhandled rejection.
    next?.catch(() => {});
  }
}

// ---------------------------------------------------------------------------
// Institutions

const INSTITUTION_COLUMNS = columns([
  ["id", "Institution id in this network (page: /institutions/<id>)."],
  ["ror_id", "ROR id (https://ror.org/<ror_id>), empty for institutions not in ROR."],
  ["name", "Name (ROR's display name, or as registered)."],
  ["other_names", "Other names and spellings (ROR labels and aliases), in any script; \"; \"-separated."],
  ["acronyms", "Acronyms; \"; \"-separated."],
  ["kind", "university, research_centre or other."],
  ["country_code", "Member state, ISO 3166-1 alpha-2."],
  ["country", "Member state, English short name."],
  ["city", "City."],
  ["region", "Region or province."],
  ["lat", "Latitude (WGS 84 degrees), from ROR."],
  ["lng", "Longitude (WGS 84 degrees), from ROR."],
  ["established", "Year established."],
  ["website", "Website."],
  ["parent_id", "Id of the parent institution in this network."],
  ["description", "Description written by the institution's administrators."],
  ["topic_ids", "OpenAlex topic ids declared for the institution; \"; \"-separated."],
  ["source", "ror (Research Organization Registry), registration (registered in the network) or demo."],
  ["demo", "true for generated demonstration records (fictitious)."],
  ["url", "Page of the institution."],
  ["updated_at", "Last change of the record (ISO 8601, UTC)."],
] as const);

async function* institutionBatches(db: Kysely<DB>, opts: ExportOptions) {
  yield* batched(
    opts,
    (after, limit) =>
      db
        .selectFrom("institutions as i")
        .select([
          "i.id", "i.ror_id", "i.name", "i.acronyms", "i.kind", "i.country_code", "i.city", "i.region", "i.lat", "i.lng",
          "i.established", "i.website", "i.parent_id", "i.description", "i.source", "i.updated_at",
          sql<string[]>`array(select n.name from institution_names n where n.institution_id = i.id and n.name <> i.name order by n.kind desc, n.name)`.as("other_names"),
          sql<string[]>`array(select t.topic_id from institution_topics t where t.institution_id = i.id order by t.topic_id)`.as("topic_ids"),
        ])
        .where("i.status", "=", "verified")
        .where("i.id", ">", after)
        .orderBy("i.id")
        .limit(limit)
        .execute(),
    (r) => ({
      id: r.id,
      ror_id: r.ror_id,
      name: r.name,
      other_names: [...new Set(r.other_names)],
      acronyms: r.acronyms,
      kind: r.kind,
      country_code: r.country_code,
      country: countryName(r.country_code),
      city: r.city,
      region: r.region,
      lat: r.lat,
      lng: r.lng,
      established: r.established,
      website: r.website,
      parent_id: r.parent_id,
      description: r.description,
      topic_ids: r.topic_ids,
      source: r.source,
      demo: r.source === "demo",
      url: `${opts.origin}/institutions/${r.id}`,
      updated_at: r.updated_at,
    }),
  );
}

// ---------------------------------------------------------------------------
// Experts

const EXPERT_COLUMNS = columns([
  ["id", "Expert id in this network (page: /experts/<id>)."],
  ["full_name", "Name as the expert writes it."],
  ["name_variants", "The name in other scripts and spellings; \"; \"-separated."],
  ["title", "Academic title."],
  ["position", "Position."],
  ["institution_id", "Id of the (verified) institution the expert works at; empty when none."],
  ["institution_name", "Name of that institution."],
  ["country_code", "Member state of that institution, ISO 3166-1 alpha-2."],
  ["orcid", "ORCID iD (https://orcid.org/<orcid>)."],
  ["bio", "Short biography."],
  ["keywords", "Research keywords; \"; \"-separated."],
  ["languages", "Working languages, ISO 639 codes; \"; \"-separated."],
  ["open_to", "What the expert is open to: joint_research, supervision, exchange_visits, teaching, consulting; \"; \"-separated."],
  ["topic_ids", "OpenAlex topic ids; \"; \"-separated."],
  ["topic_names", "OpenAlex topic names, in the order of topic_ids; \"; \"-separated."],
  ["email", "Contact email, only when the expert made it public (never a members-only or hidden address)."],
  ["demo", "true for generated demonstration profiles (fictitious people)."],
  ["url", "Page of the profile."],
  ["updated_at", "Last change of the profile (ISO 8601, UTC)."],
] as const);

async function* expertBatches(db: Kysely<DB>, opts: ExportOptions) {
  yield* batched(
    opts,
    (after, limit) =>
      selectExpertsWithAffiliation(db)
        // Ids and names in one pass over the expert's topics (two array subqueries read them twice).
        .innerJoinLateral(
          (eb) =>
            eb
              .selectFrom("expert_topics as et")
              .innerJoin("topics as t", "t.id", "et.topic_id")
              .select([
                sql<string[]>`coalesce(array_agg(t.id order by t.id), '{}')`.as("topic_ids"),
                sql<string[]>`coalesce(array_agg(t.name order by t.id), '{}')`.as("topic_names"),
              ])
              .whereRef("et.expert_id", "=", "e.id")
              .as("tp"),
          (join) => join.onTrue(),
        )
        .select(["tp.topic_ids", "tp.topic_names"])
        .where("e.id", ">", after)
        .orderBy("e.id")
        .limit(limit)
        .execute(),
    (r) => ({
      id: r.id,
      full_name: r.full_name,
      name_variants: r.name_variants,
      title: r.title,
      position: r.position,
      institution_id: r.institution_id,
      institution_name: r.institution_name,
      country_code: r.country_code,
      orcid: r.orcid,
      bio: r.bio,
      keywords: r.keywords,
      languages: r.languages,
      open_to: r.open_to,
      topic_ids: r.topic_ids,
      topic_names: r.topic_names,
      email: publicEmailOf(r),
      demo: r.is_demo,
      url: `${opts.origin}/experts/${r.id}`,
      updated_at: r.updated_at,
    }),
  );
}

// ---------------------------------------------------------------------------
// Calls

/** Call states a download lists: the ones /calls lists (of verified institutions, like the calls index). */
export const EXPORTED_CALL_STATUSES = ["open", "closed"] as const;

const CALL_COLUMNS = columns([
  ["id", "Call id (page: /calls/<id>)."],
  ["title", "Title."],
  ["kind", "joint_research, mobility, joint_supervision or event."],
  ["status", "open or closed, as set by the posting institution (an open call may be past its deadline)."],
  ["institution_id", "Id of the posting institution."],
  ["institution_name", "Name of the posting institution."],
  ["country_code", "Member state of the posting institution, ISO 3166-1 alpha-2."],
  ["summary", "Summary."],
  ["body", "Full text."],
  ["opens_at", "When the call opens (ISO 8601, UTC); empty when not set."],
  ["deadline", "Deadline (ISO 8601, UTC)."],
  ["deadline_zone", "IANA time zone the deadline was set in, e.g. Asia/Tehran."],
  ["eligible_countries", "Member states whose institutions may apply, ISO 3166-1 alpha-2; empty = all; \"; \"-separated."],
  ["min_partners", "Minimum number of partner institutions besides the lead."],
  ["min_countries", "Minimum number of member states in the consortium."],
  ["funding_note", "Funding note."],
  ["topic_ids", "OpenAlex topic ids; \"; \"-separated."],
  ["demo", "true for generated demonstration calls."],
  ["url", "Page of the call."],
  ["created_at", "When the call was posted (ISO 8601, UTC)."],
  ["updated_at", "Last change (ISO 8601, UTC)."],
] as const);

async function* callBatches(db: Kysely<DB>, opts: ExportOptions) {
  yield* batched(
    opts,
    (after, limit) =>
      db
        .selectFrom("calls as c")
        .innerJoin("institutions as i", "i.id", "c.institution_id")
        .select([
          "c.id", "c.title", "c.kind", "c.status", "c.institution_id", "i.name as institution_name", "i.country_code", "c.summary", "c.body",
          "c.opens_at", "c.deadline", "c.deadline_zone", "c.eligible_countries", "c.min_partners", "c.min_countries", "c.funding_note",
          "c.is_demo", "c.created_at", "c.updated_at",
          sql<string[]>`array(select ct.topic_id from call_topics ct where ct.call_id = c.id order by ct.topic_id)`.as("topic_ids"),
        ])
        .where("c.status", "in", EXPORTED_CALL_STATUSES)
        .where("i.status", "=", "verified")
        .where("c.id", ">", after)
        .orderBy("c.id")
        .limit(limit)
        .execute(),
    (r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      status: r.status,
      institution_id: r.institution_id,
      institution_name: r.institution_name,
      country_code: r.country_code,
      summary: r.summary,
      body: r.body,
      opens_at: r.opens_at,
      deadline: r.deadline,
      deadline_zone: r.deadline_zone,
      eligible_countries: r.eligible_countries.map((c) => c.trim()),
      min_partners: r.min_partners,
      min_countries: r.min_countries,
      funding_note: r.funding_note,
      topic_ids: r.topic_ids,
      demo: r.is_demo,
      url: `${opts.origin}/calls/${r.id}`,
      created_at: r.created_at,
      updated_at: r.updated_at,
    }),
  );
}

// ---------------------------------------------------------------------------
// Projects

const PROJECT_COLUMNS = columns([
  ["id", "Project id (page: /projects/<id>)."],
  ["reference_code", "Reference code given at submission, e.g. ECO-ICT-2026-0042."],
  ["title", "Title."],
  ["acronym", "Acronym."],
  ["abstract", "Abstract."],
  ["objectives", "Objectives."],
  ["lead_institution_id", "Id of the lead institution."],
  ["lead_institution_name", "Name of the lead institution."],
  ["lead_country_code", "Member state of the lead institution, ISO 3166-1 alpha-2."],
  ["partner_institution_ids", "Ids of the partner institutions (accepted partners); \"; \"-separated."],
  ["partner_institution_names", "Their names, in the same order; \"; \"-separated."],
  ["countries", "Member states of the consortium (lead and partners), ISO 3166-1 alpha-2; \"; \"-separated."],
  ["team_expert_ids", "Expert ids of the team (see experts.csv), PI first; \"; \"-separated."],
  ["topic_ids", "OpenAlex topic ids; \"; \"-separated."],
  ["topic_names", "OpenAlex topic names, in the order of topic_ids; \"; \"-separated."],
  ["duration_months", "Planned duration in months."],
  ["budget_amount", "Requested budget (decimal, two places)."],
  ["budget_currency", "Currency of the budget, ISO 4217."],
  ["approved_at", "When the ECO secretariat approved the project (ISO 8601, UTC)."],
  ["demo", "true for generated demonstration projects."],
  ["url", "Page of the project."],
] as const);

async function* projectBatches(db: Kysely<DB>, opts: ExportOptions) {
  yield* batched(
    opts,
    (after, limit) =>
      db
        .selectFrom("proposals as p")
        .innerJoin("institutions as i", "i.id", "p.lead_institution_id")
        .select([
          "p.id", "p.reference_code", "p.title", "p.acronym", "p.abstract", "p.objectives", "p.lead_institution_id", "i.name as lead_name",
          "i.country_code as lead_country", "p.duration_months", "p.budget_amount", "p.budget_currency", "p.decided_at", "p.is_demo",
          // Accepted partners only, as /projects/:id shows them; one ordering for ids, names and countries.
          sql<number[]>`array(select pp.institution_id from proposal_partners pp join institutions pi on pi.id = pp.institution_id where pp.proposal_id = p.id and pp.status = 'accepted' order by pi.name, pi.id)`.as("partner_ids"),
          sql<string[]>`array(select pi.name from proposal_partners pp join institutions pi on pi.id = pp.institution_id where pp.proposal_id = p.id and pp.status = 'accepted' order by pi.name, pi.id)`.as("partner_names"),
          sql<string[]>`array(select pi.country_code from proposal_partners pp join institutions pi on pi.id = pp.institution_id where pp.proposal_id = p.id and pp.status = 'accepted' order by pi.name, pi.id)`.as("partner_countries"),
          sql<number[]>`array(select t.expert_id from proposal_team t join experts e on e.id = t.expert_id where t.proposal_id = p.id order by case t.role when 'pi' then 0 when 'co_pi' then 1 else 2 end, e.full_name, e.id)`.as("team_ids"),
          sql<string[]>`array(select t.id from proposal_topics pt join topics t on t.id = pt.topic_id where pt.proposal_id = p.id order by t.id)`.as("topic_ids"),
          sql<string[]>`array(select t.name from proposal_topics pt join topics t on t.id = pt.topic_id where pt.proposal_id = p.id order by t.id)`.as("topic_names"),
        ])
        .where("p.status", "=", "approved")
        .where("p.id", ">", after)
        .orderBy("p.id")
        .limit(limit)
        .execute(),
    (r) => ({
      id: r.id,
      reference_code: r.reference_code,
      title: r.title,
      acronym: r.acronym,
      abstract: r.abstract,
      objectives: r.objectives,
      lead_institution_id: r.lead_institution_id,
      lead_institution_name: r.lead_name,
      lead_country_code: r.lead_country,
      partner_institution_ids: r.partner_ids,
      partner_institution_names: r.partner_names,
      countries: [...new Set([r.lead_country, ...r.partner_countries])],
      team_expert_ids: r.team_ids,
      topic_ids: r.topic_ids,
      topic_names: r.topic_names,
      duration_months: r.duration_months,
      budget_amount: r.budget_amount,
      budget_currency: r.budget_currency,
      approved_at: r.decided_at,
      demo: r.is_demo,
      url: `${opts.origin}/projects/${r.id}`,
    }),
  );
}

/** keysetBatches of `fetch` with each row mapped to its CSV record by `map`. */
async function* batched<R extends { id: number }, O>(opts: ExportOptions, fetch: (afterId: number, limit: number) => Promise<R[]>, map: (row: R) => O): AsyncGenerator<O[]> {
  for await (const batch of keysetBatches(fetch, opts.batchSize ?? EXPORT_BATCH_SIZE)) yield batch.map(map);
}

// ---------------------------------------------------------------------------
// Registry

const ROR_AND_NETWORK = [
  { licence: CC0, applies: "records with source = ror: Research Organization Registry data" },
  { licence: NETWORK_LICENCE, applies: "records with source = registration, and descriptions and declared topics written in the network" },
];
const TOPICS_CC0 = { licence: CC0, applies: "topic ids and names: the OpenAlex topic taxonomy" };

/** The four downloads, in the order /data lists them. */
export const DATASETS: { [Id in DatasetId]: Dataset } = {
  institutions: {
    id: "institutions",
    path: "/exports/institutions.csv",
    filename: "institutions.csv",
    title: "Institutions",
    records: "Verified ICT universities, research centres and other organisations of the member states (pending and rejected registrations are left out).",
    licences: [...ROR_AND_NETWORK, TOPICS_CC0],
    columns: INSTITUTION_COLUMNS,
    batches: institutionBatches,
  },
  experts: {
    id: "experts",
    path: "/exports/experts.csv",
    filename: "experts.csv",
    title: "Experts",
    records: "Expert profiles, with their public fields; the email only where its owner made it public.",
    licences: [{ licence: NETWORK_LICENCE, applies: "profiles, written by the experts themselves" }, TOPICS_CC0],
    columns: EXPERT_COLUMNS,
    batches: expertBatches,
  },
  calls: {
    id: "calls",
    path: "/exports/calls.csv",
    filename: "calls.csv",
    title: "Calls",
    records: "Open and closed calls for proposals of verified institutions (drafts and cancelled calls are left out).",
    licences: [{ licence: NETWORK_LICENCE, applies: "calls, written by the posting institutions" }, TOPICS_CC0],
    columns: CALL_COLUMNS,
    batches: callBatches,
  },
  projects: {
    id: "projects",
    path: "/exports/projects.csv",
    filename: "projects.csv",
    title: "Joint projects",
    records: "Approved joint projects with their consortium (never proposals that are submitted, under review, withdrawn or rejected).",
    licences: [{ licence: NETWORK_LICENCE, applies: "project descriptions, written by the consortia" }, TOPICS_CC0],
    columns: PROJECT_COLUMNS,
    batches: projectBatches,
  },
};

/** The dataset downloaded as `filename` (e.g. "experts.csv"), or null. */
export function datasetByFilename(filename: string): Dataset | null {
  return Object.values(DATASETS).find((d) => d.filename === filename) ?? null;
}

/** The streaming CSV download of `id` (see csvResponse). */
export function exportResponse(db: Kysely<DB>, id: DatasetId, opts: ExportOptions): Response {
  const d = DATASETS[id];
  // Public data, but rows change whenever a record does: let caches revalidate.
  return csvResponse({ filename: d.filename, columns: d.columns, batches: d.batches(db, opts), headers: { "Cache-Control": "no-cache" } });
}

/** Record count and last change of a dataset, for /data. */
export interface DatasetStatus {
  rows: number;
  /** Latest created_at / updated_at / decision time of a record in the file; null when it is empty. */
  lastChanged: Date | null;
}

/**
 * Row counts and last-changed times of every dataset: one SQL statement of
 * aggregates (count, max of greatest(created_at, updated_at, …)) over the same
 * records the files hold. A deleted record leaves no time behind, so a
 * deletion does not move `lastChanged`.
 */
export async function datasetStatus(db: Kysely<DB>): Promise<Record<DatasetId, DatasetStatus>> {
  const { rows } = await sql<{ id: DatasetId; rows: number; last_changed: Date | null }>`
    select 'institutions' as id, count(*)::int as rows, max(greatest(created_at, updated_at, decided_at)) as last_changed
      from institutions where status = 'verified'
    union all
    select 'experts', count(*)::int, max(greatest(created_at, updated_at)) from experts
    union all
    select 'calls', count(*)::int, max(greatest(c.created_at, c.updated_at)) from calls c join institutions i on i.id = c.institution_id
      where c.status in (${sql.join([...EXPORTED_CALL_STATUSES])}) and i.status = 'verified'
    union all
    select 'projects', count(*)::int, max(greatest(created_at, updated_at, decided_at)) from proposals where status = 'approved'
  `.execute(db);
  const out = {} as Record<DatasetId, DatasetStatus>;
  for (const r of rows) out[r.id] = { rows: r.rows, lastChanged: r.last_changed ? new Date(r.last_changed) : null };
  return out;
}
