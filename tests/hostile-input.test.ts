/**
 * Hostile input over HTTP against the production build (server.ts): a corpus
 * of hostile values (NUL and other control characters, 2^31, 2^63, 10^30,
 * negative and fractional numbers, 100 kB strings, lone surrogates as raw
 * bytes, invalid percent-encoding, U+202E, homoglyphs) sent to every route's
 * path ids, query parameters and form fields, anonymously and as one account
 * allowed everywhere (admin + secretariat + admin of the lead and partner
 * institutions). Any 5xx fails.
 *
 * The field names are not listed here: each route module exports the Zod
 * schemas its loader and action read (`querySchema`, `formSchema`), and this
 * test reads their shapes — so a new field or route is covered as it is
 * written, and a route that reads input without exporting its schema fails
 * the coverage test below. What is listed here are valid baseline values, so
 * that a request with one hostile field gets past the others to the database.
 *
 * Throttling is off for this server (RATE_LIMIT=off), so no 429 can hide a
 * 5xx. Each hostile value goes once into each field, as the identity the
 * route lets through to its parser, and once into all fields at once as
 * both identities: about 5,500 requests, most of them Remix data requests
 * (no page rendering).
 *
 * Also the examples of issue 11 (items 1 and 2), each with the answer it must give.
 */
import http from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { useAppServer } from "./helpers/app-server";
import { showControlCharacters } from "../app/utils/input";
import { ROUTES_DIR, hasAction, patternOf, routeFiles } from "./helpers/routes";
import { upsertExpertProfileAs } from "./helpers";
import { DEFAULT_PASSWORD, anInstitutionId, createUser, signIn } from "./factories";
import { verifiedInstitution } from "./proposal-fixtures";
import { getDb } from "../app/utils/db.server";
import { sendMail } from "../app/utils/mail.server";
import { getReportFigures } from "../app/features/reports/reports.server";
import { newPublishKey, publishReport } from "../app/features/reports/published-report.server";
import { hashToken, newToken } from "../app/features/accounts/email-token.server";
import { english } from "./helpers/i18n";

const server = useAppServer({ env: { RATE_LIMIT: "off" } });

// ---------------------------------------------------------------- the corpus

/**
 * A hostile value: `text` is sent encoded (UTF-8, percent-encoded in URLs and
 * form bodies); `encoded` is put into URLs and bodies as it is (e.g. invalid
 * percent-encoding); `bytes` go on the wire unencoded (raw bytes).
 */
interface Hostile {
  name: string;
  text?: string;
  encoded?: string;
  bytes?: Buffer;
}

const CORPUS: Hostile[] = [
  { name: "NUL", text: "ab\u0000c" },
  { name: "C0 controls", text: "a\u0001b\u0007c\u001b[2Jd\u000b" },
  { name: "2^31", text: "2147483648" },
  { name: "2^63", text: "9223372036854775808" },
  { name: "10^30", text: `1${"0".repeat(30)}` },
  { name: "negative", text: "-1" },
  { name: "fractional", text: "1.5" },
  { name: "100 kB", text: "é".repeat(50_000) },
  { name: "lone surrogate, raw bytes", bytes: Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62]) },
  { name: "lone surrogate, percent-encoded", encoded: "a%ED%B0%80b" },
  { name: "invalid percent-encoding", encoded: "%E0%A4%A%ZZ%" },
  { name: "right-to-left override", text: "\u202Egnp.exe" },
  { name: "homoglyphs", text: "МЕТU Аdmin" }, // Cyrillic М, Е, Т, А
];

/** The value as it goes into a URL (a latin1 string: each char one byte on the wire). */
function inUrl(h: Hostile): string {
  return h.bytes ? h.bytes.toString("latin1") : (h.encoded ?? encodeURIComponent(h.text!));
}
/** The value as it goes into an application/x-www-form-urlencoded body. */
function inBody(h: Hostile): Buffer {
  return h.bytes ?? Buffer.from(h.encoded ?? encodeURIComponent(h.text!));
}
const plain = (s: string): Hostile => ({ name: "baseline", text: s });

// ---------------------------------------------------------------- HTTP

// A connection per request, so each answer stands alone. (A body a route leaves unread no longer
// stalls the next keep-alive request: the server discards it, see tests/http-edges.test.ts.)
const agent = new http.Agent({ keepAlive: false });
afterAll(() => agent.destroy());

interface Identity {
  who: "allowed" | "anonymous";
  cookie?: string;
}

interface Answer {
  status: number;
  body: string;
}

/**
 * One request with exactly these bytes in the target and body (node:http
 * writes a latin1 path byte for byte; fetch would re-encode it). A connection
 * the server closes without answering counts as status 0.
 */
function send(method: "GET" | "POST", target: string, opts: { cookie?: string; body?: Buffer; dataRoute?: string } = {}): Promise<Answer> {
  const url = new URL(server.app.url);
  const headers: Record<string, string> = { Origin: server.app.url };
  if (opts.cookie) headers.Cookie = opts.cookie;
  if (opts.body) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    headers["Content-Length"] = String(opts.body.length);
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: target, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", (err: NodeJS.ErrnoException) => (["ECONNRESET", "EPIPE"].includes(err.code ?? "") ? resolve({ status: 0, body: err.code! }) : reject(err)));
    req.end(opts.body);
  });
}

/** Node's limit on the request line and headers: a longer target is refused (431, or the connection closed) before the app. */
const HEADER_LIMIT = 16 * 1024;

/**
 * What is wrong with an answer: a 5xx, or no answer at all. A connection closed without an answer
 * we could read is fine only where the server refuses before reading everything we send: a target
 * over Node's header limit, or a large body that a route turns away unread (e.g. anonymous → sign
 * in) while the client is still writing it. Null when fine.
 */
function wrongAnswer(res: Answer, target: string, body?: Buffer): string | null {
  if (res.status >= 500) return `${res.status} ${res.body.slice(0, 200)}`;
  if (res.status === 0 && target.length <= HEADER_LIMIT && (body?.length ?? 0) < 64 * 1024) return `no answer (${res.body})`;
  return null;
}

/** Runs `jobs` with at most `width` in flight. */
async function pool<T>(items: T[], width: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await job(items[next++]);
    }),
  );
}

// ---------------------------------------------------------------- routes and their schemas

interface RouteModule {
  /** A page (null for a resource route such as the JSON API). */
  default?: unknown;
  querySchema?: z.ZodTypeAny;
  formSchema?: z.ZodTypeAny;
}

interface Route {
  file: string;
  /** Remix route id ("routes/calls.new"), for `?_data=` requests. */
  id: string;
  pattern: string;
  action: boolean;
  module: RouteModule;
}

/** One form a schema accepts: its field names, and the fixed values of literal fields (the `intent`). */
interface FieldGroup {
  intent: string;
  fields: string[];
  literals: Record<string, string>;
}

type Def = { typeName: string; [k: string]: any };
const defOf = (s: z.ZodTypeAny): Def => (s as any)._def;

/** Strips wrappers (effects, defaults, optional, pipelines) down to the schema that holds the shape or the literal. */
function unwrap(s: z.ZodTypeAny): z.ZodTypeAny {
  const d = defOf(s);
  if (d.typeName === "ZodEffects") return unwrap(d.schema);
  if (["ZodOptional", "ZodNullable", "ZodDefault", "ZodCatch", "ZodReadonly", "ZodBranded"].includes(d.typeName)) return unwrap(d.innerType ?? d.type);
  if (d.typeName === "ZodPipeline") return unwrap(d.in);
  return s;
}

/** The forms a Zod schema accepts: one group per union option, intersections merged. */
function fieldGroups(schema: z.ZodTypeAny): FieldGroup[] {
  const s = unwrap(schema);
  const d = defOf(s);
  if (d.typeName === "ZodObject") {
    const shape = d.shape() as Record<string, z.ZodTypeAny>;
    const literals: Record<string, string> = {};
    for (const [k, v] of Object.entries(shape)) {
      const inner = defOf(unwrap(v));
      if (inner.typeName === "ZodLiteral") literals[k] = String(inner.value);
    }
    return [{ intent: literals.intent ?? "", fields: Object.keys(shape), literals }];
  }
  if (d.typeName === "ZodIntersection") {
    const left = fieldGroups(d.left);
    const right = fieldGroups(d.right);
    return left.flatMap((l) =>
      right.map((r) => {
        const literals = { ...l.literals, ...r.literals };
        return { intent: literals.intent ?? "", fields: [...new Set([...l.fields, ...r.fields])], literals };
      }),
    );
  }
  if (d.typeName === "ZodUnion" || d.typeName === "ZodDiscriminatedUnion") return (d.options as z.ZodTypeAny[]).flatMap(fieldGroups);
  throw new Error(`fieldGroups: cannot read the fields of a ${d.typeName}`);
}

let routes: Route[] = [];
/** Route files missing from the build (a stale build: run `npx remix build`). */
let unbuilt: string[] = [];

beforeAll(async () => {
  // The schemas come from the same production build the server runs (and loading one bundle is far
  // quicker than transforming every route module and its imports).
  const build = (await import(pathToFileURL(path.resolve(ROUTES_DIR, "../../build/index.js")).href)) as ServerBuild;
  const files = routeFiles();
  const idOf = (file: string) => `routes/${file.replace(/\/route\.(tsx?|jsx?)$/, "").replace(/\.(tsx?|jsx?)$/, "")}`;
  unbuilt = files.filter((f) => !build.routes[idOf(f)]);
  routes = files
    .filter((f) => build.routes[idOf(f)])
    .map((file) => ({ file, id: idOf(file), pattern: patternOf(file), action: hasAction(file), module: build.routes[idOf(file)].module as RouteModule }));
});

// ---------------------------------------------------------------- fixtures

/** Placeholders in paths and baselines, filled in beforeAll. */
const fill: Record<string, string> = {};
let allowedUser: { id: string; email: string };

/** Which fixture a route's path parameter names (a new route with a parameter needs a row: the coverage test says so). */
const PATH_FIXTURE: Record<string, string> = {
  "/institutions/:id": "institution",
  "/institutions/:id/edit": "institution",
  "/experts/:id": "expert",
  "/calls/:id": "call",
  "/calls/:id/edit": "call",
  "/proposals/:id": "proposalWorkflow",
  "/proposals/:id/edit": "proposal",
  "/proposals/:id/partners": "proposalPartners",
  "/secretariat/proposals/:id": "proposalSecretariat",
  "/projects/:id": "project",
  "/reports/published/:id": "report",
  "/exports/:file": "exportFile",
  "/dev/mail/:id": "mail",
  "/messages/:id": "conversation",
  "/api/*": "apiPath",
};

const DEADLINE = "2031-03-01T17:00";
/**
 * Valid values per route and intent ("" when the form has none), so that one
 * hostile field at a time meets otherwise acceptable input. Fields left out
 * are sent empty. Every key must be a field of the route's schema.
 */
/**
 * Forms whose baseline the server must refuse, exactly at these fields, because an accepted one
 * would change the fixture account for every later request (a new password ends its sessions;
 * deletion anonymises it). The schema still reads every field first: the refusal is the server's
 * password check, which runs only on input the schema accepts.
 */
const BASELINE_REFUSED_AT: Record<string, Record<string, string[]>> = {
  "/account": { "change-password": ["currentPassword"], "delete-account": ["password"] },
};

const FORM_BASELINE: Record<string, Record<string, Record<string, string>>> = {
  "/join": { "": { displayName: "Hostile Tester", email: "hostile-join@example.org", password: DEFAULT_PASSWORD, confirmPassword: DEFAULT_PASSWORD } },
  "/login": { "": { email: "{allowedEmail}", password: DEFAULT_PASSWORD, redirectTo: "/account" } },
  "/forgot-password": { "": { email: "{allowedEmail}" } },
  "/reset-password": { "": { token: "A".repeat(43), password: DEFAULT_PASSWORD, confirmPassword: DEFAULT_PASSWORD } },
  "/verify-email": { confirm: { token: "A".repeat(43) }, resend: { email: "{allowedEmail}" } },
  "/account": {
    "end-session": { sessionId: "0".repeat(64) },
    rename: { displayName: "Hostile Test Name" },
    // Wrong current passwords: the fixture account is never changed or deleted by these.
    "change-password": { currentPassword: "not the password 1", newPassword: "a new password 2027", confirmPassword: "a new password 2027" },
    "delete-account": { password: "not the password 1" },
  },
  "/admin/users": {
    grant: { userId: "{target}", role: "secretariat" },
    revoke: { userId: "{target}", role: "secretariat" },
    "set-institution": { userId: "{target}", institutionId: "{partner}", institutionRole: "member" },
    "remove-institution": { userId: "{target}", institutionId: "{partner}" },
  },
  "/me/profile": {
    "": {
      fullName: "Hostile Tester",
      nameVariants: "Хостайл Тестер",
      title: "Dr.",
      position: "Researcher",
      institutionId: "{institution}",
      orcid: "0000-0002-1825-0097",
      bio: "Works on robust systems.",
      keywords: "robustness, fuzzing",
      languages: "en",
      openTo: "joint_research",
      topicIds: "T10028",
      contactEmail: "{allowedEmail}",
      contactVisibility: "hidden",
    },
  },
  "/institutions/new": {
    "": {
      intent: "check",
      name: "Hostile Test Institute",
      kind: "university",
      countryCode: "TR",
      city: "Ankara",
      website: "https://hostile.example.org",
      rorId: "",
      parentId: "{institution}",
    },
  },
  "/institutions/:id": { "request-admin": { message: "Please let me help." } },
  "/institutions/:id/edit": {
    save: { description: "A description.", website: "https://example.org", topicIds: "T10028" },
    // Someone not yet a member: the target already is one, and "already a member" is refused at the email field.
    "add-member": { email: "hostile-invitee@example.org", role: "member" },
    "remove-member": { userId: "{nobody}" },
    "set-role": { userId: "{target}", role: "member" },
    "add-name": { name: "Hostile Variant Name", lang: "tr", kind: "short" },
    // A name its admins added (only those can be removed).
    "remove-name": { nameId: "{institutionName}" },
  },
  "/secretariat/institutions": {
    verify: { institutionId: "{institution}", reason: "" },
    reject: { institutionId: "{institution}", reason: "Not an institution of a member state." },
    grant: { requestId: "{adminRequest}", reason: "" },
    refuse: { requestId: "{adminRequest}", reason: "Not an administrator there." },
  },
  "/calls/new": {
    "": {
      institutionId: "{institution}",
      kind: "joint_research",
      title: "Hostile test call",
      summary: "S",
      body: "B",
      topicIds: "T10028",
      opensAt: "",
      deadline: DEADLINE,
      zone: "UTC",
      eligibleCountries: "TR",
      minPartners: "1",
      minCountries: "2",
      fundingNote: "F",
    },
  },
  "/calls/:id": { "": { intent: "open" } },
  "/calls/:id/edit": {
    "": {
      institutionId: "{institution}",
      kind: "joint_research",
      title: "Hostile test call",
      summary: "S",
      body: "B",
      topicIds: "T10028",
      deadline: DEADLINE,
      zone: "UTC",
      minPartners: "1",
      minCountries: "2",
    },
  },
  "/proposals/new": {
    "": {
      leadInstitutionId: "{institution}",
      title: "Hostile proposal",
      acronym: "HOST",
      abstract: "A",
      objectives: "O",
      topicIds: "T10028",
      durationMonths: "24",
      budgetAmount: "1000",
      budgetCurrency: "USD",
      callId: "{call}",
    },
  },
  "/proposals/:id": { "": { intent: "withdraw", version: "1", comment: "c" } },
  "/proposals/:id/edit": {
    save: {
      title: "Hostile draft",
      acronym: "HD",
      abstract: "A",
      objectives: "O",
      topicIds: "T10028",
      durationMonths: "12",
      budgetAmount: "10",
      budgetCurrency: "EUR",
      callId: "{call}",
      version: "1",
    },
    team: { expertId: "{expert}", role: "researcher" },
  },
  "/proposals/:id/partners": {
    invite: { institutionId: "{partner2}" },
    remove: { institutionId: "{partner2}" },
    accept: { institutionId: "{partner}", contactExpertId: "{expert}" },
    decline: { institutionId: "{partner3}" },
  },
  "/secretariat/proposals/:id": { "": { intent: "start_review", version: "1", comment: "c" } },
  "/notifications": { read: { id: "1" } },
  "/messages": { settings: { accept: "on" } },
  "/messages/new": { "": { expertId: "{expert}", body: "Hello from the hostile corpus." } },
  "/messages/:id": { reply: { body: "A reply." }, report: { reason: "A reason." } },
  "/secretariat/message-reports": { dismiss: { reportId: "{messageReport}" }, stop: { reportId: "{messageReport}" }, restore: { userId: "{target}" } },
  "/accept-invitation": { accept: { token: "{invitationToken}" } },
  "/join-requests/new": { "": { institutionId: "{partner2}", message: "I work in its research office." } },
  "/join-requests": { grant: { requestId: "{joinRequest}", reason: "" }, refuse: { requestId: "{joinRequest}", reason: "Not known at this institution." } },
  "/secretariat/reports": {
    publish: { summary: "Hostile corpus summary.", idempotencyKey: "6f1c2a0e-4b7d-4c1a-9e0f-2d3b4c5d6e7f", from: "2026-01-01", to: "2026-06-30" },
  },
};

/** Query parameters sent along with the hostile one, where the page does nothing without them. */
const QUERY_BASELINE: Record<string, Record<string, string>> = {
  "/partners": { q: "machine learning" },
  "/api/v1/partners": { q: "machine learning" },
  "/api/v1/consortium": { topics: "T10028" },
};

const fillIn = (s: string) => s.replace(/\{(\w+)\}/g, (_m, k: string) => fill[k] ?? `{${k}}`);

beforeAll(async () => {
  const db = getDb();
  const institution = await anInstitutionId();
  const [partner, partner2, partner3] = await Promise.all([
    verifiedInstitution("IR", [institution]),
    verifiedInstitution("KZ", [institution]),
    verifiedInstitution("PK", [institution]),
  ]);
  const allowed = await createUser({ roles: ["admin", "secretariat"], institutionAdminOf: [institution, partner.id, partner3.id] });
  allowedUser = allowed;
  const target = await createUser({ institutionMemberOf: institution });
  const expert = await upsertExpertProfileAs(db, target.id, { fullName: "Hostile Corpus Expert", institutionId: institution });
  if (!expert.ok) throw new Error("fixture expert not created");
  const call = await db
    .insertInto("calls")
    .values({
      institution_id: institution,
      kind: "joint_research",
      title: "Hostile corpus call",
      deadline: new Date(Date.now() + 60 * 86_400_000),
      status: "open",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const draft = async () => {
    const { id } = await db
      .insertInto("proposals")
      .values({ lead_institution_id: institution, title: "Hostile corpus draft", created_by: allowed.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("proposal_partners")
      .values([
        { proposal_id: id, institution_id: partner.id, status: "invited", invited_by: allowed.id },
        { proposal_id: id, institution_id: partner3.id, status: "invited", invited_by: allowed.id },
      ])
      .execute();
    return String(id);
  };
  const project = await db
    .insertInto("proposals")
    .values({
      lead_institution_id: institution,
      title: "Hostile corpus project",
      status: "approved",
      reference_code: "ECO-ICT-2026-7777",
      decided_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  // An invitation for the account that sends the forms, to an institution of its own: the baseline accepts it.
  const invitedTo = await verifiedInstitution("UZ", [institution]);
  const invitationToken = newToken();
  await db
    .insertInto("institution_invitations")
    .values({
      token_hash: hashToken(invitationToken),
      institution_id: invitedTo.id,
      email: allowed.email,
      role: "member",
      invited_by: allowed.id,
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .execute();
  const request = await db
    .insertInto("institution_admin_requests")
    .values({ user_id: target.id, institution_id: partner2.id, message: "" })
    .returning("id")
    .executeTakeFirstOrThrow();
  // The target asks to join an institution the allowed account administers.
  const joinRequest = await db
    .insertInto("institution_join_requests")
    .values({ user_id: target.id, institution_id: partner.id, message: "" })
    .returning("id")
    .executeTakeFirstOrThrow();
  // Messages: the allowed account wrote to the fixture expert's owner and reported them.
  const conversation = await db
    .insertInto("conversations")
    .values({ starter_id: allowed.id, recipient_id: target.id, expert_id: expert.expertId, last_sender_id: allowed.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("messages").values({ conversation_id: conversation.id, sender_id: allowed.id, body: "Hostile corpus message" }).execute();
  const institutionName = await db
    .insertInto("institution_names")
    .values({ institution_id: institution, name: "Hostile Fixture Short Name", lang: "en", kind: "short", source: "admin", created_by: allowed.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  const messageReport = await db
    .insertInto("message_reports")
    .values({ conversation_id: conversation.id, reporter_id: allowed.id, reported_user_id: target.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  Object.assign(fill, {
    institution: String(institution),
    institutionName: String(institutionName.id),
    partner: String(partner.id),
    partner2: String(partner2.id),
    partner3: String(partner3.id),
    allowedEmail: allowed.email,
    target: target.id,
    targetEmail: target.email,
    nobody: "abcdefghijklmnop",
    expert: String(expert.expertId),
    call: String(call.id),
    proposal: await draft(),
    proposalWorkflow: await draft(),
    proposalPartners: await draft(),
    proposalSecretariat: await draft(),
    project: String(project.id),
    adminRequest: String(request.id),
    joinRequest: String(joinRequest.id),
    conversation: String(conversation.id),
    messageReport: String(messageReport.id),
    invitationToken,
    mail: (await sendMail({ to: "someone@example.org", subject: "Hostile corpus", text: "Hello" }))!,
    apiPath: "v1/nope",
    exportFile: "experts.csv",
    report: String(
      (
        await publishReport(db, {
          figures: await getReportFigures(db, { from: "2026-01-01", to: "2026-06-30", country: [] }, { includeProposals: true }),
          summary: "Hostile corpus report.",
          idempotencyKey: newPublishKey(),
          publisher: { id: allowed.id, displayName: "Hostile" },
        })
      ).id,
    ),
  });
});

/** A fresh session of the account allowed everywhere (a fresh one per form: POST /logout ends it). */
const allowedCookie = () => signIn(allowedUser);

// ---------------------------------------------------------------- the corpus tests

describe("hostile input corpus: no 5xx anywhere", () => {
  const failures: string[] = [];
  let requests = 0;
  const started = Date.now();
  /** Baselines refused by the schema (the fields named), which would keep hostile values from the database. */
  const shallow: string[] = [];
  function fieldsRejected(res: Answer): string[] {
    if (res.status !== 400) return [];
    let json: any;
    try {
      json = JSON.parse(res.body);
    } catch {
      return []; // a rule of the route after its fields were read (e.g. "A open call cannot be opened.")
    }
    const error = json.error ?? json.result?.error;
    if (error && typeof error === "object") return Object.keys(error).filter((k) => k !== "");
    return Array.isArray(json.issues) ? json.issues.map((i: { param: string }) => i.param) : [];
  }

  async function check(who: string, method: "GET" | "POST", target: string, h: Hostile, opts: { cookie?: string; body?: Buffer }) {
    const res = await send(method, target, opts);
    requests++;
    const wrong = wrongAnswer(res, target, opts.body);
    if (wrong) failures.push(`${method} ${target.slice(0, 100)} [${h.name}] as ${who} → ${wrong}`);
  }
  beforeEach(() => {
    failures.length = 0;
    shallow.length = 0;
  });
  afterEach(async () => {
    // Still up and answering after the corpus.
    expect((await send("GET", "/healthz")).status).toBe(200);
    // The server's own account of a 5xx (its stack trace), next to the failure.
    if (failures.length)
      console.log(
        `[hostile-input] server output:\n${server.app
          .output()
          .split("\n")
          .filter((l) => !/^\[eco-ict\]/.test(l))
          .slice(-80)
          .join("\n")}`,
      );
  });
  afterAll(() => {
    console.log(`[hostile-input] ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it("every route that reads input exports its schema; every path parameter and baseline names something real", () => {
    const problems: string[] = unbuilt.map((f) => `app/routes/${f} is not in build/ (run npx remix build)`);
    for (const r of routes) {
      const src = readFileSync(path.join(ROUTES_DIR, r.file), "utf8");
      if (/searchParams/.test(src) && !r.module.querySchema) problems.push(`${r.file} reads query parameters but exports no querySchema`);
      if (r.action && !r.module.formSchema) problems.push(`${r.file} has an action but exports no formSchema`);
      if (/[:*]/.test(r.pattern) && !PATH_FIXTURE[r.pattern]) problems.push(`${r.pattern} has a path parameter but no PATH_FIXTURE row`);
      if (r.module.formSchema) {
        const groups = fieldGroups(r.module.formSchema);
        for (const [intent, values] of Object.entries(FORM_BASELINE[r.pattern] ?? {})) {
          const group = groups.find((g) => g.intent === intent);
          if (!group) problems.push(`FORM_BASELINE ${r.pattern} intent "${intent}" is not a form of its formSchema`);
          for (const k of Object.keys(values))
            if (group && !group.fields.includes(k)) problems.push(`FORM_BASELINE ${r.pattern} "${intent}" field ${k} is not in its formSchema`);
        }
      }
    }
    for (const p of Object.keys(FORM_BASELINE))
      if (!routes.some((r) => r.pattern === p && r.action)) problems.push(`FORM_BASELINE row ${p} matches no route with an action`);
    expect(problems).toEqual([]);
    // The shapes are really read: a sample of what the schemas give.
    const byPattern = (p: string) => routes.find((r) => r.pattern === p)!.module;
    expect(fieldGroups(byPattern("/calls/new").formSchema!)[0].fields).toEqual(expect.arrayContaining(["institutionId", "title", "deadline", "topicIds"]));
    expect(fieldGroups(byPattern("/secretariat/institutions").formSchema!).map((g) => g.intent)).toEqual(["verify", "reject", "grant", "refuse"]);
    // The pickers' texts only: no field of the form is read from a URL (their no-JavaScript Search is a POST).
    expect(fieldGroups(byPattern("/me/profile").querySchema!)[0].fields.sort()).toEqual(["institutionQuery", "topicQuery"]);
  });

  it("path ids: 404 for every id that cannot exist (400 for a path that is not valid UTF-8), never a 5xx", async () => {
    const idRoutes = routes.filter((r) => r.pattern.includes(":id"));
    expect(idRoutes.length).toBeGreaterThanOrEqual(10);
    const cookie = await allowedCookie();
    const wrong: string[] = [];
    const jobs = idRoutes.flatMap((r) =>
      [...CORPUS, plain("0"), plain("007"), plain("1e3"), plain("0x10")].flatMap((h) =>
        (r.action ? (["GET", "POST"] as const) : (["GET"] as const)).flatMap((method) => [undefined, cookie].map((c) => ({ r, h, method, cookie: c }))),
      ),
    );
    await pool(jobs, 6, async ({ r, h, method, cookie: c }) => {
      const target = r.pattern.replace(":id", inUrl(h));
      const res = await send(method, target, { cookie: c, body: method === "POST" ? Buffer.from("intent=x") : undefined });
      requests++;
      const bad = wrongAnswer(res, target);
      if (bad) failures.push(`${method} ${target.slice(0, 100)} [${h.name}] → ${bad}`);
      // Signed in with every right, a GET of an id that cannot exist is 404. Bytes that are not UTF-8 (raw, or
      // percent-encoded) are refused by Node or Express with 400 before any route; a 100 kB path by Node (431).
      if (!c || method !== "GET" || target.length > HEADER_LIMIT) return;
      const expected = h.bytes || h.encoded ? 400 : 404;
      if (res.status !== expected) wrong.push(`GET ${target.slice(0, 60)} [${h.name}] → ${res.status}, expected ${expected}`);
    });
    expect(failures).toEqual([]);
    expect(wrong).toEqual([]);
  }, 120_000);

  /**
   * Of the two identities, the one a route lets through to its parser gets every hostile value in
   * every field, one field at a time (`deep`, the account allowed everywhere when both are let
   * through); the other one request per value with all fields hostile (`batched`: it is turned
   * away before the fields are read, e.g. anonymous on a signed-in form, or the signed-in account
   * on /join). Let through = a bare request is answered by the route itself, not by a redirect.
   */
  async function identities(method: "GET" | "POST", target: string): Promise<{ deep: Identity; batched: Identity }> {
    const allowed: Identity = { who: "allowed", cookie: await allowedCookie() };
    const anonymous: Identity = { who: "anonymous" };
    const probe = await send(method, target, { cookie: allowed.cookie, body: method === "POST" ? Buffer.alloc(0) : undefined });
    return probe.status >= 300 && probe.status < 400 ? { deep: anonymous, batched: allowed } : { deep: allowed, batched: anonymous };
  }

  /**
   * Runs a route's requests: for `deep`, each field × each value, as Remix data requests
   * (`?_data=`: the route's loader or action alone, no page to render, which keeps the corpus
   * quick); then each value in every field at once as a page request (loaders, action and the
   * page rendering the hostile values back) for both identities.
   */
  async function attack(
    method: "GET" | "POST",
    route: Route,
    target: string,
    fields: string[],
    encode: (hostile: Record<string, Hostile>) => { target: string; body?: Buffer },
    refusedAt: string[] = [],
  ) {
    const { deep, batched } = await identities(method, target);
    const data = (t: string) => (route.module.default ? `${t}${t.includes("?") ? "&" : "?"}_data=${encodeURIComponent(route.id)}` : t);
    // The baseline itself must pass the schema, or one hostile field would not get past the others.
    const base = encode({});
    const baseline = await send(method, data(base.target), { cookie: deep.cookie, body: base.body });
    const rejected = fieldsRejected(baseline);
    if ([...rejected].sort().join() !== [...refusedAt].sort().join()) {
      shallow.push(
        `${method} ${route.pattern} (${fields.join(", ")}): the baseline is refused at ${rejected.join(", ") || "no field"}, expected ${refusedAt.join(", ") || "no field"}`,
      );
    }
    // One request at a time per route (POSTs change data; POST /logout ends the session).
    for (const field of fields) {
      for (const h of CORPUS) {
        const r = encode({ [field]: h });
        await check(deep.who, method, data(r.target), h, { cookie: deep.cookie, body: r.body });
      }
    }
    for (const h of CORPUS) {
      const r = encode(Object.fromEntries(fields.map((f) => [f, h])));
      for (const who of [batched, deep]) await check(who.who, method, r.target, h, { cookie: who.cookie, body: r.body });
    }
  }

  it("query parameters: each hostile value in each parameter of every GET route", async () => {
    const jobs: Array<() => Promise<void>> = [];
    for (const r of routes) {
      if (!r.module.querySchema) continue;
      const base = r.pattern.replace(/:\w+|\*/, (m) => (m === "*" ? fill.apiPath : fill[PATH_FIXTURE[r.pattern]]));
      for (const group of fieldGroups(r.module.querySchema)) {
        if (!group.fields.length) continue;
        const encode = (hostile: Record<string, Hostile>) => {
          const others = Object.entries(QUERY_BASELINE[r.pattern] ?? {}).filter(([k]) => !(k in hostile));
          const query = [
            ...others.map(([k, v]) => `${k}=${encodeURIComponent(v)}`),
            ...Object.entries(hostile).map(([k, h]) => `${encodeURIComponent(k)}=${inUrl(h)}`),
          ];
          return { target: `${base}?${query.join("&")}` };
        };
        jobs.push(() => attack("GET", r, base, group.fields, encode));
      }
    }
    expect(jobs.length).toBeGreaterThanOrEqual(20);
    await pool(jobs, 4, (job) => job());
    expect(failures).toEqual([]);
    expect(shallow).toEqual([]);
  }, 600_000);

  it("form fields: each hostile value in each field of every form (one field at a time over valid values)", async () => {
    const jobs: Array<{ run: () => Promise<void> }> = [];
    for (const r of routes) {
      if (!r.action || !r.module.formSchema) continue;
      const target = r.pattern.replace(/:\w+|\*/, (m) => (m === "*" ? fill.apiPath : fill[PATH_FIXTURE[r.pattern]]));
      for (const group of fieldGroups(r.module.formSchema)) {
        const baseline: Record<string, string> = { ...group.literals, ...FORM_BASELINE[r.pattern]?.[group.intent] };
        const encode = (hostile: Record<string, Hostile>) => ({
          target,
          body: Buffer.concat([
            ...Object.entries(baseline)
              .filter(([k]) => !(k in hostile))
              .map(([k, v]) => Buffer.from(`${encodeURIComponent(k)}=${encodeURIComponent(fillIn(v))}&`)),
            ...Object.entries(hostile).flatMap(([k, h]) => [Buffer.from(`${encodeURIComponent(k)}=`), inBody(h), Buffer.from("&")]),
          ]),
        });
        // A form with no fields still gets every hostile value, in a field it does not know.
        const refusedAt = BASELINE_REFUSED_AT[r.pattern]?.[group.intent] ?? [];
        jobs.push({ run: () => attack("POST", r, target, group.fields.length ? group.fields : ["unexpected"], encode, refusedAt) });
      }
    }
    expect(jobs.length).toBeGreaterThanOrEqual(35);
    // One form after the other: forms run side by side write the same rows (an institution, its
    // experts, their search-outbox entries) and could fail on each other, not on their input.
    for (const j of jobs) await j.run();
    expect(failures).toEqual([]);
    expect(shallow).toEqual([]);
  }, 600_000);
});

// ---------------------------------------------------------------- the examples of issue 11

describe("issue 11 examples", () => {
  const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());
  /** POST as a Remix data request: the action's JSON (e.g. Conform's reply with `error` per field). */
  async function postData(target: string, routeId: string, fields: Record<string, string>, cookie?: string) {
    const res = await send("POST", `${target}?_data=${encodeURIComponent(routeId)}`, { cookie, body: form(fields) });
    return { status: res.status, json: JSON.parse(res.body) as any };
  }
  const idMessage = expect.arrayContaining([expect.any(String)]);

  it("GET and POST /calls/2147483648 and /calls/2147483648/edit answer 404, anonymous or signed in", async () => {
    const cookie = await allowedCookie();
    for (const c of [undefined, cookie]) {
      for (const target of ["/calls/2147483648", "/calls/2147483648/edit", "/calls/9223372036854775808", `/calls/1${"0".repeat(30)}`]) {
        expect((await send("GET", target, { cookie: c })).status, `GET ${target}`).toBe(404);
        expect((await send("POST", target, { cookie: c, body: form({ intent: "open" }) })).status, `POST ${target}`).toBe(404);
      }
    }
    // Every other detail route, the same way.
    for (const target of [
      "/institutions/2147483648",
      "/experts/2147483648",
      "/projects/2147483648",
      "/proposals/2147483648",
      "/proposals/2147483648/edit",
      "/secretariat/proposals/2147483648",
    ]) {
      expect((await send("GET", target, { cookie })).status, target).toBe(404);
    }
    // The largest id that can exist is an id (of nothing): 404 too, from the database's answer.
    expect((await send("GET", "/calls/2147483647", { cookie })).status).toBe(404);
  });

  it("ids beyond PostgreSQL integer in form fields: 400 with the message at the field", async () => {
    const cookie = await allowedCookie();
    const big = "2147483648";
    const cases: Array<[string, string, Record<string, string>, string, (json: any) => any]> = [
      [
        "/calls/new",
        "routes/calls.new",
        { institutionId: big, kind: "joint_research", title: "Too big", deadline: DEADLINE, zone: "UTC" },
        "institutionId",
        (j) => j.result,
      ],
      ["/proposals/new", "routes/proposals.new", { leadInstitutionId: big, title: "Too big" }, "leadInstitutionId", (j) => j],
      [
        "/institutions/new",
        "routes/institutions.new",
        { intent: "register", name: "Too Big Institute", kind: "university", countryCode: "TR", parentId: big },
        "parentId",
        (j) => j.result,
      ],
      ["/me/profile", "routes/me.profile", { fullName: "Too Big", institutionId: big, contactVisibility: "hidden" }, "institutionId", (j) => j.result],
      ["/secretariat/institutions", "routes/secretariat.institutions", { intent: "verify", institutionId: big }, "institutionId", (j) => j.result],
      ["/secretariat/institutions", "routes/secretariat.institutions", { intent: "grant", requestId: big }, "requestId", (j) => j.result],
      ["/admin/users", "routes/admin.users", { intent: "remove-institution", userId: fill.target, institutionId: big }, "institutionId", (j) => j],
      [`/proposals/${fill.proposalPartners}/partners`, "routes/proposals.$id_.partners", { intent: "invite", institutionId: big }, "institutionId", (j) => j],
      [`/proposals/${fill.proposalPartners}/partners`, "routes/proposals.$id_.partners", { intent: "remove", institutionId: big }, "institutionId", (j) => j],
      [
        `/proposals/${fill.proposalPartners}/partners`,
        "routes/proposals.$id_.partners",
        { intent: "accept", institutionId: fill.partner, contactExpertId: big },
        "contactExpertId",
        (j) => j,
      ],
      [`/proposals/${fill.proposal}/edit`, "routes/proposals.$id_.edit", { intent: "team", expertId: big, role: "researcher" }, "expertId", (j) => j.result],
      [`/proposals/${fill.proposalWorkflow}`, "routes/proposals.$id", { intent: "submit", version: big }, "version", (j) => j.result],
      ["/notifications", "routes/notifications", { intent: "read", id: big }, "id", (j) => j],
    ];
    for (const [target, routeId, fields, field, reply] of cases) {
      const { status, json } = await postData(target, routeId, fields, cookie);
      expect(status, `${target} ${field}`).toBe(400);
      expect(reply(json).error?.[field], `${target} ${field}: ${JSON.stringify(json).slice(0, 300)}`).toEqual(idMessage);
    }
    // Nothing was written by any of them.
    expect(await getDb().selectFrom("calls").select("id").where("title", "=", "Too big").execute()).toEqual([]);
  });

  it("U+0000 in the listed query parameters: 400 naming the parameter, before any SQL", async () => {
    const cookie = await allowedCookie();
    for (const target of ["/lookup/institutions?q=ab%00c", "/lookup/topics?q=ab%00c"]) {
      const res = await send("GET", target);
      expect(res.status, target).toBe(400);
      expect(JSON.parse(res.body)).toEqual({
        error: expect.stringContaining("q:"),
        issues: [{ param: "q", message: "contains the control character U+0000, which is not allowed" }],
      });
    }
    const admin = await send("GET", "/admin/users?q=a%00b", { cookie });
    expect(admin.status).toBe(400);
    expect(admin.body).toMatch(/<strong>(<bdi>)?q(<\/bdi>)?<\/strong>(<!-- -->)? (<!-- -->)?contains the control character U\+0000, which is not allowed/);
    const profile = await send("GET", "/me/profile?institutionQuery=ab%00c", { cookie });
    expect(profile.status).toBe(400);
    expect(profile.body).toMatch(
      /<strong>(<bdi>)?institutionQuery(<\/bdi>)?<\/strong>(<!-- -->)? (<!-- -->)?contains the control character U\+0000, which is not allowed/,
    );
    // A search page and a JSON API answer it like their other bad parameters.
    const api = await send("GET", "/api/v1/institutions?q=a%01b");
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body).issues).toEqual([{ param: "q", message: "contains the control character U+0001, which is not allowed" }]);
    expect((await send("GET", "/experts?q=a%00b")).status).toBe(400);
    // Tab, newline and carriage return are not refused.
    expect((await send("GET", "/lookup/topics?q=machine%09learning%0D%0A")).status).toBe(200);
  });

  it("U+0000 in the listed form fields: 400 with the message at the field, the input kept, nothing written", async () => {
    const cookie = await allowedCookie();
    // A researcher without a profile yet (the corpus above gave the allowed account one).
    const researcher = await createUser();
    const rc = await signIn(researcher);
    const nul = "Ali\u0000Veli";
    const cases: Array<[string, string, Record<string, string>, string, (json: any) => any, string | undefined]> = [
      [
        "/join",
        "routes/join",
        { displayName: nul, email: "nul-join@example.org", password: DEFAULT_PASSWORD, confirmPassword: DEFAULT_PASSWORD },
        "displayName",
        (j) => j,
        undefined,
      ],
      ["/me/profile", "routes/me.profile", { fullName: "Ali Veli", bio: nul, contactVisibility: "hidden" }, "bio", (j) => j.result, rc],
      ["/me/profile", "routes/me.profile", { fullName: nul, contactVisibility: "hidden" }, "fullName", (j) => j.result, rc],
      [
        "/me/profile",
        "routes/me.profile",
        { fullName: "Ali Veli", keywords: `security, ${nul}`, contactVisibility: "hidden" },
        "keywords",
        (j) => j.result,
        rc,
      ],
      [
        "/institutions/new",
        "routes/institutions.new",
        { intent: "register", name: nul, kind: "university", countryCode: "TR" },
        "name",
        (j) => j.result,
        cookie,
      ],
      [
        "/calls/new",
        "routes/calls.new",
        { institutionId: fill.institution, kind: "joint_research", title: nul, deadline: DEADLINE, zone: "UTC" },
        "title",
        (j) => j.result,
        cookie,
      ],
      ["/proposals/new", "routes/proposals.new", { leadInstitutionId: fill.institution, title: nul }, "title", (j) => j, cookie],
      // Other C0 controls than tab, LF, CR in a single-line field.
      [
        "/calls/new",
        "routes/calls.new",
        { institutionId: fill.institution, kind: "joint_research", title: "Bell\u0007call", deadline: DEADLINE, zone: "UTC" },
        "title",
        (j) => j.result,
        cookie,
      ],
    ];
    for (const [target, routeId, fields, field, reply, c] of cases) {
      const { status, json } = await postData(target, routeId, fields, c);
      expect(status, `${target} ${field}`).toBe(400);
      expect((reply(json).error?.[field] ?? []).map(english), `${target} ${field}`).toEqual([
        "This text contains an invisible control character (such as U+0000), which cannot be saved: delete it or type the text again.",
      ]);
      // Kept, with the control character shown as its symbol (U+0000 → ␀; app/utils/visible-controls.server.ts).
      expect(reply(json).initialValue?.[field], `${target} ${field} kept`).toBe(showControlCharacters(fields[field]));
    }
    const db = getDb();
    expect(await db.selectFrom("users").select("id").where("email", "=", "nul-join@example.org").execute()).toEqual([]);
    expect(await db.selectFrom("experts").select("id").where("user_id", "=", researcher.id).execute()).toEqual([]);
    expect(await db.selectFrom("institutions").select("id").where("name", "like", "Ali%Veli").execute()).toEqual([]);
    expect(await db.selectFrom("proposals").select("id").where("title", "like", "Ali%Veli").execute()).toEqual([]);
    // The page itself: the message under the field, the typed value back in it.
    const page = await send("POST", "/join", {
      body: form({ displayName: nul, email: "nul-join@example.org", password: DEFAULT_PASSWORD, confirmPassword: DEFAULT_PASSWORD }),
    });
    expect(page.status).toBe(400);
    expect(page.body).toMatch(/id="[^"]*displayName-error"[^>]*>.*invisible control character \(such as U\+0000\)/s);
    expect(page.body).toMatch(/value="Ali.?Veli"/s);
    // A bio keeps its line breaks and tabs: they are not refused.
    const ok = await send("POST", "/me/profile", {
      cookie: rc,
      body: form({ fullName: "Ali Veli", bio: "Line one\r\n\tLine two", contactVisibility: "hidden" }),
    });
    expect(ok.status).toBe(302);
  });
});
