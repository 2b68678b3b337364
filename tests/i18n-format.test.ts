/**
 * Dates and numbers in the viewer's language (app/i18n/dates.ts) and message
 * keys with parameters (app/i18n/message.ts).
 */
import { formatDay, formatInZone, formatNumber } from "../app/i18n/dates";
import { isMessageKey, msg, parseMessage, translateMessage } from "../app/i18n/message";
import { supportedLanguage } from "../app/i18n/languages";
import { dateTimeFormat, listFormat, numberFormat } from "../app/i18n/intl-cache";
import type { TFunction } from "i18next";

const DEADLINE = "2027-01-15T13:30:00Z"; // 17:00 in Tehran (UTC+03:30)

describe("formatInZone", () => {
  it("keeps the English form", () => {
    expect(formatInZone(DEADLINE, "Asia/Tehran")).toBe("15 Jan 2027, 17:00 Asia/Tehran (UTC+03:30)");
  });
  it("in Persian: the Solar Hijri date in Persian digits, the Gregorian date beside it, the zone and offset isolated", () => {
    const s = formatInZone(DEADLINE, "Asia/Tehran", "fa");
    expect(s).toContain("۲۵ دی ۱۴۰۵");
    expect(s).toContain("۱۷:۰۰");
    expect(s).toContain("۱۵ ژانویهٔ ۲۰۲۷");
    expect(s).toContain("\u2068Asia/Tehran (UTC+03:30)\u2069");
  });
  it("in Dari (fa-AF): Afghan month names", () => {
    expect(formatInZone(DEADLINE, "Asia/Kabul", "fa-AF")).toContain("۲۵ جدی ۱۴۰۵");
    expect(formatInZone(DEADLINE, "Asia/Kabul", "fa-AF")).not.toMatch(/\s دی/);
  });
  it("in Russian and Turkish: the Gregorian calendar in that language, same zone and offset", () => {
    expect(formatInZone(DEADLINE, "Asia/Tehran", "ru")).toMatch(/15 янв\.? 2027/);
    expect(formatInZone(DEADLINE, "Asia/Tehran", "tr")).toMatch(/15 Oca 2027/);
    expect(formatInZone(DEADLINE, "Asia/Tehran", "ru")).toContain("Asia/Tehran (UTC+03:30)");
  });
});

describe("formatDay and formatNumber", () => {
  it("formats a calendar day per language", () => {
    expect(formatDay("2027-03-21")).toBe("21 Mar 2027");
    expect(formatDay("2027-03-21", "fa")).toContain("۱ فروردین ۱۴۰۶");
    expect(formatDay("2027-03-21", "fa-AF")).toContain("۱ حمل ۱۴۰۶");
    expect(formatDay("2027-03-21", "ru")).toBe("21 марта 2027 г.");
  });
  it("uses the language's digits", () => {
    expect(formatNumber(1234, "fa")).toBe("۱٬۲۳۴");
    expect(formatNumber(1234, "en")).toBe("1,234");
  });
});

describe("the shared Intl formatters (app/i18n/intl-cache.ts)", () => {
  it("builds one formatter per kind, locale and options, and formats as a new one would", () => {
    expect(numberFormat("fa")).toBe(numberFormat("fa"));
    expect(numberFormat("fa")).not.toBe(numberFormat("en"));
    expect(numberFormat("en", { useGrouping: false })).not.toBe(numberFormat("en"));
    expect(numberFormat("en", { useGrouping: false }).format(1234)).toBe("1234");
    expect(numberFormat("fa").format(1234)).toBe(new Intl.NumberFormat("fa").format(1234));
    expect(listFormat("en-GB", { type: "conjunction" })).toBe(listFormat("en-GB", { type: "conjunction" }));
    expect(listFormat("en-GB", { type: "conjunction" }).format(["a", "b", "c"])).toBe("a, b and c");
    expect(dateTimeFormat("ru", { timeZone: "UTC", month: "long" })).toBe(dateTimeFormat("ru", { timeZone: "UTC", month: "long" }));
  });
});

describe("message keys", () => {
  it("round-trips a key with parameters, numbers as numbers", () => {
    const m = msg("common:validation.tooLong", { max: 200, field: "Title & name" });
    expect(isMessageKey(m)).toBe(true);
    expect(parseMessage(m)).toEqual({ key: "common:validation.tooLong", params: { max: 200, field: "Title & name" } });
  });
  it("leaves plain text alone and translates keys", () => {
    const t = ((key: string, p?: Record<string, unknown>) => `[${key}${p && Object.keys(p).length ? JSON.stringify(p) : ""}]`) as unknown as TFunction;
    expect(translateMessage(t, "Enter a title.")).toBe("Enter a title.");
    expect(translateMessage(t, msg("calls:errors.deadline"))).toBe("[calls:errors.deadline]");
    expect(translateMessage(t, msg("common:x", { n: 3 }))).toBe('[common:x{"n":3}]');
  });
});

describe("supportedLanguage", () => {
  it("matches exactly or by language, and refuses the unknown", () => {
    expect(supportedLanguage("fa-AF")).toBe("fa-AF");
    expect(supportedLanguage("fa-IR")).toBe("fa");
    expect(supportedLanguage("RU")).toBe("ru");
    expect(supportedLanguage("xx")).toBeNull();
    expect(supportedLanguage("")).toBeNull();
  });
});

describe("Zod's own messages", () => {
  it("are catalogue keys once app/utils/input.ts is loaded", async () => {
    const { z } = await import("zod");
    await import("../app/utils/input");
    const r = z.object({ email: z.string().email(), n: z.number() }).safeParse({ email: "x", n: "1" });
    expect(r.success).toBe(false);
    const messages = r.success ? [] : r.error.issues.map((i) => i.message);
    expect(messages).toEqual(["common:validation.invalidEmail", "common:validation.invalidType"]);
  });
});

describe("amounts as typed in each language", () => {
  it("normalizeAmount reads decimal commas, grouping spaces and Persian digits", async () => {
    const { normalizeAmount, AMOUNT_PATTERN } = await import("../app/domain/currency");
    expect(normalizeAmount("150000,50")).toBe("150000.50");
    expect(normalizeAmount("150 000,50")).toBe("150000.50");
    expect(normalizeAmount("150\u00a0000,5")).toBe("150000.5");
    expect(normalizeAmount("150,000.50")).toBe("150000.50");
    expect(normalizeAmount("150.000,50")).toBe("150000.50");
    expect(normalizeAmount("۱۵۰٬۰۰۰٫۵۰")).toBe("150000.50");
    expect(normalizeAmount("2500.50")).toBe("2500.50");
    for (const bad of ["12a", "1,2,3", "1.234.5"]) expect(AMOUNT_PATTERN.test(normalizeAmount(bad)), bad).toBe(false);
  });
});
