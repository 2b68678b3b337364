/**
 * Renders highlighted search text safely: the segments between the markers
 * HL_PRE/HL_POST (app/utils/highlight.ts) become <mark> elements, the rest
 * plain text; no HTML from data is ever injected, so a name containing
 * "<script>" stays text.
 */
import { highlightSegments } from "~/utils/highlight";

export function Highlight({ text }: { text: string }) {
  return <>{highlightSegments(text).map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : s.text))}</>;
}
