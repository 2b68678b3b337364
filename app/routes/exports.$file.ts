/**
 * GET /exports/institutions.csv, /exports/experts.csv, /exports/calls.csv,
 * /exports/projects.csv — the open data downloads (public; listed on /data;
 * what each holds: DATASETS in app/features/open-data/exports.server.ts). Any other file
 * name answers 404.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { datasetByFilename, exportResponse } from "~/features/open-data/exports.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { linkOrigin } from "~/utils/request.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const dataset = datasetByFilename(params.file ?? "");
  invariantResponse(dataset, "No such download. The open data files are listed at /data.", 404);
  return exportResponse(getDb(), dataset.id, { origin: linkOrigin(request) });
}
