/**
 * /experts/:id — one expert profile: names in every script, position and
 * affiliation, ORCID iD, topics, keywords, languages, what they are open to,
 * and the contact email only as its visibility allows for this viewer
 * (public: everyone; members: signed-in users, up to an hourly number of
 * different profiles, then a note instead; hidden: nobody but the owner).
 * This page is the only place a members-only address is ever shown.
 * 404 for unknown ids.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getPublicExpert } from "~/features/experts/expert.server";
import { suggestedPartnersFor } from "~/features/matching/suggestions.server";
import { contactTarget } from "~/features/messaging/messaging.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SuggestedPartners } from "~/components/suggested-partners";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { requireIdParam } from "~/utils/input";
import { getViewer } from "~/features/accounts/viewer.server";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { msg } from "~/i18n/message";

/** `experts`: the profile; `matching`: the suggested partners' reasons. */
export const handle = { i18n: ["experts", "matching"] };

/** The script a name variant is written in, as a key of `experts:profile.script`. */
function scriptOf(name: string): "cyrillic" | "arabic" | "latin" | null {
  if (/\p{Script=Cyrillic}/u.test(name)) return "cyrillic";
  if (/\p{Script=Arabic}/u.test(name)) return "arabic";
  if (/^[\p{Script=Latin}\p{M}\s.'’ʻ-]+$/u.test(name)) return "latin";
  return null;
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const id = requireIdParam(params.id, msg("experts:profile.notFound"));
  const [viewer, lng] = await Promise.all([getViewer(request), requestLanguage(request)]);
  const expert = await getPublicExpert(getDb(), id, viewer, lng);
  invariantResponse(expert, msg("experts:profile.notFound"), 404);
  const t = serverT(lng, ["experts", "common"]);
  const title = pageTitle(t, "profile.metaTitle", { name: expert.fullName });
  const [suggested, messaging] = await Promise.all([suggestedPartnersFor(getDb(), expert), contactTarget(getDb(), id)]);
  // Contact: only a profile of a real account that accepts messages, and never on one's own profile.
  const canContact = Boolean(messaging?.acceptsMessages) && !(viewer.kind === "member" && viewer.userId === messaging?.userId);
  return json({ expert, suggested, canContact, title }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function ExpertPage() {
  const { expert: e, suggested, canContact } = useLoaderData<typeof loader>();
  const { t } = useTranslation("experts");
  const orcidUrl = e.orcid ? `https://orcid.org/${e.orcid}` : null;
  return (
    <article>
      <p className="meta">
        <Link to="/experts">{t("list.title")}</Link>
        {e.institution ? (
          <>
            {" "}
            › <Link to={`/experts?country=${e.institution.country}`}>{t(`common:country.${e.institution.country}`)}</Link>
          </>
        ) : null}
      </p>
      <h1>
        {e.title ? <span className="meta">{e.title} </span> : null}
        <bdi>{e.fullName}</bdi>
        {e.isDemo ? (
          <span className="badge" title={t("profile.demoTitle")}>
            {t("profile.demo")}
          </span>
        ) : null}
      </h1>
      {canContact ? (
        <p>
          <Link to={`/messages/new?expert=${e.id}`} className="button" data-testid="contact-button">
            {t("profile.contact")}
          </Link>{" "}
          <span className="meta">{t("profile.contactHint")}</span>
        </p>
      ) : null}
      {e.nameVariants.length ? (
        <ul className="variants" aria-label={t("profile.variants")}>
          {e.nameVariants.map((v) => {
            const script = scriptOf(v);
            return (
              <li key={v}>
                <span dir="auto">{v}</span>
                {script ? <span className="meta"> ({t(`profile.script.${script}`)})</span> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      <div className="card" style={{ marginTop: "1rem" }}>
        <dl className="facts">
          {e.position ? (
            <>
              <dt>{t("profile.position")}</dt>
              <dd>{e.position}</dd>
            </>
          ) : null}
          <dt>{t("profile.institution")}</dt>
          <dd>
            {e.institution ? (
              <>
                <Link to={`/institutions/${e.institution.id}`} dir="auto">
                  <bdi>{e.institution.name}</bdi>
                </Link>
                {e.institution.acronyms.length ? (
                  <>
                    {" "}
                    (<bdi>{e.institution.acronyms.join(", ")}</bdi>)
                  </>
                ) : null}
                {t("list.comma")}
                {t(`common:country.${e.institution.country}`)}
              </>
            ) : (
              <span className="meta">{t("profile.notGiven")}</span>
            )}
          </dd>
          {orcidUrl ? (
            <>
              <dt>{t("profile.orcid")}</dt>
              <dd>
                <a href={orcidUrl} rel="noopener noreferrer">
                  <bdi>{orcidUrl}</bdi>
                </a>
              </dd>
            </>
          ) : null}
          <dt>{t("profile.contactLabel")}</dt>
          <dd data-testid="contact">
            {e.contact.kind === "shown" ? (
              <a href={`mailto:${e.contact.email}`}>
                <bdi>{e.contact.email}</bdi>
              </a>
            ) : e.contact.kind === "members-only" ? (
              <span className="meta">{t("profile.membersOnly")}</span>
            ) : e.contact.kind === "quota" ? (
              <span className="meta">{t("profile.quota", { count: e.contact.perHour })}</span>
            ) : (
              <span className="meta">{t("profile.notShared")}</span>
            )}
          </dd>
          {e.languages.length ? (
            <>
              <dt>{t("profile.languages")}</dt>
              <dd>{e.languages.map((l) => l.name).join(t("list.comma"))}</dd>
            </>
          ) : null}
          <dt>{t("profile.openTo")}</dt>
          <dd>{e.openTo.length ? e.openTo.map((o) => t(`openTo.${o}`)).join(t("list.comma")) : <span className="meta">{t("profile.notStated")}</span>}</dd>
        </dl>
      </div>
      {e.bio ? (
        <p style={{ whiteSpace: "pre-line" }} dir="auto">
          {e.bio}
        </p>
      ) : null}
      <section>
        <h2>{t("profile.topics")}</h2>
        {e.topics.length ? (
          <ul>
            {e.topics.map((topic) => (
              <li key={topic.id} lang="en">
                <Link to={`/experts?topic=${topic.id}`}>{topic.name}</Link>{" "}
                <span className="meta">
                  (<Link to={`/experts?subfield=${topic.subfield_id}`}>{topic.subfield}</Link>)
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="meta">{t("profile.noTopics")}</p>
        )}
      </section>
      {e.keywords.length ? (
        <section>
          <h2>{t("profile.keywords")}</h2>
          <p className="topics">
            {e.keywords.map((k) => (
              <Link key={k} className="tag" to={`/experts?q=${encodeURIComponent(k)}`} dir="auto">
                {k}
              </Link>
            ))}
          </p>
        </section>
      ) : null}
      {suggested === null ? (
        <section aria-labelledby="suggested-h">
          <h2 id="suggested-h">{t("profile.suggested")}</h2>
          <SuggestedPartners suggested={null} />
        </section>
      ) : suggested ? (
        <section aria-labelledby="suggested-h">
          <h2 id="suggested-h">{t("profile.suggested")}</h2>
          <SuggestedPartners suggested={suggested} />
          {e.topics.length ? (
            <p>
              <Link
                to={`/partners?${new URLSearchParams({ topics: e.topics.map((t) => t.id).join(","), ...(e.institution ? { exclude: String(e.institution.id) } : {}) })}`}
              >
                {t("profile.morePartners")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}

// On a 404 the error page's own title applies (root.tsx), so no data means no title here.
export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
