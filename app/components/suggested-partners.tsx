/**
 * The "Suggested partners" list of calls and proposal drafts: institutions
 * from the partner matcher, each linking to /institutions/:id with why it
 * matches (shared or related topics, member state). `invite` adds a one-step
 * Invite form per row, posted to the proposal's partners route (whose action
 * checks authorization and runs invitePartner).
 */
import { Form, Link } from "@remix-run/react";

export interface SuggestedInstitution {
  id: number;
  name: string;
  countryName: string | null;
  explanation: {
    sharedTopics: Array<{ id: string; name: string }>;
    relatedTopics: Array<{ match: { id: string; name: string } }>;
    matchedTerms: string[];
    country: { code: string; name: string; new: boolean } | null;
  };
}

/** Plain-language reasons a suggestion matches (never empty for a matcher result with a country). */
export function explain(r: SuggestedInstitution): string {
  const e = r.explanation;
  const parts: string[] = [];
  if (e.sharedTopics.length) parts.push(`shares ${e.sharedTopics.map((t) => t.name).join("; ")}`);
  if (e.relatedTopics.length) parts.push(`related: ${e.relatedTopics.map((x) => x.match.name).join("; ")}`);
  if (!e.sharedTopics.length && !e.relatedTopics.length && e.matchedTerms.length) parts.push(`mentions ${e.matchedTerms.join(", ")}`);
  if (e.country) parts.push(e.country.new ? `adds ${e.country.name} to the consortium` : `${e.country.name} (already represented)`);
  return parts.join(" — ");
}

export function SuggestedPartners({ suggested, invite }: { suggested: SuggestedInstitution[] | null; invite?: { proposalId: number } }) {
  if (!suggested) return <p className="meta">Partner suggestions are unavailable while search is down.</p>;
  if (!suggested.length) return <p className="meta">No partners found for these topics yet.</p>;
  return (
    <ul className="results">
      {suggested.map((r) => (
        <li key={r.id}>
          <Link to={`/institutions/${r.id}`}>{r.name}</Link> <span className="meta">({r.countryName ?? "no country"})</span> — {explain(r)}
          {invite ? (
            <Form method="post" action={`/proposals/${invite.proposalId}/partners`} className="inline-form" aria-label={`Invite ${r.name}`}>
              <input type="hidden" name="intent" value="invite" />
              <input type="hidden" name="institutionId" value={r.id} />
              <button type="submit" className="small">Invite</button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
