/**
 * Issue 16, calls and projects in the viewer's language, over HTTP against the
 * production build (real PostgreSQL and Meilisearch):
 * - a call's deadline in Persian: the Solar Hijri date (Persian digits) with
 *   the Gregorian beside it, zone and UTC offset kept; Dari (fa-AF) names
 *   the month as Afghanistan does (جدی, not دی); English unchanged;
 * - the /calls count in Russian with its plural forms for 1, 3, 5 and 21;
 * - the call form's server validation in Persian, next to its field, and a
 *   refused status change in Persian;
 * - a project's budget (ISO code, Persian digits), approval day and duration per language;
 * - the JSON API stays English whatever the request's language.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useAppServer } from "./helpers/app-server";
import { createUser, signIn } from "./factories";
import { getDb, syncSearch } from "./helpers";
import { enqueueIndexChange } from "../app/search/outbox.server";
import { ensureIndexes } from "../app/search/sync.server";
import { insertApprovedProject, verifiedInstitution } from "./proposal-fixtures";

/** Page text without the Unicode isolates (U+2068, U+2069) the Persian catalogue puts around interpolated values. */
const withoutIsolates = (s: string) => s.replace(/[\u2068\u2069]/g, "");

const server = useAppServer();

async function get(path: string, lng: string, cookie = "") {
  const res = await fetch(server.app.url + path, { headers: { Cookie: [`lng=${lng}`, cookie].filter(Boolean).join("; ") }, redirect: "manual" });
  return { res, html: await res.text().then(withoutIsolates) };
}

async function post(path: string, fields: Array<[string, string]>, lng: string, cookie: string) {
  const res = await fetch(server.app.url + path, {
    method: "POST",
    headers: { Cookie: `lng=${lng}; ${cookie}`, Origin: server.app.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
  return { res, html: await res.text().then(withoutIsolates) };
}

/** The visible text of `html` (tags dropped, entities of quotes decoded). */
const textOf = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"');

/** Catalogue keys of the calls/projects namespaces showing as text (a missing translation). */
const keyNames = (html: string) => textOf(html).match(/\b(calls|projects):[a-z][A-Za-z.]+|\b(list|call|form|errors|project)\.[a-z][A-Za-z]+\b/g) ?? [];

let callId: number;
let draftId: number;
let admin: { cookie: string; institutionId: number };
let projectId: number;

beforeAll(async () => {
  const ir = await verifiedInstitution("IR");
  const user = await createUser({ institutionAdminOf: ir.id });
  admin = { cookie: await signIn(user), institutionId: ir.id };
  const db = getDb();
  // 17:00 in Tehran on 15 January 2027 = 25 Dey 1405.
  ({ id: callId } = await db
    .insertInto("calls")
    .values({
      institution_id: ir.id,
      kind: "joint_research",
      title: "Solar deadline call",
      deadline: new Date("2027-01-15T13:30:00Z"),
      deadline_zone: "Asia/Tehran",
      status: "open",
      min_partners: 1,
      min_countries: 2,
    })
    .returning("id")
    .executeTakeFirstOrThrow());
  ({ id: draftId } = await db
    .insertInto("calls")
    .values({
      institution_id: ir.id,
      kind: "mobility",
      title: "Draft call",
      deadline: new Date(Date.now() + 40 * 86_400_000),
      deadline_zone: "Asia/Tehran",
      status: "draft",
    })
    .returning("id")
    .executeTakeFirstOrThrow());
  // 21 open calls: all have zqa, five zqb, three zqc, one zqd (exact words: too short for typo tolerance).
  const ids: number[] = [];
  for (let i = 0; i < 21; i++) {
    const words = ["zqa", i < 5 ? "zqb" : "", i < 3 ? "zqc" : "", i < 1 ? "zqd" : ""].filter(Boolean).join(" ");
    const { id } = await db
      .insertInto("calls")
      .values({
        institution_id: ir.id,
        kind: "event",
        title: `Plural call ${i} ${words}`,
        deadline: new Date(Date.now() + (30 + i) * 86_400_000),
        deadline_zone: "Asia/Tehran",
        status: "open",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(id);
  }
  await enqueueIndexChange(db, "calls", [callId, draftId, ...ids]);
  const tr = await verifiedInstitution("TR");
  projectId = await insertApprovedProject(tr.id, [ir.id], { title: "Budgeted project", decidedAt: new Date("2026-03-21T10:00:00Z") });
  await db.updateTable("proposals").set({ budget_amount: "150000.50", budget_currency: "USD", duration_months: 24 }).where("id", "=", projectId).execute();
  await ensureIndexes();
  // The server's own inline worker may hold the outbox (its start-up backlog): wait for it, then drain.
  for (let tries = 0; ; tries++) {
    try {
      await syncSearch();
      break;
    } catch (e) {
      if (tries > 120) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}, 400_000);

describe("a call's deadline in the viewer's calendar", () => {
  it("Persian: Solar Hijri with the Gregorian date beside it, zone and offset kept; the page in Persian, right to left", async () => {
    const { res, html } = await get(`/calls/${callId}`, "fa");
    expect(res.status).toBe(200);
    expect(html).toMatch(/<html lang="fa" dir="rtl"/);
    const text = textOf(html);
    expect(text).toContain("۲۵ دی ۱۴۰۵");
    expect(text).toContain("۱۵ ژانویهٔ ۲۰۲۷");
    expect(text).toContain("Asia/Tehran (UTC+03:30)");
    // The ISO instant stays machine-readable.
    expect(html).toContain('dateTime="2027-01-15T13:30:00.000Z"');
    expect(text).toContain("مهلت");
    expect(text).toContain("پژوهش مشترک");
    expect(text).toContain("دست‌کم ۱ مؤسسهٔ شریک افزون بر مؤسسهٔ پیشرو، از دست‌کم ۲ کشور عضو");
    expect(keyNames(html)).toEqual([]);
  });

  it("Dari (fa-AF): Afghan month names", async () => {
    const { html } = await get(`/calls/${callId}`, "fa-AF");
    expect(textOf(html)).toContain("۲۵ جدی ۱۴۰۵");
    expect(textOf(html)).not.toContain("۲۵ دی ۱۴۰۵");
  });

  it("English is unchanged", async () => {
    const { html } = await get(`/calls/${callId}`, "en");
    const text = textOf(html);
    expect(text).toContain("15 Jan 2027, 17:00 Asia/Tehran (UTC+03:30)");
    expect(text).toContain("at least 1 partner institution besides the lead, from at least 2 member states");
    expect(text).toContain("Joint research");
  });

  it("the calls list formats each hit's deadline in the viewer's language (Meilisearch hits)", async () => {
    const { html } = await get(`/calls?q=zqd`, "fa");
    const text = textOf(html);
    expect(text).toContain("فراخوان‌های مشترک");
    expect(text).toMatch(/مهلت: [۰-۹]+ [^\s]+ [۰-۹]{4}/);
    expect(text).toContain("رویداد");
  });
});

describe("counts in Russian", () => {
  it("the /calls count takes the plural form of 1, 3, 5 and 21", async () => {
    const count = async (q: string) => {
      const { res, html } = await get(`/calls?q=${q}`, "ru");
      expect(res.status).toBe(200);
      return /data-testid="call-count">([^<]*)</.exec(html)?.[1];
    };
    expect(await count("zqd")).toBe("1 конкурс, сначала с ближайшим сроком подачи");
    expect(await count("zqc")).toBe("3 конкурса, сначала с ближайшим сроком подачи");
    expect(await count("zqb")).toBe("5 конкурсов, сначала с ближайшим сроком подачи");
    expect(await count("zqa")).toBe("21 конкурс, сначала с ближайшим сроком подачи");
    const { html } = await get(`/calls?q=zqa`, "ru");
    expect(html).toMatch(/<html lang="ru" dir="ltr"/);
    expect(textOf(html)).toContain("Совместные конкурсы");
  });
});

describe("messages from the server in Persian", () => {
  it("the call form's validation messages stand next to their fields, and what was typed is kept", async () => {
    const send = (title: string, deadline: string) =>
      post(
        "/calls/new",
        [
          ["institutionId", String(admin.institutionId)],
          ["kind", "event"],
          ["title", title],
          ["summary", "خلاصهٔ نگه‌داشته"],
          ["deadline", deadline],
          ["zone", "Asia/Tehran"],
        ],
        "fa",
        admin.cookie,
      );
    /** A field's own block: from its input to the next field. */
    const field = (html: string, name: string) => {
      const start = html.indexOf(`id="${name}"`);
      expect(start, name).toBeGreaterThan(-1);
      return textOf(html.slice(start, html.indexOf('class="field"', start)));
    };
    const noTitle = await send("", "2027-02-01T17:00");
    expect(noTitle.res.status).toBe(400);
    expect(field(noTitle.html, "title")).toContain("برای فراخوان عنوانی بنویسید.");
    expect(noTitle.html).toContain("خلاصهٔ نگه‌داشته");
    expect(textOf(noTitle.html)).toContain("انتشار فراخوان مشترک");
    expect(keyNames(noTitle.html)).toEqual([]);
    // 31 February does not exist (checked once the fields themselves are valid).
    const badDay = await send("A call with a bad day", "2027-02-31T17:00");
    expect(badDay.res.status).toBe(400);
    expect(field(badDay.html, "deadline")).toContain("تاریخ و ساعتی واقعی وارد کنید، برای نمونه 2027-01-15 17:00.");
    expect(field(badDay.html, "title")).not.toContain("عنوان");
    // The date and zone inputs read left to right in the right-to-left page.
    expect(badDay.html).toMatch(/<input id="deadline" name="deadline" type="datetime-local" dir="ltr"/);
  });

  it("a refused status change reads in Persian", async () => {
    const { res, html } = await post(`/calls/${draftId}`, [["intent", "close"]], "fa", admin.cookie);
    expect(res.status).toBe(400);
    expect(textOf(html)).toContain("فراخوانی را که وضعیتش «پیش‌نویس» است نمی‌توان بست.");
  });

  it("the toast after a status change reads in Russian", async () => {
    const { res } = await post(`/calls/${draftId}`, [["intent", "open"]], "ru", admin.cookie);
    expect(res.status).toBe(302);
    const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]);
    const { html } = await get(`/calls/${draftId}`, "ru", [admin.cookie, ...cookies].join("; "));
    expect(textOf(html)).toContain("Конкурс открыт.");
  });
});

describe("a project in the viewer's language", () => {
  it("Persian: the budget with its ISO code in Persian digits, the approval day in Solar Hijri", async () => {
    const { res, html } = await get(`/projects/${projectId}`, "fa");
    expect(res.status).toBe(200);
    const text = textOf(html);
    expect(text).toMatch(/USD\s?۱۵۰٬۰۰۰٫۵۰/);
    expect(text).toContain("۱ فروردین ۱۴۰۵");
    expect(text).toContain("۲۴ ماه");
    expect(text).toContain("مؤسسهٔ پیشرو:");
    expect(keyNames(html)).toEqual([]);
  });

  it("Russian: months with their plural form, the budget as Russian writes it", async () => {
    const { html } = await get(`/projects/${projectId}`, "ru");
    const text = textOf(html);
    expect(text).toContain("24 месяца");
    expect(text).toMatch(/150\s000,50\sUSD/);
    expect(text).toContain("21 марта 2026 г.");
  });

  it("the projects list in Turkish", async () => {
    const { html } = await get(`/projects?q=Budgeted`, "tr");
    expect(textOf(html)).toContain("Ortak projeler");
    expect(textOf(html)).toContain("1 onaylı proje");
  });
});

describe("the JSON API stays English", () => {
  it("refuses a bad parameter in English whatever the language", async () => {
    const calls = await get(`/api/v1/calls?kind=nope`, "fa");
    expect(calls.res.status).toBe(400);
    expect(JSON.parse(calls.html).issues).toEqual([{ param: "kind", message: "must be one of joint_research, mobility, joint_supervision, event" }]);
    const projects = await get(`/api/v1/projects?approvedFrom=2026-06-01&approvedTo=2026-01-01`, "ru");
    expect(JSON.parse(projects.html).issues).toEqual([{ param: "approvedTo", message: "must not be before approvedFrom (2026-06-01)" }]);
  });
});
