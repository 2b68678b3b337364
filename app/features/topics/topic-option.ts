/** A taxonomy topic as forms and pickers show it; shared by the server (app/features/topics/topics.server.ts) and the pickers (app/components/pickers.tsx). */
export interface TopicOption {
  id: string;
  name: string;
  subfield: string;
}
