/**
 * What an expert is open to (`experts.open_to`) and who may see their contact
 * details (`experts.contact_visibility`), with English labels. Shared by client
 * and server.
 */

export const OPEN_TO = ["joint_research", "supervision", "exchange_visits", "teaching", "consulting"] as const;

export type OpenTo = (typeof OPEN_TO)[number];

export const OPEN_TO_LABELS: Record<OpenTo, string> = {
  joint_research: "Joint research",
  supervision: "Supervision",
  exchange_visits: "Exchange visits",
  teaching: "Teaching",
  consulting: "Consulting",
};

export const CONTACT_VISIBILITIES = ["public", "members", "hidden"] as const;

export type ContactVisibility = (typeof CONTACT_VISIBILITIES)[number];

export const CONTACT_VISIBILITY_LABELS: Record<ContactVisibility, string> = {
  public: "Everyone",
  members: "Signed-in members only",
  hidden: "Nobody (hidden)",
};
