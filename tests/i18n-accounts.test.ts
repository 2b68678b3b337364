/**
 * Accounts in the viewer's language (issue 16), over HTTP against the
 * production build: translated pages, server validation messages in Persian
 * next to their field, emails in the recipient's language (the account's
 * choice, else the language it signed up in), and a signed-in user's language
 * surviving signing out and in again.
 */
import { useAppServer } from "./helpers/app-server";
import { createUser, signIn, DEFAULT_PASSWORD } from "./factories";
import { getDb, mailbox } from "./helpers";
import { inLanguage } from "./helpers/i18n";
import { msg } from "../app/i18n/message";
import { serverT } from "../app/i18n/i18n.server";
import { FORMER_MEMBER, shownName } from "../app/features/accounts/former-member";

/** Page text without the Unicode isolates (U+2068, U+2069) the Persian catalogue puts around interpolated values. */
const withoutIsolates = (s: string) => s.replace(/[\u2068\u2069]/g, "");

const server = useAppServer();

const form = (path: string, body: Record<string, string>, cookie = "") =>
  fetch(server.app.url + path, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.app.url, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(body),
  });

const get = (path: string, cookie = "") => fetch(server.app.url + path, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });

/** "name=value" pairs of a response's Set-Cookie headers. */
const setCookies = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

const h1 = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];

describe("account pages in the viewer's language", () => {
  it("shows /login in Russian and /join in Persian, right to left", async () => {
    const ru = await (await get("/login", "lng=ru")).text().then(withoutIsolates);
    expect(h1(ru)).toBe("Войти");
    expect(ru).toContain("Забыли пароль?");
    const fa = await (await get("/join", "lng=fa")).text().then(withoutIsolates);
    expect(fa).toMatch(/<html lang="fa" dir="rtl"/);
    expect(h1(fa)).toBe("ساختن حساب کاربری");
    expect(fa).toContain("<title>ساختن حساب کاربری — شبکهٔ پژوهشی فاوای اکو</title>");
    expect(fa).not.toMatch(/accounts:|fields\.email|join\.title/);
  });

  it("puts a server validation message in Persian next to its field, and keeps the form", async () => {
    const res = await form("/join", { displayName: "Zahra Ahmadi", email: "not-an-address", password: "x", confirmPassword: "y" }, "lng=fa");
    expect(res.status).toBe(400);
    const html = await res.text().then(withoutIsolates);
    const emailError = /id="[^"]*email-error"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
    expect(emailError).toContain("یک نشانی ایمیل معتبر وارد کنید، مانند name@university.edu");
    expect(html).toContain('value="Zahra Ahmadi"');
    // Keys travel in the page data (scripts); the text people read has none.
    expect(html.replace(/<script[\s\S]*?<\/script>/g, "")).not.toContain("accounts:validation");
    const differ = await form("/join", { displayName: "Z", email: "z@example.org", password: DEFAULT_PASSWORD, confirmPassword: "other" }, "lng=fa");
    const confirmError = /id="[^"]*confirmPassword-error"[^>]*>([\s\S]*?)<\/div>/.exec(await differ.text().then(withoutIsolates))?.[1] ?? "";
    expect(confirmError).toContain("دو گذرواژه با هم یکسان نیستند");
  });

  it("keeps English for a viewer who chose nothing", async () => {
    const res = await form("/join", { displayName: "A", email: "bad", password: "x", confirmPassword: "x" });
    expect(await res.text().then(withoutIsolates)).toContain("Enter a valid email address, like name@university.edu");
  });
});

describe("emails in the recipient's language", () => {
  it("sends a Russian reset email to an account whose language is ru, whatever the page's language", async () => {
    const user = await createUser();
    await getDb().updateTable("users").set({ language: "ru" }).where("id", "=", user.id).execute();
    expect((await form("/forgot-password", { email: user.email }, "lng=tr")).status).toBe(302);
    const [mail] = await mailbox(user.email);
    expect(mail.subject).toBe("Сброс пароля — Исследовательская сеть ИКТ ОЭС");
    expect(mail.text).toContain(`Здравствуйте, ${user.displayName}!`);
    expect(mail.text).toContain("срок её действия — 1 час.");
    expect(mail.text).toMatch(/\/reset-password\?token=/);
  });

  it("stores the sign-up's language and writes the verification email in it", async () => {
    const email = `farsi-${Date.now()}@example.org`;
    const res = await form("/join", { displayName: "Reza", email, password: DEFAULT_PASSWORD, confirmPassword: DEFAULT_PASSWORD }, "lng=fa");
    expect(res.status).toBe(302);
    const row = await getDb().selectFrom("users").select(["signup_language", "language"]).where("email", "=", email).executeTakeFirstOrThrow();
    expect(row).toEqual({ signup_language: "fa", language: null });
    const [mail] = await mailbox(email);
    expect(mail.subject).toBe("نشانی ایمیل خود را تأیید کنید — شبکهٔ پژوهشی فاوای اکو");
    expect(withoutIsolates(mail.text)).toContain("Reza گرامی،");
  });

  it("writes an English email for an account that never chose and signed up in English", async () => {
    const user = await createUser();
    await form("/forgot-password", { email: user.email }, "lng=fa");
    expect((await mailbox(user.email))[0].subject).toBe("Reset your password — ECO ICT Research Network");
  });
});

describe("a signed-in user's language", () => {
  it("survives signing out and in again", async () => {
    const user = await createUser();
    const session = await signIn(user);
    expect((await form("/language", { lng: "fa", redirectTo: "/" }, session)).status).toBe(302);
    expect((await form("/logout", {}, session)).status).toBe(302);
    // A new browser: no lng cookie, an English Accept-Language.
    const login = await form("/login", { email: user.email, password: DEFAULT_PASSWORD });
    expect(login.status).toBe(302);
    const cookies = setCookies(login);
    expect(cookies).toContain("lng=fa");
    const next = await fetch(server.app.url + login.headers.get("location"), {
      headers: { Cookie: cookies.join("; "), "Accept-Language": "en" },
    });
    const html = await next.text().then(withoutIsolates);
    expect(html).toMatch(/<html lang="fa" dir="rtl"/);
    // The toast speaks the account's language too.
    expect(html).toContain(`با ${user.email} وارد شدید.`);
  });

  it("leaves the language cookie alone for an account that never chose", async () => {
    const user = await createUser();
    const login = await form("/login", { email: user.email, password: DEFAULT_PASSWORD });
    expect(setCookies(login).some((c) => c.startsWith("lng="))).toBe(false);
  });

  it("shows the account's language on /account", async () => {
    const user = await createUser();
    await getDb().updateTable("users").set({ language: "tr" }).where("id", "=", user.id).execute();
    const html = await (await get("/account", `${await signIn(user)}; lng=tr`)).text().then(withoutIsolates);
    expect(h1(html)).toBe("Hesabınız");
    expect(html).toContain("Türkçe");
    expect(html).toContain('action="/language"');
  });
});

describe("Russian plurals in account messages", () => {
  it("has the three forms for 1, 3, 5 and 21 ended sessions", () => {
    const ended = (count: number) => inLanguage("ru", msg("accounts:toast.othersEnded", { count }));
    expect([1, 3, 5, 21].map(ended)).toEqual([
      "Завершён 1 другой сеанс.",
      "Завершено 3 других сеанса.",
      "Завершено 5 других сеансов.",
      "Завершён 21 другой сеанс.",
    ]);
  });
});

describe("/admin/users and the last English messages in the viewer's language", () => {
  it("shows /admin/users in Persian, and a grant toast in Russian", async () => {
    const admin = await signIn(await createUser({ role: "admin" }));
    const target = await createUser({ email: "lale.ru@tuit.example" });
    const fa = await (await get(`/admin/users?q=${encodeURIComponent(target.email)}`, `${admin}; lng=fa`)).text().then(withoutIsolates);
    expect(fa).toMatch(/<html lang="fa" dir="rtl"/);
    expect(h1(fa)).toBe("کاربران و نقش‌ها");
    expect(fa).toContain("<title>کاربران و نقش‌ها — شبکهٔ پژوهشی فاوای اکو</title>");
    // The day joined in the Solar Hijri calendar (Persian digits), the Gregorian beside it.
    expect(fa).toMatch(/عضویت از [۰-۹]+ [^<(]+ [۰-۹]{4} \(/);
    expect(fa).not.toMatch(/accounts:|admin\.title|role\.admin/);

    const granted = await form(`/admin/users?q=lale`, { intent: "grant", userId: target.id, role: "secretariat" }, `${admin}; lng=ru`);
    expect(granted.status).toBe(302);
    const page = await get(granted.headers.get("location")!, [admin, "lng=ru", ...setCookies(granted)].join("; "));
    const html = await page.text().then(withoutIsolates);
    expect(html).toContain("Пользователю lale.ru@tuit.example назначена роль «Секретариат».");
    expect(html).toContain("Снять: Секретариат");
  });

  it("says 'Former member', the throttles and the message quotas in Russian, with plural forms", () => {
    expect(shownName(serverT("ru"), FORMER_MEMBER)).toBe("Бывший участник");
    expect(shownName(serverT("fa"), "Former member")).toBe("عضو پیشین");
    expect(shownName(serverT("ru"), "Lale Pushy")).toBe("Lale Pushy");
    const quota = (count: number) => inLanguage("ru", msg("messaging:quota.conversationsHours", { max: 20, count }));
    expect([1, 3, 5, 21].map(quota).map((s) => s.split(". ")[1])).toEqual([
      "Подождите 1 час и попробуйте снова.",
      "Подождите 3 часа и попробуйте снова.",
      "Подождите 5 часов и попробуйте снова.",
      "Подождите 21 час и попробуйте снова.",
    ]);
    expect(inLanguage("ru", msg("accounts:rateLimit.waitSeconds", { what: "accounts:rateLimit.login", count: 5 }))).toBe(
      "Слишком много попыток входа. Подождите 5 секунд и попробуйте снова.",
    );
    expect(inLanguage("fa", msg("accounts:rateLimit.waitMinutes", { what: "accounts:rateLimit.mail", count: 12 }))).toContain("۱۲ دقیقه");
  });
});
