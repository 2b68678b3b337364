/**
 * The officer's summary of a published progress report: plain text with
 * paragraphs (an empty line between two paragraphs), no HTML. One schema for
 * the browser (Conform) and the server; `summaryParagraphs` splits a stored
 * summary for rendering, where React escapes every character.
 * Pure (no server imports).
 */
import { text } from "~/utils/input";
import { msg } from "~/i18n/message";

export const SUMMARY_MAX = 20_000;

/**
 * A complete HTML tag, comment or declaration: `<b>`, `<p class="x">`,
 * `<img src=x onerror=alert(1)>`, `<br/>`, `</p>`, `<!-- … -->`, `<!doctype html>`,
 * `<?xml … ?>`. Attributes must have attribute syntax (a name, and `=value`
 * when anything follows), so plain text such as "5 < 7", "a<b" or
 * "a<b then c>d" is not a tag. The summary is always shown escaped; this only
 * keeps pasted markup out of a text that is published as plain text.
 */
const ATTRIBUTE = String.raw`\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=\x60]+))`;
const HTML_TAG = new RegExp(
  String.raw`<[a-zA-Z][a-zA-Z0-9-]*(?:${ATTRIBUTE})*(?:\s+[^\s"'<>/=]+)?\s*\/?>|<\/[a-zA-Z][a-zA-Z0-9-]*\s*>|<!--[\s\S]*?-->|<![a-zA-Z][^<>]*>|<\?[^<>]*\?>`,
);

/** Whether `s` holds an HTML tag, comment or declaration (see HTML_TAG); "a < b" is plain text. */
export function containsHtmlTag(s: string): boolean {
  return HTML_TAG.test(s);
}

/**
 * The summary as stored: line breaks normalised to "\n", NFC, trimmed, at
 * most SUMMARY_MAX characters. Refuses text containing complete HTML tags
 * (`containsHtmlTag`); "<" and ">" in plain text are allowed.
 * Messages are catalogue keys (app/i18n/message.ts), shown in the viewer's language.
 */
const EMPTY = msg("reports:errors.summaryEmpty");

export const summarySchema = text({ required_error: EMPTY })
  .transform((s) => s.replace(/\r\n?/g, "\n").normalize("NFC").trim())
  .pipe(
    // Conform turns the trimmed "" into undefined inside the pipe too: the same message either way.
    text({ required_error: EMPTY })
      .min(1, EMPTY)
      .max(SUMMARY_MAX, msg("reports:errors.summaryTooLong", { max: SUMMARY_MAX }))
      .refine((s) => !containsHtmlTag(s), msg("reports:errors.summaryHtml")),
  );

/** Paragraphs (separated by one or more empty lines), each as its lines. */
export function summaryParagraphs(summary: string): string[][] {
  return summary
    .split(/\n[ \t]*\n\s*/)
    .map((p) => p.split("\n").map((l) => l.trimEnd()))
    .filter((p) => p.some((l) => l.trim() !== ""));
}
