/**
 * Who sees an expert's contact email. Enforced here and nowhere else:
 * `contactFor` decides for the profile page (the only place a non-public
 * address is ever shown, a members-only one within the viewer's hourly
 * quota), lists, APIs and open-data exports carry `publicEmailOf` only, and
 * the search mapper (app/search) copies only public addresses into documents.
 */
import type { ContactVisibility } from "~/domain/expert-vocabulary";
import type { Viewer } from "~/features/accounts/viewer.server";
import { MEMBERS_EMAIL_PROFILES_PER_HOUR, allowMembersOnlyEmail } from "~/utils/rate-limit.server";

/**
 * What a profile page says about contact: the address, or why it is not
 * shown ("quota": a members-only address this account may not see this hour,
 * see MEMBERS_EMAIL_PROFILES_PER_HOUR).
 */
export type ContactView =
  { kind: "shown"; email: string; visibility: ContactVisibility } | { kind: "members-only" } | { kind: "quota"; perHour: number } | { kind: "not-shared" };

/**
 * The address anyone may see without signing in: the contact email when its
 * owner made it public, else null (lists, APIs and open-data exports use only this).
 */
export function publicEmailOf(row: { contact_email: string | null; contact_visibility: string }): string | null {
  return row.contact_visibility === "public" ? row.contact_email : null;
}

/**
 * The contact of expert `row` as `viewer` may see it on the expert's own page.
 * Public: everyone; members: signed-in users, within their hourly quota of
 * distinct profiles (one unit used per profile, not per view); hidden: nobody.
 * The owner always sees their own address, without using the quota.
 */
export async function contactFor(
  row: { id: number; contact_email: string | null; contact_visibility: string; user_id: string | null },
  viewer: Viewer,
): Promise<ContactView> {
  const email = row.contact_email;
  if (!email) return { kind: "not-shared" };
  const visibility = row.contact_visibility as ContactVisibility;
  if (viewer.kind === "member" && row.user_id !== null && viewer.userId === row.user_id) return { kind: "shown", email, visibility };
  if (visibility === "public") return { kind: "shown", email, visibility };
  if (visibility !== "members") return { kind: "not-shared" };
  if (viewer.kind !== "member") return { kind: "members-only" };
  return (await allowMembersOnlyEmail(viewer.userId, row.id))
    ? { kind: "shown", email, visibility }
    : { kind: "quota", perHour: MEMBERS_EMAIL_PROFILES_PER_HOUR };
}
