/**
 * Kinds of institution the network registers (column `institutions.kind`),
 * Shared by client and server; their names are in the `institutions` catalogue
 * (`institutions:kind.<kind>`).
 */

export const INSTITUTION_KINDS = ["university", "research_centre", "other"] as const;

export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];
