/**
 * Who is looking at a page: what contact details and member-only fields they
 * may see. `members` visibility means any signed-in user.
 */

export type Viewer = { kind: "anonymous" } | { kind: "member"; userId: string };

export const ANONYMOUS: Viewer = { kind: "anonymous" };

/**
 * The viewer of `request`. Always anonymous for now.
 * TODO(accounts issue — users, sessions, roles, Lucia; built on the `auth`
 * branch): read the session through auth.server.ts and return
 * `{ kind: "member", userId }` for a valid one. Every page and model already
 * takes the viewer, so only this function changes.
 */
export async function getViewer(_request: Request): Promise<Viewer> {
  return ANONYMOUS;
}
