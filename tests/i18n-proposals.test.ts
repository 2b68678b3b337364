/**
 * The proposal pages in the viewer's language (issue 16), rendered by the
 * production build over HTTP: the secretariat's decision panel in Persian
 * (translated buttons, the confirmation step), a Solar Hijri date in the
 * history, a proposal-form validation message in Persian next to its field,
 * a workflow refusal in Russian, and the queue's Russian plurals (loader-level,
 * the catalogue's forms for 1, 3, 5 and 21).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../app/utils/db.server";
import { signIn } from "./factories";
import { insertProposal, makeConsortium, type Consortium } from "./proposal-fixtures";
import { useAppServer } from "./helpers/app-server";
import { serverT } from "../app/i18n/i18n.server";
import { applyTransition } from "../app/features/proposals/transitions.server";
import { translateMessage } from "../app/i18n/message";

let c: Consortium;

beforeAll(async () => {
  c = await makeConsortium();
});

/** Text of an HTML page without React's text separators and tags, whitespace collapsed. */
const textOf = (html: string) =>
  html
    .replaceAll("<!-- -->", "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("proposal pages in Persian and Russian (production build over HTTP)", () => {
  const server = useAppServer({ timeout: 90_000 });
  const get = async (path: string, cookie: string, lng: string) => {
    const res = await fetch(`${server.app.url}${path}`, { headers: { Cookie: `${cookie}; lng=${lng}` } });
    return { status: res.status, body: (await res.text()).replaceAll("<!-- -->", "") };
  };
  const post = async (path: string, cookie: string, lng: string, fields: Record<string, string>) => {
    const res = await fetch(`${server.app.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: `${cookie}; lng=${lng}`, Origin: server.app.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: res.status, body: (await res.text()).replaceAll("<!-- -->", "") };
  };

  it("fa: the decision panel's buttons, the confirmation step, and the history's Solar Hijri date", async () => {
    const id = await insertProposal(c, "submitted");
    // A history event at a known instant: 2027-01-15 12:00 UTC is 25 Dey 1405.
    await getDb()
      .insertInto("proposal_events")
      .values({
        proposal_id: id,
        actor_id: c.leadAdmin.id,
        actor_name: "Lead Admin",
        action: "submit",
        from_status: "draft",
        to_status: "submitted",
        version: 1,
        at: new Date("2027-01-15T12:00:00Z"),
      })
      .execute();
    await getDb().updateTable("proposals").set({ status: "under_review" }).where("id", "=", id).execute();
    const cookie = await signIn(c.secretariat);
    const page = await get(`/secretariat/proposals/${id}`, cookie, "fa");
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<html lang="fa" dir="rtl"/);
    expect(page.body).toContain("<h2>تصمیم</h2>");
    for (const label of ["تأیید", "رد", "درخواست اصلاح"]) expect(page.body).toMatch(new RegExp(`<button[^>]*name="intent"[^>]*>${label}</button>`));
    expect(page.body).toContain("توضیح (برای رد یا درخواست اصلاح الزامی است)");
    // The history: Solar Hijri in Persian digits, the Gregorian date beside it, the ISO instant kept for <time>.
    expect(page.body).toMatch(/<time dateTime="2027-01-15T12:00:00.000Z">[^<]*۲۵ دی ۱۴۰۵[^<]*<\/time>/);
    expect(page.body).toContain("ارسال‌شده"); // a state name in the history line
    // No catalogue key shows instead of text (a missing translation) in the page's own content.
    const main = page.body.slice(page.body.indexOf("<main"), page.body.indexOf("</main>"));
    expect(textOf(main)).not.toMatch(/\b(view|confirm|state|stateInSentence|action|queue|teamRole|partnerStatus)\.[a-zA-Z_]+/);

    // The first submit of an approval only asks: the confirmation step, in Persian.
    const first = await post(`/secretariat/proposals/${id}`, cookie, "fa", { intent: "approve", version: "1", comment: "" });
    expect(first.status).toBe(200);
    expect(first.body).toContain("تأیید نهایی: تأیید");
    expect(first.body).toMatch(/<button type="submit"[^>]*>بله، تأیید شود<\/button>/);
    expect(first.body).toContain("بازگشت، هنوز تصمیم نمی‌گیرم");
    expect(textOf(first.body)).toContain("تأییدشده"); // the state it leads to
    expect((await getDb().selectFrom("proposals").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("under_review");

    // A reject without a comment: the refusal in Persian at the comment field.
    const reject = await post(`/secretariat/proposals/${id}`, cookie, "fa", { intent: "reject", version: "1", comment: "" });
    expect(reject.status).toBe(400);
    expect(reject.body).toMatch(/id="comment-error"[^>]*>.*دلیل را بنویسید: برای این تصمیم نوشتن توضیح الزامی است\./s);
  });

  it("fa: a proposal-form validation message next to its field, the input kept", async () => {
    const cookie = await signIn(c.leadAdmin);
    const res = await post("/proposals/new", cookie, "fa", {
      intent: "save",
      leadInstitutionId: String(c.lead.id),
      title: "Bidi test",
      durationMonths: "500",
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/<html lang="fa" dir="rtl"/);
    expect(res.body).toMatch(/id="durationMonths-error"[^>]*>.*حداکثر ۱۲۰ ماه\./s);
    expect(res.body).toMatch(/name="title"[^>]*value="Bidi test"|value="Bidi test"[^>]*name="title"/);
    expect(res.body).toContain("مدت (ماه)"); // the field's label
  });

  it("ru: a workflow refusal (a state that forbids the move) in Russian", async () => {
    const id = await insertProposal(c, "approved");
    const cookie = await signIn(c.leadAdmin);
    const res = await post(`/proposals/${id}/edit`, cookie, "ru", { intent: "save", version: "1", title: "x" });
    expect(res.status).toBe(400);
    expect(textOf(res.body)).toContain("Заявку, которая одобрена, нельзя редактировать.");
    // The same refusal from the workflow model, through the catalogue.
    const r = await applyTransition(getDb(), { proposalId: id, action: "withdraw", actorId: c.leadAdmin.id, expectedVersion: 1 });
    expect(r.ok).toBe(false);
    expect(translateMessage(serverT("ru", ["proposals", "common"]), (r as { message: string }).message)).toBe("Заявку, которая одобрена, нельзя отозвать.");
  });
});

describe("Russian plurals of the proposal pages", () => {
  it("the queue's total and the duration read 1 заявка, 3 заявки, 5 заявок, 21 заявка", () => {
    const t = serverT("ru", ["proposals", "common"]);
    expect([1, 3, 5, 21].map((count) => t("queue.total", { count }))).toEqual(["1 заявка", "3 заявки", "5 заявок", "21 заявка"]);
    expect([1, 3, 5, 21].map((count) => t("view.months", { count }))).toEqual(["1 месяц", "3 месяца", "5 месяцев", "21 месяц"]);
  });
});
