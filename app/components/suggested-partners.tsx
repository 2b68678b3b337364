/**
 * The "Suggested partners" list of calls and proposal drafts: institutions and
 * experts from the partner matcher, each linking to its page with why it
 * matches (shared or related topics, member state), each reason once.
 * `invite` adds a one-step Invite form per institution row, posted to the
 * proposal's partners route (whose action checks authorization and runs
 * invitePartner).
 */
import { Form, Link } from "@remix-run/react";

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
    relatedTopics: Array<{ query?: { id: string; name: string }; match: { id: string; name: string }; reason?: string }>;
    matchedTerms: string[];
    country: { code: string; name: string; new: boolean } | null;
  };
}

/**
 * Plain-language reasons a suggestion matches, each once (never empty for a
 * matcher result with a country): several query topics related to the same
 * topic of the candidate name it once, with why they are related.
 */
export function explain(r: SuggestedPartner): string {
  const e = r.explanation;
  const parts: string[] = [];
  const shared = [...new Map(e.sharedTopics.map((t) => [t.id, t.name])).values()];
  if (shared.length) parts.push(`shares ${shared.join("; ")}`);
  const related = new Map<string, { name: string; queries: string[]; reason?: string }>();
  for (const x of e.relatedTopics) {
    const cur = related.get(x.match.id) ?? { name: x.match.name, queries: [], reason: x.reason };
    if (x.query && !cur.queries.includes(x.query.name)) cur.queries.push(x.query.name);
    related.set(x.match.id, cur);
  }
  if (related.size) {
    const items = [...related.values()].map(
      (m) => `${m.name}${m.queries.length ? ` (related to ${m.queries.join("; ")}${m.reason ? `: ${m.reason}` : ""})` : ""}`,
    );
    parts.push(`works on ${items.join("; ")}`);
  }
  if (!shared.length && !related.size && e.matchedTerms.length) parts.push(`mentions ${[...new Set(e.matchedTerms)].join(", ")}`);
  if (e.country) parts.push(e.country.new ? `adds ${e.country.name} to the consortium` : `${e.country.name} (already represented)`);
  return parts.join(" — ");
}

export function SuggestedPartners({ suggested, invite }: { suggested: SuggestedPartner[] | null; invite?: { proposalId: number } }) {
  if (!suggested) return <p className="meta">Partner suggestions are unavailable while search is down.</p>;
  if (!suggested.length) return <p className="meta">No partners found for these topics yet.</p>;
  return (
    <ul className="results">
      {suggested.map((r) => {
        const isExpert = r.type === "expert";
        return (
          <li key={`${r.type ?? "institution"}:${r.id}`}>
            <Link to={r.url ?? `/institutions/${r.id}`}>{r.name}</Link>{" "}
            <span className="meta">({[isExpert ? r.institution?.name : null, r.countryName ?? "no country"].filter(Boolean).join(", ")})</span> — {explain(r)}
            {invite && !isExpert ? (
              <Form method="post" action={`/proposals/${invite.proposalId}/partners`} className="inline-form" aria-label={`Invite ${r.name}`}>
                <input type="hidden" name="intent" value="invite" />
                <input type="hidden" name="institutionId" value={r.id} />
                <button type="submit" className="small">
                  Invite
                </button>
              </Form>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
