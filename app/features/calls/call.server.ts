/**
 * Joint calls posted by institutions. Every write enqueues the calls index in
 * the same transaction. Callers authorize first (requireInstitutionAdmin for
 * the call's institution).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "~db/types";
import { enqueueIndexChange } from "~/search/outbox.server";
import { getMeili, indexUid } from "~/search/client.server";
import { buildFilter } from "~/search/filter";
import { callsIndex } from "~/search/indexes/calls.server";
import { searchQueryText } from "~/search/glossary-query";
import { contentWords, searchHighlight } from "~/features/matching/text-match";
import { HL_POST, HL_PRE } from "~/utils/highlight";
import type { CallForm, CallStatus } from "~/features/calls/call-schema";
import { zonedToInstant } from "~/utils/time-zone";
import { parseId } from "~/utils/input";
import { isInstitutionAdmin } from "~/features/accounts/role.server";

type Db = Kysely<DB> | Transaction<DB>;

function valuesOf(f: CallForm) {
  return {
    institution_id: f.institutionId,
    kind: f.kind,
    title: f.title,
    summary: f.summary,
    body: f.body,
    opens_at: f.opensAt ? zonedToInstant(f.opensAt, f.zone) : null,
    deadline: zonedToInstant(f.deadline, f.zone)!,
    deadline_zone: f.zone,
    eligible_countries: [...new Set(f.eligibleCountries)],
    min_partners: f.minPartners,
    min_countries: f.minCountries,
    funding_note: f.fundingNote,
  };
}

async function setTopics(trx: Transaction<DB>, callId: number, topicIds: string[]) {
  await trx.deleteFrom("call_topics").where("call_id", "=", callId).execute();
  const ids = [...new Set(topicIds)];
  if (ids.length)
    await trx
      .insertInto("call_topics")
      .values(ids.map((topic_id) => ({ call_id: callId, topic_id })))
      .execute();
}

/** Creates a call (status draft unless `status` says otherwise) and returns its id. */
export async function createCall(db: Kysely<DB>, userId: string, f: CallForm, status: CallStatus = "draft"): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("calls")
      .values({ ...valuesOf(f), status, created_by: userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await setTopics(trx, id, f.topicIds);
    await enqueueIndexChange(trx, "calls", [id]);
    return id;
  });
}

/** Replaces a call's fields (its institution stays). */
export async function updateCall(db: Kysely<DB>, id: number, f: CallForm): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { institution_id: _keep, ...values } = valuesOf(f);
    await trx
      .updateTable("calls")
      .set({ ...values, updated_at: sql`now()` })
      .where("id", "=", id)
      .execute();
    await setTopics(trx, id, f.topicIds);
    await enqueueIndexChange(trx, "calls", [id]);
  });
}

/** Opens, closes or cancels a call. */
export async function setCallStatus(db: Kysely<DB>, id: number, status: CallStatus): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("calls")
      .set({ status, updated_at: sql`now()` })
      .where("id", "=", id)
      .execute();
    await enqueueIndexChange(trx, "calls", [id]);
  });
}

/** A call with its institution and topics, or undefined. */
export async function getCall(db: Db, id: number) {
  if (parseId(id) === null) return undefined;
  const call = await db
    .selectFrom("calls as c")
    .innerJoin("institutions as i", "i.id", "c.institution_id")
    .selectAll("c")
    .select(["i.name as institution_name", "i.country_code"])
    .where("c.id", "=", id)
    .executeTakeFirst();
  if (!call) return undefined;
  const topics = await db
    .selectFrom("call_topics as ct")
    .innerJoin("topics as t", "t.id", "ct.topic_id")
    .select(["t.id", "t.name"])
    .where("ct.call_id", "=", id)
    .orderBy("t.name")
    .execute();
  return { ...call, eligible_countries: call.eligible_countries.map((c) => c.trim()), topics };
}

/**
 * The call `id` as `userId` (null: anonymous) may see it, with whether they
 * administer its institution. A draft exists only for those admins: for
 * anyone else it is undefined, exactly like a missing id, so that every URL
 * and method of a draft answers 404 to outsiders (a 403 or a sign-in redirect
 * would tell that the draft exists).
 */
export async function getCallForViewer(db: Kysely<DB>, id: number, userId: string | null | undefined) {
  const call = await getCall(db, id);
  if (!call) return undefined;
  const manages = userId ? await isInstitutionAdmin(db, userId, call.institution_id) : false;
  if (call.status === "draft" && !manages) return undefined;
  return { call, manages };
}

/** Calls of the institutions `userId` administers (all statuses), newest first. */
export async function listManagedCalls(db: Db, userId: string) {
  return db
    .selectFrom("calls as c")
    .innerJoin("institution_members as m", (j) => j.onRef("m.institution_id", "=", "c.institution_id").on("m.user_id", "=", userId).on("m.role", "=", "admin"))
    .select(["c.id", "c.title", "c.status", "c.deadline", "c.deadline_zone"])
    .orderBy("c.created_at", "desc")
    .execute();
}

/** Open calls whose deadline is still ahead (for "answering a call" in the proposal form). */
export async function listOpenCalls(db: Db, now = new Date()) {
  return db
    .selectFrom("calls")
    .select(["id", "title", "deadline", "deadline_zone"])
    .where("status", "=", "open")
    .where("deadline", ">", now)
    .orderBy("deadline")
    .execute();
}

export interface CallSearchParams {
  q: string;
  kind: string[];
  subfield: string[];
  country: string[];
  status: string[];
  page: number;
}

/**
 * The Meilisearch filter (one element of the outer, ANDed filter array) for
 * the calls a listing asks for, judged against `nowSeconds` (seconds since
 * the epoch) at read time, so a call becomes closed the moment its deadline
 * passes without any job rewriting it: "open" is `status = "open"` with its
 * deadline still ahead (`deadline > now`); "closed" is `status = "closed"`
 * or an open call whose deadline has passed. Both: every indexed call.
 */
export function callStatusFilter(statuses: readonly string[], nowSeconds: number): string | undefined {
  const wantOpen = statuses.length === 0 || statuses.includes("open");
  const wantClosed = statuses.includes("closed");
  if (wantOpen && wantClosed) return undefined;
  const allowed = callsIndex.filterable;
  const [open] = buildFilter({ status: "open" }, allowed);
  const [closed] = buildFilter({ status: "closed" }, allowed);
  const [at] = buildFilter({ deadline: Math.floor(nowSeconds) }, allowed);
  const ahead = at.replace(" = ", " > ");
  const passed = at.replace(" = ", " <= ");
  return wantOpen ? `${open} AND ${ahead}` : `${closed} OR (${open} AND ${passed})`;
}

/** A call's status as a reader sees it at `nowSeconds`: an open call past its deadline is closed. */
export function effectiveCallStatus(status: string, deadline: Date | string | number, nowSeconds = Date.now() / 1000): string {
  const deadlineSeconds = typeof deadline === "number" ? deadline : new Date(deadline).getTime() / 1000;
  return status === "open" && deadlineSeconds <= nowSeconds ? "closed" : status;
}

/**
 * Searches the calls index (open calls by default: `p.status` empty), soonest
 * deadline first, with facets. Open and closed are judged by callStatusFilter
 * at this moment; each hit's `status` is its effectiveCallStatus.
 */
export async function searchCalls(db: Kysely<DB>, p: CallSearchParams, perPage = 20, nowSeconds = Math.floor(Date.now() / 1000)) {
  const uid = indexUid("calls");
  const q = searchQueryText(p.q);
  const selected = { kind: p.kind, subfieldIds: p.subfield, country: p.country };
  const byStatus = callStatusFilter(p.status, nowSeconds);
  const filter = (f: string[]) => (byStatus ? [...f, byStatus] : f);
  const without = (attr: keyof typeof selected) => filter(buildFilter({ ...selected, [attr]: undefined }, callsIndex.filterable));
  const res = await getMeili().multiSearch({
    queries: [
      {
        indexUid: uid,
        q,
        filter: filter(buildFilter(selected, callsIndex.filterable)),
        page: p.page,
        hitsPerPage: perPage,
        sort: ["deadline:asc"],
        attributesToHighlight: ["title", "summary"],
        highlightPreTag: HL_PRE,
        highlightPostTag: HL_POST,
      },
      { indexUid: uid, q, filter: without("kind"), facets: ["kind"], limit: 0 },
      { indexUid: uid, q, filter: without("subfieldIds"), facets: ["subfieldIds"], limit: 0 },
      { indexUid: uid, q, filter: without("country"), facets: ["country"], limit: 0 },
    ],
  });
  const [main, byKind, bySub, byCountry] = res.results as any[];
  const words = contentWords(q);
  const subCounts: Record<string, number> = bySub.facetDistribution?.subfieldIds ?? {};
  const subIds = [...new Set([...Object.keys(subCounts), ...p.subfield])];
  const subNames = subIds.length
    ? await db.selectFrom("topics").select(["subfield_id", "subfield"]).distinct().where("subfield_id", "in", subIds).execute()
    : [];
  const facet = (counts: Record<string, number>, selectedValues: string[], label: (v: string) => string) =>
    [...new Set([...Object.keys(counts), ...selectedValues])]
      .map((value) => ({ value, label: label(value), count: counts[value] ?? 0 }))
      .sort((a, b) => b.count - a.count);
  return {
    // `folded` copies are for search only (indexes.server.ts): not shown, not sent to the page.
    hits: (main.hits as any[]).map(({ folded: _folded, _formatted, ...h }) => ({
      ...h,
      status: effectiveCallStatus(h.status, h.deadline, nowSeconds),
      highlightedTitle: searchHighlight(h.title, _formatted?.title, words),
      highlightedSummary: searchHighlight(h.summary, _formatted?.summary, words),
    })),
    total: main.totalHits as number,
    page: main.page as number,
    totalPages: main.totalPages as number,
    facets: {
      kind: facet(byKind.facetDistribution?.kind ?? {}, p.kind, (v) => v),
      subfield: facet(subCounts, p.subfield, (v) => subNames.find((s) => s.subfield_id === v)?.subfield ?? v),
      country: facet(byCountry.facetDistribution?.country ?? {}, p.country, (v) => v),
    },
  };
}
