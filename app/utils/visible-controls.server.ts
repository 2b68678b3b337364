/**
 * Refused values are shown back without their control characters, for every
 * page, in one place. A page that answers 4xx keeps what was typed (a search
 * box, a form's fields through Conform's `submission.reply()`, the page
 * title naming the search), so a value refused for holding U+0000 or another
 * C0 control (app/utils/input.ts) used to be written into the HTML raw.
 * `showControlsVisibly(build)` (applied by server.ts to the Remix server
 * build) wraps the loader and action of every page route: a JSON Response
 * with a 4xx status, returned or thrown, has every string in it passed
 * through `showControlCharacters` (U+0001 → ␁), before Remix renders it or
 * sends it to the browser as route data. Successful answers and resource
 * routes (the JSON API) are left as they are: they never carry a refused
 * value, and the partners API's highlights use U+0001/U+0002 on purpose.
 */
import type { ServerBuild } from "@remix-run/node";
import { showControlCharacters } from "~/utils/input";

type RouteModule = ServerBuild["routes"][string]["module"];

/** `data` with showControlCharacters applied to every string (object keys included). */
function visible(data: unknown): unknown {
  if (typeof data === "string") return showControlCharacters(data);
  if (Array.isArray(data)) return data.map(visible);
  if (data && typeof data === "object") return Object.fromEntries(Object.entries(data).map(([k, v]) => [showControlCharacters(k), visible(v)]));
  return data;
}

/** The same Response, or for a 4xx JSON one, a copy whose strings show their control characters (see above). */
export async function withVisibleControls(res: Response): Promise<Response> {
  if (res.status < 400 || res.status >= 500 || !/^application\/json\b/i.test(res.headers.get("Content-Type") ?? "")) return res;
  let data: unknown;
  try {
    data = visible(await res.clone().json());
  } catch {
    return res; // not JSON after all: nothing of ours to show
  }
  const headers = new Headers(res.headers);
  headers.delete("Content-Length");
  return new Response(JSON.stringify(data), { status: res.status, statusText: res.statusText, headers });
}

function wrap<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    let result: R;
    try {
      result = await fn(...args);
    } catch (err) {
      throw err instanceof Response ? await withVisibleControls(err) : err;
    }
    return (result instanceof Response ? await withVisibleControls(result) : result) as R;
  };
}

/** The server build with the loader and action of every page route wrapped (see the module). */
export function showControlsVisibly(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const m: RouteModule = route.module;
    routes[id] = m.default
      ? { ...route, module: { ...m, ...(m.loader ? { loader: wrap(m.loader) } : {}), ...(m.action ? { action: wrap(m.action) } : {}) } }
      : route;
  }
  return { ...build, routes };
}
