/**
 * Messaging and notifications in the viewer's language (issue 16), over HTTP
 * against the production build: notifications are stored as catalogue keys and
 * shown in the language of whoever reads them (old plain-text rows as they
 * are); their emails speak the recipient's language; the conversation list in
 * Persian shows a Solar Hijri date.
 */
import { useAppServer } from "./helpers/app-server";
import { createUser, signIn } from "./factories";
import { getDb } from "./helpers";
import { msg } from "../app/i18n/message";
import { notify } from "../app/features/messaging/notification.server";

const server = useAppServer();

const page = async (path: string, cookie: string) => {
  const res = await fetch(server.app.url + path, { headers: { Cookie: cookie } });
  return { status: res.status, html: await res.text() };
};

describe("notifications in the reader's language", () => {
  it("renders a stored key in Russian for a Russian reader, and in English for an English one", async () => {
    const user = await createUser({ displayName: "Олег" });
    await getDb().updateTable("users").set({ language: "ru" }).where("id", "=", user.id).execute();
    const emails = await notify(getDb(), [user.id], {
      kind: "message",
      title: msg("messaging:notification.newMessageTitle", { name: "Zahra Ahmadi" }),
      body: msg("messaging:notification.newMessageBody", { name: "Zahra Ahmadi" }),
      url: "/messages/1",
    });
    expect(emails.map((e) => e.subject)).toEqual(["Новое сообщение от Zahra Ahmadi"]);
    expect(emails[0].text).toContain("Исследовательской сети ИКТ ОЭС");
    const cookie = await signIn(user);
    const ru = await page("/notifications", `${cookie}; lng=ru`);
    expect(ru.status).toBe(200);
    expect(ru.html).toContain("<h1>Уведомления</h1>");
    expect(ru.html).toContain("Новое сообщение от Zahra Ahmadi");
    const en = await page("/notifications", `${cookie}; lng=en`);
    expect(en.html).toContain("New message from Zahra Ahmadi");
    expect(en.html.replace(/<script[\s\S]*?<\/script>/g, "")).not.toContain("messaging:notification");
  });

  it("shows a row stored as plain text before issue 16 as it is", async () => {
    const user = await createUser();
    await getDb()
      .insertInto("notifications")
      .values({ user_id: user.id, kind: "decision", title: "Your proposal was approved", body: "Old text body.", url: "/proposals/1" })
      .execute();
    const fa = await page("/notifications", `${await signIn(user)}; lng=fa`);
    expect(fa.html).toContain("Your proposal was approved");
    expect(fa.html).toContain("اعلان‌ها");
  });

  it("counts unread notifications with Russian plural forms", async () => {
    const user = await createUser();
    const cookie = await signIn(user);
    const forms: string[] = [];
    let stored = 0;
    for (const n of [1, 3, 5, 21]) {
      const rows = Array.from({ length: n - stored }, () => ({ user_id: user.id, kind: "message" as const, title: "t", body: "b", url: "/" }));
      await getDb().insertInto("notifications").values(rows).execute();
      stored = n;
      const html = (await page("/notifications", `${cookie}; lng=ru`)).html;
      forms.push(/<button name="intent" value="read-all">([^<]*)<\/button>/.exec(html)?.[1] ?? "");
    }
    expect(forms).toEqual([
      "Отметить 1 уведомление как прочитанное",
      "Отметить 3 уведомления как прочитанные",
      "Отметить 5 уведомлений как прочитанные",
      "Отметить 21 уведомление как прочитанное",
    ]);
  });
});

describe("conversations in Persian", () => {
  it("lists a conversation with a Solar Hijri date and Persian headings", async () => {
    const [a, b] = [await createUser({ displayName: "Ali" }), await createUser({ displayName: "Sara" })];
    const when = new Date("2027-01-15T12:00:00Z");
    const conv = await getDb()
      .insertInto("conversations")
      .values({ starter_id: a.id, recipient_id: b.id, last_message_at: when, last_sender_id: b.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await getDb().insertInto("messages").values({ conversation_id: conv.id, sender_id: b.id, body: "Salam", created_at: when }).execute();
    const p = await page("/messages", `${await signIn(a)}; lng=fa`);
    expect(p.html).toContain("<h1>پیام‌ها (۱ خوانده‌نشده)</h1>");
    expect(p.html).toContain("دی ۱۴۰۵");
  });
});
