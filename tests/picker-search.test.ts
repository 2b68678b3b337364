/**
 * The pickers' no-JavaScript "Search" keeps form drafts out of URLs: its
 * button posts the whole form with `intent=search:<queryName>`
 * (app/utils/picker-search.ts) and the page's action answers 200 with the
 * draft as sent and the matches, writing nothing. Over HTTP against the
 * production build, for every form with a picker: /me/profile,
 * /institutions/new, /institutions/:id/edit, /join-requests/new, /calls/new,
 * /calls/:id/edit and /admin/users. Also: no form field is read from a GET
 * query any more.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useAppServer } from "./helpers/app-server";
import { createUser, insertCall, signIn } from "./factories";
import { getDb } from "./helpers";
import { verifiedInstitution } from "./proposal-fixtures";
import { ensureIndexes } from "../app/search/sync.server";
import { lookupTopics } from "../app/features/topics/topics.server";
import { pickerSearch } from "../app/utils/picker-search";

const server = useAppServer({ timeout: 180_000 });

const METU = "Middle East Technical University";
/** The first topic the topic picker lists for "machine learning" (the same lookup as the page's). */
let topicHit: string;

beforeAll(async () => {
  await ensureIndexes();
  const hits = await lookupTopics(getDb(), "machine learning");
  expect(hits.length).toBeGreaterThan(0);
  topicHit = hits[0].name;
});

/** The page's HTML with React's text separators removed; `&#x27;` and `&quot;` left as they are. */
async function html(res: Response): Promise<string> {
  return (await res.text()).replaceAll("<!-- -->", "");
}

async function get(path: string, cookie: string) {
  const res = await fetch(server.app.url + path, { headers: { Cookie: cookie }, redirect: "manual" });
  return { status: res.status, html: await html(res) };
}

/** A no-JavaScript form POST (as a browser sends it: same Origin, the session cookie). */
async function post(path: string, fields: Array<[string, string]>, cookie: string) {
  const res = await fetch(server.app.url + path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.app.url, Cookie: cookie },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
  return { status: res.status, location: res.headers.get("Location"), html: await html(res) };
}

/**
 * Every picker Search button of a page: a submit of the form itself, by its method (POST), with its
 * intent. With `defaultSaves`, the form's first submit button (the one Enter in any text field
 * presses) comes before every Search and is not one.
 */
function expectPostSearchButtons(page: string, queryNames: string[], { defaultSaves = true } = {}) {
  if (defaultSaves) {
    const firstSearch = page.search(/<button[^>]*value="search:/);
    const formStart = page.lastIndexOf("<form", firstSearch);
    const firstSubmit = /<button[^>]*type="submit"[^>]*>/.exec(page.slice(formStart));
    expect(firstSubmit?.[0]).not.toMatch(/value="search:/);
  }
  const buttons = [...page.matchAll(/<button[^>]*value="search:[^"]*"[^>]*>/g)].map((m) => m[0]);
  expect(buttons.map((b) => /value="search:([^"]*)"/.exec(b)![1]).sort()).toEqual([...queryNames].sort());
  for (const b of buttons) {
    expect(b).toContain('name="intent"');
    expect(b).not.toMatch(/formmethod/i);
  }
  expect(page).not.toMatch(/formmethod="get"/i);
}

/** Whether the page's input named `name` with `value` is ticked (React writes `checked` before `value`). */
function ticked(page: string, name: string, value: string): boolean {
  const input = [...page.matchAll(/<input[^>]*>/g)].map((m) => m[0]).find((i) => i.includes(`name="${name}"`) && i.includes(`value="${value}"`));
  expect(input, `no input ${name}=${value}`).toBeDefined();
  return /\schecked=/.test(input!);
}

/** The search input of picker `inputId`, with the focus when it is the searched one. */
function searchInput(page: string, inputId: string): string {
  const input = new RegExp(`<input[^>]*id="${inputId}"[^>]*>`).exec(page)?.[0];
  expect(input, `no input #${inputId}`).toBeDefined();
  return input!;
}

describe("/me/profile", () => {
  it("a Search posts the draft: 200 with every typed field and the matches, the focus on that picker, nothing saved", async () => {
    const user = await createUser({ displayName: "Picker Privacy Person" });
    const cookie = await signIn(user);
    const fields: Array<[string, string]> = [
      ["fullName", "Picker Privacy Person"],
      ["bio", "A bio typed but not yet saved"],
      ["orcid", "0000-0002-1825-0097"],
      ["contactEmail", "typed.private@uni-test.example"],
      ["contactVisibility", "members"],
      ["keywords", "privacy, pickers"],
      ["languages", "az"],
      ["institutionQuery", "Middle East Technical"],
      ["topicQuery", "machine learning"],
      ["topicIds", "T10028"],
      ["intent", "search:institutionQuery"],
    ];
    const res = await post("/me/profile", fields, cookie);
    expect(res.status).toBe(200);
    for (const typed of ["A bio typed but not yet saved", "0000-0002-1825-0097", "typed.private@uni-test.example", "privacy, pickers"]) {
      expect(res.html).toContain(typed);
    }
    // Both pickers keep their text and list their matches; the chosen topic stays ticked.
    expect(res.html).toContain(METU);
    expect(res.html).toContain(topicHit);
    expect(searchInput(res.html, "institutionId-query")).toMatch(/value="Middle East Technical"/);
    expect(searchInput(res.html, "institutionId-query")).toContain("autofocus");
    expect(searchInput(res.html, "topicIds-query")).not.toContain("autofocus");
    expect(res.html).toMatch(/<input[^>]*id="topicIds-chosen-T10028"[^>]*checked/);
    expect(ticked(res.html, "languages", "az")).toBe(true);
    expect(ticked(res.html, "contactVisibility", "members")).toBe(true);
    expectPostSearchButtons(res.html, ["institutionQuery", "topicQuery"]);
    expect(await getDb().selectFrom("experts").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
  });

  it("an intent search:<anything> never saves, even a valid form; a control character in the search text is refused at its picker", async () => {
    const user = await createUser();
    const cookie = await signIn(user);
    const odd = await post(
      "/me/profile",
      [
        ["fullName", "Valid Enough Name"],
        ["contactVisibility", "hidden"],
        ["intent", "search:nothingHere"],
      ],
      cookie,
    );
    expect(odd.status).toBe(200);
    expect(odd.location).toBeNull();
    const nul = await post(
      "/me/profile",
      [
        ["fullName", "Valid Enough Name"],
        ["topicQuery", "mach\u0000ine"],
        ["intent", "search:topicQuery"],
      ],
      cookie,
    );
    expect(nul.status).toBe(200);
    expect(nul.html).toContain("mach\u2400ine");
    expect(nul.html).toMatch(/U\+0000|control character/i);
    expect(await getDb().selectFrom("experts").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
  });

  it("a GET query fills no field of the form (a link may still carry the picker's text)", async () => {
    const user = await createUser({ displayName: "Query Ignored Person" });
    const cookie = await signIn(user);
    const qs = new URLSearchParams({ bio: "Bio smuggled into a URL", contactEmail: "url.leak@uni-test.example", institutionQuery: "Middle East Technical" });
    const res = await get(`/me/profile?${qs}`, cookie);
    expect(res.status).toBe(200);
    expect(res.html).not.toContain("Bio smuggled into a URL");
    expect(res.html).not.toContain("url.leak@uni-test.example");
    expect(res.html).toContain(METU);
    expectPostSearchButtons(res.html, ["institutionQuery", "topicQuery"]);
  });
});

describe("/institutions/new", () => {
  it("a parent Search keeps the typed institution and registers nothing", async () => {
    const cookie = await signIn(await createUser());
    const name = `Picker Privacy Institute ${Date.now()}`;
    const res = await post(
      "/institutions/new",
      [
        ["name", name],
        ["kind", "research_centre"],
        ["countryCode", "AZ"],
        ["city", "Ganja"],
        ["website", "https://typed-privacy.example.az"],
        ["parentQuery", "Middle East Technical"],
        ["intent", "search:parentQuery"],
      ],
      cookie,
    );
    expect(res.status).toBe(200);
    for (const typed of [name, "Ganja", "https://typed-privacy.example.az"]) expect(res.html).toContain(typed);
    expect(res.html).toMatch(/<option value="AZ" selected/);
    expect(res.html).toContain(METU);
    expect(searchInput(res.html, "parentId-query")).toContain("autofocus");
    expectPostSearchButtons(res.html, ["parentQuery"]);
    expect(await getDb().selectFrom("institutions").select("id").where("name", "=", name).execute()).toEqual([]);
  });
});

describe("/institutions/:id/edit", () => {
  it("a topic Search (next to the form's own intent=save) keeps the typed fields and saves nothing", async () => {
    const inst = await verifiedInstitution("KG");
    const cookie = await signIn(await createUser({ institutionAdminOf: inst.id }));
    const before = await getDb().selectFrom("institutions").select(["description", "website"]).where("id", "=", inst.id).executeTakeFirstOrThrow();
    const res = await post(
      `/institutions/${inst.id}/edit`,
      [
        ["intent", "save"],
        ["description", "A description typed, not saved"],
        ["website", "https://typed-edit.example"],
        ["topicQuery", "machine learning"],
        ["intent", "search:topicQuery"],
      ],
      cookie,
    );
    expect(res.status).toBe(200);
    expect(res.html).toContain("A description typed, not saved");
    expect(res.html).toContain("https://typed-edit.example");
    expect(res.html).toContain(topicHit);
    expectPostSearchButtons(res.html, ["topicQuery"]);
    expect(await getDb().selectFrom("institutions").select(["description", "website"]).where("id", "=", inst.id).executeTakeFirstOrThrow()).toEqual(before);
  });
});

describe("/join-requests/new", () => {
  it("an institution Search keeps the message and the chosen institution, and sends no request", async () => {
    const user = await createUser();
    const cookie = await signIn(user);
    const inst = await verifiedInstitution("UZ");
    const res = await post(
      "/join-requests/new",
      [
        ["institutionId", String(inst.id)],
        ["institutionQuery", "Middle East Technical"],
        ["message", "Please add me, a message typed privately"],
        ["intent", "search:institutionQuery"],
      ],
      cookie,
    );
    expect(res.status).toBe(200);
    expect(res.html).toContain("Please add me, a message typed privately");
    expect(res.html).toContain(METU);
    expect(ticked(res.html, "institutionId", String(inst.id))).toBe(true);
    expectPostSearchButtons(res.html, ["institutionQuery"]);
    expect(await getDb().selectFrom("institution_join_requests").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
  });
});

describe("the call form", () => {
  it("/calls/new: a topic Search keeps every typed field and creates no call", async () => {
    const inst = await verifiedInstitution("TJ");
    const cookie = await signIn(await createUser({ institutionAdminOf: inst.id }));
    const title = `Picker privacy call ${Date.now()}`;
    const res = await post(
      "/calls/new",
      [
        ["institutionId", String(inst.id)],
        ["kind", "joint_research"],
        ["title", title],
        ["body", "A call body typed, not saved"],
        ["zone", "Asia/Dushanbe"],
        ["deadline", "2027-03-01T12:00"],
        ["eligibleCountries", "TJ"],
        ["topicIds", "T10028"],
        ["topicQuery", "machine learning"],
        ["intent", "search:topicQuery"],
      ],
      cookie,
    );
    expect(res.status).toBe(200);
    for (const typed of [title, "A call body typed, not saved", 'value="2027-03-01T12:00"']) expect(res.html).toContain(typed);
    expect(ticked(res.html, "eligibleCountries", "TJ")).toBe(true);
    expect(res.html).toContain(topicHit);
    expect(res.html).toMatch(/<input[^>]*id="topicIds-chosen-T10028"[^>]*checked/);
    expectPostSearchButtons(res.html, ["topicQuery"]);
    expect(await getDb().selectFrom("calls").select("id").where("title", "=", title).execute()).toEqual([]);
  });

  it("/calls/:id/edit: a topic Search keeps the typed title and changes nothing", async () => {
    const inst = await verifiedInstitution("TM");
    const cookie = await signIn(await createUser({ institutionAdminOf: inst.id }));
    const id = await insertCall(inst.id, "draft", "Saved call title");
    const res = await post(
      `/calls/${id}/edit`,
      [
        ["kind", "joint_research"],
        ["title", "A new title typed, not saved"],
        ["deadline", "2027-03-01T12:00"],
        ["zone", "Asia/Ashgabat"],
        ["topicQuery", "machine learning"],
        ["intent", "search:topicQuery"],
      ],
      cookie,
    );
    expect(res.status).toBe(200);
    expect(res.html).toContain("A new title typed, not saved");
    expect(res.html).toContain(topicHit);
    expectPostSearchButtons(res.html, ["topicQuery"]);
    expect((await getDb().selectFrom("calls").select("title").where("id", "=", id).executeTakeFirstOrThrow()).title).toBe("Saved call title");
  });
});

describe("/admin/users", () => {
  it("an institution Search lists matches in that user's row, keeps the user search, and changes no membership", async () => {
    const admin = await signIn(await createUser({ role: "admin" }));
    const target = await createUser({ displayName: "Picker Row Target" });
    const path = `/admin/users?${new URLSearchParams({ q: target.email })}`;
    const page = await get(path, admin);
    expect(page.status).toBe(200);
    // The row's form posts to the page with its user search kept.
    expect(page.html).toContain(`action="${path}"`);
    expectPostSearchButtons(page.html, ["institutionQuery"], { defaultSaves: false }); // a form of the picker alone
    const res = await post(
      path,
      [
        ["userId", target.id],
        ["institutionQuery", "Middle East Technical"],
        ["institutionRole", "member"],
        ["intent", "search:institutionQuery"],
      ],
      admin,
    );
    expect(res.status).toBe(200);
    expect(res.html).toContain("Picker Row Target");
    expect(res.html).toContain(METU);
    expect(searchInput(res.html, `inst-${target.id}-query`)).toMatch(/value="Middle East Technical"/);
    expect(await getDb().selectFrom("institution_members").select("institution_id").where("user_id", "=", target.id).execute()).toEqual([]);
  });
});

describe("pickerSearch", () => {
  const lookups = { aQuery: async (q: string) => [`a:${q}`], bQuery: async (q: string) => [`b:${q}`] };
  const form = (entries: Array<[string, string]>) => {
    const f = new FormData();
    for (const [k, v] of entries) f.append(k, v);
    return f;
  };

  it("is null without a search intent; with one, looks every picker's text up and names the searched one", async () => {
    expect(await pickerSearch(form([["intent", "save"]]), lookups)).toBeNull();
    const s = await pickerSearch(
      form([
        ["intent", "save"],
        ["intent", "search:bQuery"],
        ["aQuery", "  x  "],
        ["bQuery", "y".repeat(300)],
      ]),
      lookups,
    );
    expect(s).toEqual({
      searched: "bQuery",
      queries: { aQuery: "x", bQuery: "y".repeat(100) },
      options: { aQuery: ["a:x"], bQuery: [`b:${"y".repeat(100)}`] },
      errors: {},
    });
    expect((await pickerSearch(form([["intent", "search:other"]]), lookups))?.searched).toBeNull();
  });

  it("does not look up a text holding a control character: shown visibly, refused at its picker", async () => {
    const s = await pickerSearch(
      form([
        ["intent", "search:aQuery"],
        ["aQuery", "a\u0000b"],
      ]),
      lookups,
    );
    expect(s?.queries.aQuery).toBe("a\u2400b");
    expect(s?.options.aQuery).toEqual([]);
    expect(s?.errors.aQuery).toHaveLength(1);
  });
});
