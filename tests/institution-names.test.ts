/**
 * Institutions found by their own names (issue 14, item 1): the curated
 * native-script names and short forms (db/data/institution-native-names.json)
 * imported apart from ROR's labels, name variants added on the edit page, and
 * ranking by short forms and prominence — against the real database and
 * Meilisearch.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { searchInstitutions } from "../app/features/institutions/institution.server";
import { ensureIndex } from "../app/search/sync.server";
import { institutionProminence } from "../app/search/indexes/institution-prominence.server";
import { institutionsIndex } from "../app/search/indexes/institutions.server";
import { latinFromCyrillic, searchShortNames, universityWordOrder } from "../app/search/name-variants";
import { institutionSearchSchema } from "../app/features/institutions/institution-search-params";
import { isLanguageCode, LANGUAGE_CODE_MESSAGE } from "../app/domain/language";
import { importRorInstitutions, readDataFile, type RorRecord } from "../db/import";
import { importCuratedNames, type NativeNamesEntry } from "../db/import-names";
import { action, loader } from "../app/routes/institutions_.$id.edit";
import { DUPLICATE_NAME_MESSAGE } from "../app/features/institutions/institution-admin.server";
import { createUser, signIn } from "./factories";
import { serverT } from "../app/i18n/i18n.server";
import { translateMessage } from "../app/i18n/message";

/** A message key (app/i18n/message.ts) as English readers see it. */
const inEnglish = (m: string) => translateMessage(serverT("en", ["institutions", "common"]), m);
import { callRoute, getArgs, getDb, syncSearch } from "./helpers";

const search = (q: string) => searchInstitutions({ ...institutionSearchSchema.parse({}), q });
const names = async (q: string, n = 5) => (await search(q)).hits.slice(0, n).map((h) => h.name);
const idOf = async (ror: string) => (await getDb().selectFrom("institutions").select("id").where("ror_id", "=", ror).executeTakeFirstOrThrow()).id;
const TEHRAN = "05vf56z40";
const SHARIF = "024c2fq17";
const KABUL = "02ht5pq60";

async function namesOf(id: number) {
  return getDb()
    .selectFrom("institution_names")
    .select(["name", "lang", "kind", "source"])
    .where("institution_id", "=", id)
    .orderBy("source")
    .orderBy("name")
    .execute();
}
async function curatedCount() {
  return (
    await getDb()
      .selectFrom("institution_names")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("source", "=", "curated")
      .executeTakeFirstOrThrow()
  ).n;
}
function post(id: number, fields: Record<string, string>, cookie?: string) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  return {
    request: new Request(`http://localhost/institutions/${id}/edit`, { method: "POST", headers, body: new URLSearchParams(fields) }),
    params: { id: String(id) },
    context: { clientAddress: "203.0.113.7" },
  };
}
const editGet = (id: number, cookie?: string) => callRoute(loader, getArgs(`/institutions/${id}/edit`, cookie, { id: String(id) }));

beforeAll(async () => {
  // Only the index under test: settings of the others (synonyms) cost minutes on a loaded machine.
  await ensureIndex(institutionsIndex);
  await syncSearch();
});

describe("curated names import", () => {
  it("imported every curated name with its language, apart from ROR's, and a second run changes nothing", async () => {
    expect(await curatedCount()).toBe(155 + 96); // labels and short forms of the file (db/data/README.md)
    const tehran = await namesOf(await idOf(TEHRAN));
    expect(tehran).toContainEqual({ name: "دانشگاه تهران", lang: "fa", kind: "label", source: "curated" });
    const sharif = await namesOf(await idOf(SHARIF));
    expect(sharif).toContainEqual({ name: "صنعتی شریف", lang: null, kind: "short", source: "curated" });
    const kabul = await namesOf(await idOf(KABUL));
    expect(kabul).toContainEqual({ name: "د کابل پوهنتون", lang: "ps", kind: "label", source: "curated" });

    const entries = await readDataFile<NativeNamesEntry>("institution-native-names.json");
    const again = await importCuratedNames(getDb(), entries);
    expect(again).toEqual({ institutionsChanged: 0, added: 0, removed: 0, skipped: [] });
    expect(await curatedCount()).toBe(155 + 96);
  });

  it("follows the file: a dropped name goes, a new one comes, unknown ROR ids and bad language codes are reported", async () => {
    const entries = await readDataFile<NativeNamesEntry>("institution-native-names.json");
    const edited = entries.map((e) =>
      e.ror === SHARIF
        ? {
            ...e,
            labels: [
              { value: "دانشگاه صنعتی شریف", lang: "fa" },
              { value: "Sharif bad", lang: "xx" },
            ],
            shortForms: ["شریف"],
          }
        : e,
    );
    edited.push({ ror: "0abcdef12", name: "Nowhere", country: "IR", labels: [{ value: "هیچ‌جا", lang: "fa" }], shortForms: [] });
    const r = await importCuratedNames(getDb(), edited);
    expect(r.institutionsChanged).toBe(1);
    expect(r.skipped).toEqual([
      { id: SHARIF, reason: expect.stringMatching(/no valid language code/) },
      { id: "0abcdef12", reason: "no imported institution has this ROR id" },
    ]);
    const sharif = (await namesOf(await idOf(SHARIF))).filter((n) => n.source === "curated").map((n) => n.name);
    expect(sharif.sort()).toEqual(["دانشگاه صنعتی شریف", "شریف"].sort());
    const queued = await getDb().selectFrom("search_outbox").select("doc_id").where("index_name", "=", "institutions").execute();
    expect(queued.map((q) => q.doc_id)).toContain(String(await idOf(SHARIF)));
    // Back to the file: the removed names return.
    await importCuratedNames(getDb(), entries);
    expect(await curatedCount()).toBe(155 + 96);
    await syncSearch();
  });

  it("a ROR re-import of a changed record replaces ROR's names only: curated and added names survive", async () => {
    const db = getDb();
    const id = await idOf(TEHRAN);
    const admin = await createUser({ institutionAdminOf: id });
    expect((await callRoute(action, post(id, { intent: "add-name", name: "UT Tehran", lang: "en", kind: "short" }, await signIn(admin)))).status).toBe(302);
    const records = await readDataFile<RorRecord>("ror-eco-institutions.json");
    const tehran = records.find((r) => r.ror === TEHRAN)!;
    const report = await importRorInstitutions(db, [{ ...tehran, aliases: ["Tehran University (ROR alias)"] }]);
    expect(report.updated).toBe(1);
    expect(await namesOf(id)).toEqual([
      { name: "UT Tehran", lang: "en", kind: "short", source: "admin" },
      { name: "دانشگاه تهران", lang: "fa", kind: "label", source: "curated" },
      { name: "Tehran University (ROR alias)", lang: null, kind: "alias", source: "ror" },
    ]);
    // The record back as in the file: ROR's alias goes, the others stay.
    await importRorInstitutions(db, [tehran]);
    expect((await namesOf(id)).map((n) => n.source)).toEqual(["admin", "curated"]);
    await syncSearch();
    // An added short form does not push it down for its common name (a list's first element
    // alone counts as the whole attribute for exactness: the common name has its own).
    expect((await names("Tehran University"))[0]).toBe("University of Tehran");
    await db.deleteFrom("institution_names").where("institution_id", "=", id).where("source", "=", "admin").execute();
  });
});

describe("name variants on /institutions/:id/edit", () => {
  it("anonymous visitors are sent to sign in; researchers and other institutions' admins get 403 and write nothing", async () => {
    const id = await idOf(KABUL);
    const anon = await callRoute(action, post(id, { intent: "add-name", name: "Kabul U", lang: "en", kind: "short" }));
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    const before = await namesOf(id);
    for (const user of [await createUser(), await createUser({ institutionAdminOf: await idOf(SHARIF) })]) {
      const cookie = await signIn(user);
      expect((await editGet(id, cookie)).status).toBe(403);
      expect((await callRoute(action, post(id, { intent: "add-name", name: "Kabul U", lang: "en", kind: "short" }, cookie))).status).toBe(403);
    }
    expect(await namesOf(id)).toEqual(before);
  });

  it("the secretariat adds and removes names of any institution, and nothing else there", async () => {
    const id = await idOf(KABUL);
    const cookie = await signIn(await createUser({ role: "secretariat" }));
    const page = await editGet(id, cookie);
    expect(page.status).toBe(200);
    const data = await page.json();
    expect(data).toMatchObject({ isAdmin: false, members: [] });
    expect(data.names).toContainEqual(expect.objectContaining({ name: "د کابل پوهنتون", lang: "ps", languageName: "Pashto", source: "curated" }));
    const save = await callRoute(action, post(id, { intent: "save", description: "Hijacked" }, cookie));
    expect(save.status).toBe(403);

    const added = await callRoute(action, post(id, { intent: "add-name", name: "کابل پوهنتون", lang: "PS", kind: "short" }, cookie));
    expect(added.status).toBe(302);
    const row = await getDb()
      .selectFrom("institution_names")
      .selectAll()
      .where("institution_id", "=", id)
      .where("source", "=", "admin")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "کابل پوهنتون", lang: "ps", kind: "short" });
    const removed = await callRoute(action, post(id, { intent: "remove-name", nameId: String(row.id) }, cookie));
    expect(removed.status).toBe(302);
    expect((await namesOf(id)).some((n) => n.source === "admin")).toBe(false);
    // ROR's and the curated names cannot be removed (an import would bring them back).
    const curated = await getDb()
      .selectFrom("institution_names")
      .select("id")
      .where("institution_id", "=", id)
      .where("source", "=", "curated")
      .executeTakeFirstOrThrow();
    const refused = await callRoute(action, post(id, { intent: "remove-name", nameId: String(curated.id) }, cookie));
    expect(refused.status).toBe(400);
    expect((await refused.json()).result.error[""].map(inEnglish)).toEqual(["That name is not one added here: choose one from the list."]);
    expect((await namesOf(id)).filter((n) => n.source === "curated")).toHaveLength(3);
  });

  it("a bad language code or a name it already has: a message at the field, the typed values kept, nothing written", async () => {
    const id = await idOf(SHARIF);
    const cookie = await signIn(await createUser({ institutionAdminOf: id }));
    const before = await namesOf(id);
    for (const lang of ["xx", "fas", "fa-IR", "iw", ""]) {
      const res = await callRoute(action, post(id, { intent: "add-name", name: "دانشکده شریف", lang, kind: "label" }, cookie));
      expect(res.status, lang).toBe(400);
      const body = await res.json();
      expect(body.result.error.lang, lang).toEqual([LANGUAGE_CODE_MESSAGE]);
      expect(body.result.initialValue).toMatchObject({ name: "دانشکده شریف", kind: "label" });
    }
    // The same name in Arabic letters (ي, ك) and other spacing is the same name.
    const dup = await callRoute(action, post(id, { intent: "add-name", name: "  دانشگاه  صنعتي شريف ", lang: "fa", kind: "label" }, cookie));
    expect(dup.status).toBe(400);
    expect((await dup.json()).result.error.name).toEqual([DUPLICATE_NAME_MESSAGE]);
    expect(await namesOf(id)).toEqual(before);
  });

  it("an added name is searched like ROR's labels, and gone once removed", async () => {
    const id = await idOf(KABUL);
    const cookie = await signIn(await createUser({ institutionAdminOf: id }));
    const name = "Pohantoon Kabulistan";
    expect((await callRoute(action, post(id, { intent: "add-name", name, lang: "ps", kind: "label" }, cookie))).status).toBe(302);
    await syncSearch();
    expect((await search("Pohantoon Kabulistan")).hits[0]?.id).toBe(id);
    const row = await getDb().selectFrom("institution_names").select("id").where("institution_id", "=", id).where("name", "=", name).executeTakeFirstOrThrow();
    expect((await callRoute(action, post(id, { intent: "remove-name", nameId: String(row.id) }, cookie))).status).toBe(302);
    await syncSearch();
    expect((await search("Pohantoon Kabulistan")).hits.map((h) => h.id)).not.toContain(id);
  });
});

describe("ranking by the names people type", () => {
  it.each([
    // ROR gives METU as an acronym (and "METU University" as an alias) of a Kazakh university too.
    ["METU", "Middle East Technical University"],
    // Not "ITU Vodafone Future Lab", whose name begins with ITU.
    ["İTÜ", "Istanbul Technical University"],
    ["KazNU", "Al-Farabi Kazakh National University"],
    ["КазНУ", "Al-Farabi Kazakh National University"],
    ["Tehran University", "University of Tehran"],
    ["دانشگاه تهران", "University of Tehran"],
    ["امیرکبیر", "Amirkabir University of Technology"],
    ["دانشگاه صنعتی شریف", "Sharif University of Technology"],
    ["صنعتي شريف", "Sharif University of Technology"], // Arabic ي: folded to Persian ی
    ["د کابل پوهنتون", "Kabul University"],
  ])("%s → %s first", async (q, first) => {
    const top = await names(q);
    expect(top[0], `${q}: ${top.join(" | ")}`).toBe(first);
  });

  it("prominence orders equal matches only: IETU still matches METU, after it", async () => {
    const top = await names("METU");
    expect(top.slice(0, 2)).toEqual(["Middle East Technical University", "International Engineering and Technological University"]);
  });
});

describe("prominence measure", () => {
  const base = { registry: 0, kind: "university", flagship: false, hasParent: false, established: null, experts: 0 };
  it("adds registry signals (or the curated list standing in), kind, independence, age and experts", () => {
    expect(institutionProminence(base, 2026)).toBe(8);
    expect(institutionProminence({ ...base, flagship: true }, 2026)).toBe(16);
    expect(institutionProminence({ ...base, registry: 12, flagship: true }, 2026)).toBe(20);
    expect(institutionProminence({ ...base, kind: "research_centre", hasParent: true }, 2026)).toBe(2);
    expect(institutionProminence({ ...base, established: 1773 }, 2026)).toBe(12);
    expect(institutionProminence({ ...base, established: 1956 }, 2026)).toBe(9);
    expect(institutionProminence({ ...base, experts: 7 }, 2026)).toBe(11);
    expect(institutionProminence({ ...base, experts: 100_000 }, 2026)).toBe(16);
  });

  it("a unit is indexed below its parent", async () => {
    const db = getDb();
    const child = await db
      .selectFrom("institutions as c")
      .innerJoin("institutions as p", "p.id", "c.parent_id")
      .select(["c.id", "p.id as parentId"])
      .where("c.status", "=", "verified")
      .where("p.status", "=", "verified")
      .orderBy("c.prominence", "desc")
      .executeTakeFirstOrThrow();
    const [a, b] = await institutionsIndex.load(db, [String(child.id), String(child.parentId)]);
    const byId = new Map([a, b].map((d) => [d.id, d.prominence]));
    expect(byId.get(child.id)!).toBeLessThan(byId.get(child.parentId)!);
  });
});

describe("search-only spellings", () => {
  it("writes Cyrillic short forms in Latin and reorders 'University of X'", () => {
    expect(latinFromCyrillic("КазНУ")).toBe("KazNU");
    expect(latinFromCyrillic("ТашГТУ")).toBe("TashGTU");
    expect(latinFromCyrillic("ҚазҰУ")).toBe("QazUU");
    expect(latinFromCyrillic("METU")).toBeNull();
    expect(universityWordOrder("University of Tehran")).toBe("Tehran University");
    expect(universityWordOrder("University of the Punjab")).toBe("Punjab University");
    expect(universityWordOrder("University of Science and Culture")).toBeNull();
    expect(universityWordOrder("Kabul University")).toBeNull();
    expect(searchShortNames(["UT", "КГТУ", "UT"])).toEqual(["UT", "КГТУ", "KGTU"]);
  });

  it("accepts current two-letter language codes only", () => {
    for (const c of ["fa", "ps", "tg", "kk", "ky", "uz", "tk", "az", "tr", "ur", "ru", "en"]) expect(isLanguageCode(c), c).toBe(true);
    for (const c of ["xx", "FA", "fas", "fa-IR", "iw", "", "f"]) expect(isLanguageCode(c), c).toBe(false);
  });
});
