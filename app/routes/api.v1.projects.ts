/**
 * GET /api/v1/projects?q=&country=&with=&approvedFrom=&approvedTo=&page=
 * → { hits: [{ id, referenceCode, title, acronym, abstract, lead: { id, name }, institutions, countries, topics, url }], total, page, totalPages }
 * Approved proposals only. `country`: consortium includes any of the states;
 * `with`: it includes every one. `approvedFrom`/`approvedTo`: approved on
 * those YYYY-MM-DD UTC days or between them (inclusive). 400 { error, issues } for invalid parameters
 * (messages in English, whatever the request's language).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { badRequestJson } from "~/utils/http.server";
import { parseProjectParams, projectSearchSchema } from "~/features/projects/project-params";
import { searchProjects } from "~/features/projects/project.server";

export const querySchema = projectSearchSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseProjectParams(new URL(request.url).searchParams, { strict: true });
  if (!parsed.ok) return badRequestJson(parsed.issues);
  const r = await searchProjects(getDb(), parsed.value);
  return Response.json({
    hits: r.hits.map((h) => ({
      id: h.id,
      referenceCode: h.referenceCode,
      title: h.title,
      acronym: h.acronym,
      abstract: h.abstract,
      lead: { id: h.leadInstitutionId, name: h.leadName },
      institutions: h.institutionNames,
      countries: h.countries,
      topics: h.topicIds.map((id, i) => ({ id, name: h.topicNames[i] })),
      url: `/projects/${h.id}`,
    })),
    total: r.total,
    page: r.page,
    totalPages: r.totalPages,
  });
}
