/**
 * The institutions namespace in the viewer's language: the result count's
 * Russian plural forms, Persian digits, validation messages as keys, and an
 * institution's name in the viewer's language (app/features/institutions/local-name.ts).
 */
import { serverT } from "../app/i18n/i18n.server";
import { translateMessage } from "../app/i18n/message";
import { nameInLanguage } from "../app/features/institutions/local-name";
import { institutionRegistrationSchema } from "../app/features/institutions/institution-schema";

describe("institutions catalogue", () => {
  it("counts institutions with the three Russian plural forms", () => {
    const t = serverT("ru", "institutions");
    expect([1, 3, 5, 21].map((count) => t("list.count", { count }))).toEqual(["1 организация", "3 организации", "5 организаций", "21 организация"]);
  });
  it("counts in Persian digits and keeps the English text", () => {
    expect(serverT("fa", "institutions")("list.count", { count: 21 })).toBe("۲۱ مؤسسه");
    expect(serverT("en", "institutions")("list.count", { count: 1 })).toBe("1 institution");
    expect(serverT("en", "institutions")("list.count", { count: 1234 })).toBe("1,234 institutions");
  });
  it("schema messages are keys shown in the viewer's language", () => {
    const r = institutionRegistrationSchema.safeParse({ name: "ab", kind: "university", countryCode: "IR" });
    expect(r.success).toBe(false);
    const m = r.success ? "" : r.error.issues[0].message;
    expect(translateMessage(serverT("en", "institutions"), m)).toBe("Enter the institution’s full name (at least 3 characters).");
    expect(translateMessage(serverT("fa", "institutions"), m)).toBe("نام کامل مؤسسه را وارد کنید (دست‌کم ۳ نویسه).");
  });
});

describe("nameInLanguage", () => {
  const names = [
    { name: "دانشگاه تهران", lang: "fa", kind: "label" },
    { name: "UT", lang: "fa", kind: "short" },
    { name: "Тегеранский университет", lang: "ru", kind: "label" },
  ];
  it("picks the label in the viewer's language (Dari reads Persian), none for English or a language without one", () => {
    expect(nameInLanguage(names, "fa")).toEqual({ name: "دانشگاه تهران", lang: "fa" });
    expect(nameInLanguage(names, "fa-AF")).toEqual({ name: "دانشگاه تهران", lang: "fa" });
    expect(nameInLanguage(names, "ru")).toEqual({ name: "Тегеранский университет", lang: "ru" });
    expect(nameInLanguage(names, "tr")).toBeNull();
    expect(nameInLanguage(names, "en")).toBeNull();
    expect(nameInLanguage([{ name: "UT", lang: "fa", kind: "short" }], "fa")).toBeNull();
  });
});
