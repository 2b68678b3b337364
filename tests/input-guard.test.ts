/**
 * The one input guard (app/utils/input.ts): ids within PostgreSQL `integer`,
 * whole numbers, text without NUL and C0 control characters, list errors on
 * the list; parseSearchParams naming a parameter that holds a control
 * character; and a scan of app/ that keeps every schema on the guard (no bare
 * z.string()/z.number()/z.coerce, no hand-written id patterns).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseWithZod } from "@conform-to/zod";
import {
  CONTROL_CHARACTER_MESSAGE,
  MAX_ID,
  controlCharacterIn,
  idField,
  listOf,
  optionalText,
  parseId,
  requireIdParam,
  text,
  wholeNumber,
} from "../app/utils/input";
import { likePattern } from "../app/utils/like-pattern";
import { fieldErrorsOf } from "../app/utils/field-errors";
import { isTopicId } from "../app/domain/identifiers";
import { parseSearchParams } from "../app/utils/search-params";
import { expertSearchSchema } from "../app/features/experts/expert-search-params";
import { institutionSearchSchema } from "../app/features/institutions/institution-search-params";
import { expertProfileSchema } from "../app/features/experts/expert-schema";
import { callRoute, loaderArgs } from "./helpers";
import { english } from "./helpers/i18n";

/** Field errors with each message in English (messages are catalogue keys). */
const englishErrors = (e: Record<string, string[] | null | undefined> | undefined) =>
  Object.fromEntries(Object.entries(e ?? {}).map(([k, v]) => [k, (v ?? []).map(english)]));
/** A parse result with its issue messages in English. */
const englishResult = <R extends { ok: boolean }>(r: R) =>
  "issues" in r
    ? { ...r, issues: (r as unknown as { issues: Array<{ param: string; message: string }> }).issues.map((i) => ({ ...i, message: english(i.message) })) }
    : r;

function form(fields: Array<[string, string]>): FormData {
  const fd = new FormData();
  for (const [k, v] of fields) fd.append(k, v);
  return fd;
}

describe("parseId / requireIdParam", () => {
  it.each([
    ["1", 1],
    ["42", 42],
    ["2147483647", MAX_ID],
    [2147483647, MAX_ID],
    [7, 7],
  ])("%j is the id %d", (raw, id) => {
    expect(parseId(raw)).toBe(id);
  });

  it.each([
    "2147483648",
    "9223372036854775808",
    `1${"0".repeat(30)}`,
    "0",
    "007",
    "-1",
    "1.5",
    "1e3",
    "0x10",
    " 1",
    "1 ",
    "+1",
    "",
    "١٢", // Arabic-Indic digits
    "1\u0000",
    2147483648,
    0,
    -1,
    1.5,
    Number.NaN,
    null,
    undefined,
  ])("%j is no id", (raw) => {
    expect(parseId(raw)).toBeNull();
  });

  it("a path id that cannot exist throws a 404 Response with the given text", async () => {
    expect(requireIdParam("12", "No such call.")).toBe(12);
    let thrown: unknown;
    try {
      requireIdParam("2147483648", "No such call.");
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    expect(await (thrown as Response).text()).toBe("No such call.");
  });
});

describe("idField and wholeNumber (form and query values)", () => {
  const schema = z.object({
    institutionId: idField("Choose the institution."),
    parentId: idField("Choose the parent.").optional(),
    months: wholeNumber({ min: 1, max: 120, message: "A whole number.", tooSmall: "At least 1.", tooLarge: "At most 120." }).optional(),
  });

  it("parses ids and whole numbers from a form (Conform), empty optional fields absent", () => {
    const s = parseWithZod(
      form([
        ["institutionId", "12"],
        ["parentId", ""],
        ["months", " 24 "],
      ]),
      { schema },
    );
    expect(s.status).toBe("success");
    expect(s.status === "success" && s.value).toEqual({ institutionId: 12, parentId: undefined, months: 24 });
  });

  it("puts the message at the field for ids beyond integer, missing ids and numbers out of range", () => {
    const s = parseWithZod(
      form([
        ["institutionId", "2147483648"],
        ["parentId", "1e3"],
        ["months", "121"],
      ]),
      { schema },
    );
    expect(s.status).toBe("error");
    expect(s.reply().error).toEqual({ institutionId: ["Choose the institution."], parentId: ["Choose the parent."], months: ["At most 120."] });
    const missing = parseWithZod(form([["months", "-3"]]), { schema });
    expect(missing.reply().error).toEqual({ institutionId: ["Choose the institution."], months: ["At least 1."] });
    expect(
      parseWithZod(
        form([
          ["institutionId", "1"],
          ["months", "1.5"],
        ]),
        { schema },
      ).reply().error,
    ).toEqual({ months: ["A whole number."] });
  });

  it("accepts numbers from code (models validate with the same schemas)", () => {
    expect(schema.parse({ institutionId: 5, months: 3 })).toEqual({ institutionId: 5, months: 3 });
    expect(schema.safeParse({ institutionId: 2 ** 31 }).success).toBe(false);
  });
});

describe("optionalText, likePattern, fieldErrorsOf (the one copy of each)", () => {
  const schema = z.object({ summary: optionalText(10), city: optionalText(5, { label: "City", empty: undefined }) });

  it('optionalText trims, gives "" (default) or undefined for empty and absent, and names the field in its message when labelled', () => {
    expect(schema.parse({ summary: "  ab  ", city: " Baku " })).toEqual({ summary: "ab", city: "Baku" });
    expect(schema.parse({})).toEqual({ summary: "", city: undefined });
    expect(schema.parse({ summary: "   ", city: "   " })).toEqual({ summary: "", city: undefined });
    const s = parseWithZod(
      form([
        ["summary", "x".repeat(11)],
        ["city", "Dushanbe"],
      ]),
      { schema },
    );
    expect(englishErrors(s.reply().error)).toEqual({ summary: ["At most 10 characters."], city: ["City must be at most 5 characters."] });
    expect(parseWithZod(form([["summary", "a\u0000b"]]), { schema }).reply().error).toEqual({ summary: [CONTROL_CHARACTER_MESSAGE] });
  });

  it("likePattern lower-cases and escapes the LIKE wildcards and the escape character", () => {
    expect(likePattern("METU")).toBe("%metu%");
    expect(likePattern("100%_a\\b")).toBe("%100\\%\\_a\\\\b%");
  });

  it("fieldErrorsOf keys messages by the first path segment, in order", () => {
    expect(
      fieldErrorsOf([
        { path: ["orcid"], message: "a" },
        { path: ["topicIds", 2], message: "b" },
        { path: ["orcid"], message: "c" },
        { path: [], message: "d" },
      ]),
    ).toEqual({ orcid: ["a", "c"], topicIds: ["b"], "": ["d"] });
  });
});

describe("text: no NUL and no C0 controls but tab, LF, CR", () => {
  it("names the first control character", () => {
    expect(controlCharacterIn("ab\u0000c")).toBe("U+0000");
    expect(controlCharacterIn("a\u001fb")).toBe("U+001F");
    expect(controlCharacterIn("a\u000bb")).toBe("U+000B");
    expect(controlCharacterIn("tab\tline\nreturn\r end")).toBeNull();
    expect(controlCharacterIn("\u202Eright-to-left, Ащ, ناصر")).toBeNull();
  });

  it("refuses them at the field and still chains like z.string()", () => {
    const schema = z.object({ title: text({ required_error: "Give a title." }).trim().min(3, "At least 3 characters.") });
    expect(schema.parse({ title: "  Tab\there  " })).toEqual({ title: "Tab\there" });
    for (const bad of ["ab\u0000c", "bell\u0007", "esc\u001b[2J", "form\u000cfeed"]) {
      const s = parseWithZod(form([["title", bad]]), { schema });
      expect(s.reply().error, JSON.stringify(bad)).toEqual({ title: [CONTROL_CHARACTER_MESSAGE] });
    }
    expect(parseWithZod(form([]), { schema }).reply().error).toEqual({ title: ["Give a title."] });
  });

  it("a list reports a bad item on the list itself, where its textarea shows it", () => {
    const list = z.object({ keywords: listOf(text().optional(), { max: 2, tooMany: "At most 2." }) });
    expect(
      parseWithZod(
        form([
          ["keywords", "a"],
          ["keywords", "b\u0000"],
        ]),
        { schema: list },
      ).reply().error,
    ).toEqual({ keywords: [CONTROL_CHARACTER_MESSAGE] });
    expect(
      parseWithZod(
        form([
          ["keywords", "a"],
          ["keywords", "b"],
          ["keywords", "c"],
        ]),
        { schema: list },
      ).reply().error,
    ).toEqual({ keywords: ["At most 2."] });
    const profile = parseWithZod(
      form([
        ["fullName", "Ali Veli"],
        ["keywords", "security, ab\u0000c"],
        ["nameVariants", "Али\u0001"],
      ]),
      { schema: expertProfileSchema },
    );
    expect(profile.reply().error).toEqual({ keywords: [CONTROL_CHARACTER_MESSAGE], nameVariants: [CONTROL_CHARACTER_MESSAGE] });
  });
});

describe("parseSearchParams names a parameter holding a control character", () => {
  it("for a scalar, a list and (strict) an unknown parameter, before the schema", () => {
    const r = parseSearchParams(expertSearchSchema, new URLSearchParams("q=a%00b&topic=T1&topic=T2%07&page=2"), ["topic"]);
    expect(englishResult(r)).toEqual({
      ok: false,
      issues: [
        { param: "q", message: "contains the control character U+0000, which is not allowed" },
        { param: "topic", message: "contains the control character U+0007, which is not allowed" },
      ],
    });
    const strict = parseSearchParams(institutionSearchSchema, new URLSearchParams("q=ok&x%00=1"), ["country"], { strict: true });
    expect(strict.ok).toBe(false);
    expect(!strict.ok && strict.issues.map((i) => i.param)).toEqual(["x\u0000"]);
    expect(parseSearchParams(institutionSearchSchema, new URLSearchParams("q=a%09b"), ["country"])).toMatchObject({ ok: true, value: { q: "a\tb" } });
  });

  it("ids in query parameters stay within integer", () => {
    const r = parseSearchParams(expertSearchSchema, new URLSearchParams("institution=12,2147483648"), ["institution"]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0].param).toBe("institution");
  });
});

describe("every schema of app/ is built on the guard", () => {
  const APP = path.resolve(import.meta.dirname, "../app");
  /**
   * Files allowed to use Zod's primitives directly: the guard itself, the environment (operator input, not
   * requests) and the glossary's schema (a data file of the repository, validated at load).
   */
  const EXEMPT = ["utils/input.ts", "utils/env.server.ts", "search/glossary.ts"];
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
    });

  it("no bare z.string() / z.number() / z.coerce / z.bigint, no hand-written id or topic-id pattern, id check, Number(param) or optionalText outside app/utils/input.ts", () => {
    const problems: string[] = [];
    for (const file of files(APP)) {
      const rel = path.relative(APP, file);
      if (EXEMPT.includes(rel)) continue;
      const src = readFileSync(file, "utf8");
      const lineOf = (i: number) => src.slice(0, i).split("\n").length;
      for (const m of src.matchAll(/\bz\s*\.\s*(string|number|coerce|bigint)\b/g))
        problems.push(`app/${rel}:${lineOf(m.index!)} z.${m[1]} (use text(), idField(), wholeNumber() from app/utils/input.ts)`);
      for (const m of src.matchAll(/\\d\{1,9\}|Number\((params|idParam)\b/g))
        problems.push(`app/${rel}:${lineOf(m.index!)} ${m[0]} (use parseId / requireIdParam)`);
      for (const m of src.matchAll(/isSafeInteger\((id|\w+Id)\)|isInteger\((id|\w+Id)\)/g))
        problems.push(`app/${rel}:${lineOf(m.index!)} ${m[0]} (a hand-written id check: use parseId)`);
      for (const m of src.matchAll(/\b(const|function)\s+optionalText\b/g))
        problems.push(`app/${rel}:${lineOf(m.index!)} ${m[0]} (use optionalText from app/utils/input.ts)`);
      if (rel !== path.join("domain", "identifiers.ts"))
        for (const m of src.matchAll(/\^T\\d/g)) problems.push(`app/${rel}:${lineOf(m.index!)} a hand-written topic-id pattern (use topicIdField / isTopicId)`);
    }
    expect(problems).toEqual([]);
  });
});

describe("bracketed and repeated parameters", () => {
  it("the parser names a known parameter written with brackets, scalar or list, with how to write it", () => {
    const r = parseSearchParams(institutionSearchSchema, new URLSearchParams("q[]=metu&country[]=TR&kind[0]=university"), ["country", "kind"]);
    expect(englishResult(r)).toEqual({
      ok: false,
      issues: [
        { param: "q[]", message: "is not understood: write q=… (once; it takes one value)" },
        { param: "country[]", message: "is not understood: write country=… (repeat country= or separate values with commas for several)" },
        { param: "kind[0]", message: "is not understood: write kind=… (repeat kind= or separate values with commas for several)" },
      ],
    });
    // Strict (the APIs): named once, not also as an unknown parameter.
    const strict = parseSearchParams(institutionSearchSchema, new URLSearchParams("q[]=metu"), ["country"], { strict: true });
    expect(!strict.ok && strict.issues.map((i) => i.param)).toEqual(["q[]"]);
    expect(englishResult(parseSearchParams(institutionSearchSchema, new URLSearchParams("q=a&q=b"), ["country"]))).toEqual({
      ok: false,
      issues: [{ param: "q", message: "was given more than once" }],
    });
  });

  it("every JSON API answers 400 { error, issues } to q[]= (or its list parameter with brackets) and to a repeated q", async () => {
    const apis: Array<[string, string, string]> = [
      ["api.v1.institutions", "q[]=metu", "q[]"],
      ["api.v1.experts", "q[]=ali", "q[]"],
      ["api.v1.calls", "q[]=security", "q[]"],
      ["api.v1.projects", "q[]=security", "q[]"],
      ["api.v1.partners", "q[]=security", "q[]"],
      ["api.v1.consortium", "topics[]=T10028", "topics[]"],
      ["api.v1.reports", "country[]=TR", "country[]"],
    ];
    for (const [route, query, param] of apis) {
      const { loader } = await import(`../app/routes/${route}.ts`);
      const res = await callRoute(loader, loaderArgs(`/${route.replaceAll(".", "/")}?${query}`));
      expect(res.status, route).toBe(400);
      const body = await res.json();
      expect(
        body.issues.map((i: { param: string }) => i.param),
        route,
      ).toContain(param);
      expect(body.error, route).toMatch(/is not understood: write/);
    }
    const { loader } = await import("../app/routes/api.v1.experts");
    const repeated = await callRoute(loader, loaderArgs("/api/v1/experts?q=a&q=b"));
    expect(repeated.status).toBe(400);
    expect((await repeated.json()).issues).toEqual([{ param: "q", message: "was given more than once" }]);
  });
});

describe("topic ids", () => {
  it("one shape everywhere: T and 1–8 digits, refused at the field otherwise", () => {
    for (const ok of ["T1", "T10020", "T12345678"]) expect(isTopicId(ok), ok).toBe(true);
    for (const bad of ["", "10020", "t10020", "T", "T123456789", "T10020 ", "T1e3", "T１２"]) expect(isTopicId(bad), JSON.stringify(bad)).toBe(false);
    const r = expertSearchSchema.safeParse({ topic: ["T10020", "T123456789"] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), english(i.message)])).toEqual([["topic.1", "must be a topic id such as T10020"]]);
  });
});
