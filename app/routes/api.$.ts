/**
 * Any unknown /api/… URL, any method → 404 JSON `{ error }`, so API clients
 * never receive an HTML page.
 */
import { z } from "zod";
import type { LoaderFunctionArgs } from "@remix-run/node";

function notFound({ request }: LoaderFunctionArgs) {
  return Response.json({ error: `No API endpoint at ${new URL(request.url).pathname}` }, { status: 404 });
}

/** Reads no query parameters and no form: every request is a 404. */
export const querySchema = z.object({});
export const formSchema = z.object({});
export const loader = notFound;
export const action = notFound;
