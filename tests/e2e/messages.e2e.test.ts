/**
 * End to end in Chromium: a researcher opens an expert's profile, presses
 * Contact and sends a message; the expert follows the emailed link (from the
 * development mailbox), reads the message in the app (opening it marks it
 * read) and replies; the researcher sees the reply. Neither page shows the
 * other side's email address.
 */
import { expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { screenshot, useAppAndBrowser } from "../helpers/browser";
import { anInstitutionId, createUser, DEFAULT_PASSWORD } from "../factories";
import { getDb, linkIn, mailbox, upsertExpertProfileAs } from "../helpers";

const e2e = useAppAndBrowser();

async function signedInPage(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${e2e.app.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEFAULT_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Messages" }).count(), { timeout: 10_000 }).toBe(1);
  return page;
}

it("a researcher contacts an expert from the profile; the expert gets the message in the app, by the emailed link, and replies", async () => {
  const researcher = await createUser({ displayName: "Aigerim Researcher" });
  const expert = await createUser({ displayName: "Reza Expert" });
  const profile = await upsertExpertProfileAs(getDb(), expert.id, {
    fullName: "Reza Expert",
    institutionId: await anInstitutionId(),
    contactEmail: expert.email,
    contactVisibility: "hidden",
  });
  if (!profile.ok) throw new Error("profile not created");

  // The researcher: profile → Contact → message → sent.
  const researcherContext = await e2e.browser.newContext();
  const a = await signedInPage(researcherContext, researcher.email);
  await a.goto(`${e2e.app.url}/experts/${profile.expertId}`);
  await a.getByRole("link", { name: "Contact", exact: true }).click();
  await a.waitForURL(/\/messages\/new\?expert=\d+$/);
  await a.getByLabel("Message").fill("Salam! We are building a consortium on edge AI. Would your lab join as a partner?");
  await screenshot(a, "messages-new");
  await a.getByRole("button", { name: "Send message" }).click();
  await a.waitForURL(/\/messages\/\d+$/);
  await expect.poll(() => a.getByRole("status").textContent()).toContain("Message sent.");
  const conversationPath = new URL(a.url()).pathname;
  expect(await a.locator("main").textContent()).not.toContain(expert.email);

  // The expert: the email links to the conversation.
  const mails = await mailbox(expert.email);
  expect(mails.map((m) => m.subject)).toEqual(["New message from Aigerim Researcher"]);
  const link = linkIn(mails[0].text, "/messages/");
  expect(new URL(link).pathname).toBe(conversationPath);

  const expertContext = await e2e.browser.newContext();
  const b = await signedInPage(expertContext, expert.email);
  await b.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Messages" }).click();
  await b.waitForURL(/\/messages$/);
  await expect.poll(() => b.getByRole("heading", { level: 1 }).textContent()).toBe("Messages (1 unread)");
  expect(await b.locator("main").textContent()).not.toContain(researcher.email);
  await screenshot(b, "messages-inbox");
  await b.goto(link);
  await expect.poll(() => b.locator("main").textContent()).toContain("Would your lab join as a partner?");
  expect(await b.locator("main").textContent()).not.toContain(researcher.email);
  // Opening it marks it read (a POST made by the page's script).
  await expect
    .poll(
      async () =>
        (await getDb().selectFrom("conversations").select("recipient_read_at").where("recipient_id", "=", expert.id).executeTakeFirstOrThrow())
          .recipient_read_at,
      { timeout: 10_000 },
    )
    .not.toBeNull();
  await b.getByLabel("Reply").fill("Gladly — let us talk next week.");
  await b.getByRole("button", { name: "Send reply" }).click();
  await expect.poll(() => b.getByRole("status").textContent()).toContain("Reply sent.");
  await expect.poll(() => b.getByLabel("Reply").inputValue()).toBe("");
  await screenshot(b, "messages-conversation");

  // The researcher sees the reply in the same conversation.
  await a.goto(`${e2e.app.url}/messages`);
  await expect.poll(() => a.getByRole("heading", { level: 1 }).textContent()).toBe("Messages (1 unread)");
  await a.getByRole("link", { name: "Reza Expert" }).click();
  await a.waitForURL(new RegExp(`${conversationPath}$`));
  await expect.poll(() => a.locator("main").textContent()).toContain("Gladly — let us talk next week.");
  await researcherContext.close();
  await expertContext.close();
}, 90_000);
