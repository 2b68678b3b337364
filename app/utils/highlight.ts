/**
 * The highlight markers of search results, and their parsing. Searches ask
 * Meilisearch (or text-match.ts) to wrap matches in the control characters
 * HL_PRE/HL_POST, which never occur in names or texts; components/highlight.tsx
 * renders the segments as text and <mark> elements, so no HTML from data is
 * ever injected. Pure: shared by server modules and components.
 */

/** Opens a highlighted match (U+0001). */
export const HL_PRE = "\u0001";
/** Closes a highlighted match (U+0002). */
export const HL_POST = "\u0002";

/** A piece of highlighted text: `mark` when it was between HL_PRE and HL_POST. */
export interface HighlightSegment {
  text: string;
  mark: boolean;
}

/**
 * `text` cut at its markers, in order, markers removed. An HL_PRE without its
 * HL_POST marks nothing: the rest is plain text. Empty pieces are left out.
 */
export function highlightSegments(text: string): HighlightSegment[] {
  const parts: HighlightSegment[] = [];
  let rest = text;
  while (rest.length) {
    const start = rest.indexOf(HL_PRE);
    if (start === -1) {
      parts.push({ text: rest, mark: false });
      break;
    }
    const end = rest.indexOf(HL_POST, start + 1);
    if (start > 0) parts.push({ text: rest.slice(0, start), mark: false });
    if (end === -1) {
      parts.push({ text: rest.slice(start + 1), mark: false });
      break;
    }
    parts.push({ text: rest.slice(start + 1, end), mark: true });
    rest = rest.slice(end + 1);
  }
  return parts;
}
