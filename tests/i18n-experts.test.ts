/**
 * The experts and partner-matching pages in the network's languages (issue 16),
 * over HTTP against the production build, a real PostgreSQL and Meilisearch:
 * /experts and /partners right-to-left in Persian with Persian digits,
 * Russian plural forms of the result counts, a /me/profile validation message
 * in Persian next to its field, and the JSON API still English.
 */
import { beforeAll } from "vitest";
import { useAppServer } from "./helpers/app-server";
import { createUser, signIn } from "./factories";
import { getDb, upsertExpertProfileAs } from "./helpers";
import { ensureIndexes } from "../app/search/sync.server";
import { serverT } from "../app/i18n/i18n.server";
import { languageName } from "../app/domain/language";

const server = useAppServer();

/** Three experts on Topic Modeling (T10028) at verified universities, the only ones: "3 эксперта" (Russian "few"). */
beforeAll(async () => {
  const db = getDb();
  const unis = await db
    .selectFrom("institutions")
    .select("id")
    .where("kind", "=", "university")
    .where("status", "=", "verified")
    .orderBy("id")
    .limit(3)
    .execute();
  await ensureIndexes();
  for (const [i, name] of ["Parisa Rahmani", "Timur Aliev", "Elif Yildiz"].entries()) {
    const r = await upsertExpertProfileAs(db, `i18n-exp-${i}`, { fullName: name, institutionId: unis[i].id, topicIds: ["T10028"], openTo: ["joint_research"] });
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  }
  // The app server's own search worker applies the outbox: wait until all three are found.
  for (let i = 0; i < 150; i++) {
    const html = await (await fetch(`${server.app.url}/experts?topic=T10028`)).text();
    if (/<p class="meta">3 experts/.test(html)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the three experts never reached the search index");
});

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(server.app.url + path, { headers, redirect: "manual" });
  const html = (await res.text()).replaceAll("<!-- -->", "");
  const root = /<html lang="([^"]+)" dir="([^"]+)"/.exec(html);
  return { status: res.status, html, lang: root?.[1], dir: root?.[2] };
}

/** The page heading's inner HTML. */
const h1 = (html: string) => /<h1[^>]*>(.*?)<\/h1>/s.exec(html)?.[1];

describe("Russian plurals of the result counts", () => {
  const ru = serverT("ru", ["experts", "matching"]);
  it.each([
    [1, "1 эксперт", "1 кандидат"],
    [3, "3 эксперта", "3 кандидата"],
    [5, "5 экспертов", "5 кандидатов"],
    [21, "21 эксперт", "21 кандидат"],
    [1234, "1 234 эксперта", "1 234 кандидата"],
    [1235, "1 235 экспертов", "1 235 кандидатов"],
  ])("%i", (count, experts, candidates) => {
    expect(ru("experts:list.count", { count }).replace(/\s/g, " ")).toBe(experts);
    expect(ru("matching:results.count", { count }).replace(/\s/g, " ")).toBe(candidates);
  });
});

describe("/experts", () => {
  it("in Persian: right to left, translated heading, labels and Persian digits in the count", async () => {
    const p = await page("/experts?lng=fa");
    expect(p.status).toBe(200);
    expect([p.lang, p.dir]).toEqual(["fa", "rtl"]);
    expect(h1(p.html)).toBe("متخصصان");
    expect(p.html).toContain("<legend>کشور عضو</legend>");
    expect(p.html).toContain("<title>متخصصان — ");
    // "۳ متخصص": the count in Persian digits, no Latin digit in it.
    expect(p.html).toContain('<p class="meta">۳ متخصص</p>');
    expect(p.html).not.toMatch(/<p class="meta">[0-9,]+ (expert|متخصص)/);
    // Open-to values are translated in the facet; subfield names (OpenAlex) are marked English.
    expect(p.html).toContain("پژوهش مشترک");
    expect(p.html).toMatch(/<span lang="en">[A-Z]/);
    expect(p.html).not.toMatch(/list\.|facet\.|openTo\.joint/);
  });

  it("in Russian: the count takes the plural form its number needs", async () => {
    const p = await page("/experts", { Cookie: "lng=ru" });
    expect(p.status).toBe(200);
    expect(h1(p.html)).toBe("Эксперты");
    expect(p.html).toContain('<p class="meta">3 эксперта</p>');
    // One of them found by name: the singular.
    expect((await page("/experts?q=Timur+Aliev", { Cookie: "lng=ru" })).html).toContain('<p class="meta">1 эксперт</p>');
  });

  it("a bad parameter is explained in the viewer's language, the English page unchanged", async () => {
    const en = await page("/experts?openTo=nonsense");
    expect(en.status).toBe(400);
    expect(h1(en.html)).toBe("Experts");
    const fa = await page("/experts?openTo=nonsense&lng=fa");
    expect(fa.status).toBe(400);
    expect(fa.html).toContain("پاک کردن فیلترها");
  });
});

describe("/partners", () => {
  it("in Persian: right to left, translated heading, member states and the topic note", async () => {
    const p = await page("/partners?lng=fa&topics=T10028");
    expect(p.status).toBe(200);
    expect([p.lang, p.dir]).toEqual(["fa", "rtl"]);
    expect(h1(p.html)).toBe("یافتن شریک");
    expect(p.html).toContain("نام موضوع‌ها (رده‌بندی OpenAlex) فعلاً به انگلیسی است.");
    expect(p.html).toMatch(/<span lang="en">Topic Modeling<\/span>/);
    // Persian digits in the candidate count and the score.
    expect(p.html).toMatch(/<p class="meta">[۰-۹٬]+ نامزد/);
    expect(p.html).toMatch(/امتیاز [۰-۹]٫[۰-۹]{2}/);
  });

  it("in Russian: the candidate count takes its plural form; the English page keeps its words", async () => {
    const ru = await page("/partners?topics=T10028", { Cookie: "lng=ru" });
    expect(h1(ru.html)).toBe("Поиск партнёров");
    const m = /<p class="meta">([\d\s\u00a0]+) (кандидат[а-я]*)<\/p>/.exec(ru.html);
    expect(m).not.toBeNull();
    const n = Number(m![1].replace(/\D/g, ""));
    const forms: Partial<Record<Intl.LDMLPluralRule, string>> = { one: "кандидат", few: "кандидата", many: "кандидатов", other: "кандидата" };
    expect(m![2]).toBe(forms[new Intl.PluralRules("ru").select(n)]);
    const en = await page("/partners?topics=T10028");
    expect(h1(en.html)).toBe("Find partners");
    expect(en.html).toMatch(/\d+ candidates?/);
  });

  it("the JSON API stays English whatever the viewer's language", async () => {
    const res = await fetch(`${server.app.url}/api/v1/partners?topics=T10028&country=FR`, { headers: { Cookie: "lng=fa" } });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/^country: must be an ECO member state code/);
  });
});

describe("/me/profile", () => {
  it("a validation error in Persian stands next to its field, and what was typed is kept", async () => {
    const user = await createUser();
    const cookie = `${await signIn(user)}; lng=fa`;
    const res = await fetch(`${server.app.url}/me/profile`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: server.app.url },
      body: new URLSearchParams({ fullName: "Zahra Ahmadi", orcid: "0000-0002-1825-0098", contactVisibility: "hidden" }),
      redirect: "manual",
    });
    expect(res.status).toBe(400);
    const html = (await res.text()).replaceAll("<!-- -->", "");
    expect(html).toMatch(/<html lang="fa" dir="rtl"/);
    // The ORCID iD's field, then its error list holding the Persian message.
    expect(html).toMatch(
      /<input[^>]*name="orcid"[^>]*value="0000-0002-1825-0098"[^>]*\/>.*?<div id="[^"]*orcid-error" role="alert"><ul class="field-errors"><li class="field-error">رقم کنترلی این شناسهٔ ORCID نادرست است/s,
    );
    expect(html).toContain("<h1>نمایهٔ متخصص خود را بسازید</h1>");
  });

  it("names the languages in the viewer's language", async () => {
    const user = await createUser();
    const p = await page("/me/profile", { Cookie: `${await signIn(user)}; lng=ru` });
    expect(p.status).toBe(200);
    expect(p.html).toContain(`value="fa"/> ${languageName("fa", "ru")}`);
    expect(languageName("fa", "ru")).toBe("персидский");
    expect(languageName("fa", "en")).toBe("Persian");
  });
});
