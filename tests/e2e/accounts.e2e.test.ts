/**
 * End to end in Chromium against the production build on http://127.0.0.1:
 * a visitor signs up, follows the verification link from the development
 * mailbox, signs out and signs in again; an admin grants a role.
 * Also shows that the Secure session cookie works on plain-http 127.0.0.1.
 */
import { expect, it } from "vitest";
import { screenshot, useAppAndBrowser } from "../helpers/browser";
import { DEFAULT_PASSWORD, createUser } from "../factories";

const e2e = useAppAndBrowser();

it("signs up, confirms the email from the development mailbox, signs out and signs in again", async () => {
  const context = await e2e.browser.newContext();
  const page = await context.newPage();
  const email = "gulnara.abenova@example.org";
  const password = "steppe wind 2026 network";

  await page.goto(`${e2e.app.url}/`);
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Join" }).click();
  await page.waitForURL(/\/join$/);
  await page.getByLabel("Your name").fill("Gulnara Abenova");
  await page.getByLabel("Email").fill("Gulnara.Abenova@Example.org");
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Password again").fill("not the same");
  await page.getByRole("button", { name: "Create account" }).click();
  // Client-side validation from the shared schema, next to the field.
  await expect.poll(() => page.getByText("The two passwords differ").count()).toBe(1);
  await screenshot(page, "join-error");
  await page.getByLabel("Password again").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/verify-email\?sent=/);
  await expect.poll(() => page.getByRole("status").textContent()).toContain("confirm your email address");
  await expect.poll(() => page.locator("main").textContent()).toContain(email);
  await screenshot(page, "join-check-inbox");

  // The development mailbox lists the message; its link confirms the address.
  await page.goto(`${e2e.app.url}/dev/mail`);
  expect(await page.getByRole("note").textContent()).toContain("Development mailbox");
  await page
    .getByRole("row", { name: new RegExp(email) })
    .getByRole("link", { name: /Confirm your email address/ })
    .click();
  await page.waitForURL(/\/dev\/mail\/[\w-]+$/);
  await screenshot(page, "dev-mailbox-message");
  await page.getByRole("link", { name: /\/verify-email\?token=/ }).click();
  await page.waitForURL(/\/verify-email\?token=/);
  await expect.poll(() => page.locator("main").textContent()).toContain(`Confirm that ${email} is your email address`);
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  // A new account without a profile lands on the profile form, invited to build it (issue 14).
  await page.waitForURL(`${e2e.app.url}/me/profile`);
  await expect.poll(() => page.getByRole("status").textContent()).toContain("Start by building your expert profile");
  const accountNav = page.getByRole("navigation", { name: "Account" });
  await expect.poll(() => accountNav.textContent()).toContain(email);

  // The session cookie: HttpOnly, SameSite=Lax and Secure — and Chromium keeps it on http://127.0.0.1.
  const session = (await context.cookies()).find((c) => c.name === "eco_session");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true });
  expect(await page.evaluate(() => document.cookie)).not.toContain("eco_session");

  await accountNav.getByRole("button", { name: "Sign out" }).click();
  await expect.poll(() => accountNav.getByRole("link", { name: "Sign in" }).count()).toBe(1);
  expect((await context.cookies()).find((c) => c.name === "eco_session")).toBeUndefined();
  await page.goto(`${e2e.app.url}/account`);
  await page.waitForURL(/\/login\?redirectTo=%2Faccount$/);

  // Wrong password first: one message for wrong email and wrong password.
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => page.getByText("That email and password do not match an account").count()).toBe(1);
  expect(await page.getByLabel("Email").inputValue()).toBe(email);
  await screenshot(page, "login-wrong-password");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // redirectTo brings the person back to where they were going.
  await page.waitForURL(`${e2e.app.url}/account`);
  await expect.poll(() => page.locator("h1").textContent()).toBe("Your account");
  await expect.poll(() => page.getByRole("cell", { name: "This session" }).count()).toBe(1);
  await screenshot(page, "account");
  await context.close();
});

it("an admin finds a user and grants the secretariat role; the user then sees the secretariat page", async () => {
  const admin = await createUser({ role: "admin", email: "admin@example.org", displayName: "Site Admin" });
  const target = await createUser({ email: "farid.aliyev@example.org", displayName: "Farid Aliyev" });
  const context = await e2e.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${e2e.app.url}/login`);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(DEFAULT_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${e2e.app.url}/`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.waitForURL(/\/admin\/users/);
  await page.getByLabel("Find users by email or name").fill("aliyev");
  await page.getByRole("button", { name: "Find" }).click();
  await page.waitForURL(/q=aliyev/);
  await page.getByRole("button", { name: `Grant Secretariat role to ${target.email}` }).click();
  await expect.poll(async () => (await page.getByRole("status").textContent()) ?? "").toContain(`${target.email} now has the Secretariat role`);
  await expect.poll(() => page.getByRole("button", { name: `Revoke Secretariat role from ${target.email}` }).count()).toBe(1);
  await screenshot(page, "admin-users");
  await context.close();

  const other = await e2e.browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(`${e2e.app.url}/login`);
  await p2.getByLabel("Email").fill(target.email);
  await p2.getByLabel("Password").fill(DEFAULT_PASSWORD);
  await p2.getByRole("button", { name: "Sign in" }).click();
  await p2.waitForURL(`${e2e.app.url}/`);
  await p2.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Secretariat" }).click();
  await p2.waitForURL(/\/secretariat$/);
  await expect.poll(() => p2.locator("h1").textContent()).toBe("Secretariat");
  await other.close();
});
