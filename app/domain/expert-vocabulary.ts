/**
 * What an expert is open to (`experts.open_to`) and who may see their contact
 * details (`experts.contact_visibility`). Shared by client and server. Their
 * labels for people live in the `experts` catalogue: `experts:openTo.<code>`
 * and `experts:visibility.<code>`.
 */

export const OPEN_TO = ["joint_research", "supervision", "exchange_visits", "teaching", "consulting"] as const;

export type OpenTo = (typeof OPEN_TO)[number];

export const CONTACT_VISIBILITIES = ["public", "members", "hidden"] as const;

export type ContactVisibility = (typeof CONTACT_VISIBILITIES)[number];
