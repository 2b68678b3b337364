/**
 * Kinds of institution the network registers (column `institutions.kind`),
 * with their English labels. Shared by client and server.
 */

export const INSTITUTION_KINDS = ["university", "research_centre", "other"] as const;

export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const KIND_LABELS: Record<InstitutionKind, string> = {
  university: "University",
  research_centre: "Research centre",
  other: "Other organisation",
};
