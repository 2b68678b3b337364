/**
 * Institutions found by their own names (issue 14, item 1): the curated
 * native-script names and short forms (db/data/institution-native-names.json)
 * imported apart from ROR's labels, name variants added on the edit page, and
 * ranking by short forms and prominence — against the real database and
 * Meilisearch.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { searchInstitutions } from "../app/models/institution.server";
import { ensureIndex } from "../app/search/sync.server";
import { institutionsIndex } from "../app/search/indexes.server";
import { institutionSearchSchema } from "../app/utils/search-params";
import { getDb, syncSearch } from "./helpers";

const search = (q: string) => searchInstitutions({ ...institutionSearchSchema.parse({}), q });
const idOf = async (ror: string) => (await getDb().selectFrom("institutions").select("id").where("ror_id", "=", ror).executeTakeFirstOrThrow()).id;
const names = async (q: string, n = 5) => (await search(q)).hits.slice(0, n).map((h) => h.name);

beforeAll(async () => {
  // Only the index under test: settings of the others (synonyms) cost minutes on a loaded machine.
  await ensureIndex(institutionsIndex);
  await syncSearch();
});

describe("ranking by the names people type", () => {
  it.each([
    ["METU", "Middle East Technical University"],
    ["İTÜ", "Istanbul Technical University"],
    ["ITU", "Istanbul Technical University"],
    ["KazNU", "Al-Farabi Kazakh National University"],
    ["КазНУ", "Al-Farabi Kazakh National University"],
    ["Tehran University", "University of Tehran"],
    ["دانشگاه تهران", "University of Tehran"],
    ["امیرکبیر", "Amirkabir University of Technology"],
    ["دانشگاه صنعتی شریف", "Sharif University of Technology"],
    ["د کابل پوهنتون", "Kabul University"],
  ])("%s → %s first", async (q, first) => {
    const top = await names(q);
    expect(top[0], `${q}: ${top.join(" | ")}`).toBe(first);
  });
});
