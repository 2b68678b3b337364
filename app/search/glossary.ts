/**
 * Multilingual glossary of the ICT taxonomy's key terms (issue 12): lets text
 * typed in Russian, Persian, Turkish, Azerbaijani, Uzbek or Kazakh reach the
 * English OpenAlex topic names and keywords.
 *
 * Data: `db/data/glossary.json`, written by the project team (see its
 * `source` and db/data/README.md). Shape:
 *   { source, licence, languages, notes,
 *     concepts: [{ id, en: string[], ru: string[], fa: string[], tr: string[],
 *                  az?: string[], uz?: string[], kk?: string[],
 *                  topics?: string[],   // OpenAlex topic ids, e.g. "T10020"
 *                  source?: string }] } // only on entries taken from a named reference
 *
 * This module holds the data and its schema; finding glossary terms in text
 * is glossary-match.ts (word folding and inflection: glossary-words.ts).
 * Pure modules (no server-only imports): used by topic recognition, the
 * search query text (glossary-query.ts) and tests alike. The JSON is parsed and validated once, on
 * first use; a malformed file throws a ZodError then.
 */
import { z } from "zod";
import data from "~db/data/glossary.json";

/** Languages of the glossary, English first. */
export const GLOSSARY_LANGUAGES = ["en", "ru", "fa", "tr", "az", "uz", "kk"] as const;
export type GlossaryLanguage = (typeof GLOSSARY_LANGUAGES)[number];

const terms = z.array(z.string().trim().min(1)).min(1);

const conceptSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "kebab-case id"),
    en: terms,
    ru: terms,
    fa: terms,
    tr: terms,
    az: terms.optional(),
    uz: terms.optional(),
    kk: terms.optional(),
    topics: z.array(z.string().regex(/^T\d+$/)).optional(),
    source: z.string().min(1).optional(),
  })
  .strict();

/** Zod schema of db/data/glossary.json. */
export const glossarySchema = z
  .object({
    source: z.string().min(1),
    licence: z.string().min(1),
    languages: z.record(z.enum(GLOSSARY_LANGUAGES), z.string()),
    notes: z.string().optional(),
    concepts: z.array(conceptSchema).min(1),
  })
  .strict()
  .superRefine((g, ctx) => {
    const ids = new Set<string>();
    g.concepts.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["concepts", i, "id"], message: `duplicate id ${c.id}` });
      ids.add(c.id);
    });
  });

export type Glossary = z.infer<typeof glossarySchema>;
export type GlossaryConcept = Glossary["concepts"][number];

let parsed: Glossary | undefined;

/** The parsed, validated glossary (parsed once). Throws a ZodError if the data file is malformed. */
export function getGlossary(): Glossary {
  parsed ??= glossarySchema.parse(data);
  return parsed;
}

/** The terms of one concept in one language ([] where the language is not given). */
export function conceptTerms(concept: GlossaryConcept, lang: GlossaryLanguage): string[] {
  return concept[lang] ?? [];
}
