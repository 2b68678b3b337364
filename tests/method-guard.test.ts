/**
 * The 405 method check (app/utils/http-middleware.server.ts) follows the
 * latest build when given a function, as `npm run dev` does after each
 * rebuild: an action added while the dev server runs answers POST without a
 * restart (a fresh-user review found it still refused with 405). Pure: an
 * Express app on a free port, no database.
 */
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, describe, expect, it } from "vitest";
import { installHttpPolicies } from "../app/utils/http-middleware.server";

/** A build with the root route and a resource route /healthz (loader; an action when `withAction`). */
function buildWith(withAction: boolean): ServerBuild {
  const healthz = { loader: () => null, ...(withAction ? { action: () => null } : {}) };
  return {
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      "routes/healthz": { id: "routes/healthz", parentId: "root", path: "healthz", module: healthz },
    },
  } as unknown as ServerBuild;
}

let current = buildWith(false);
const app = express();
installHttpPolicies(app, () => current);
app.all("*", (_req, res) => void res.send("reached the handler"));
const server = app.listen(0, "127.0.0.1");
const origin = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = () => fetch(`${origin()}/healthz`, { method: "POST", headers: { Origin: origin() } });

describe("405 method check with a changing build", () => {
  it("refuses POST while the route has no action, and lets it through once a rebuild adds one", async () => {
    const before = await post();
    expect(before.status).toBe(405);
    expect(before.headers.get("allow")).toBe("GET, HEAD");
    current = buildWith(true);
    const after = await post();
    expect(after.status).toBe(200);
    expect(await after.text()).toBe("reached the handler");
    current = buildWith(false);
    expect((await post()).status).toBe(405);
  });
});
