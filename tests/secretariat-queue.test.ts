/**
 * The secretariat's review queue, paged: 50 rows a page, oldest submission
 * first then by id, pages that neither overlap nor skip rows, a total that
 * follows the filters, 400 for a malformed page, an empty state past the last
 * page, and 403 for everyone but the secretariat whatever the page.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { english } from "./helpers/i18n";
import { getDb } from "../app/utils/db.server";
import { callRoute, getArgs } from "./helpers";
import { createUser, signIn } from "./factories";
import { makeConsortium, type Consortium } from "./proposal-fixtures";
import { secretariatQueue } from "../app/features/proposals/secretariat-queue.server";
import * as queue from "../app/routes/secretariat.proposals._index";
import { useAppServer } from "./helpers/app-server";

let c: Consortium;
let cookie: string;
/** Ids of the default queue (submitted + under review), in the order the queue must show them. */
let expected: number[];
/** Of those, the ones led from IR. */
let expectedIR: number[];
let underReview: number;

const BASE = Date.parse("2026-01-01T00:00:00Z");
const MINUTE = 60_000;

beforeAll(async () => {
  c = await makeConsortium();
  cookie = await signIn(c.secretariat);
  const db = getDb();
  // The expectations below assume these fixtures are the whole queue (each test file has its own database).
  const before = await db
    .selectFrom("proposals")
    .select(db.fn.countAll<string>().as("n"))
    .where("status", "in", ["submitted", "under_review"])
    .executeTakeFirstOrThrow();
  expect(Number(before.n)).toBe(0);

  // 120 in the queue: inserted newest first, so id order is the reverse of submission order
  // (a queue ordered by id alone would fail); #60 and #61 share a submission time (id breaks the tie);
  // every fourth is led from IR; every fifth is under review.
  const rows = Array.from({ length: 120 }, (_, i) => {
    const minutesAfterBase = i === 60 ? 120 - 61 : 120 - i;
    return {
      lead_institution_id: i % 4 === 0 ? c.partner.id : c.lead.id,
      title: `Queue proposal ${i}`,
      status: i % 5 === 0 ? "under_review" : "submitted",
      reference_code: `QUEUE-${String(i).padStart(3, "0")}`,
      submitted_at: new Date(BASE + minutesAfterBase * MINUTE),
      created_by: c.leadAdmin.id,
    };
  });
  // Not in the default queue: a draft, an approved and a rejected proposal.
  const others = (["draft", "approved", "rejected"] as const).map((status) => ({
    lead_institution_id: c.lead.id,
    title: `Not queued ${status}`,
    status,
    reference_code: status === "draft" ? null : `OTHER-${status}`,
    submitted_at: status === "draft" ? null : new Date(BASE - 1000 * MINUTE),
    created_by: c.leadAdmin.id,
  }));
  const inserted = await db
    .insertInto("proposals")
    .values([...rows, ...others])
    .returning(["id", "lead_institution_id", "submitted_at", "status"])
    .execute();
  const queued = inserted.filter((r) => r.status === "submitted" || r.status === "under_review");
  // An accepted partner on the oldest proposal, so the per-row partner count is checked on the page it lands on.
  const oldest = [...queued].sort((a, b) => a.submitted_at!.getTime() - b.submitted_at!.getTime() || a.id - b.id)[0];
  await db
    .insertInto("proposal_partners")
    .values({ proposal_id: oldest.id, institution_id: c.partner.id, status: "accepted", invited_by: c.leadAdmin.id })
    .execute();

  const order = (a: (typeof queued)[number], b: (typeof queued)[number]) => a.submitted_at!.getTime() - b.submitted_at!.getTime() || a.id - b.id;
  expected = [...queued].sort(order).map((r) => r.id);
  expectedIR = [...queued]
    .filter((r) => r.lead_institution_id === c.partner.id)
    .sort(order)
    .map((r) => r.id);
  underReview = queued.filter((r) => r.status === "under_review").length;
});

type QueueData = {
  queue: { rows: Array<{ id: number; partners: number; ageDays: number | null }>; total: number; page: number; perPage: number; totalPages: number } | null;
  issues: Array<{ param: string; message: string }>;
  counts: Record<string, number>;
  status: string[];
  country: string;
};

async function get(path: string, as = cookie): Promise<{ status: number; data: QueueData }> {
  const res = await callRoute(queue.loader, getArgs(path, as));
  return { status: res.status, data: res.status < 300 || res.status === 400 ? await res.json() : null };
}

describe("secretariat queue pagination (route)", () => {
  it("page 1 has the 50 oldest submissions, page 3 the last 20; pages do not overlap and cover the ordered queue", async () => {
    expect(expected).toHaveLength(120);
    const pages = await Promise.all([1, 2, 3].map((p) => get(`/secretariat/proposals${p === 1 ? "" : `?page=${p}`}`)));
    for (const p of pages) expect(p.status).toBe(200);
    const [one, two, three] = pages.map((p) => p.data.queue!);
    expect(one.rows).toHaveLength(50);
    expect(two.rows).toHaveLength(50);
    expect(three.rows).toHaveLength(20);
    expect([one.page, two.page, three.page]).toEqual([1, 2, 3]);
    for (const q of [one, two, three]) {
      expect(q.total).toBe(120);
      expect(q.totalPages).toBe(3);
      expect(q.perPage).toBe(50);
    }
    const all = [...one.rows, ...two.rows, ...three.rows].map((r) => r.id);
    expect(new Set(all).size).toBe(120);
    expect(all).toEqual(expected);
    // The partner subquery still runs per row: the oldest proposal has its one accepted partner.
    expect(one.rows[0].partners).toBe(1);
    expect(one.rows[1].partners).toBe(0);
  });

  it("?page=1 is the default page", async () => {
    const a = await get("/secretariat/proposals");
    const b = await get("/secretariat/proposals?page=1");
    expect(b.data.queue!.rows.map((r) => r.id)).toEqual(a.data.queue!.rows.map((r) => r.id));
  });

  it("the country and status filters change the total and the pages", async () => {
    const ir = await get("/secretariat/proposals?country=IR");
    expect(ir.status).toBe(200);
    expect(ir.data.queue!.total).toBe(30);
    expect(ir.data.queue!.totalPages).toBe(1);
    expect(ir.data.queue!.rows.map((r) => r.id)).toEqual(expectedIR);
    // The status counts follow the country filter: ticking a status shows what its count says.
    const all = await get("/secretariat/proposals");
    expect((ir.data.counts.submitted ?? 0) + (ir.data.counts.under_review ?? 0)).toBe(30);
    expect((all.data.counts.submitted ?? 0) + (all.data.counts.under_review ?? 0)).toBe(120);

    const tr2 = await get("/secretariat/proposals?country=TR&page=2");
    expect(tr2.data.queue!.total).toBe(90);
    expect(tr2.data.queue!.totalPages).toBe(2);
    expect(tr2.data.queue!.rows).toHaveLength(40);

    const review = await get("/secretariat/proposals?status=under_review");
    expect(review.data.queue!.total).toBe(underReview);
    // Repeated status: both states, the whole queue again.
    const both = await get("/secretariat/proposals?status=submitted&status=under_review&page=3");
    expect(both.data.queue!.total).toBe(120);
    expect(both.data.queue!.rows.map((r) => r.id)).toEqual(expected.slice(100));
  });

  it.each(["abc", "0", "-1", "1.5", "99999999999999999999", "1e3"])("page=%s answers 400 with a message; filters still render", async (page) => {
    const res = await get(`/secretariat/proposals?country=IR&status=under_review&page=${encodeURIComponent(page)}`);
    expect(res.status).toBe(400);
    expect(res.data.queue).toBeNull();
    expect(res.data.issues).toHaveLength(1);
    expect(res.data.issues[0].param).toBe("page");
    expect(english(res.data.issues[0].message)).toMatch(/positive whole number|at least 1|at most/);
    // The filter form is rebuilt from the request, so it keeps what was asked.
    expect(res.data.country).toBe("IR");
    expect(res.data.status).toEqual(["under_review"]);
  });

  it("page given twice is refused too", async () => {
    const res = await get("/secretariat/proposals?page=1&page=2");
    expect(res.status).toBe(400);
    expect({ ...res.data.issues[0], message: english(res.data.issues[0].message) }).toMatchObject({ param: "page", message: "was given more than once" });
  });

  it("a page past the end answers 200 with no rows and the real total (the page shows a link to the last page)", async () => {
    const res = await get("/secretariat/proposals?page=4");
    expect(res.status).toBe(200);
    expect(res.data.queue).toMatchObject({ rows: [], total: 120, page: 4, totalPages: 3 });
    const ir = await get("/secretariat/proposals?country=IR&page=2");
    expect(ir.data.queue).toMatchObject({ rows: [], total: 30, page: 2, totalPages: 1 });
  });

  it("a researcher and an institution admin get 403 on every page, malformed or not", async () => {
    const researcher = await signIn(await createUser());
    for (const as of [researcher, await signIn(c.leadAdmin)]) {
      for (const q of ["", "?page=2", "?page=3", "?page=99", "?page=abc", "?page=0&country=IR"]) {
        expect((await callRoute(queue.loader, getArgs(`/secretariat/proposals${q}`, as))).status, q).toBe(403);
      }
    }
  });
});

describe("secretariat queue pages as rendered (production build over HTTP)", () => {
  const server = useAppServer({ timeout: 90_000 });
  const html = async (path: string) => {
    const res = await fetch(`${server.app.url}${path}`, { headers: { Cookie: cookie } });
    return { status: res.status, body: (await res.text()).replaceAll("<!-- -->", "") };
  };

  it("page 2 links to pages 1 and 3 keeping the repeated status and the country", async () => {
    const { status, body } = await html("/secretariat/proposals?status=submitted&status=under_review&country=TR&page=2");
    expect(status).toBe(200);
    expect(body).toContain("90 proposals · page 2 of 2");
    expect(body).toContain('href="/secretariat/proposals?status=submitted&amp;status=under_review&amp;country=TR">← Previous');
    expect(body).toContain("Page 2 of 2");
    const all = await html("/secretariat/proposals?page=2");
    expect(all.body).toContain('href="/secretariat/proposals?status=submitted&amp;status=under_review">← Previous');
    expect(all.body).toContain('href="/secretariat/proposals?status=submitted&amp;status=under_review&amp;page=3">Next →');
  });

  it("a malformed page shows the message next to the filters, with the status counts", async () => {
    const { status, body } = await html("/secretariat/proposals?page=abc&country=IR");
    expect(status).toBe(400);
    expect(body).toMatch(/<strong>(<bdi>)?page(<\/bdi>)?<\/strong>(<!-- -->)? (<!-- -->)?must be a positive whole number\./);
    expect(body).toContain('name="country"');
    expect(body).toMatch(/Submitted \(\d+\)/);
    expect(body).toContain("Go to the first page");
    expect(body).not.toContain("<table");
  });

  it("a page past the end says so and links to the last page", async () => {
    const { status, body } = await html("/secretariat/proposals?country=IR&page=7");
    expect(status).toBe(200);
    expect(body).toContain("There is no page 7");
    expect(body).toContain("30 proposals fit on 1 page.");
    expect(body).toMatch(/href="\/secretariat\/proposals\?status=submitted&amp;status=under_review&amp;country=IR"[^>]*>Go to the last page/);
  });
});

describe("secretariatQueue (model)", () => {
  it("returns { rows, total, page, perPage, totalPages } with ages in whole days", async () => {
    const now = new Date(BASE + 10 * 86_400_000 + 5 * MINUTE);
    const q = await secretariatQueue(getDb(), { page: 2, perPage: 25, now });
    expect(q).toMatchObject({ total: 120, page: 2, perPage: 25, totalPages: 5 });
    expect(q.rows.map((r) => r.id)).toEqual(expected.slice(25, 50));
    // Submissions 1–120 minutes after BASE: page 2 (the 26th–50th oldest) is all 9 days old.
    expect(q.rows.map((r) => r.ageDays)).toEqual(Array(25).fill(9));
    const first = await secretariatQueue(getDb(), { perPage: 25, now });
    expect(first.rows[0].ageDays).toBe(10);
    expect(first.rows[5].ageDays).toBe(9);
  });

  it("counts zero pages when nothing matches", async () => {
    const q = await secretariatQueue(getDb(), { status: ["withdrawn"] });
    expect(q).toMatchObject({ rows: [], total: 0, page: 1, perPage: 50, totalPages: 0 });
  });

  it("refuses a page or page size that is not a positive whole number", async () => {
    await expect(secretariatQueue(getDb(), { page: 0 })).rejects.toThrow(RangeError);
    await expect(secretariatQueue(getDb(), { page: 1.5 })).rejects.toThrow(RangeError);
    await expect(secretariatQueue(getDb(), { perPage: 0 })).rejects.toThrow(RangeError);
    await expect(secretariatQueue(getDb(), { perPage: 501 })).rejects.toThrow(RangeError);
  });
});
