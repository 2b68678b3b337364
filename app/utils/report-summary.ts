/**
 * The officer's summary of a published progress report: plain text with
 * paragraphs (an empty line between two paragraphs), no HTML. One schema for
 * the browser (Conform) and the server; `summaryParagraphs` splits a stored
 * summary for rendering, where React escapes every character.
 * Pure (no server imports).
 */
import { z } from "zod";
import { text } from "./input";

export const SUMMARY_MAX = 20_000;

/** Something an HTML parser would read as a tag, comment or doctype: "<b", "</p", "<!--", "<?xml". */
const HTML_TAG = /<\s*(\/\s*)?[a-zA-Z!?]/;

/**
 * The summary as stored: line breaks normalised to "\n", NFC, trimmed, at
 * most SUMMARY_MAX characters. Refuses text containing HTML tags (a "<"
 * followed by a letter, "/", "!" or "?"); "a < b" is plain text and allowed.
 */
const EMPTY = "Write a summary: it is published with the figures.";

export const summarySchema = text({ required_error: EMPTY })
  .transform((s) => s.replace(/\r\n?/g, "\n").normalize("NFC").trim())
  .pipe(
    // Conform turns the trimmed "" into undefined inside the pipe too: the same message either way.
    text({ required_error: EMPTY })
      .min(1, EMPTY)
      .max(SUMMARY_MAX, `At most ${SUMMARY_MAX.toLocaleString("en")} characters.`)
      .refine((s) => !HTML_TAG.test(s), "Write plain text: HTML such as <p> or <b> is not accepted. Separate paragraphs with an empty line."),
  );

/** Paragraphs (separated by one or more empty lines), each as its lines. */
export function summaryParagraphs(summary: string): string[][] {
  return summary
    .split(/\n[ \t]*\n\s*/)
    .map((p) => p.split("\n").map((l) => l.trimEnd()))
    .filter((p) => p.some((l) => l.trim() !== ""));
}
