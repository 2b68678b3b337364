/**
 * GET /reports.csv?from=YYYY-MM-DD&to=YYYY-MM-DD&country=TR
 * The public figures (as /api/v1/reports) per member state: one row per state
 * in scope, then one total row (empty country_code; each record counted once,
 * so approved_projects is not the column's sum). Columns: REPORT_CSV_COLUMNS.
 * Written by the app's one CSV writer (app/utils/csv.server.ts: UTF-8 with BOM,
 * header row, formula cells neutralised).
 * 400 { error, issues } for bad or unknown parameters.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { countryName } from "~/domain/member-states";
import { getDb } from "~/utils/db.server";
import { badRequestJson } from "~/utils/http.server";
import { parseReportParams } from "~/features/reports/report-params";
import { csvResponse, type CsvColumn } from "~/utils/csv.server";
import { getReportFigures } from "~/features/reports/reports.server";
import type { StateFigures } from "~/domain/report-figures";
import { reportParamsSchema } from "~/features/reports/report-params";

/** The file's columns: period, state, then the measures (JSON measure names in snake_case). */
export const REPORT_CSV_COLUMNS = [
  { key: "from", header: "from" },
  { key: "to", header: "to" },
  { key: "country_code", header: "country_code" },
  { key: "country_name", header: "country_name" },
  { key: "institutions", header: "institutions" },
  { key: "institutions_university", header: "institutions_university" },
  { key: "institutions_research_centre", header: "institutions_research_centre" },
  { key: "institutions_other", header: "institutions_other" },
  { key: "experts", header: "experts" },
  { key: "experts_open", header: "experts_open" },
  { key: "institutions_registered", header: "institutions_registered" },
  { key: "experts_created", header: "experts_created" },
  { key: "calls_posted", header: "calls_posted" },
  { key: "approved_projects", header: "approved_projects" },
] as const satisfies readonly CsvColumn[];

/** The query this route reads (parsed by parseReportParams). */
export const querySchema = reportParamsSchema();

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseReportParams(new URL(request.url).searchParams, { strict: true });
  if (!parsed.ok) return badRequestJson(parsed.issues);
  const f = await getReportFigures(getDb(), parsed.value);
  const row = (code: string, name: string, s: StateFigures) => ({
    from: f.period.from,
    to: f.period.to,
    country_code: code,
    country_name: name,
    institutions: s.institutions,
    institutions_university: s.institutionsByKind.university,
    institutions_research_centre: s.institutionsByKind.research_centre,
    institutions_other: s.institutionsByKind.other,
    experts: s.experts,
    experts_open: s.expertsOpen,
    institutions_registered: s.institutionsRegistered,
    experts_created: s.expertsCreated,
    calls_posted: s.callsPosted,
    approved_projects: s.approvedProjects,
  });
  const rows = [
    ...Object.entries(f.states).map(([code, s]) => row(code, countryName(code), s!)),
    row("", f.countries.length ? `Total (${f.countries.join(", ")})` : "Total (all member states)", f.total),
  ];
  return csvResponse({ filename: `eco-ict-figures-${f.period.from}-${f.period.to}.csv`, columns: REPORT_CSV_COLUMNS, batches: [rows] });
}
