/**
 * Query-parameter messages of the search pages in the viewer's language:
 * - every search schema (calls, partners, consortium, experts, institutions,
 *   projects, reports) given invalid values for each of its parameters answers
 *   with catalogue keys (app/i18n/message.ts), each translated in en, ru, tr
 *   and fa — never raw English, which a Persian page would show as it is;
 *   likewise the partner text checks and the matcher's own query checks;
 * - over HTTP (production build): /partners and /experts show such messages
 *   translated, while the JSON API answers the same English as before;
 * - the example requests of the /partners text box's placeholder, in every
 *   language, find partners on the demo data (600 demo experts seeded).
 * Real PostgreSQL and Meilisearch throughout.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { seedDemo } from "../tooling/demo/demo";
import { ensureIndexes } from "../app/search/sync.server";
import { isMessageKey, parseMessage } from "../app/i18n/message";
import { parseSearchParams } from "../app/utils/search-params";
import { CALL_LIST_PARAMS, callSearchSchema } from "../app/features/calls/call-search-params";
import { PARTNER_LIST_PARAMS, consortiumSchema, partnerSearchSchema, partnerTextProblem } from "../app/features/matching/partner-params";
import { EXPERT_LIST_PARAMS, expertSearchSchema } from "../app/features/experts/expert-search-params";
import { institutionSearchSchema } from "../app/features/institutions/institution-search-params";
import { PROJECT_LIST_PARAMS, projectSearchSchema } from "../app/features/projects/project-params";
import { REPORT_LIST_PARAMS, reportParamsSchema } from "../app/features/reports/report-params";
import { findPartners } from "../app/features/matching/matching.server";
import { suggestConsortium } from "../app/features/matching/consortium.server";
import { PartnerQueryError } from "../app/features/matching/partner-query";
import { OPEN_TO } from "../app/domain/expert-vocabulary";
import { loader as partnersApi } from "../app/routes/api.v1.partners";
import { callRoute, getDb, loaderArgs, syncSearch } from "./helpers";
import { english, inLanguage } from "./helpers/i18n";
import { useAppServer } from "./helpers/app-server";

const LANGUAGES = ["en", "ru", "tr", "fa"] as const;

/** Every search schema with its list parameters (repeated or comma-separated). */
const SCHEMAS: Array<[string, z.ZodObject<any>, readonly string[]]> = [
  ["calls", callSearchSchema, CALL_LIST_PARAMS],
  ["partners", partnerSearchSchema, PARTNER_LIST_PARAMS],
  ["consortium", consortiumSchema, ["topics"]],
  ["experts", expertSearchSchema, EXPERT_LIST_PARAMS],
  ["institutions", institutionSearchSchema, ["country", "kind"]],
  ["projects", projectSearchSchema, PROJECT_LIST_PARAMS],
  ["reports", reportParamsSchema(new Date("2026-06-01T00:00:00Z")), REPORT_LIST_PARAMS],
];

/** Values no parameter accepts as they are: a word, numbers out of every range, too long a text, a bad date. */
const INVALID = ["nope", "0", "-1", "1.5", "99999999999", "x".repeat(300), "2026-13-45"];
/** Values some list parameter accepts: sent 60 times over, so each list's length limit speaks too. */
const VALID_SOMEWHERE = ["T10020", "1", "TR", "university", "1702", "expert", "open", "joint_research"];

/** Problems with `message` as a catalogue message: not a key, or a key some language lacks (shown as the key) or leaves in English. */
function catalogueProblems(message: string): string[] {
  const parsed = isMessageKey(message) ? parseMessage(message) : null;
  if (!parsed) return [`raw text: ${message}`];
  const keyPath = parsed.key.split(":")[1];
  const en = english(message);
  const problems: string[] = [];
  for (const lng of LANGUAGES) {
    const text = inLanguage(lng, message);
    if (text.includes(keyPath)) problems.push(`${lng} lacks ${parsed.key}`);
    if (lng !== "en" && text === en) problems.push(`${lng} leaves ${parsed.key} in English`);
  }
  return problems;
}

// Before the app server starts (its inline worker would drain the outbox alongside).
beforeAll(async () => {
  await ensureIndexes();
  expect(await seedDemo(getDb())).toEqual({ created: 600, skipped: false });
  await syncSearch();
}, 240_000);

describe("query-parameter messages are catalogue keys", () => {
  it("for invalid values of every parameter of every search schema, in en, ru, tr and fa", () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const [name, schema, listKeys] of SCHEMAS) {
      for (const param of Object.keys(schema.shape)) {
        const values = [...INVALID, ...(listKeys.includes(param) ? VALID_SOMEWHERE.map((v) => Array(60).fill(v).join(",")) : [])];
        let refused = false;
        for (const value of values) {
          const r = parseSearchParams(schema, new URLSearchParams([[param, value]]), listKeys);
          if (r.ok) continue;
          for (const i of r.issues) {
            if (i.param === param) refused = true;
            seen.add(i.message);
            problems.push(...catalogueProblems(i.message).map((p) => `${name} ${param}=${value.slice(0, 20)}: ${p}`));
          }
        }
        if (!refused) problems.push(`${name}: no invalid value refused at ${param}`);
      }
    }
    expect([...new Set(problems)]).toEqual([]);
    // The messages of the issue, each reached (list limits included).
    expect([...seen]).toEqual(
      expect.arrayContaining([
        "matching:query.type",
        "common:params.trueOrFalse",
        "common:params.topicId",
        "common:params.subfieldId",
        "common:params.tooManyTopics?count=20",
        "common:params.tooManyTopics?count=50",
        "common:params.tooManyInstitutions?count=20",
        "common:params.institutionId?min=1&max=2147483647",
        `common:params.oneOf?values=${encodeURIComponent(OPEN_TO.join(", ")).replaceAll("%20", "+")}`,
        "common:params.wholeBetween?min=1&max=10",
        "common:params.tooLong?max=100",
      ]),
    );
  });

  it("keep the English they had (the JSON API's text)", () => {
    const english1 = (qs: string, schema: z.ZodObject<any>, listKeys: readonly string[]) => {
      const r = parseSearchParams(schema, new URLSearchParams(qs), listKeys);
      return r.ok ? [] : r.issues.map((i) => `${i.param}: ${english(i.message)}`);
    };
    expect(english1("type=foo&newCountriesOnly=maybe&minCountries=x&exclude=0", partnerSearchSchema, PARTNER_LIST_PARAMS)).toEqual([
      "exclude: must be an institution id (a whole number from 1 to 2147483647)",
      "newCountriesOnly: must be true or false",
      "type: must be institution or expert",
      "minCountries: must be a whole number from 1 to 10",
    ]);
    expect(english1(`topics=${Array(21).fill("T1").join(",")}&minCountries=11`, consortiumSchema, ["topics"])).toEqual([
      "topics: may list at most 20 topics",
      "minCountries: must be at most 10",
    ]);
    expect(english1("", consortiumSchema, ["topics"])).toEqual(["topics: give at least one topic id (e.g. topics=T10028,T10181)"]);
    expect(english1("openTo=nope&subfield=x&topic=10020&institution=" + Array(21).fill("1").join(","), expertSearchSchema, EXPERT_LIST_PARAMS)).toEqual([
      "institution: may list at most 20 institutions",
      "subfield: must be a topic subfield id such as 1702",
      "topic: must be a topic id such as T10020",
      "openTo: must be one of joint_research, supervision, exchange_visits, teaching, consulting",
    ]);
    expect(english1("kind=lab", institutionSearchSchema, ["kind"])).toEqual(["kind: must be one of university, research_centre, other"]);
  });

  it("for the partner text checks, quoting the typed text as it is", () => {
    const none = partnerTextProblem({ q: "", topics: [] })!;
    const stop = partnerTextProblem({ q: "1.0", topics: [] })!;
    for (const m of [none.message, stop.message]) expect(catalogueProblems(m)).toEqual([]);
    expect(english(none.message)).toBe("give free text (q) or topics, or both");
    // "1.0" stays "1.0" (a number-looking parameter is not reformatted when that would change it).
    expect(english(stop.message)).toBe(
      'has no words to search for ("1.0"): punctuation and common words such as "the" or "for" are ignored; give other words or pick topics',
    );
    expect(inLanguage("ru", partnerTextProblem({ q: "the & for", topics: [] })!.message)).toContain("«the & for»");
  });

  it("for the matcher's own checks (unknown topics, unknown institution, no topic for a consortium)", async () => {
    const issuesOf = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(PartnerQueryError);
      return (err as PartnerQueryError).issues;
    };
    const db = getDb();
    const issues = [
      ...(await issuesOf(findPartners(db, { topicIds: ["T99999998", "T99999999"], dropTopics: ["T99999997"], excludeInstitutionId: 2_000_000_000 }))),
      ...(await issuesOf(findPartners(db, { topicIds: ["T10028"], country: ["FR"] }))),
      ...(await issuesOf(suggestConsortium(db, { topicIds: [], minCountries: 3 }))),
      ...(await issuesOf(suggestConsortium(db, { topicIds: ["T10028"], minCountries: 11 }))),
    ];
    expect(issues.flatMap((i) => catalogueProblems(i.message))).toEqual([]);
    expect(issues.map((i) => `${i.param}: ${english(i.message)}`)).toEqual([
      "topics: unknown topic id(s): T99999998, T99999999",
      "dropTopics: unknown topic id(s): T99999997",
      "exclude: no institution with id 2000000000",
      "country: not an ECO member state: FR",
      "topics: give at least one topic id",
      "minCountries: must be a whole number from 1 to 10",
    ]);
    // Russian plural forms: one unknown id, two.
    expect(inLanguage("ru", issues[1].message)).toBe("неизвестный идентификатор темы: T99999997");
    expect(inLanguage("ru", issues[0].message)).toBe("неизвестные идентификаторы тем: T99999998, T99999999");
  });
});

describe("the /partners placeholder's example requests", () => {
  /** The comma-separated examples after the dash of the placeholder ("… — e.g. a, b, c"). */
  const examples = (lng: string) => {
    const placeholder: string = JSON.parse(fs.readFileSync(path.resolve("public/locales", lng, "matching.json"), "utf8")).partners.placeholder;
    const list = placeholder
      .slice(placeholder.indexOf("—") + 1)
      .trim()
      .replace(/^(e\.g\.|например,|ör\.|مثلاً)\s*/u, "");
    return list.split(/\s*[,،]\s*/u).filter(Boolean);
  };

  it("find partners on the demo data, in every language", { timeout: 120_000 }, async () => {
    for (const lng of LANGUAGES) {
      const list = examples(lng);
      expect(list.length, lng).toBeGreaterThanOrEqual(3);
      for (const q of list) {
        const res = await callRoute(partnersApi as any, loaderArgs(`/api/v1/partners?q=${encodeURIComponent(q)}`));
        expect(res.status, `${lng}: ${q}`).toBe(200);
        expect((await res.json()).results.length, `${lng}: ${q}`).toBeGreaterThan(0);
      }
    }
  });
});

describe("over HTTP (production build)", () => {
  const server = useAppServer();
  /** The page's text without the Unicode isolates the Persian catalogue puts around values, and React's text separators. */
  const get = async (pathAndQuery: string, cookie = "") => {
    const res = await fetch(server.app.url + pathAndQuery, { headers: cookie ? { Cookie: cookie } : {} });
    return { status: res.status, text: (await res.text()).replace(/[\u2068\u2069]/g, "").replaceAll("<!-- -->", "") };
  };

  it("/partners and /experts show query-parameter messages in the viewer's language", async () => {
    const fa = await get("/partners?q=federated&type=foo&lng=fa");
    expect(fa.status).toBe(400);
    expect(fa.text).toContain("باید institution یا expert باشد");
    expect(fa.text).not.toContain("must be institution or expert");
    const ru = await get("/experts?openTo=nope&lng=ru");
    expect(ru.status).toBe(400);
    expect(ru.text).toContain(`должен быть одним из: ${OPEN_TO.join(", ")}`);
    expect(ru.text).not.toContain("must be one of");
    const tr = await get("/partners?topics=T99999999&lng=tr");
    expect(tr.status).toBe(400);
    expect(tr.text).toContain("bilinmeyen konu kimliği: T99999999");
    expect(tr.text).not.toContain("unknown topic id");
  });

  it("the JSON API answers the same English as before, whatever the viewer's language", async () => {
    for (const cookie of ["", "lng=fa"]) {
      const partners = await get("/api/v1/partners?q=federated&type=foo", cookie);
      expect(partners.status).toBe(400);
      expect(JSON.parse(partners.text)).toEqual({
        error: "type: must be institution or expert",
        issues: [{ param: "type", message: "must be institution or expert" }],
      });
      const experts = await get("/api/v1/experts?openTo=nope", cookie);
      expect(experts.status).toBe(400);
      expect(JSON.parse(experts.text).issues).toEqual([{ param: "openTo", message: `must be one of ${OPEN_TO.join(", ")}` }]);
    }
  });
});
