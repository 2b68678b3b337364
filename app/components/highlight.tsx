/**
 * Renders Meilisearch-highlighted text safely. The search asks Meilisearch to
 * wrap matches in the control characters HL_PRE/HL_POST (never in names), and
 * this component turns them into <mark> elements: no HTML from data is ever
 * injected, so a name containing "<script>" stays text.
 */
export const HL_PRE = "\u0001";
export const HL_POST = "\u0002";

export function Highlight({ text }: { text: string }) {
  const parts: React.ReactNode[] = [];
  let rest = text;
  let key = 0;
  while (rest.length) {
    const start = rest.indexOf(HL_PRE);
    if (start === -1) {
      parts.push(rest);
      break;
    }
    const end = rest.indexOf(HL_POST, start + 1);
    if (start > 0) parts.push(rest.slice(0, start));
    if (end === -1) {
      parts.push(rest.slice(start + 1));
      break;
    }
    parts.push(<mark key={key++}>{rest.slice(start + 1, end)}</mark>);
    rest = rest.slice(end + 1);
  }
  return <>{parts}</>;
}
