/**
 * SQL LIKE patterns from user text, for the name look-ups of the pickers
 * (institutions, topics). Pure.
 */

/**
 * `%q%` in lower case with the LIKE wildcards `%`, `_` and the escape `\`
 * escaped, so user text matches literally (PostgreSQL's default escape is `\`).
 */
export function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
