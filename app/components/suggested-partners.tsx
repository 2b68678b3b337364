/**
 * The "Suggested partners" list of calls and proposal drafts: institutions and
 * experts from the partner matcher, each linking to its page with why it
 * matches (shared or related topics, member state), each reason once.
 * `invite` adds a one-step Invite form per institution row, posted to the
 * proposal's partners route (whose action checks authorization and runs
 * invitePartner). Text: the `matching` catalogue (routes rendering it list
 * "matching" in `handle.i18n`).
 */
import { Form, Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { RelatedWhy } from "~/features/matching/partner-query";
import { relatedWhyText } from "~/features/matching/related-why";

export interface SuggestedPartner {
  /** Default "institution". */
  type?: "institution" | "expert";
  id: number;
  name: string;
  /** The result's page (default /institutions/:id). */
  url?: string;
  countryName: string | null;
  /** Experts: their institution. */
  institution?: { id: number; name: string } | null;
  explanation: {
    sharedTopics: Array<{ id: string; name: string }>;
    relatedTopics: Array<{ query?: { id: string; name: string }; match: { id: string; name: string }; reason?: string; why?: RelatedWhy[] }>;
    matchedTerms: string[];
    country: { code: string; name: string; new: boolean } | null;
  };
}

/**
 * Plain-language reasons a suggestion matches, in the language of `t` (a
 * translation function with the `matching` and `common` namespaces), each
 * once (never empty for a matcher result with a country): several query
 * topics related to the same topic of the candidate name it once, with why
 * they are related (said from the matcher's `why` when given, else its
 * English `reason`). Topic names stay English.
 */
export function explain(r: SuggestedPartner, t: TFunction): string {
  const e = r.explanation;
  const parts: string[] = [];
  const shared = [...new Map(e.sharedTopics.map((x) => [x.id, x.name])).values()];
  if (shared.length) parts.push(t("matching:suggested.shares", { topics: shared.join("; ") }));
  const related = new Map<string, { name: string; queries: string[]; reason?: string }>();
  for (const x of e.relatedTopics) {
    const cur = related.get(x.match.id) ?? { name: x.match.name, queries: [], reason: x.why ? relatedWhyText(x.why, t) : x.reason };
    if (x.query && !cur.queries.includes(x.query.name)) cur.queries.push(x.query.name);
    related.set(x.match.id, cur);
  }
  if (related.size) {
    const items = [...related.values()].map((m) =>
      !m.queries.length
        ? m.name
        : m.reason
          ? t("matching:suggested.relatedWhy", { name: m.name, queries: m.queries.join("; "), reason: m.reason })
          : t("matching:suggested.related", { name: m.name, queries: m.queries.join("; ") }),
    );
    parts.push(t("matching:suggested.worksOn", { topics: items.join("; ") }));
  }
  if (!shared.length && !related.size && e.matchedTerms.length)
    parts.push(t("matching:suggested.mentions", { terms: [...new Set(e.matchedTerms)].join(", ") }));
  if (e.country) {
    const country = t(`common:country.${e.country.code}`, { defaultValue: e.country.name });
    parts.push(e.country.new ? t("matching:suggested.addsCountry", { country }) : t("matching:suggested.represented", { country }));
  }
  return parts.join(" — ");
}

export function SuggestedPartners({ suggested, invite }: { suggested: SuggestedPartner[] | null; invite?: { proposalId: number } }) {
  const { t } = useTranslation("matching");
  if (!suggested) return <p className="meta">{t("suggested.unavailable")}</p>;
  if (!suggested.length) return <p className="meta">{t("suggested.none")}</p>;
  return (
    <ul className="results">
      {suggested.map((r) => {
        const isExpert = r.type === "expert";
        return (
          <li key={`${r.type ?? "institution"}:${r.id}`}>
            <Link to={r.url ?? `/institutions/${r.id}`}>
              <bdi>{r.name}</bdi>
            </Link>{" "}
            <span className="meta">
              (
              {[
                isExpert ? r.institution?.name : null,
                (r.explanation.country ? t(`common:country.${r.explanation.country.code}`) : r.countryName) ?? t("suggested.noCountry"),
              ]
                .filter(Boolean)
                .join(t("suggested.comma"))}
              )
            </span>{" "}
            — {explain(r, t)}
            {invite && !isExpert ? (
              <Form
                method="post"
                action={`/proposals/${invite.proposalId}/partners`}
                className="inline-form"
                aria-label={t("suggested.inviteLabel", { name: r.name })}
              >
                <input type="hidden" name="intent" value="invite" />
                <input type="hidden" name="institutionId" value={r.id} />
                <button type="submit" className="small">
                  {t("suggested.invite")}
                </button>
              </Form>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
