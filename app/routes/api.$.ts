/**
 * Any unknown /api/… URL, any method → 404 JSON `{ error }`, so API clients
 * never receive an HTML page.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";

function notFound({ request }: LoaderFunctionArgs) {
  return Response.json({ error: `No API endpoint at ${new URL(request.url).pathname}` }, { status: 404 });
}

export const loader = notFound;
export const action = notFound;
