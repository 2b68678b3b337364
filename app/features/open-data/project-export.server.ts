/**
 * The joint projects download (/exports/projects.csv): approved projects with
 * the fields /projects/:id shows (accepted partners only, the team by expert
 * id, no emails, no reviews); columns and the batched query.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~db/types";
import { batched, columns, type ExportOptions } from "~/features/open-data/export-batches.server";

export const PROJECT_COLUMNS = columns([
  ["id", "Project id (page: /projects/<id>)."],
  ["reference_code", "Reference code given at submission, e.g. ECO-ICT-2026-0042."],
  ["title", "Title."],
  ["acronym", "Acronym."],
  ["abstract", "Abstract."],
  ["objectives", "Objectives."],
  ["lead_institution_id", "Id of the lead institution."],
  ["lead_institution_name", "Name of the lead institution."],
  ["lead_country_code", "Member state of the lead institution, ISO 3166-1 alpha-2."],
  ["partner_institution_ids", 'Ids of the partner institutions (accepted partners); "; "-separated.'],
  ["partner_institution_names", 'Their names, in the same order; "; "-separated.'],
  ["countries", 'Member states of the consortium (lead and partners), ISO 3166-1 alpha-2; "; "-separated.'],
  ["team_expert_ids", 'Expert ids of the team (see experts.csv), PI first; "; "-separated.'],
  ["topic_ids", 'OpenAlex topic ids; "; "-separated.'],
  ["topic_names", 'OpenAlex topic names, in the order of topic_ids; "; "-separated.'],
  ["duration_months", "Planned duration in months."],
  ["budget_amount", "Requested budget (decimal, two places)."],
  ["budget_currency", "Currency of the budget, ISO 4217."],
  ["approved_at", "When the ECO secretariat approved the project (ISO 8601, UTC)."],
  ["demo", "true for generated demonstration projects."],
  ["url", "Page of the project."],
] as const);

export async function* projectBatches(db: Kysely<DB>, opts: ExportOptions) {
  yield* batched(
    opts,
    (after, limit) =>
      db
        .selectFrom("proposals as p")
        .innerJoin("institutions as i", "i.id", "p.lead_institution_id")
        .select([
          "p.id",
          "p.reference_code",
          "p.title",
          "p.acronym",
          "p.abstract",
          "p.objectives",
          "p.lead_institution_id",
          "i.name as lead_name",
          "i.country_code as lead_country",
          "p.duration_months",
          "p.budget_amount",
          "p.budget_currency",
          "p.decided_at",
          "p.is_demo",
          // Accepted partners only, as /projects/:id shows them; one ordering for ids, names and countries.
          sql<
            number[]
          >`array(select pp.institution_id from proposal_partners pp join institutions pi on pi.id = pp.institution_id where pp.proposal_id = p.id and pp.status = 'accepted' order by pi.name, pi.id)`.as(
            "partner_ids",
          ),
          sql<
            string[]
          >`array(select pi.name from proposal_partners pp join institutions pi on pi.id = pp.institution_id where pp.proposal_id = p.id and pp.status = 'accepted' order by pi.name, pi.id)`.as(
            "partner_names",
          ),
          sql<
            string[]
          >`array(select pi.country_code from proposal_partners pp join institutions pi on pi.id = pp.institution_id where pp.proposal_id = p.id and pp.status = 'accepted' order by pi.name, pi.id)`.as(
            "partner_countries",
          ),
          sql<
            number[]
          >`array(select t.expert_id from proposal_team t join experts e on e.id = t.expert_id where t.proposal_id = p.id order by case t.role when 'pi' then 0 when 'co_pi' then 1 else 2 end, e.full_name, e.id)`.as(
            "team_ids",
          ),
          sql<string[]>`array(select t.id from proposal_topics pt join topics t on t.id = pt.topic_id where pt.proposal_id = p.id order by t.id)`.as(
            "topic_ids",
          ),
          sql<string[]>`array(select t.name from proposal_topics pt join topics t on t.id = pt.topic_id where pt.proposal_id = p.id order by t.id)`.as(
            "topic_names",
          ),
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
