/**
 * Roles: site roles beyond "researcher" (which every account has; tables
 * `user_roles`), roles within an institution (`institution_members.role`) and
 * roles in a proposal's team. Roles do not nest. Shared by client and server.
 */

/** Site-wide roles beyond "researcher", which every account has. */
export const SITE_ROLES = ["secretariat", "admin"] as const;

export type SiteRole = (typeof SITE_ROLES)[number];

export const INSTITUTION_ROLES = ["admin", "member"] as const;

export type InstitutionRole = (typeof INSTITUTION_ROLES)[number];
