/**
 * The result side of /partners: the suggested consortium, and the ranked
 * partners with why each is listed (shared and related topics, highlighted
 * matches of the text, member state, score breakdown), the recognised topics
 * as removable chips, removed topics with a way back, and pagination. Links
 * only: works without JavaScript. Text: the `matching` catalogue, the
 * related-topic reasons too (said from the matcher's structured `why`,
 * related-why.ts); topic names (the taxonomy's, English) carry lang="en".
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Highlight } from "~/components/highlight";
import { Pagination } from "~/components/pagination";
import type { TopicOption } from "~/features/topics/topic-option";
import { partnersPageHref, type PartnerSearchParams } from "~/features/matching/partner-params";
import type { ConsortiumSuggestion, PartnerPage } from "~/features/matching/partner-query";
import { relatedWhyText } from "~/features/matching/related-why";

/** A consortium suggestion: its note (why incomplete), then each member with what it brings. */
export function ConsortiumSuggestionView({ c }: { c: ConsortiumSuggestion }) {
  const { t } = useTranslation("matching");
  const topics = c.covered.length + c.uncovered.length;
  // The note is composed here from the suggestion's figures (the API's `note` is English).
  const notes = c.complete
    ? [t("consortium.complete", { count: c.members.length, countries: c.countries.length, topics })]
    : [
        ...(c.uncovered.length ? [t("consortium.cannotCover", { topics: c.uncovered.map((x) => x.name).join("; ") })] : []),
        ...(c.missingCountries ? [t("consortium.cannotReach", { count: c.countries.length + c.missingCountries, missing: c.missingCountries })] : []),
      ];
  return (
    <section className="consortium" aria-labelledby="consortium-h">
      <h2 id="consortium-h">{t("consortium.title")}</h2>
      <p className={c.complete ? "meta" : "field-error"}>{notes.join(" ")}</p>
      <ol>
        {c.members.map((m) => (
          <li key={m.institution.id}>
            <Link to={m.institution.url}>
              <bdi>{m.institution.name}</bdi>
            </Link>{" "}
            {m.brings.newCountry
              ? t("consortium.countryNew", { country: t(`common:country.${m.country.code}`) })
              : t("consortium.country", { country: t(`common:country.${m.country.code}`) })}{" "}
            {m.brings.topics.length ? (
              <>
                {t("consortium.brings")} <span lang="en">{m.brings.topics.map((x) => x.name).join("; ")}</span>
              </>
            ) : (
              t("consortium.bringsRelated")
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** One page of ranked partners for the search `params`; `dropped`: the topics removed from the text. */
export function PartnerResults({ result, params, dropped }: { result: PartnerPage; params: PartnerSearchParams; dropped: TopicOption[] }) {
  const totalPages = Math.ceil(result.total / result.perPage);
  const { t } = useTranslation("matching");
  return (
    <>
      {dropped.length ? (
        // Removed topics stay removed while the search is refined: say so, with the way back.
        <p className="meta" id="removed-topics">
          {t("results.removed")}{" "}
          {dropped.map((topic) => (
            <span key={topic.id} className="tag" data-removed-topic={topic.id}>
              <span lang="en">{topic.name}</span>{" "}
              <Link to={partnersPageHref(params, 1, undefined, topic.id)} aria-label={t("results.putBackLabel", { name: topic.name })} rel="nofollow">
                {t("results.putBack")}
              </Link>
            </span>
          ))}
        </p>
      ) : null}
      {result.queryTopics.length ? (
        <p className="meta">
          {t("results.matchingTopics")}{" "}
          {result.queryTopics.map((topic) =>
            topic.inferred ? (
              // A plain link (works without JavaScript): the same search with this topic in dropTopics.
              <span key={topic.id} className="tag chip" data-topic={topic.id}>
                <span lang="en">{topic.name}</span> {t("results.fromText")}{" "}
                <Link
                  to={partnersPageHref(params, 1, topic.id)}
                  aria-label={t("results.removeLabel", { name: topic.name })}
                  title={t("results.removeTitle")}
                  rel="nofollow"
                >
                  ×
                </Link>
              </span>
            ) : (
              <span key={topic.id} className="tag" data-topic={topic.id} lang="en">
                {topic.name}
              </span>
            ),
          )}
        </p>
      ) : (
        <p className="meta" id="no-topics">
          {t("results.noTopics")}
        </p>
      )}
      {result.total === 0 ? (
        <div className="empty">
          <h2>{t("results.none")}</h2>
          <p>{t("results.noneHint")}</p>
        </div>
      ) : (
        <p className="meta">
          {totalPages > 1
            ? t("results.countPaged", { count: result.total, page: result.page, pages: totalPages })
            : t("results.count", { count: result.total })}
        </p>
      )}
      <ol className="results">
        {result.results.map((r) => (
          <li key={`${r.type}:${r.id}`}>
            <h2>
              <span className="badge">{r.type === "institution" ? t("results.institution") : t("results.expert")}</span>{" "}
              <Link to={r.url} dir="auto">
                <Highlight text={r.explanation.highlighted.name ?? r.explanation.highlighted.fullName ?? r.name} />
              </Link>{" "}
              {/* The bar fills from the inline start (right to left in Persian); the number beside it is what is read. */}
              <meter className="score-bar" min={0} max={1} value={Math.min(1, Math.max(0, r.score))} aria-hidden="true" />{" "}
              <span className="meta">{t("results.score", { score: r.score })}</span>
              {r.contactable ? (
                <>
                  {" "}
                  <Link to={`/messages/new?expert=${r.id}`} className="button small">
                    {t("results.contact")}
                  </Link>
                </>
              ) : null}
            </h2>
            <p className="meta">
              {r.institution ? (
                <>
                  <bdi>{r.institution.name}</bdi> ·{" "}
                </>
              ) : null}
              {r.explanation.country
                ? r.explanation.country.new
                  ? t("results.countryNew", { country: t(`common:country.${r.explanation.country.code}`) })
                  : t(`common:country.${r.explanation.country.code}`)
                : t("results.noAffiliation")}
            </p>
            {r.explanation.sharedTopics.length ? (
              <p>
                {t("results.sharedTopics")}{" "}
                {r.explanation.sharedTopics.map((x, i) => (
                  <span key={x.id}>
                    {i ? "; " : ""}
                    <span lang="en">{x.name}</span>
                    {r.type === "institution" ? ` ${t("results.weight", { weight: x.weight })}` : ""}
                  </span>
                ))}
              </p>
            ) : null}
            {r.explanation.relatedTopics.length ? (
              <p>
                {t("results.relatedTopics")}{" "}
                {r.explanation.relatedTopics.map((x, i) => (
                  <span key={x.query.id} data-related-topic={x.match.id}>
                    {i ? t("relatedWhy.partSeparator") : ""}
                    <span lang="en">{x.query.name}</span> → <span lang="en">{x.match.name}</span> ({relatedWhyText(x.why, t)})
                  </span>
                ))}
              </p>
            ) : null}
            {Object.entries(r.explanation.highlighted)
              .filter(([f]) => f !== "name" && f !== "fullName")
              .slice(0, 3)
              .map(([f, v]) => (
                <p key={f} className="meta" dir="auto">
                  {FIELD_LABELS.has(f) ? t(`results.field.${f}`) : f}: <Highlight text={v} />
                </p>
              ))}
            <p className="meta" title={t("results.breakdownTitle", { min: 0, max: 1 })}>
              {t("results.breakdown", { shared: r.breakdown.shared, related: r.breakdown.related, text: r.breakdown.text })}
              {r.breakdown.newCountry ? ` · ${t("results.breakdownNewCountry")}` : ""}
            </p>
          </li>
        ))}
      </ol>
      <Pagination page={result.page} totalPages={totalPages} href={(p) => partnersPageHref(params, p)} />
    </>
  );
}

/** The index fields a match can be highlighted in, named by `matching:results.field.<field>`. */
const FIELD_LABELS = new Set([
  "altNames",
  "nameVariants",
  "acronyms",
  "keywords",
  "topicNames",
  "institutionName",
  "institutionAcronyms",
  "labelsFa",
  "labelsTr",
  "labelsRu",
  "position",
  "bio",
  "description",
  "city",
]);
