/**
 * The calls download (/exports/calls.csv): open and closed calls of verified
 * institutions, as /calls lists them (no drafts, no cancelled calls); columns
 * and the batched query.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { batched, columns, type ExportOptions } from "~/features/open-data/export-batches.server";

/** Call states a download lists: the ones /calls lists (of verified institutions, like the calls index). */
export const EXPORTED_CALL_STATUSES = ["open", "closed"] as const;

export const CALL_COLUMNS = columns([
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
  ["eligible_countries", 'Member states whose institutions may apply, ISO 3166-1 alpha-2; empty = all; "; "-separated.'],
  ["min_partners", "Minimum number of partner institutions besides the lead."],
  ["min_countries", "Minimum number of member states in the consortium."],
  ["funding_note", "Funding note."],
  ["topic_ids", 'OpenAlex topic ids; "; "-separated.'],
  ["demo", "true for generated demonstration calls."],
  ["url", "Page of the call."],
  ["created_at", "When the call was posted (ISO 8601, UTC)."],
  ["updated_at", "Last change (ISO 8601, UTC)."],
] as const);

export async function* callBatches(db: Kysely<DB>, opts: ExportOptions) {
  yield* batched(
    opts,
    (after, limit) =>
      db
        .selectFrom("calls as c")
        .innerJoin("institutions as i", "i.id", "c.institution_id")
        .select([
          "c.id",
          "c.title",
          "c.kind",
          "c.status",
          "c.institution_id",
          "i.name as institution_name",
          "i.country_code",
          "c.summary",
          "c.body",
          "c.opens_at",
          "c.deadline",
          "c.deadline_zone",
          "c.eligible_countries",
          "c.min_partners",
          "c.min_countries",
          "c.funding_note",
          "c.is_demo",
          "c.created_at",
          "c.updated_at",
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
