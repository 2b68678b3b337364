/**
 * Who is looking at a page: what contact details and member-only fields they
 * may see. `members` visibility means any signed-in user.
 */
import { getUser } from "~/features/accounts/auth.server";

export type Viewer = { kind: "anonymous" } | { kind: "member"; userId: string };

export const ANONYMOUS: Viewer = { kind: "anonymous" };

/** The viewer of `request`: a member for a valid session, otherwise anonymous. */
export async function getViewer(request: Request): Promise<Viewer> {
  const user = await getUser(request);
  return user ? { kind: "member", userId: user.id } : ANONYMOUS;
}
