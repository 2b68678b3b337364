/**
 * Choices of the "My institution" picker (/partners): the signed-in user's
 * verified institutions first, then the institution currently chosen (when
 * not theirs), then verified institutions whose name matches a search
 * (Meilisearch institutions index, through searchInstitutions). Distinct ids.
 */
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { isSearchFailure } from "~/search/http.server";
import { searchInstitutions } from "~/features/institutions/institution.server";
import type { AskerProfile } from "~/features/matching/partner-exclusions.server";

export interface InstitutionChoice {
  id: number;
  name: string;
  countryCode: string;
  /** The user belongs to it. */
  mine: boolean;
  /** Found by the name search. */
  found: boolean;
}

/** Institutions found by name, at most. */
const FOUND = 8;

/**
 * The picker's choices (see the module comment). A search that Meilisearch
 * cannot answer finds nothing (the rest of the page may still work).
 */
export async function institutionChoices(
  db: Kysely<DB>,
  opts: { mine: AskerProfile["institutions"]; selected: number | null; search: string },
): Promise<InstitutionChoice[]> {
  const out: InstitutionChoice[] = opts.mine
    .filter((i) => i.verified)
    .map((i) => ({ id: i.id, name: i.name, countryCode: i.countryCode, mine: true, found: false }));
  if (opts.selected != null && !out.some((c) => c.id === opts.selected)) {
    const inst = await db
      .selectFrom("institutions")
      .select(["id", "name", "country_code"])
      .where("id", "=", opts.selected)
      .where("status", "=", "verified")
      .executeTakeFirst();
    if (inst) out.push({ id: inst.id, name: inst.name, countryCode: inst.country_code, mine: false, found: false });
  }
  if (opts.search) {
    try {
      const r = await searchInstitutions({ q: opts.search, country: [], kind: [], page: 1 }, FOUND);
      for (const h of r.hits) {
        const cur = out.find((c) => c.id === h.id);
        if (cur) cur.found = true;
        else out.push({ id: h.id, name: h.name, countryCode: h.country, mine: false, found: true });
      }
    } catch (err) {
      if (!isSearchFailure(err)) throw err;
    }
  }
  return out;
}
