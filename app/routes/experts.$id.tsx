/**
 * /experts/:id — one expert profile: names in every script, position and
 * affiliation, ORCID iD, topics, keywords, languages, what they are open to,
 * and the contact email only as its visibility allows for this viewer
 * (public: everyone; members: signed-in users, up to an hourly number of
 * different profiles, then a note instead; hidden: nobody but the owner).
 * This page is the only place a members-only address is ever shown.
 * 404 for unknown ids.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getPublicExpert } from "~/features/experts/expert.server";
import { suggestedPartnersFor } from "~/features/matching/suggestions.server";
import { contactTarget } from "~/features/messaging/messaging.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SuggestedPartners } from "~/components/suggested-partners";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { requireIdParam } from "~/utils/input";
import { getViewer } from "~/features/accounts/viewer.server";
import { OPEN_TO_LABELS } from "~/domain/expert-vocabulary";

/** A readable name for the script a name variant is written in. */
function scriptOf(name: string): string | null {
  if (/\p{Script=Cyrillic}/u.test(name)) return "Cyrillic";
  if (/\p{Script=Arabic}/u.test(name)) return "Perso-Arabic";
  if (/^[\p{Script=Latin}\p{M}\s.'’ʻ-]+$/u.test(name)) return "Latin";
  return null;
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const id = requireIdParam(params.id, "No expert has that id.");
  const viewer = await getViewer(request);
  const expert = await getPublicExpert(getDb(), id, viewer);
  invariantResponse(expert, "No expert has that id.", 404);
  const [suggested, messaging] = await Promise.all([suggestedPartnersFor(getDb(), expert), contactTarget(getDb(), id)]);
  // Contact: only a profile of a real account that accepts messages, and never on one's own profile.
  const canContact = Boolean(messaging?.acceptsMessages) && !(viewer.kind === "member" && viewer.userId === messaging?.userId);
  return json({ expert, suggested, canContact }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function ExpertPage() {
  const { expert: e, suggested, canContact } = useLoaderData<typeof loader>();
  return (
    <article>
      <p className="meta">
        <Link to="/experts">Experts</Link>
        {e.institution ? (
          <>
            {" "}
            › <Link to={`/experts?country=${e.institution.country}`}>{e.institution.countryName}</Link>
          </>
        ) : null}
      </p>
      <h1>
        {e.title ? <span className="meta">{e.title} </span> : null}
        {e.fullName}
        {e.isDemo ? (
          <span className="badge" title="Generated demo data: not a real person">
            demo profile
          </span>
        ) : null}
      </h1>
      {canContact ? (
        <p>
          <Link to={`/messages/new?expert=${e.id}`} className="button" data-testid="contact-button">
            Contact
          </Link>{" "}
          <span className="meta">Send a message in the app; your email address is not shown.</span>
        </p>
      ) : null}
      {e.nameVariants.length ? (
        <ul className="variants" aria-label="Name in other scripts and spellings">
          {e.nameVariants.map((v) => {
            const script = scriptOf(v);
            return (
              <li key={v}>
                <span dir="auto">{v}</span>
                {script ? <span className="meta"> ({script})</span> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      <div className="card" style={{ marginTop: "1rem" }}>
        <dl className="facts">
          {e.position ? (
            <>
              <dt>Position</dt>
              <dd>{e.position}</dd>
            </>
          ) : null}
          <dt>Institution</dt>
          <dd>
            {e.institution ? (
              <>
                <Link to={`/institutions/${e.institution.id}`}>{e.institution.name}</Link>
                {e.institution.acronyms.length ? ` (${e.institution.acronyms.join(", ")})` : ""}, {e.institution.countryName}
              </>
            ) : (
              <span className="meta">Not given</span>
            )}
          </dd>
          {e.orcid ? (
            <>
              <dt>ORCID iD</dt>
              <dd>
                <a href={`https://orcid.org/${e.orcid}`} rel="noopener noreferrer">
                  https://orcid.org/{e.orcid}
                </a>
              </dd>
            </>
          ) : null}
          <dt>Contact</dt>
          <dd data-testid="contact">
            {e.contact.kind === "shown" ? (
              <a href={`mailto:${e.contact.email}`}>{e.contact.email}</a>
            ) : e.contact.kind === "members-only" ? (
              <span className="meta">Visible to signed-in members of the network.</span>
            ) : e.contact.kind === "quota" ? (
              <span className="meta">
                Shared with members, but you have seen the members-only addresses of {e.contact.perHour} different profiles within the hour. This one is shown
                again later; profiles you have already opened still show theirs.
              </span>
            ) : (
              <span className="meta">Not shared publicly.</span>
            )}
          </dd>
          {e.languages.length ? (
            <>
              <dt>Languages</dt>
              <dd>{e.languages.map((l) => l.name).join(", ")}</dd>
            </>
          ) : null}
          <dt>Open to</dt>
          <dd>{e.openTo.length ? e.openTo.map((o) => OPEN_TO_LABELS[o]).join(", ") : <span className="meta">Not stated</span>}</dd>
        </dl>
      </div>
      {e.bio ? <p style={{ whiteSpace: "pre-line" }}>{e.bio}</p> : null}
      <section>
        <h2>Research topics</h2>
        {e.topics.length ? (
          <ul>
            {e.topics.map((t) => (
              <li key={t.id}>
                <Link to={`/experts?topic=${t.id}`}>{t.name}</Link>{" "}
                <span className="meta">
                  (<Link to={`/experts?subfield=${t.subfield_id}`}>{t.subfield}</Link>)
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="meta">No research topics recorded yet.</p>
        )}
      </section>
      {e.keywords.length ? (
        <section>
          <h2>Keywords</h2>
          <p className="topics">
            {e.keywords.map((k) => (
              <Link key={k} className="tag" to={`/experts?q=${encodeURIComponent(k)}`}>
                {k}
              </Link>
            ))}
          </p>
        </section>
      ) : null}
      {suggested === null ? (
        <section aria-labelledby="suggested-h">
          <h2 id="suggested-h">Suggested partners</h2>
          <SuggestedPartners suggested={null} />
        </section>
      ) : suggested ? (
        <section aria-labelledby="suggested-h">
          <h2 id="suggested-h">Suggested partners</h2>
          <SuggestedPartners suggested={suggested} />
          {e.topics.length ? (
            <p>
              <Link
                to={`/partners?${new URLSearchParams({ topics: e.topics.map((t) => t.id).join(","), ...(e.institution ? { exclude: String(e.institution.id) } : {}) })}`}
              >
                More partners for these topics
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.expert.fullName} — Experts — ECO ICT Research Network` : "Expert not found — ECO ICT Research Network" },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
