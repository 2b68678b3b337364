/**
 * Accounts through the routes' loaders and actions, against the real
 * database: sign-up, verification, sign-in, sign-out, password reset,
 * sessions on /account, tokens, honeypot and throttling.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { action as joinAction } from "../app/routes/join";
import { action as loginAction, loader as loginLoader } from "../app/routes/login";
import { action as logoutAction, loader as logoutLoader } from "../app/routes/logout";
import { action as verifyAction, loader as verifyLoader } from "../app/routes/verify-email";
import { action as forgotAction } from "../app/routes/forgot-password";
import { action as resetAction, loader as resetLoader } from "../app/routes/reset-password";
import { action as accountAction, loader as accountLoader } from "../app/routes/account";
import { loader as rootLoader } from "../app/root";
import { getUser } from "../app/features/accounts/auth.server";
import { verifyPassword } from "../app/features/accounts/password.server";
import { actionArgs, callRoute, cookiesFrom, getArgs, getDb, linkIn, mailbox } from "./helpers";
import { DEFAULT_PASSWORD, createUser, signIn } from "./factories";
import { english } from "./helpers/i18n";

const PASSWORD = "a long enough password";

async function join(email: string, extra: Record<string, string> = {}, ip?: string) {
  return callRoute(joinAction, actionArgs("/join", { displayName: "Aylin Demir", email, password: PASSWORD, confirmPassword: PASSWORD, ...extra }, { ip }));
}

async function login(email: string, password: string, opts: { cookie?: string; ip?: string; redirectTo?: string } = {}) {
  const fields: Record<string, string> = { email, password };
  if (opts.redirectTo !== undefined) fields.redirectTo = opts.redirectTo;
  return callRoute(loginAction, actionArgs("/login", fields, opts));
}

/** The user a Cookie header authenticates, as the app sees it (null: nobody). */
async function whoIs(cookie: string) {
  return getUser(new Request("http://localhost/", { headers: { Cookie: cookie } }));
}

describe("sign-up", () => {
  it("creates an unverified account with a normalised email, hashes the password apart from the user row and mails a verification link", async () => {
    const res = await join("  Aylin.Demir@Example.ORG ");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/verify-email?sent=aylin.demir%40example.org");
    const db = getDb();
    const user = await db.selectFrom("users").selectAll().where("email", "=", "aylin.demir@example.org").executeTakeFirstOrThrow();
    expect(user.email_verified_at).toBeNull();
    expect(user.display_name).toBe("Aylin Demir");
    expect(Object.keys(user)).not.toContain("hash");
    const pw = await db.selectFrom("user_passwords").select("hash").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(pw.hash).toMatch(/^\$argon2id\$/);
    expect(pw.hash).not.toContain(PASSWORD);
    expect(await verifyPassword(pw.hash, PASSWORD)).toBe(true);
    const [mail] = await mailbox("aylin.demir@example.org");
    expect(mail.subject).toMatch(/Confirm your email/);
    const link = linkIn(mail.text, "/verify-email");
    // Only the hash of the token is stored.
    const token = new URL(link).searchParams.get("token")!;
    const stored = await db.selectFrom("email_tokens").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(stored.purpose).toBe("verify");
    expect(stored.expires_at.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
  });

  it("answers an existing address (in any case) exactly like a new one, and tells the owner by mail", async () => {
    const existing = await createUser({ email: "taken@example.org" });
    const res = await join("TAKEN@example.org");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/verify-email?sent=taken%40example.org");
    const count = await getDb()
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("email", "=", "taken@example.org")
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    const [mail] = await mailbox(existing.email);
    expect(mail.subject).toMatch(/already have an account/);
    expect(mail.text).toContain("/forgot-password");
  });

  it("re-renders with the error next to the field and the user's input kept (400)", async () => {
    const res = await join("not-an-email");
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.status).toBe("error");
    expect(english(body.error.email[0])).toMatch(/valid email/);
    expect(body.initialValue.email).toBe("not-an-email");
    expect(body.initialValue.displayName).toBe("Aylin Demir");
    // Passwords are not sent back.
    expect(body.initialValue.password).toBeUndefined();
    const mismatch = await (await join("fine@example.org", { confirmPassword: "something else" })).json();
    expect(english(mismatch.error.confirmPassword[0])).toMatch(/differ/);
    expect(await getDb().selectFrom("users").select("id").where("email", "=", "fine@example.org").executeTakeFirst()).toBeUndefined();
  });

  it("refuses a filled-in honeypot field with 400 and creates nothing", async () => {
    const res = await join("bot@example.org", { website: "http://spam.example" });
    expect(res.status).toBe(400);
    expect(await getDb().selectFrom("users").select("id").where("email", "=", "bot@example.org").executeTakeFirst()).toBeUndefined();
  });

  it("throttles sign-ups from one client address (429 with Retry-After)", async () => {
    const ip = "198.51.100.20";
    for (let i = 0; i < 20; i++) expect((await join(`flood-${i}@example.org`, {}, ip)).status).toBe(302);
    const res = await join("flood-21@example.org", {}, ip);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(english(await res.text())).toMatch(/Too many sign-up attempts/);
  });
});

describe("email verification", () => {
  it("GET shows the address and changes nothing; POST confirms once, signs in with a fresh session", async () => {
    await join("verify-me@example.org");
    const link = linkIn((await mailbox("verify-me@example.org"))[0].text, "/verify-email");
    const token = new URL(link).searchParams.get("token")!;

    for (let i = 0; i < 2; i++) {
      const page = await callRoute(verifyLoader, getArgs(`/verify-email?token=${token}`));
      expect(page.status).toBe(200);
      expect(await page.json()).toMatchObject({ mode: "confirm", email: "verify-me@example.org" });
    }
    const db = getDb();
    const before = await db.selectFrom("users").select("email_verified_at").where("email", "=", "verify-me@example.org").executeTakeFirstOrThrow();
    expect(before.email_verified_at).toBeNull();

    const res = await callRoute(verifyAction, actionArgs("/verify-email", { intent: "confirm", token }));
    expect(res.status).toBe(302);
    const cookie = cookiesFrom(res);
    expect((await whoIs(cookie))?.email).toBe("verify-me@example.org");
    const after = await db.selectFrom("users").select("email_verified_at").where("email", "=", "verify-me@example.org").executeTakeFirstOrThrow();
    expect(after.email_verified_at).toBeInstanceOf(Date);

    // Single use.
    const again = await callRoute(verifyAction, actionArgs("/verify-email", { intent: "confirm", token }));
    expect(again.status).toBe(400);
    expect(english((await again.json()).error[""][0])).toMatch(/expired or has already been used/);
    expect((await callRoute(verifyLoader, getArgs(`/verify-email?token=${token}`))).status).toBe(410);
  });

  it("rejects an expired token", async () => {
    await join("late@example.org");
    const token = new URL(linkIn((await mailbox("late@example.org"))[0].text, "/verify-email")).searchParams.get("token")!;
    await getDb()
      .updateTable("email_tokens")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    const res = await callRoute(verifyAction, actionArgs("/verify-email", { intent: "confirm", token }));
    expect(res.status).toBe(400);
  });

  it("a resent link replaces the old one; resending says the same for unknown addresses", async () => {
    await join("resend@example.org");
    const first = new URL(linkIn((await mailbox("resend@example.org"))[0].text, "/verify-email")).searchParams.get("token")!;
    const res = await callRoute(verifyAction, actionArgs("/verify-email", { intent: "resend", email: "Resend@example.org" }));
    expect(res.status).toBe(302);
    const unknown = await callRoute(verifyAction, actionArgs("/verify-email", { intent: "resend", email: "nobody@example.org" }));
    expect(unknown.status).toBe(302);
    expect(unknown.headers.get("Location")).toBe("/verify-email?sent=nobody%40example.org");
    const mails = await mailbox("resend@example.org");
    expect(mails).toHaveLength(2);
    expect((await callRoute(verifyAction, actionArgs("/verify-email", { intent: "confirm", token: first }))).status).toBe(400);
    const second = new URL(linkIn(mails[0].text, "/verify-email")).searchParams.get("token")!;
    expect((await callRoute(verifyAction, actionArgs("/verify-email", { intent: "confirm", token: second }))).status).toBe(302);
  });

  it("refuses an unknown intent", async () => {
    const res = await callRoute(verifyAction, actionArgs("/verify-email", { intent: "delete-everything" }));
    expect(res.status).toBe(400);
  });
});

describe("sign-in", () => {
  it("gives a wrong email and a wrong password the same message", async () => {
    const user = await createUser();
    const wrongPassword = await login(user.email, "not the password at all");
    const wrongEmail = await login("nobody-here@example.org", DEFAULT_PASSWORD);
    expect(wrongPassword.status).toBe(400);
    expect(wrongEmail.status).toBe(400);
    const a = await wrongPassword.json();
    const b = await wrongEmail.json();
    expect(a.error[""]).toEqual(b.error[""]);
    expect(english(a.error[""][0])).toMatch(/do not match an account/);
    expect(a.initialValue.password).toBeUndefined();
    expect(wrongPassword.headers.getSetCookie()).toEqual([]);
  });

  it("compares emails case-insensitively and signs in with a new session whose cookie is HttpOnly and SameSite=Lax", async () => {
    const user = await createUser({ email: "mixed@example.org" });
    const res = await login("  MIXED@Example.org", DEFAULT_PASSWORD);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    const session = res.headers.getSetCookie().find((c) => c.startsWith("eco_session="))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Path=\//);
    expect(session).toMatch(/; Max-Age=\d+/);
    expect((await whoIs(session.split(";")[0]))?.id).toBe(user.id);
    // The database holds the token's hash, not the token.
    const token = session.split(";")[0].split("=")[1];
    const rows = await getDb().selectFrom("sessions").select("id").where("user_id", "=", user.id).execute();
    expect(rows.map((r) => r.id)).toEqual([createHash("sha256").update(token).digest("hex")]);
  });

  it("replaces a session the request already carried (no session fixation)", async () => {
    const user = await createUser();
    const planted = await signIn(user);
    const res = await login(user.email, DEFAULT_PASSWORD, { cookie: planted });
    // A signed-in visitor is sent away from /login…
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("eco_session="))).toBe(false);
    // …and a stale or foreign session id in the cookie is not reused on sign-in.
    const other = await createUser();
    const stale = "eco_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const fresh = await login(other.email, DEFAULT_PASSWORD, { cookie: stale });
    expect(fresh.status).toBe(302);
    const cookie = fresh.headers
      .getSetCookie()
      .find((c) => c.startsWith("eco_session="))!
      .split(";")[0];
    expect(cookie).not.toBe(stale);
    expect((await whoIs(cookie))?.id).toBe(other.id);
  });

  it("honours redirectTo only for paths on this site", async () => {
    const user = await createUser();
    const cases: Array<[string, string]> = [
      ["/account?tab=sessions", "/account?tab=sessions"],
      ["https://evil.example/phish", "/"],
      ["//evil.example/phish", "/"],
      ["/\\evil.example", "/"],
      ["javascript:alert(1)", "/"],
      // Encoded control characters in the path are refused (a proxy or server may decode them); none is a real page.
      ["/%0d%0aSet-Cookie:x=1", "/"],
      ["/a/..//evil.example", "/"],
    ];
    for (const [to, expected] of cases) {
      const res = await login(user.email, DEFAULT_PASSWORD, { redirectTo: to });
      expect(res.headers.get("Location"), to).toBe(expected);
    }
  });

  it("refuses an unverified account until the email is confirmed, and sends a new link", async () => {
    const user = await createUser({ verified: false });
    const res = await login(user.email, DEFAULT_PASSWORD);
    expect(res.status).toBe(403);
    expect(english((await res.json()).error[""][0])).toMatch(/confirm your email address first/);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await mailbox(user.email))[0].subject).toMatch(/Confirm your email/);
  });

  it("the 11th attempt in a minute for one account is refused with 429 and Retry-After, even with the right password", async () => {
    const user = await createUser();
    for (let i = 0; i < 10; i++) {
      // Different client addresses: the per-account limit alone must stop this.
      expect((await login(user.email, `wrong password ${i}`, { ip: `192.0.2.${i + 1}` })).status).toBe(400);
    }
    const res = await login(user.email, DEFAULT_PASSWORD, { ip: "192.0.2.99" });
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get("Retry-After"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(english(await res.text())).toMatch(/Too many sign-in attempts\. Please wait \d+ seconds/);
    // Another account is not affected.
    const other = await createUser();
    expect((await login(other.email, DEFAULT_PASSWORD, { ip: "192.0.2.99" })).status).toBe(302);
  });

  it("a successful sign-in clears the account's failed attempts", async () => {
    const user = await createUser();
    for (let i = 0; i < 9; i++) await login(user.email, "wrong wrong wrong");
    expect((await login(user.email, DEFAULT_PASSWORD)).status).toBe(302);
    for (let i = 0; i < 9; i++) expect((await login(user.email, "wrong wrong wrong")).status).toBe(400);
  });

  it("sends signed-in users away from /login", async () => {
    const user = await createUser();
    const res = await callRoute(loginLoader, getArgs("/login", await signIn(user)));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
  });
});

describe("sign-out", () => {
  it("ends the session so the old cookie no longer authenticates; GET /logout changes nothing", async () => {
    const user = await createUser();
    const cookie = await signIn(user);
    const get = await callRoute(logoutLoader as never, getArgs("/logout", cookie));
    expect(get.status).toBe(302);
    expect((await whoIs(cookie))?.id).toBe(user.id);
    const res = await callRoute(logoutAction, actionArgs("/logout", {}, { cookie }));
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().find((c) => c.startsWith("eco_session="))).toMatch(/Max-Age=0/);
    expect(await whoIs(cookie)).toBeNull();
    const account = await callRoute(accountLoader, getArgs("/account", cookie));
    expect(account.status).toBe(302);
    expect(account.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });
});

describe("password reset", () => {
  it("mails a single-use link, sets the new password, verifies the email and ends every other session", async () => {
    const user = await createUser({ verified: false });
    const laptop = await signIn(user, { userAgent: "laptop" });
    const phone = await signIn(user, { userAgent: "phone" });
    const res = await callRoute(forgotAction, actionArgs("/forgot-password", { email: user.email.toUpperCase() }));
    expect(res.status).toBe(302);
    const link = linkIn((await mailbox(user.email))[0].text, "/reset-password");
    const token = new URL(link).searchParams.get("token")!;
    const page = await callRoute(resetLoader, getArgs(`/reset-password?token=${token}`));
    expect(await page.json()).toMatchObject({ valid: true, email: user.email });

    const mismatch = await callRoute(resetAction, actionArgs("/reset-password", { token, password: "a brand new password", confirmPassword: "typo" }));
    expect(mismatch.status).toBe(400);
    const done = await callRoute(
      resetAction,
      actionArgs("/reset-password", { token, password: "a brand new password", confirmPassword: "a brand new password" }, { cookie: laptop }),
    );
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/account");
    expect(await whoIs(laptop)).toBeNull();
    expect(await whoIs(phone)).toBeNull();
    const newCookie = cookiesFrom(done);
    expect((await whoIs(newCookie))?.id).toBe(user.id);
    expect((await whoIs(newCookie))?.emailVerified).toBe(true);

    expect((await login(user.email, user.password)).status).toBe(400);
    expect((await login(user.email, "a brand new password")).status).toBe(302);
    const reuse = await callRoute(
      resetAction,
      actionArgs("/reset-password", { token, password: "yet another password", confirmPassword: "yet another password" }),
    );
    expect(reuse.status).toBe(400);
  });

  it("answers the same for an unknown address and sends nothing", async () => {
    const res = await callRoute(forgotAction, actionArgs("/forgot-password", { email: "ghost@example.org" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login");
    expect(await mailbox("ghost@example.org")).toEqual([]);
  });

  it("limits reset mails per account (429 with Retry-After)", async () => {
    const user = await createUser();
    for (let i = 0; i < 5; i++) {
      expect((await callRoute(forgotAction, actionArgs("/forgot-password", { email: user.email }, { ip: `192.0.2.${50 + i}` }))).status).toBe(302);
    }
    const res = await callRoute(forgotAction, actionArgs("/forgot-password", { email: user.email }, { ip: "192.0.2.60" }));
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(await mailbox(user.email)).toHaveLength(5);
  });

  it("an expired link shows as expired and cannot be used", async () => {
    const user = await createUser();
    await callRoute(forgotAction, actionArgs("/forgot-password", { email: user.email }));
    const token = new URL(linkIn((await mailbox(user.email))[0].text, "/reset-password")).searchParams.get("token")!;
    await getDb()
      .updateTable("email_tokens")
      .set({ expires_at: new Date(Date.now() - 1) })
      .where("user_id", "=", user.id)
      .execute();
    expect((await callRoute(resetLoader, getArgs(`/reset-password?token=${token}`))).status).toBe(410);
    const res = await callRoute(
      resetAction,
      actionArgs("/reset-password", { token, password: "a brand new password", confirmPassword: "a brand new password" }),
    );
    expect(res.status).toBe(400);
  });
});

describe("/account sessions", () => {
  it("lists the user's sessions, ends one, then all the others but the current", async () => {
    const user = await createUser();
    const current = await signIn(user, { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0" });
    const other1 = await signIn(user, { userAgent: "phone", ip: "192.0.2.5" });
    const other2 = await signIn(user, { userAgent: "tablet" });
    const stranger = await createUser();
    const strangerCookie = await signIn(stranger);

    const page = await (await callRoute(accountLoader, getArgs("/account", current))).json();
    expect(page.sessions).toHaveLength(3);
    expect(page.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(page.sessions.map((s: { ipAddress: string }) => s.ipAddress)).toContain("192.0.2.5");
    const phone = page.sessions.find((s: { userAgent: string }) => s.userAgent === "phone");

    // Someone else's session id cannot be ended from this account.
    const strangerSession = (await (await callRoute(accountLoader, getArgs("/account", strangerCookie))).json()).sessions[0];
    const foreign = await callRoute(accountAction, actionArgs("/account", { intent: "end-session", sessionId: strangerSession.id }, { cookie: current }));
    expect(foreign.status).toBe(404);
    expect(await whoIs(strangerCookie)).not.toBeNull();

    const one = await callRoute(accountAction, actionArgs("/account", { intent: "end-session", sessionId: phone.id }, { cookie: current }));
    expect(one.status).toBe(302);
    expect(await whoIs(other1)).toBeNull();
    expect(await whoIs(other2)).not.toBeNull();

    const rest = await callRoute(accountAction, actionArgs("/account", { intent: "end-others" }, { cookie: current }));
    expect(rest.status).toBe(302);
    expect(await whoIs(other2)).toBeNull();
    expect((await whoIs(current))?.id).toBe(user.id);
  });

  it("the root loader returns only public fields of the user", async () => {
    const user = await createUser({ role: "admin" });
    const res = await callRoute(rootLoader, getArgs("/", await signIn(user)));
    const body = await res.json();
    expect(body.user).toEqual({ email: user.email, displayName: user.displayName, roles: ["admin"] });
    const anon = await (await callRoute(rootLoader, getArgs("/"))).json();
    expect(anon.user).toBeNull();
  });

  it("slides the expiry forward once less than half the lifetime is left, and re-sends the cookie", async () => {
    const user = await createUser();
    const cookie = await signIn(user);
    const db = getDb();
    const soon = new Date(Date.now() + 2 * 24 * 3600_000);
    await db.updateTable("sessions").set({ expires_at: soon }).where("user_id", "=", user.id).execute();
    const res = await callRoute(rootLoader, getArgs("/", cookie));
    const set = res.headers.getSetCookie().find((c) => c.startsWith("eco_session="));
    expect(set).toBe(`${cookie}; HttpOnly; Max-Age=${14 * 24 * 3600}; Path=/; SameSite=Lax`);
    const row = await db.selectFrom("sessions").select("expires_at").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.expires_at.getTime()).toBeGreaterThan(Date.now() + 13 * 24 * 3600_000);
    // An expired session is refused and removed.
    await db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("user_id", "=", user.id)
      .execute();
    expect(await whoIs(cookie)).toBeNull();
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
  });
});
