/**
 * The result side of /partners: the suggested consortium, and the ranked
 * partners with why each is listed (shared and related topics, highlighted
 * matches of the text, member state, score breakdown), the recognised topics
 * as removable chips, removed topics with a way back, and pagination. Links
 * only: works without JavaScript.
 */
import { Link } from "@remix-run/react";
import { Highlight } from "~/components/highlight";
import { Pagination } from "~/components/pagination";
import type { TopicOption } from "~/features/topics/topic-option";
import { partnersPageHref, type PartnerSearchParams } from "~/features/matching/partner-params";
import type { ConsortiumSuggestion, PartnerPage } from "~/features/matching/partner-query";

/** A consortium suggestion: its note (why incomplete), then each member with what it brings. */
export function ConsortiumSuggestionView({ c }: { c: ConsortiumSuggestion }) {
  return (
    <section className="consortium" aria-labelledby="consortium-h">
      <h2 id="consortium-h">Suggested consortium</h2>
      <p className={c.complete ? "meta" : "field-error"}>{c.note}</p>
      <ol>
        {c.members.map((m) => (
          <li key={m.institution.id}>
            <Link to={m.institution.url}>{m.institution.name}</Link> ({m.country.name}
            {m.brings.newCountry ? ", a member state not yet in your consortium" : ""}) — brings{" "}
            {m.brings.topics.length ? m.brings.topics.map((t) => t.name).join("; ") : "related expertise"}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** One page of ranked partners for the search `params`; `dropped`: the topics removed from the text. */
export function PartnerResults({ result, params, dropped }: { result: PartnerPage; params: PartnerSearchParams; dropped: TopicOption[] }) {
  const totalPages = Math.ceil(result.total / result.perPage);
  return (
    <>
      {dropped.length ? (
        // Removed topics stay removed while the search is refined: say so, with the way back.
        <p className="meta" id="removed-topics">
          Removed from your text:{" "}
          {dropped.map((t) => (
            <span key={t.id} className="tag" data-removed-topic={t.id}>
              {t.name}{" "}
              <Link to={partnersPageHref(params, 1, undefined, t.id)} aria-label={`Put back topic ${t.name}`} rel="nofollow">
                put back
              </Link>
            </span>
          ))}
        </p>
      ) : null}
      {result.queryTopics.length ? (
        <p className="meta">
          Matching topics:{" "}
          {result.queryTopics.map((t) =>
            t.inferred ? (
              // A plain link (works without JavaScript): the same search with this topic in dropTopics.
              <span key={t.id} className="tag chip" data-topic={t.id}>
                {t.name} (from your text){" "}
                <Link
                  to={partnersPageHref(params, 1, t.id)}
                  aria-label={`Remove topic ${t.name}`}
                  title="Not what you meant: search again without this topic"
                  rel="nofollow"
                >
                  ×
                </Link>
              </span>
            ) : (
              <span key={t.id} className="tag" data-topic={t.id}>
                {t.name}
              </span>
            ),
          )}
        </p>
      ) : (
        <p className="meta" id="no-topics">
          No topic recognised in your text: the results match its words. Pick topics in the Topics box to rank by topic too.
        </p>
      )}
      {result.total === 0 ? (
        <div className="empty">
          <h2>No partners match</h2>
          <p>Try other words or topics, or remove a filter.</p>
        </div>
      ) : (
        <p className="meta">
          {result.total.toLocaleString("en")} {result.total === 1 ? "candidate" : "candidates"}
          {totalPages > 1 ? ` · page ${result.page} of ${totalPages}` : ""}
        </p>
      )}
      <ol className="results">
        {result.results.map((r) => (
          <li key={`${r.type}:${r.id}`}>
            <h2>
              <span className="badge">{r.type === "institution" ? "Institution" : "Expert"}</span>{" "}
              <Link to={r.url} dir="auto">
                <Highlight text={r.explanation.highlighted.name ?? r.explanation.highlighted.fullName ?? r.name} />
              </Link>{" "}
              <span className="meta">score {r.score.toFixed(2)}</span>
              {r.contactable ? (
                <>
                  {" "}
                  <Link to={`/messages/new?expert=${r.id}`} className="button small">
                    Contact
                  </Link>
                </>
              ) : null}
            </h2>
            <p className="meta">
              {r.institution ? `${r.institution.name} · ` : ""}
              {r.explanation.country ? `${r.explanation.country.name}${r.explanation.country.new ? " (not yet in your consortium)" : ""}` : "No affiliation"}
            </p>
            {r.explanation.sharedTopics.length ? (
              <p>Shared topics: {r.explanation.sharedTopics.map((t) => `${t.name}${r.type === "institution" ? ` (weight ${t.weight})` : ""}`).join("; ")}</p>
            ) : null}
            {r.explanation.relatedTopics.length ? (
              <p>Related topics: {r.explanation.relatedTopics.map((x) => `${x.query.name} → ${x.match.name} (${x.reason})`).join("; ")}</p>
            ) : null}
            {Object.entries(r.explanation.highlighted)
              .filter(([f]) => f !== "name" && f !== "fullName")
              .slice(0, 3)
              .map(([f, v]) => (
                <p key={f} className="meta" dir="auto">
                  {FIELD_LABELS[f] ?? f}: <Highlight text={v} />
                </p>
              ))}
            <p className="meta" title="Score components, each from 0 to 1: shared topics weigh most, then text, then related topics">
              Shared topics {pct(r.breakdown.shared)} · related topics {pct(r.breakdown.related)} · text {pct(r.breakdown.text)}
              {r.breakdown.newCountry ? " · from a member state not yet in your consortium" : ""}
            </p>
          </li>
        ))}
      </ol>
      <Pagination page={result.page} totalPages={totalPages} href={(p) => partnersPageHref(params, p)} />
    </>
  );
}

/** Readable names of the index fields a match can be highlighted in. */
const FIELD_LABELS: Record<string, string> = {
  altNames: "Other names",
  nameVariants: "Name variants",
  acronyms: "Acronym",
  keywords: "Keywords",
  topicNames: "Topics",
  institutionName: "Institution",
  institutionAcronyms: "Institution",
  labelsFa: "Persian name",
  labelsTr: "Turkish name",
  labelsRu: "Russian name",
  position: "Position",
  bio: "About",
  description: "About",
  city: "City",
};

/** 0.3333 → "33%". */
function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
