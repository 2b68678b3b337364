/**
 * Issue 14 item 7, against a real PostgreSQL and Meilisearch:
 * - open and closed are judged at read time against the deadline instant: a
 *   call whose deadline is 1 s ahead is listed as open, then — with no job
 *   run and nothing re-indexed — as closed (/calls, /api/v1/calls,
 *   `?status=closed`);
 * - the call form's deadline zone defaults to the posting institution's
 *   member-state zone (Asia/Tehran for Iran; the capital's for Kazakhstan);
 * - topics come from the searchable picker: `?topicQuery=` lists matches and,
 *   without JavaScript, the typed fields come back; a refused form returns
 *   the chosen topics with the errors.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ensureIndexes } from "../app/search/sync.server";
import { action as newCallAction, loader as newCallLoader } from "../app/routes/calls.new";
import { loader as editCallLoader } from "../app/routes/calls.$id_.edit";
import { loader as callsLoader } from "../app/routes/calls._index";
import { loader as apiCallsLoader } from "../app/routes/api.v1.calls";
import { callStatusFilter, effectiveCallStatus, searchCalls } from "../app/features/calls/call.server";
import { enqueueIndexChange } from "../app/search/outbox.server";
import { callSearchSchema } from "../app/features/calls/call-search-params";
import { MEMBER_STATE_ZONES, zoneForCountry } from "../app/utils/time-zone";
import { MEMBER_STATE_CODES } from "../app/domain/member-states";
import { createUser, signIn } from "./factories";
import { actionArgs, callRoute, getArgs, getDb, syncSearch } from "./helpers";

async function verifiedInstitutionIn(country: string): Promise<{ id: number; name: string }> {
  return getDb()
    .selectFrom("institutions")
    .select(["id", "name"])
    .where("country_code", "=", country)
    .where("status", "=", "verified")
    .orderBy("id")
    .executeTakeFirstOrThrow();
}

async function adminOf(institutionId: number) {
  const user = await createUser();
  await getDb().insertInto("institution_members").values({ user_id: user.id, institution_id: institutionId, role: "admin" }).execute();
  return { user, cookie: await signIn(user) };
}

async function callAt(institutionId: number, deadline: Date, status: "open" | "closed", title: string): Promise<number> {
  const { id } = await getDb()
    .insertInto("calls")
    .values({ institution_id: institutionId, kind: "joint_research", title, deadline, deadline_zone: "Asia/Tehran", status })
    .returning("id")
    .executeTakeFirstOrThrow();
  await enqueueIndexChange(getDb(), "calls", [id]);
  return id;
}

const apiTitles = async (query: string) => {
  const res = await callRoute(apiCallsLoader, getArgs(`/api/v1/calls?${query}`));
  expect(res.status).toBe(200);
  return ((await res.json()).hits as Array<{ title: string; status: string }>).map((h) => `${h.title}: ${h.status}`);
};
const pageTitles = async (query: string) => {
  const res = await callRoute(callsLoader, getArgs(`/calls?${query}`));
  expect(res.status).toBe(200);
  return ((await res.json()).result.hits as Array<{ title: string; status: string }>).map((h) => `${h.title}: ${h.status}`);
};

describe("open calls are judged at read time against the deadline", () => {
  // The template's backlog (institutions, topics) first, so the test's own sync is small.
  beforeAll(async () => {
    await ensureIndexes();
    await syncSearch();
  });

  it("a call whose deadline is 1 s ahead is open, then closed once it passes, with no job run", async () => {
    const inst = await verifiedInstitutionIn("IR");
    const deadline = new Date(Date.now() + 1000);
    await callAt(inst.id, deadline, "open", "Deadline soon zqxw");
    await callAt(inst.id, new Date(Date.now() + 30 * 86_400_000), "open", "Deadline later zqxw");
    await callAt(inst.id, new Date(Date.now() + 30 * 86_400_000), "closed", "Closed by hand zqxw");
    await syncSearch();
    // Read as at a moment before the deadline (the 1 s may be gone by now on a loaded machine).
    const before = await searchCalls(getDb(), callSearchSchema.parse({ q: "zqxw" }), 20, Math.floor(deadline.getTime() / 1000) - 1);
    expect(before.hits.map((h) => `${h.title}: ${h.status}`)).toEqual(["Deadline soon zqxw: open", "Deadline later zqxw: open"]);
    await new Promise((r) => setTimeout(r, Math.max(0, deadline.getTime() - Date.now()) + 1100));
    // Nothing re-indexed: the outbox is empty, the documents are as they were.
    expect(await getDb().selectFrom("search_outbox").select("id").execute()).toEqual([]);
    expect(await apiTitles("q=zqxw")).toEqual(["Deadline later zqxw: open"]);
    expect(await pageTitles("q=zqxw")).toEqual(["Deadline later zqxw: open"]);
    expect((await apiTitles("q=zqxw&status=closed")).sort()).toEqual(["Closed by hand zqxw: closed", "Deadline soon zqxw: closed"]);
    expect((await pageTitles("q=zqxw&status=closed")).sort()).toEqual(["Closed by hand zqxw: closed", "Deadline soon zqxw: closed"]);
    expect((await apiTitles("q=zqxw&status=open,closed")).sort()).toEqual([
      "Closed by hand zqxw: closed",
      "Deadline later zqxw: open",
      "Deadline soon zqxw: closed",
    ]);
  }, 60_000);

  it("builds the filter from the status and the instant; an open call past its deadline reads as closed", () => {
    expect(callStatusFilter([], 1_800_000_000)).toBe('status = "open" AND deadline > 1800000000');
    expect(callStatusFilter(["open"], 1_800_000_000.7)).toBe('status = "open" AND deadline > 1800000000');
    expect(callStatusFilter(["closed"], 1_800_000_000)).toBe('status = "closed" OR (status = "open" AND deadline <= 1800000000)');
    expect(callStatusFilter(["open", "closed"], 1_800_000_000)).toBeUndefined();
    expect(effectiveCallStatus("open", 99, 100)).toBe("closed");
    expect(effectiveCallStatus("open", 101, 100)).toBe("open");
    expect(effectiveCallStatus("cancelled", 99, 100)).toBe("cancelled");
  });
});

describe("the call form", () => {
  it("every member state has a deadline zone; Kazakhstan's is its capital's", () => {
    expect(Object.keys(MEMBER_STATE_ZONES).sort()).toEqual([...MEMBER_STATE_CODES].sort());
    expect(zoneForCountry("IR")).toBe("Asia/Tehran");
    expect(zoneForCountry("kz")).toBe("Asia/Almaty");
    expect(zoneForCountry("FR")).toBe("UTC");
  });

  it("defaults the deadline zone to the posting institution's member state (Iran: Asia/Tehran)", async () => {
    const { cookie } = await adminOf((await verifiedInstitutionIn("IR")).id);
    const res = await callRoute(newCallLoader, getArgs("/calls/new", cookie));
    expect(res.status).toBe(200);
    const data = await res.json();
    expect(data.defaults.zone).toBe("Asia/Tehran");
    expect(data.institutions[0].country_code).toBe("IR");
    // No 645-item list: the picker starts empty and searches.
    expect(data.topicOptions).toEqual([]);
    expect(data).not.toHaveProperty("topics");
  });

  it("topic search without JavaScript: a POST with intent search:topicQuery keeps the typed fields, lists matches and creates nothing", async () => {
    const { cookie } = await adminOf((await verifiedInstitutionIn("KZ")).id);
    const title = `Steppe networks ${Date.now()}`;
    const q = new URLSearchParams({
      title,
      kind: "joint_research",
      zone: "Asia/Almaty",
      deadline: "2027-03-01T12:00",
      topicQuery: "machine learning",
      intent: "search:topicQuery",
    });
    q.append("topicIds", "T10028");
    q.append("eligibleCountries", "KZ");
    const res = await callRoute(newCallAction, actionArgs("/calls/new", Object.fromEntries(q), { cookie }));
    expect(res.status).toBe(200);
    const data = await res.json();
    expect(data.defaults).toMatchObject({ title, zone: "Asia/Almaty", deadline: "2027-03-01T12:00", topicIds: ["T10028"], eligibleCountries: ["KZ"] });
    expect(data.chosenTopics.map((t: { id: string }) => t.id)).toEqual(["T10028"]);
    expect(data.search.options.topicQuery.length).toBeGreaterThan(0);
    expect(await getDb().selectFrom("calls").select("id").where("title", "=", title).execute()).toEqual([]);
    // The page's GET reads no field of the form; a control character in the picker's text is named, not searched for.
    const page = await (await callRoute(newCallLoader, getArgs(`/calls/new?${new URLSearchParams({ title: "From a URL" })}`, cookie))).json();
    expect(page.defaults.title).toBeUndefined();
    const bad = await callRoute(newCallLoader, getArgs("/calls/new?topicQuery=a%00b", cookie));
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues).toEqual([expect.objectContaining({ param: "topicQuery" })]);
  });

  it("a refused form keeps its chosen topics; the edit page starts from the saved call", async () => {
    const inst = await verifiedInstitutionIn("IR");
    const { cookie } = await adminOf(inst.id);
    const fields = new URLSearchParams({
      institutionId: String(inst.id),
      kind: "joint_research",
      title: "",
      deadline: "2027-03-01T12:00",
      zone: "Asia/Tehran",
    });
    fields.append("topicIds", "T10028");
    const args = actionArgs("/calls/new", Object.fromEntries(fields), { cookie });
    args.request = new Request(args.request.url, { method: "POST", headers: args.request.headers, body: fields });
    const res = await callRoute(newCallAction, args);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.result.error.title).toBeTruthy();
    expect(body.chosenTopics.map((t: { id: string }) => t.id)).toEqual(["T10028"]);

    const id = await callAt(inst.id, new Date("2027-03-01T08:30:00Z"), "open", "Saved call");
    await getDb().insertInto("call_topics").values({ call_id: id, topic_id: "T10028" }).execute();
    const edit = await callRoute(editCallLoader, getArgs(`/calls/${id}/edit`, cookie, { id: String(id) }));
    expect(edit.status).toBe(200);
    const data = await edit.json();
    expect(data.defaults).toMatchObject({ title: "Saved call", zone: "Asia/Tehran", deadline: "2027-03-01T12:00" });
    expect(data.chosenTopics.map((t: { id: string }) => t.id)).toEqual(["T10028"]);
    expect(data.country).toBe("IR");
  });
});
