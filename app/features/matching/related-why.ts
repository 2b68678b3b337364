/**
 * Why two topics are related (partner-query.ts RelatedWhy, made by the
 * matcher), said in the reader's language: the `matching:relatedWhy.*`
 * messages, e.g. "both list the keywords “intrusion detection”; share the
 * word “network”" or "у обеих тем есть ключевое слово «…»". The terms are
 * the taxonomy's (English) and are quoted as they are. In English the text
 * equals the API's `reason` (topic-relatedness.server.ts reasonOf). Pure;
 * used by the /partners results and the "Suggested partners" lists.
 */
import type { TFunction } from "i18next";
import type { RelatedWhy } from "~/features/matching/partner-query";

/** `why` in words through `t` (a translation function with the `matching` namespace loaded); "" for no parts. */
export function relatedWhyText(why: readonly RelatedWhy[], t: TFunction): string {
  const terms = (xs: string[]) => xs.map((term) => t("matching:relatedWhy.term", { term })).join(t("matching:relatedWhy.termSeparator"));
  return why
    .map((w) => {
      switch (w.kind) {
        case "keywords":
          return t("matching:relatedWhy.keywords", { count: w.terms.length, terms: terms(w.terms) });
        case "words":
          return t("matching:relatedWhy.words", { count: w.terms.length, terms: terms(w.terms) });
        case "declaredBy": {
          const experts = w.experts ? t("matching:relatedWhy.experts", { count: w.experts }) : "";
          const institutions = w.institutions ? t("matching:relatedWhy.institutions", { count: w.institutions }) : "";
          const who = experts && institutions ? t("matching:relatedWhy.both", { experts, institutions }) : experts || institutions;
          return t("matching:relatedWhy.declaredBy", { who });
        }
        case "declaredByProfiles":
          return t("matching:relatedWhy.declaredByProfiles", { count: w.profiles });
      }
    })
    .join(t("matching:relatedWhy.partSeparator"));
}
