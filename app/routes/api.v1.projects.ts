/**
 * GET /api/v1/projects?q=&country=&with=&page=
 * → { hits: [{ id, referenceCode, title, acronym, abstract, lead: { id, name }, institutions, countries, topics, url }], total, page, totalPages }
 * Approved proposals only. `country`: consortium includes any of the states;
 * `with`: it includes every one. 400 { error, issues } for invalid parameters.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { badRequestJson } from "~/utils/http.server";
import { parseSearchParams } from "~/utils/search-params";
import { PROJECT_LIST_PARAMS, projectSearchSchema } from "~/utils/project-params";
import { searchProjects } from "~/models/project.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseSearchParams(projectSearchSchema, new URL(request.url).searchParams, PROJECT_LIST_PARAMS, { strict: true });
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
