/** Kinds of joint call (`calls.kind`). Shared by client and server; their names are in the catalogue (`calls:kind.<kind>`). */

export const CALL_KINDS = ["joint_research", "mobility", "joint_supervision", "event"] as const;

export type CallKind = (typeof CALL_KINDS)[number];
