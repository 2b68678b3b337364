/**
 * The report pages, the start page and /data in the viewer's language, over
 * HTTP against the production build: /reports in Persian (Solar Hijri period
 * with the Gregorian beside it, Persian digits in the figures, no Latin digit
 * in a table cell), a published report in Russian (heading, dates and the
 * Russian plural forms of its counts), the summary's validation message in
 * Persian next to its field (a POST without JavaScript), /data and the start
 * page in Persian, and the `reports`/`home` catalogues' Russian plurals for 1,
 * 3, 5 and 21.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useAppServer } from "./helpers/app-server";
import { getDb } from "./helpers";
import { createUser, signIn } from "./factories";
import { APPROVE, institutionsOf, proposalThrough } from "./report-fixtures";
import { getReportFigures } from "../app/features/reports/reports.server";
import { newPublishKey, publishReport } from "../app/features/reports/published-report.server";
import { defaultPeriod } from "../app/features/reports/report-params";
import { serverT } from "../app/i18n/i18n.server";
import { formatDay } from "../app/i18n/dates";
import { DATASETS } from "../app/features/open-data/exports.server";
import en from "../public/locales/en/reports.json";

const server = useAppServer();

/** Dotted paths of every `reports` key (plural suffixes dropped). */
function keyPaths(obj: object, prefix = ""): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === "string" ? [`${prefix}${k.replace(/_(one|few|many|other)$/, "")}`] : keyPaths(v as object, `${prefix}${k}.`),
  );
}
/** The keys of `reports` that a page shows as text (between tags or in an attribute) instead of their translation. */
function keysShown(html: string): string[] {
  return [...new Set(keyPaths(en))].filter((k) => html.includes(`>${k}<`) || html.includes(`"${k}"`) || html.includes(`reports:${k}`));
}
const DAY = 86_400_000;
let cookie: string;
let reportId: number;
let reference: string;

/** A page's HTML in `lng` (the switcher's cookie), React's text separators removed. */
async function page(path: string, lng: string, extraCookie = "") {
  const res = await fetch(server.app.url + path, { headers: { Cookie: `lng=${lng}${extraCookie ? `; ${extraCookie}` : ""}` } });
  return { status: res.status, html: (await res.text()).replace(/<!-- -->/g, "").replace(/[\u2068\u2069]/g, "") };
}

beforeAll(async () => {
  const secretariat = await createUser({ role: "secretariat", displayName: "Officer Karimova" });
  cookie = await signIn(secretariat);
  const inst = await institutionsOf(["TR", "IR", "PK", "AZ"] as const);
  const topic = await getDb().selectFrom("topics").select("id").orderBy("id").executeTakeFirstOrThrow();
  const at = new Date(Date.now() - 20 * DAY);
  await proposalThrough(secretariat, inst.TR, [inst.IR], [topic.id], APPROVE, at, "Turkish-Iranian speech corpora");
  await proposalThrough(secretariat, inst.TR, [inst.IR], [topic.id], APPROVE, at, "Bilingual search evaluation");
  await proposalThrough(secretariat, inst.PK, [inst.AZ], [topic.id], APPROVE, at, "Caspian energy data");
  const figures = await getReportFigures(getDb(), { ...defaultPeriod(new Date()), country: [] }, { includeProposals: true });
  const published = await publishReport(getDb(), {
    figures,
    summary: "Годовой обзор.",
    idempotencyKey: newPublishKey(),
    publisher: { id: secretariat.id, displayName: secretariat.displayName },
  });
  reportId = published.id;
  reference = published.reference;
});

describe("/reports in Persian", () => {
  it("is right to left, with the period in the Solar Hijri calendar and the Gregorian date beside it", async () => {
    const { status, html } = await page("/reports?from=2025-11-30&to=2026-11-29", "fa");
    expect(status).toBe(200);
    expect(html).toMatch(/<html lang="fa" dir="rtl"/);
    expect(html).toContain("<h1>شبکه در آمار</h1>");
    // 30 November 2025 is 9 Azar 1404; the Gregorian day follows in parentheses, in Persian.
    expect(formatDay("2025-11-30", "fa")).toContain("آذر ۱۴۰۴");
    expect(html).toContain(`${formatDay("2025-11-30", "fa")} تا ${formatDay("2026-11-29", "fa")}، همهٔ کشورهای عضو`);
    expect(formatDay("2025-11-30", "fa")).toMatch(/\(.*نوامبر.*۲۰۲۵\)/);
    // A quarter the period cuts, named in Persian with Persian digits.
    expect(html).toContain("سه‌ماههٔ ۴ ۲۰۲۵ (از ۹ آذر)");
    // No catalogue key shown instead of its text (a missing translation), no placeholder left unfilled.
    expect(html).not.toContain("{{");
    expect(keysShown(html)).toEqual([]);
  });

  it("writes every figure in Persian digits (no Latin digit in a table cell), with Persian plural labels", async () => {
    const { html } = await page("/reports", "fa");
    const cells = [...html.matchAll(/<td class="num[^"]*"[^>]*>(?:<a [^>]*>)?([^<]*)</g)].map((m) => m[1]);
    expect(cells.length).toBeGreaterThan(50);
    expect(cells.filter((c) => /[0-9]/.test(c))).toEqual([]);
    expect(cells).toContain("۲");
    expect(html).toContain("۲ پروژهٔ مشترک تأییدشده");
    expect(html).toContain('<th scope="col">سه‌ماهه</th>');
    // OpenAlex field names stay English, marked as such inside the Persian page.
    expect(html).toMatch(/<th scope="row"><span lang="en">[A-Z][^<]+<\/span><\/th>/);
  });

  it("names the months as Afghanistan does for a Dari (fa-AF) viewer", async () => {
    const { html } = await page("/reports?from=2025-11-30&to=2026-11-29", "fa-AF");
    expect(html).toMatch(/<html lang="fa-AF" dir="rtl"/);
    // Azar is Qaws (قوس) in Afghanistan.
    expect(html).toContain("۹ قوس ۱۴۰۴");
    // (Azerbaijan, آذربایجان, is on the page: only the month is checked.)
    expect(html).not.toMatch(/آذر(?!بایجان)/);
  });

  it("shows a refused date's message in Persian next to the From field", async () => {
    const { status, html } = await page("/reports?from=2026-02-30&to=2026-06-30", "fa");
    expect(status).toBe(400);
    expect(html).toMatch(/id="from-error"[^>]*>از: 2026-02-30 /);
    expect(html).toContain("برای دیدن آمار، تاریخ «از» را در بالا اصلاح کنید.");
    const order = await page("/reports?from=2026-06-01&to=2026-01-01", "fa");
    expect(order.status).toBe(400);
    expect(order.html).toContain("تا: 2026-01-01 نباید پیش از تاریخ «از» (2026-06-01) باشد.");
  });

  it("keeps the JSON API and the CSV download English for a Persian viewer", async () => {
    for (const path of ["/api/v1/reports?from=2026-06-01&to=2026-01-01", "/reports.csv?from=2026-06-01&to=2026-01-01"]) {
      const res = await fetch(server.app.url + path, { headers: { Cookie: "lng=fa" } });
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: string }).error, path).toBe("to: must not be before From (2026-06-01)");
    }
  });
});

describe("a published report in Russian", () => {
  it("has a Russian heading and dates, and Russian plural forms in its counts", async () => {
    const { status, html } = await page(`/reports/published/${reportId}`, "ru");
    expect(status).toBe(200);
    expect(html).toMatch(/<html lang="ru" dir="ltr"/);
    expect(html).toContain(`<h1>Отчёт о ходе работы ${reference}</h1>`);
    expect(html).toContain("<dt>Период</dt>");
    const { from, to } = defaultPeriod(new Date());
    expect(html).toContain(`${formatDay(from, "ru")} – ${formatDay(to, "ru")}, все государства-члены`);
    expect(formatDay("2026-11-29", "ru")).toBe("29 ноября 2026 г.");
    // Türkiye: 2 projects (few), Pakistan: 1 (one).
    expect(html).toMatch(/aria-label="[^"]+: 2 одобренных совместных проекта"/);
    expect(html).toMatch(/aria-label="[^"]+: 1 одобренный совместный проект"/);
    expect(html).toMatch(/aria-label="[^"]+: 0 одобренных совместных проектов"/);
    expect(html).toContain("Годовой обзор.");
    expect(keysShown(html)).toEqual([]);
  });

  it("says which report is missing in Russian (404)", async () => {
    const { status, html } = await page("/reports/published/99999999", "ru");
    expect(status).toBe(404);
    expect(html).toContain("Опубликованного отчёта с таким идентификатором нет.");
  });
});

describe("the summary's validation in Persian", () => {
  it("shows the message next to the summary field after a POST without JavaScript, keeping the text", async () => {
    const { from, to } = defaultPeriod(new Date());
    const summary = "سال خوب <b>بود</b>";
    const res = await fetch(`${server.app.url}/secretariat/reports?from=${from}&to=${to}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.app.url, Cookie: `${cookie}; lng=fa` },
      body: new URLSearchParams({ intent: "publish", from, to, summary, idempotencyKey: newPublishKey() }),
    });
    expect(res.status).toBe(400);
    const html = (await res.text()).replace(/<!-- -->/g, "").replace(/[\u2068\u2069]/g, "");
    expect(html).toMatch(/<html lang="fa" dir="rtl"/);
    const message = serverT("fa", "reports")("errors.summaryHtml");
    expect(message).toContain("برچسب‌های HTML");
    // The error list the textarea points to (aria-describedby), holding the Persian message.
    const textarea = /<textarea[^>]*aria-describedby="([^"]*)"[^>]*>([^<]*)<\/textarea>/.exec(html);
    expect(textarea?.[2]).toBe(summary.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    const errorId = textarea![1].split(" ").find((id) => id.endsWith("-error"));
    expect(errorId).toBeTruthy();
    const list = new RegExp(`<div id="${errorId}" role="alert"><ul class="field-errors"><li class="field-error">([^<]*)</li>`).exec(html);
    expect(list?.[1]).toBe(message.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
  });
});

describe("the start page and /data in Persian", () => {
  it("start page: heading and counts in Persian", async () => {
    const { status, html } = await page("/", "fa");
    expect(status).toBe(200);
    expect(html).toContain("<h2>مؤسسه‌ها به تفکیک کشور عضو</h2>");
    expect(html).toMatch(/مرور [۰-۹٬]+ مؤسسه/);
  });

  it("/data: headings, contents and every column's meaning in Persian", async () => {
    const { status, html } = await page("/data", "fa");
    expect(status).toBe(200);
    expect(html).toContain("<h1>داده‌های باز</h1>");
    expect(html).toContain('<th scope="col">محتوا</th>');
    expect(html).toContain("شناسهٔ ROR (https://ror.org/&lt;ror_id&gt;)؛");
    expect(html).toContain("CC BY 4.0");
    expect(keysShown(html)).toEqual([]);
  });

  it("every column of every download has a meaning in the catalogue, and nothing else does", () => {
    const column = en.data.column as Record<string, Record<string, string>>;
    for (const d of Object.values(DATASETS)) expect(Object.keys(column[d.id]).sort(), d.id).toEqual(d.columns.map((c) => c.header).sort());
    expect(Object.keys(column).sort()).toEqual(Object.keys(DATASETS).sort());
  });
});

describe("Russian plurals of the report counts", () => {
  it("uses one, few and many for 1, 3, 5 and 21", () => {
    const t = serverT("ru", ["reports", "home"]);
    expect([1, 3, 5, 21].map((count) => t("reports:unit.institutions", { count }))).toEqual([
      "1 подтверждённая организация",
      "3 подтверждённые организации",
      "5 подтверждённых организаций",
      "21 подтверждённая организация",
    ]);
    expect([1, 3, 5, 21].map((count) => t("home:browse", { count }))).toEqual([
      "Просмотреть 1 организацию",
      "Просмотреть 3 организации",
      "Просмотреть 5 организаций",
      "Просмотреть 21 организацию",
    ]);
    expect(t("reports:matrix.unit.approved", { count: 1500 })).toMatch(/^1\s500 одобренных проектов$/);
  });
});
