/** Kinds of joint call (`calls.kind`) with their English labels. Shared by client and server. */

export const CALL_KINDS = ["joint_research", "mobility", "joint_supervision", "event"] as const;

export type CallKind = (typeof CALL_KINDS)[number];

export const CALL_KIND_LABELS: Record<CallKind, string> = {
  joint_research: "Joint research",
  mobility: "Mobility / exchange",
  joint_supervision: "Joint supervision",
  event: "Event",
};
