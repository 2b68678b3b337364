/**
 * Choosing the interface language, over HTTP against the production build:
 * `?lng=` (also remembered as the cookie), the `lng` cookie, Accept-Language,
 * English for anything unknown (never an error), `<html lang dir>`, the
 * switcher's POST /language (cookie, and the account of a signed-in user),
 * and caching headers (`Vary`, never stored by shared caches).
 */
import { useAppServer } from "./helpers/app-server";
import { createUser, signIn } from "./factories";
import { getDb } from "./helpers";

const server = useAppServer();

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(server.app.url + path, { headers, redirect: "manual" });
  const html = await res.text();
  const html0 = /<html lang="([^"]+)" dir="([^"]+)"/.exec(html);
  return { res, html, lang: html0?.[1], dir: html0?.[2] };
}

describe("the viewer's language", () => {
  it("is English by default, left to right", async () => {
    const p = await page("/");
    expect(p.res.status).toBe(200);
    expect([p.lang, p.dir]).toEqual(["en", "ltr"]);
  });

  it("follows ?lng=, and a shared link's language becomes the cookie", async () => {
    const p = await page("/?lng=fa");
    expect([p.lang, p.dir]).toEqual(["fa", "rtl"]);
    expect(p.res.headers.get("set-cookie")).toMatch(/(^|, )lng=fa;/);
    expect((await page("/?lng=fa-AF")).lang).toBe("fa-AF");
  });

  it("follows the lng cookie, then Accept-Language", async () => {
    expect((await page("/", { Cookie: "lng=ru" })).lang).toBe("ru");
    expect((await page("/", { "Accept-Language": "tr-TR,tr;q=0.9,en;q=0.5" })).lang).toBe("tr");
    expect((await page("/", { "Accept-Language": "fa-IR" })).lang).toBe("fa");
    // The cookie (a choice) wins over the browser's list.
    expect((await page("/", { Cookie: "lng=ru", "Accept-Language": "tr" })).lang).toBe("ru");
  });

  it("falls back to English for an unknown language in each place, never an error", async () => {
    for (const [path, headers] of [
      ["/?lng=xx", {}],
      ["/institutions?lng=%00%FF", {}],
      ["/", { Cookie: "lng=xx" }],
      ["/", { Cookie: "lng=%E0%A4%A" }],
      ["/", { "Accept-Language": "xx" }],
      ["/", { "Accept-Language": ";;;q=abc,*" }],
    ] as Array<[string, Record<string, string>]>) {
      const p = await page(path, headers);
      expect(p.res.status, `${path} ${JSON.stringify(headers)} ${p.res.status === 500 ? server.app.output().slice(-1500) : ""}`).toBe(200);
      expect(p.lang, `${path} ${JSON.stringify(headers)}`).toBe("en");
    }
  });

  it("pages say they depend on the language and are never stored by shared caches", async () => {
    const p = await page("/institutions", { Cookie: "lng=tr" });
    expect(p.res.headers.get("vary")).toMatch(/Cookie/);
    expect(p.res.headers.get("vary")).toMatch(/Accept-Language/);
    expect(p.res.headers.get("cache-control")).toMatch(/private|no-store/);
    const data = await fetch(`${server.app.url}/institutions?_data=routes%2Finstitutions._index`, { headers: { Cookie: "lng=tr" } });
    expect(data.headers.get("vary")).toMatch(/Accept-Language/);
    expect(data.headers.get("cache-control")).toMatch(/private|no-store/);
  });
});

describe("the switcher (POST /language)", () => {
  const post = (body: Record<string, string>, cookie = "") =>
    fetch(`${server.app.url}/language`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.app.url, ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams(body),
    });

  it("is on every page, each language named in itself", async () => {
    const p = await page("/calls");
    for (const name of ["English", "Русский", "Türkçe", "فارسی"]) expect(p.html).toContain(name);
    expect(p.html).toContain('action="/language"');
  });

  it("remembers the choice in a cookie and goes back to the page", async () => {
    const res = await post({ lng: "tr", redirectTo: "/calls?q=ai" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/calls?q=ai");
    expect(res.headers.get("set-cookie")).toMatch(/^lng=tr; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly/);
  });

  it("chooses English for an unknown code and never leaves the site", async () => {
    const res = await post({ lng: "xx", redirectTo: "https://evil.example/" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    expect(res.headers.get("set-cookie")).toMatch(/^lng=en;/);
  });

  it("saves a signed-in user's choice on the account", async () => {
    const user = await createUser();
    const res = await post({ lng: "fa", redirectTo: "/" }, await signIn(user));
    expect(res.status).toBe(302);
    const row = await getDb().selectFrom("users").select("language").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.language).toBe("fa");
  });
});
