/**
 * In-app messages (issue 14, item 2): Contact on expert profiles and partner
 * results, /messages, /messages/new, /messages/:id and the secretariat's
 * /secretariat/message-reports. Pages over HTTP against the production build
 * (plain form posts, as without JavaScript; CSRF as in production); the
 * quotas through the route actions in this process, where RATE_LIMIT can be
 * switched.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { useAppServer } from "./helpers/app-server";
import { actionArgs, callRoute, getDb, linkIn, loaderArgs, mailbox, upsertExpertProfileAs } from "./helpers";
import { anInstitutionId, createUser, signIn, type TestUser } from "./factories";
import { action as newMessageAction } from "../app/routes/messages.new";
import { loader as partnersLoader } from "../app/routes/partners";
import { consumeMessageQuota, MESSAGES_PER_HOUR, MESSAGE_CONVERSATIONS_PER_DAY } from "../app/utils/rate-limit.server";
import { action as conversationAction } from "../app/routes/messages.$id";
import { MESSAGE_MAX, SENDER_STOPPED_MESSAGE } from "../app/features/messaging/message-schema";
import { english } from "./helpers/i18n";

const server = useAppServer();

/** A page's HTML as the browser gets it (React's text separators removed), and its status. */
async function get(path: string, cookie?: string): Promise<{ status: number; html: string; location: string | null }> {
  const res = await fetch(`${server.app.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  return { status: res.status, html: (await res.text()).replaceAll("<!-- -->", ""), location: res.headers.get("Location") };
}

/** A plain form post from a page of this site, to the page's own URL (as a browser without JavaScript sends it). */
async function post(path: string, fields: Record<string, string>, cookie?: string, headers: Record<string, string> = { Origin: "" }) {
  const h: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", ...headers };
  if (h.Origin === "") h.Origin = server.app.url;
  if (cookie) h.Cookie = cookie;
  const res = await fetch(`${server.app.url}${path}`, { method: "POST", headers: h, body: new URLSearchParams(fields), redirect: "manual" });
  return {
    status: res.status,
    html: (await res.text()).replaceAll("<!-- -->", ""),
    location: res.headers.get("Location"),
    retryAfter: res.headers.get("Retry-After"),
  };
}

const html = (s: string) => s.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("'", "&#x27;").replaceAll("<", "&lt;");

interface Person {
  user: TestUser;
  cookie: string;
  expertId: number | null;
}

/** A verified account, signed in; with an expert profile (contact email hidden) when `profile` names it. */
async function person(displayName: string, profile?: { fullName: string; keywords?: string[]; topicIds?: string[] }): Promise<Person> {
  const user = await createUser({ displayName });
  let expertId: number | null = null;
  if (profile) {
    const r = await upsertExpertProfileAs(getDb(), user.id, {
      fullName: profile.fullName,
      institutionId: await anInstitutionId(),
      contactEmail: user.email,
      contactVisibility: "hidden",
      keywords: profile.keywords ?? [],
      topicIds: profile.topicIds ?? [],
    });
    if (!r.ok) throw new Error(`profile of ${displayName} not created: ${JSON.stringify(r.fieldErrors)}`);
    expertId = r.expertId;
  }
  return { user, cookie: await signIn(user), expertId };
}

/** Sends the first message to `to`'s profile over HTTP; returns the conversation id. */
async function contact(from: Person, to: Person, body: string): Promise<number> {
  const res = await post(`/messages/new?expert=${to.expertId}`, { expertId: String(to.expertId), body }, from.cookie);
  expect(res.status, res.html.slice(0, 300)).toBe(302);
  const m = /^\/messages\/(\d+)$/.exec(res.location ?? "");
  expect(m, `redirect to ${res.location}`).not.toBeNull();
  return Number(m![1]);
}

describe("send, read, reply", () => {
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let conversation: number;

  beforeAll(async () => {
    alice = await person("Alice Researcher", { fullName: "Alice Researcher" });
    bob = await person("Bob Expert", { fullName: "Bob Expert" });
    carol = await person("Carol Outsider");
  });

  it("the profile of an account shows Contact to others, not to its owner; the form names neither email", async () => {
    const profile = await get(`/experts/${bob.expertId}`, alice.cookie);
    expect(profile.status).toBe(200);
    expect(profile.html).toContain(`href="/messages/new?expert=${bob.expertId}"`);
    expect(profile.html).not.toContain(bob.user.email);
    const own = await get(`/experts/${bob.expertId}`, bob.cookie);
    expect(own.html).not.toContain(`href="/messages/new?expert=${bob.expertId}"`);
    const form = await get(`/messages/new?expert=${bob.expertId}`, alice.cookie);
    expect(form.status).toBe(200);
    expect(form.html).toContain("Write to Bob Expert");
    expect(form.html).not.toContain(bob.user.email);
    // Signed out: Contact leads to sign-in first.
    expect((await get(`/messages/new?expert=${bob.expertId}`)).location).toBe(
      `/login?redirectTo=${encodeURIComponent(`/messages/new?expert=${bob.expertId}`)}`,
    );
  });

  it("a message reaches the recipient at /messages (unread) with an email linking to the conversation; no address leaks either way", async () => {
    conversation = await contact(alice, bob, "Salam Bob, would you join our consortium on federated learning?");
    // The sender lands on the conversation.
    const mine = await get(`/messages/${conversation}`, alice.cookie);
    expect(mine.status).toBe(200);
    expect(mine.html).toContain("Conversation with");
    expect(mine.html).toContain("would you join our consortium");
    expect(mine.html).not.toContain(bob.user.email);

    const list = await get("/messages", bob.cookie);
    expect(list.status).toBe(200);
    expect(list.html).toContain("Messages (1 unread)");
    expect(list.html).toContain(`href="/messages/${conversation}"`);
    expect(list.html).toContain("Alice Researcher");
    expect(list.html).not.toContain(alice.user.email);

    const mails = await mailbox(bob.user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe("New message from Alice Researcher");
    const link = linkIn(mails[0].text, `/messages/${conversation}`);
    expect(new URL(link).pathname).toBe(`/messages/${conversation}`);
    expect(mails[0].text).not.toContain(alice.user.email);
    expect(mails[0].text).not.toContain("federated learning"); // the text stays in the app
    expect(await mailbox(alice.user.email)).toHaveLength(0);

    const theirs = await get(new URL(link).pathname, bob.cookie);
    expect(theirs.status).toBe(200);
    expect(theirs.html).toContain("would you join our consortium");
    expect(theirs.html).toContain('<span class="badge">new</span>');
    expect(theirs.html).not.toContain(alice.user.email);
    // The bell has it too.
    expect((await get("/notifications", bob.cookie)).html).toContain("New message from Alice Researcher");
  });

  it("marking read (the POST the page makes) clears the unread marker and the notification", async () => {
    const r = await post(`/messages/${conversation}`, { intent: "read" }, bob.cookie);
    expect(r.status).toBe(200);
    const list = await get("/messages", bob.cookie);
    expect(list.html).not.toContain("unread)");
    const unread = await getDb().selectFrom("notifications").select("id").where("user_id", "=", bob.user.id).where("read_at", "is", null).execute();
    expect(unread).toHaveLength(0);
  });

  it("a reply stays in the app: the other side sees it and is emailed a link", async () => {
    const r = await post(`/messages/${conversation}`, { intent: "reply", body: "Happy to. Let us talk about WP3." }, bob.cookie);
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/messages/${conversation}`);
    const view = await get(`/messages/${conversation}`, alice.cookie);
    expect(view.html).toContain("Let us talk about WP3.");
    expect(view.html).not.toContain(bob.user.email);
    const mails = await mailbox(alice.user.email);
    expect(mails).toHaveLength(1);
    expect(new URL(linkIn(mails[0].text, "/messages/")).pathname).toBe(`/messages/${conversation}`);
    expect(mails[0].text).not.toContain(bob.user.email);
  });

  it("a second message while the first is unread adds no second email", async () => {
    const before = (await mailbox(alice.user.email)).length;
    expect((await post(`/messages/${conversation}`, { intent: "reply", body: "And WP4." }, bob.cookie)).status).toBe(302);
    expect(await mailbox(alice.user.email)).toHaveLength(before);
    expect((await get("/messages", alice.cookie)).html).toContain("Messages (1 unread)");
  });

  it("writing again from the profile continues the same conversation", async () => {
    expect(await contact(alice, bob, "One more thing.")).toBe(conversation);
    expect(await getDb().selectFrom("conversations").select("id").where("starter_id", "in", [alice.user.id, bob.user.id]).execute()).toHaveLength(1);
  });

  it("anyone else gets 404 for the conversation, on GET and POST; signed out, sign in first", async () => {
    expect((await get(`/messages/${conversation}`, carol.cookie)).status).toBe(404);
    for (const fields of [{ intent: "reply", body: "Intruding" }, { intent: "report" }, { intent: "read" }, { intent: "nonsense" }] as Array<
      Record<string, string>
    >) {
      expect((await post(`/messages/${conversation}`, fields, carol.cookie)).status, fields.intent).toBe(404);
    }
    expect((await get(`/messages/${conversation + 1000}`, alice.cookie)).status).toBe(404);
    expect((await get(`/messages/${conversation}`)).location).toBe(`/login?redirectTo=${encodeURIComponent(`/messages/${conversation}`)}`);
    expect((await get("/messages", carol.cookie)).html).not.toContain(`/messages/${conversation}"`);
    const messages = await getDb().selectFrom("messages").select("body").where("conversation_id", "=", conversation).execute();
    expect(messages.map((m) => m.body)).not.toContain("Intruding");
  });

  it("a form post from another site is refused (CSRF) and writes nothing", async () => {
    const r = await post(`/messages/${conversation}`, { intent: "reply", body: "Forged" }, alice.cookie, { Origin: "https://evil.example" });
    expect(r.status).toBe(403);
    const messages = await getDb().selectFrom("messages").select("body").where("conversation_id", "=", conversation).execute();
    expect(messages.map((m) => m.body)).not.toContain("Forged");
  });

  it("an empty or too long message is refused next to the field, the text kept, nothing written", async () => {
    const count = async () => (await getDb().selectFrom("messages").select("id").where("conversation_id", "=", conversation).execute()).length;
    const before = await count();
    const empty = await post(`/messages/${conversation}`, { intent: "reply", body: "   " }, alice.cookie);
    expect(empty.status).toBe(400);
    expect(empty.html).toMatch(/<textarea[^>]*aria-invalid="true"/);
    expect(empty.html).toContain('id="message-body-error"');
    expect(empty.html).toContain("Write a message before sending.");
    const long = `Start ${"x".repeat(MESSAGE_MAX)}`;
    const tooLong = await post(`/messages/new?expert=${bob.expertId}`, { expertId: String(bob.expertId), body: long }, alice.cookie);
    expect(tooLong.status).toBe(400);
    expect(tooLong.html).toContain("At most 5,000 characters: shorten the message.");
    expect(tooLong.html).toMatch(new RegExp(`<textarea[^>]*>${long}</textarea>`));
    expect(await count()).toBe(before);
  });
});

describe("accept messages", () => {
  it("off: no Contact button, the form says so, sending and replying are refused; on again: back", async () => {
    const dana = await person("Dana Sender", { fullName: "Dana Sender" });
    const emil = await person("Emil Quiet", { fullName: "Emil Quiet" });
    const conversation = await contact(dana, emil, "Before Emil turned messages off.");
    const off = await post("/messages", { intent: "settings", accept: "off" }, emil.cookie);
    expect(off.status).toBe(302);
    expect((await get("/messages", emil.cookie)).html).toContain("Turn messages on");

    expect((await get(`/experts/${emil.expertId}`, dana.cookie)).html).not.toContain(`/messages/new?expert=${emil.expertId}`);
    const form = await get(`/messages/new?expert=${emil.expertId}`, dana.cookie);
    expect(form.html).toContain("Emil Quiet does not accept messages at the moment");
    expect(form.html).not.toContain("<textarea");
    const refused = await post(`/messages/new?expert=${emil.expertId}`, { expertId: String(emil.expertId), body: "Please answer." }, dana.cookie);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("Emil Quiet does not accept messages at the moment, so yours cannot be sent.");
    expect(refused.html).toContain("Please answer.</textarea>"); // nothing lost
    expect((await get(`/messages/${conversation}`, dana.cookie)).html).toContain("Emil Quiet does not accept messages at the moment");
    const reply = await post(`/messages/${conversation}`, { intent: "reply", body: "Still there?" }, dana.cookie);
    expect(reply.status).toBe(403);
    expect(reply.html).toContain("Still there?</textarea>");
    const bodies = (await getDb().selectFrom("messages").select("body").where("conversation_id", "=", conversation).execute()).map((m) => m.body);
    expect(bodies).toEqual(["Before Emil turned messages off."]);

    expect((await post("/messages", { intent: "settings", accept: "on" }, emil.cookie)).status).toBe(302);
    expect((await get(`/experts/${emil.expertId}`, dana.cookie)).html).toContain(`/messages/new?expert=${emil.expertId}`);
  });

  it("an unknown value for the switch is refused and changes nothing", async () => {
    const fay = await person("Fay Member");
    expect((await post("/messages", { intent: "settings", accept: "maybe" }, fay.cookie)).status).toBe(400);
    const row = await getDb().selectFrom("users").select("accepts_messages").where("id", "=", fay.user.id).executeTakeFirstOrThrow();
    expect(row.accepts_messages).toBe(true);
  });
});

describe("profiles without an account", () => {
  let demoId: number;
  let owned: Person;
  beforeAll(async () => {
    const db = getDb();
    const institution = await anInstitutionId();
    const demo = await db
      .insertInto("experts")
      .values({ full_name: "Generated Demo Quokkaweaver", institution_id: institution, is_demo: true, keywords: ["quokkaweaving"] })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("expert_topics").values({ expert_id: demo.id, topic_id: "T10028" }).execute();
    await db
      .insertInto("search_outbox")
      .values({ index_name: "experts", doc_id: String(demo.id) })
      .execute();
    demoId = demo.id;
    owned = await person("Gul Quokkaweaver", { fullName: "Gul Quokkaweaver", keywords: ["quokkaweaving"], topicIds: ["T10028"] });
    // The app server's inline worker drains the outbox too (syncSearch then finds it busy): wait until it is empty.
    await vi.waitFor(async () => expect(await getDb().selectFrom("search_outbox").select("id").execute()).toEqual([]), { timeout: 30_000, interval: 200 });
  });

  it("a generated demo profile shows no Contact button, and its message form is 404", async () => {
    const viewer = await person("Hamid Viewer");
    const page = await get(`/experts/${demoId}`, viewer.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Generated Demo Quokkaweaver");
    expect(page.html).not.toContain("/messages/new");
    expect((await get(`/messages/new?expert=${demoId}`, viewer.cookie)).status).toBe(404);
    expect((await post(`/messages/new?expert=${demoId}`, { expertId: String(demoId), body: "Hello?" }, viewer.cookie)).status).toBe(404);
  });

  it("partner results offer Contact for the expert with an account only", async () => {
    const res = await callRoute(partnersLoader, loaderArgs("/partners?q=quokkaweaving"));
    const body = await res.json();
    const experts = body.result.results.filter((r: any) => r.type === "expert");
    const byId = Object.fromEntries(experts.map((r: any) => [r.id, r.contactable]));
    expect(byId).toMatchObject({ [owned.expertId!]: true, [demoId]: false });
    const page = await get("/partners?q=quokkaweaving");
    expect(page.html).toContain(`href="/messages/new?expert=${owned.expertId}"`);
    expect(page.html).not.toContain(`href="/messages/new?expert=${demoId}"`);
  });
});

describe("throttle (per sender)", () => {
  afterEach(() => {
    delete process.env.RATE_LIMIT;
  });

  it(`the ${MESSAGE_CONVERSATIONS_PER_DAY + 1}st new conversation within a day is refused with 429, the wait and the number; existing conversations go on`, async () => {
    const sender = await person("Ilyas Busy");
    const recipients: Person[] = [];
    for (let i = 0; i <= MESSAGE_CONVERSATIONS_PER_DAY; i++) recipients.push(await person(`Recipient ${i}`, { fullName: `Recipient ${i}` }));
    const send = (to: Person, body: string) =>
      callRoute(newMessageAction, actionArgs("/messages/new", { expertId: String(to.expertId), body }, { cookie: sender.cookie }));
    for (const r of recipients.slice(0, MESSAGE_CONVERSATIONS_PER_DAY)) expect((await send(r, "Hello")).status).toBe(302);
    const refused = await send(recipients[MESSAGE_CONVERSATIONS_PER_DAY], "One too many");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(60 * 60);
    const body = await refused.json();
    expect(english(body.error[""][0])).toMatch(
      /^You have started 20 new conversations within 24 hours, the most the network allows\. Please wait \d+ hours and try again\.$/,
    );
    expect(body.initialValue.body).toBe("One too many");
    // Writing to someone already in a conversation is not a new one.
    expect((await send(recipients[0], "Following up")).status).toBe(302);
    // RATE_LIMIT=off (the hostile-input server) switches it off.
    process.env.RATE_LIMIT = "off";
    expect((await send(recipients[MESSAGE_CONVERSATIONS_PER_DAY], "Now it goes")).status).toBe(302);
  }, 60_000);

  it(`the ${MESSAGES_PER_HOUR + 1}st message within an hour is refused with 429`, async () => {
    const sender = await person("Jamila Chatty");
    const recipient = await person("Kemal Patient", { fullName: "Kemal Patient" });
    const first = await callRoute(
      newMessageAction,
      actionArgs("/messages/new", { expertId: String(recipient.expertId), body: "1" }, { cookie: sender.cookie }),
    );
    const id = /\/messages\/(\d+)$/.exec(first.headers.get("Location")!)![1];
    const reply = (body: string) =>
      callRoute(conversationAction, actionArgs(`/messages/${id}`, { intent: "reply", body }, { cookie: sender.cookie, params: { id } }));
    for (let i = 2; i <= MESSAGES_PER_HOUR; i++) expect((await reply(String(i))).status, `message ${i}`).toBe(302);
    const refused = await reply("61");
    expect(refused.status).toBe(429);
    expect(english((await refused.json()).error[""][0])).toMatch(
      /^You have sent 60 messages within the hour, the most the network allows\. Please wait \d+ (minutes|seconds) and try again\.$/,
    );
    expect(await getDb().selectFrom("messages").select("id").where("sender_id", "=", sender.user.id).execute()).toHaveLength(MESSAGES_PER_HOUR);
  }, 60_000);

  it("RATE_LIMIT=off counts nothing", async () => {
    process.env.RATE_LIMIT = "off";
    const user = await createUser();
    for (let i = 0; i < MESSAGES_PER_HOUR + 5; i++) expect(await consumeMessageQuota(user.id, { newConversation: true })).toBeNull();
    delete process.env.RATE_LIMIT;
    expect(await consumeMessageQuota(user.id, { newConversation: true })).toBeNull();
  });
});

describe("reports and the secretariat queue", () => {
  let secretariat: Person;
  beforeAll(async () => {
    const user = await createUser({ role: "secretariat", displayName: "Sara Secretariat" });
    secretariat = { user, cookie: await signIn(user), expertId: null };
  });

  it("a report lands in the queue (secretariat notified); dismiss closes it", async () => {
    const lale = await person("Lale Pushy");
    const murat = await person("Murat Bothered", { fullName: "Murat Bothered" });
    const conversation = await contact(lale, murat, "Buy my conference tickets!");
    const report = await post(`/messages/${conversation}`, { intent: "report", reason: "Advertising." }, murat.cookie);
    expect(report.status).toBe(302);
    expect((await get(`/messages/${conversation}`, murat.cookie)).html).toContain("You have reported this conversation");
    const mails = await mailbox(secretariat.user.email);
    expect(mails.map((m) => m.subject)).toContain("A conversation was reported");
    expect(new URL(linkIn(mails[0].text, "/secretariat/message-reports")).pathname).toBe("/secretariat/message-reports");

    const queue = await get("/secretariat/message-reports", secretariat.cookie);
    expect(queue.status).toBe(200);
    // Names are bidi-isolated (<bdi>) inside the sentence.
    expect(queue.html.replace(/<\/?bdi>/g, "")).toContain("Murat Bothered reported Lale Pushy");
    expect(queue.html).toContain("Advertising.");
    expect(queue.html).toContain("Buy my conference tickets!");
    const reportId = (await getDb().selectFrom("message_reports").select("id").where("conversation_id", "=", conversation).executeTakeFirstOrThrow()).id;

    for (const who of [lale, murat]) expect((await get("/secretariat/message-reports", who.cookie)).status).toBe(403);
    expect((await post("/secretariat/message-reports", { intent: "dismiss", reportId: String(reportId) }, murat.cookie)).status).toBe(403);

    const dismissed = await post("/secretariat/message-reports", { intent: "dismiss", reportId: String(reportId) }, secretariat.cookie);
    expect(dismissed.status).toBe(302);
    expect((await get("/secretariat/message-reports", secretariat.cookie)).html.replace(/<\/?bdi>/g, "")).not.toContain("Murat Bothered reported Lale Pushy");
    const row = await getDb().selectFrom("message_reports").select(["status", "decided_by"]).where("id", "=", reportId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "dismissed", decided_by: secretariat.user.id });
    // Dismissed: the sender still sends.
    expect((await post(`/messages/${conversation}`, { intent: "reply", body: "Last offer!" }, lale.cookie)).status).toBe(302);
  });

  it("stop the sender: they can neither start conversations nor reply, and are told why; let send again restores", async () => {
    const nima = await person("Nima Spammer");
    const omid = await person("Omid Target", { fullName: "Omid Target" });
    const pari = await person("Pari Next", { fullName: "Pari Next" });
    const conversation = await contact(nima, omid, "Cheap followers!");
    expect((await post(`/messages/${conversation}`, { intent: "report", reason: "Spam" }, omid.cookie)).status).toBe(302);
    const reportId = (await getDb().selectFrom("message_reports").select("id").where("conversation_id", "=", conversation).executeTakeFirstOrThrow()).id;
    const stop = await post("/secretariat/message-reports", { intent: "stop", reportId: String(reportId) }, secretariat.cookie);
    expect(stop.status).toBe(302);
    expect((await post("/secretariat/message-reports", { intent: "dismiss", reportId: String(reportId) }, secretariat.cookie)).location).toBe(
      "/secretariat/message-reports",
    );

    const newOne = await post(`/messages/new?expert=${pari.expertId}`, { expertId: String(pari.expertId), body: "Cheap followers for you too!" }, nima.cookie);
    expect(newOne.status).toBe(403);
    expect(newOne.html).toContain(html(english(SENDER_STOPPED_MESSAGE)));
    const reply = await post(`/messages/${conversation}`, { intent: "reply", body: "Why no answer?" }, nima.cookie);
    expect(reply.status).toBe(403);
    expect((await get(`/messages/new?expert=${pari.expertId}`, nima.cookie)).html).toContain(html(english(SENDER_STOPPED_MESSAGE)));
    expect((await get("/messages", nima.cookie)).html).toContain(html(english(SENDER_STOPPED_MESSAGE)));
    expect(await getDb().selectFrom("messages").select("body").where("sender_id", "=", nima.user.id).execute()).toEqual([{ body: "Cheap followers!" }]);
    // The recipient can still answer the stopped sender (stopping is about sending).
    expect((await post(`/messages/${conversation}`, { intent: "reply", body: "Stop writing to me." }, omid.cookie)).status).toBe(302);

    const queue = await get("/secretariat/message-reports", secretariat.cookie);
    expect(queue.html).toContain("Nima Spammer");
    expect((await post("/secretariat/message-reports", { intent: "restore", userId: nima.user.id }, secretariat.cookie)).status).toBe(302);
    expect((await post(`/messages/${conversation}`, { intent: "reply", body: "Sorry." }, nima.cookie)).status).toBe(302);
  });
});
