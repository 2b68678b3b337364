import { describe, expect, it } from "vitest";
import { parseWithZod } from "@conform-to/zod";
import { normalizeOrcid, orcidCheckDigit, parseOrcid } from "../app/domain/identifiers";
import { ORCID_CHECKSUM_MESSAGE, ORCID_FORMAT_MESSAGE, expertProfileSchema } from "../app/features/experts/expert-schema";
import { english } from "./helpers/i18n";

describe("normalizeOrcid", () => {
  // Real iDs from ORCID's documentation and public records.
  it.each([
    ["0000-0002-1825-0097", "0000-0002-1825-0097"],
    ["0000-0001-5109-3700", "0000-0001-5109-3700"],
    ["0000-0002-1694-233X", "0000-0002-1694-233X"],
    ["0000-0002-1694-233x", "0000-0002-1694-233X"],
    ["0000000218250097", "0000-0002-1825-0097"],
    ["https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"],
    ["http://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"],
    ["orcid.org/0000-0002-1694-233X", "0000-0002-1694-233X"],
    ["https://www.orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"],
    ["HTTPS://ORCID.ORG/0000-0002-1825-0097", "0000-0002-1825-0097"],
    ["  0000-0002-1825-0097\n", "0000-0002-1825-0097"],
    ["\thttps://orcid.org/0000000151093700 ", "0000-0001-5109-3700"],
  ])("accepts %j as %s", (input, canonical) => {
    expect(normalizeOrcid(input)).toBe(canonical);
    expect(parseOrcid(input)).toEqual({ ok: true, value: canonical });
  });

  it.each([
    "0000-0002-1825-0098",
    "0000-0002-1825-0090",
    "0000-0001-5109-3701",
    "0000-0002-1694-2330",
    "0000-0002-1825-009X",
    "https://orcid.org/0000-0002-1852-0097", // two digits swapped
    "0000000218250096",
  ])("refuses the wrong check digit in %j", (input) => {
    expect(normalizeOrcid(input)).toBeNull();
    expect(parseOrcid(input)).toEqual({ ok: false, reason: "checksum" });
  });

  it.each([
    "",
    "0000-0002-1825",
    "0000-0002-1825-00977",
    "0000-0002-1825-009",
    "0000_0002_1825_0097",
    "0000-00021825-0097",
    "X000-0002-1825-0097",
    "https://example.org/0000-0002-1825-0097",
    "0000-0002-1825-0097 extra",
    "٠٠٠٠-٠٠٠٢-١٨٢٥-٠٠٩٧", // Arabic-Indic digits are not ASCII digits
  ])("refuses the malformed %j", (input) => {
    expect(normalizeOrcid(input)).toBeNull();
    expect(parseOrcid(input)).toEqual({ ok: false, reason: "format" });
  });

  it("computes ISO 7064 11,2 check characters, X for 10", () => {
    expect(orcidCheckDigit("000000021825009")).toBe("7");
    expect(orcidCheckDigit("000000015109370")).toBe("0");
    expect(orcidCheckDigit("000000021694233")).toBe("X");
  });
});

describe("the profile form schema and ORCID iDs", () => {
  const form = (orcid: string) => {
    const fd = new FormData();
    fd.append("fullName", "Nigina Saidova");
    fd.append("nameVariants", "Нигина Саидова");
    fd.append("position", "Senior Researcher");
    fd.append("orcid", orcid);
    fd.append("keywords", "speech recognition, Tajik, low-resource languages");
    fd.append("openTo", "joint_research");
    fd.append("openTo", "supervision");
    fd.append("languages", "tg");
    fd.append("languages", "ru");
    fd.append("contactEmail", "nigina@example.org");
    fd.append("contactVisibility", "members");
    return fd;
  };

  it("refuses a wrong check digit with a message at the ORCID field and keeps everything typed", () => {
    const submission = parseWithZod(form("0000-0002-1825-0098"), { schema: expertProfileSchema });
    expect(submission.status).toBe("error");
    const reply = submission.reply();
    expect(reply.error).toEqual({ orcid: [ORCID_CHECKSUM_MESSAGE] });
    expect(english(ORCID_CHECKSUM_MESSAGE)).toMatch(/^This ORCID iD’s check digit is wrong/);
    // What the form re-renders with: the user's input, untouched.
    expect(reply.initialValue).toMatchObject({
      fullName: "Nigina Saidova",
      nameVariants: "Нигина Саидова",
      position: "Senior Researcher",
      orcid: "0000-0002-1825-0098",
      keywords: "speech recognition, Tajik, low-resource languages",
      openTo: ["joint_research", "supervision"],
      languages: ["tg", "ru"],
      contactEmail: "nigina@example.org",
      contactVisibility: "members",
    });
  });

  it("says 'format' for something that is not an iD at all", () => {
    const reply = parseWithZod(form("1234"), { schema: expertProfileSchema }).reply();
    expect(reply.error).toEqual({ orcid: [ORCID_FORMAT_MESSAGE] });
  });

  it("stores the canonical form of a URL-shaped iD and normalises list fields", () => {
    const submission = parseWithZod(form("https://orcid.org/0000000218250097"), { schema: expertProfileSchema });
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(submission.value).toMatchObject({
      orcid: "0000-0002-1825-0097",
      nameVariants: ["Нигина Саидова"],
      keywords: ["speech recognition", "Tajik", "low-resource languages"],
      openTo: ["joint_research", "supervision"],
      languages: ["tg", "ru"],
      contactVisibility: "members",
      bio: "",
      topicIds: [],
    });
  });

  it("reports every bad field at once, each at its field", () => {
    const fd = new FormData();
    fd.append("fullName", " ");
    fd.append("orcid", "0000-0001-5109-3701");
    fd.append("openTo", "partying");
    fd.append("languages", "klingonese");
    fd.append("contactEmail", "not-an-email");
    fd.append("contactVisibility", "everyone");
    fd.append("keywords", Array.from({ length: 25 }, (_, i) => `k${i}`).join(","));
    fd.append("topicIds", "T1; drop table");
    fd.append("institutionId", "abc");
    const reply = parseWithZod(fd, { schema: expertProfileSchema }).reply();
    expect(Object.keys(reply.error ?? {}).sort()).toEqual(
      ["contactEmail", "contactVisibility", "fullName", "institutionId", "keywords", "languages", "openTo", "orcid", "topicIds"].sort(),
    );
    expect(english(reply.error?.keywords?.[0] ?? "")).toMatch(/at most 20 keywords/);
  });
});
