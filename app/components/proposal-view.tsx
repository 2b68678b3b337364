/**
 * One proposal as its consortium and the secretariat see it: summary,
 * consortium (countries, institutions, team with ORCID links), eligibility
 * summary, the workflow buttons the viewer may use (the server re-checks)
 * and the append-only history.
 */
import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { SerializeFrom } from "@remix-run/node";
import { countryName } from "~/domain/member-states";
import { ErrorList } from "~/components/forms";
import { ACTION_LABELS, STATUS_LABELS } from "~/features/proposals/proposal-schema";
import { TEAM_ROLE_LABELS } from "~/domain/roles";
import { formatBudget } from "~/domain/currency";
import { formatInZone } from "~/i18n/dates";
import { canEditAsLead, EDITABLE_STATES, TRANSITIONS, type ProposalAction, type ProposalState } from "~/domain/proposal-workflow";
import type { ProposalPageData } from "~/features/proposals/types";

type Data = SerializeFrom<ProposalPageData>;

/** What the proposal action answers: errors of the form, or (first submit of a final decision) what to confirm. */
export interface ProposalActionData {
  result?: { error?: Record<string, string[] | null> | null };
  problems?: string[];
  confirm?: DecisionToConfirm;
}

interface DecisionToConfirm {
  intent: string;
  version: number;
  comment: string;
  /** The state the decision leads to. */
  to: string;
}

export function ProposalView({ d, actionData }: { d: Data; actionData?: ProposalActionData }) {
  const p = d.proposal;
  const countries = [...new Set([d.lead.country_code, ...d.partners.filter((x) => x.status === "accepted").map((x) => x.country_code)])];
  const editable = EDITABLE_STATES.includes(p.status as ProposalState) && canEditAsLead(d.access);
  const formErrors = actionData?.result?.error?.[""] ?? null;
  const commentErrors = actionData?.result?.error?.comment ?? null;
  return (
    <article className="stack">
      <p className="meta">
        <span className={`badge status-${p.status}`}>{STATUS_LABELS[p.status]}</span>{" "}
        {p.reference_code ? <strong>{p.reference_code}</strong> : "no reference yet (assigned on submission)"} · version {p.version}
        {p.is_demo ? <span className="badge">demo</span> : null}
      </p>
      <h1>
        {p.title} {p.acronym ? <span className="meta">({p.acronym})</span> : null}
      </h1>
      {d.call ? (
        <p className="meta">
          Answers the call <Link to={`/calls/${d.call.id}`}>{d.call.title}</Link> — deadline {formatInZone(d.call.deadline, d.call.deadline_zone)}
        </p>
      ) : (
        <p className="meta">Not answering a call</p>
      )}
      {editable ? (
        <p>
          <Link to={`/proposals/${p.id}/edit`}>Edit the proposal</Link> · <Link to={`/proposals/${p.id}/partners`}>Partners</Link>
        </p>
      ) : d.access.partnerAdminOf.length ? (
        <p>
          <Link to={`/proposals/${p.id}/partners`}>Answer the partner invitation</Link>
        </p>
      ) : null}
      {d.access.leadDrafter ? (
        <p className="banner" role="note">
          You drafted this proposal as a member of {d.lead.name}. An administrator of {d.lead.name} submits it: they see it under “Your proposals”.
        </p>
      ) : null}

      <section className="card">
        <h2>Consortium</h2>
        <p>
          Member states: {countries.map(countryName).join(", ")} ({countries.length})
        </p>
        <ul>
          <li>
            <strong>Lead:</strong> <Link to={`/institutions/${d.lead.id}`}>{d.lead.name}</Link>, {countryName(d.lead.country_code)}
          </li>
          {d.partners.map((x) => (
            <li key={x.institution_id}>
              Partner: <Link to={`/institutions/${x.institution_id}`}>{x.name}</Link>, {countryName(x.country_code)} — <em>{x.status}</em>
              {x.contact_name ? <> · contact {x.contact_name}</> : null}
            </li>
          ))}
        </ul>
        <h3>Team</h3>
        {d.team.length ? (
          <ul>
            {d.team.map((t) => (
              <li key={t.expert_id}>
                <Link to={`/experts/${t.expert_id}`}>{t.full_name}</Link> — {TEAM_ROLE_LABELS[t.role as keyof typeof TEAM_ROLE_LABELS]}
                {t.institution_name ? `, ${t.institution_name}` : ""}
                {t.orcid ? (
                  <>
                    {" "}
                    ·{" "}
                    <a href={`https://orcid.org/${t.orcid}`} rel="noreferrer">
                      ORCID {t.orcid}
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="meta">No team members yet.</p>
        )}
      </section>

      <section className="card">
        <h2>Proposal</h2>
        <dl className="facts">
          <dt>Duration</dt>
          <dd>{p.duration_months ? `${p.duration_months} months` : "—"}</dd>
          <dt>Requested budget</dt>
          <dd>{formatBudget(p.budget_amount, p.budget_currency)}</dd>
          <dt>Topics</dt>
          <dd>{d.topics.length ? d.topics.map((t) => t.name).join(", ") : "—"}</dd>
        </dl>
        <h3>Abstract</h3>
        <p style={{ whiteSpace: "pre-wrap" }}>{p.abstract || "—"}</p>
        <h3>Objectives</h3>
        <p style={{ whiteSpace: "pre-wrap" }}>{p.objectives || "—"}</p>
      </section>

      {d.problems.length || ["draft", "revision_requested", "submitted", "under_review"].includes(p.status) ? (
        <section className="card" aria-label="Eligibility">
          <h2>Eligibility</h2>
          {d.problems.length ? (
            <ul className="field-errors">
              {d.problems.map((x) => (
                <li key={x.rule} className="field-error">
                  {x.message}
                </li>
              ))}
            </ul>
          ) : (
            <p>✓ Every submission rule is met.</p>
          )}
        </section>
      ) : null}

      {actionData?.confirm && (d.actions as string[]).includes(actionData.confirm.intent) ? (
        <ConfirmDecision d={d} confirm={actionData.confirm} />
      ) : d.actions.length ? (
        <Form method="post" className="card stack" aria-label="Actions">
          <h2>{d.access.secretariat && !d.access.leadAdmin ? "Decision" : "Actions"}</h2>
          <input type="hidden" name="version" value={p.version} />
          <ErrorList errors={formErrors} />
          {actionData?.problems?.length ? (
            <div role="alert">
              <ul className="field-errors">
                {actionData.problems.map((m) => (
                  <li key={m} className="field-error">
                    {m}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {d.actions.some((a) => TRANSITIONS[a as ProposalAction].commentRequired) || d.actions.length ? (
            <div className="field">
              <label htmlFor="comment">
                Comment {d.actions.some((a) => TRANSITIONS[a as ProposalAction].commentRequired) ? "(required to reject or request a revision)" : "(optional)"}
              </label>
              <textarea id="comment" name="comment" rows={3} aria-invalid={commentErrors ? true : undefined} />
              <ErrorList id="comment-error" errors={commentErrors} />
            </div>
          ) : null}
          <p className="actions">
            {d.actions.map((a) => (
              <button key={a} type="submit" name="intent" value={a} className={a === "reject" || a === "withdraw" ? "danger" : undefined}>
                {ACTION_LABELS[a]}
              </button>
            ))}
          </p>
        </Form>
      ) : null}

      <section className="card">
        <h2>History</h2>
        {d.events.length ? (
          <ol className="history">
            {d.events.map((e) => (
              <li key={String(e.id)}>
                <time dateTime={e.at}>{formatInZone(e.at, "UTC")}</time> — <strong>{e.actor_name ?? "someone"}</strong>: {ACTION_LABELS[e.action] ?? e.action} (
                {STATUS_LABELS[e.from_status]} → {STATUS_LABELS[e.to_status]}){e.comment ? <blockquote>{e.comment}</blockquote> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="meta">Nothing has happened yet.</p>
        )}
      </section>
    </article>
  );
}

/**
 * The second step of a final decision (approve, reject): what is about to
 * happen, with the comment, and the button that does it (`confirm=yes`).
 * "Back" reloads the page, leaving everything as it was. Keyboard focus moves
 * to the summary so screen-reader users hear it.
 */
function ConfirmDecision({ d, confirm }: { d: Data; confirm: DecisionToConfirm }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const p = d.proposal;
  const label = ACTION_LABELS[confirm.intent] ?? confirm.intent;
  const partners = d.partners.filter((x) => x.status === "accepted").map((x) => x.name);
  return (
    <Form method="post" className="card stack confirm-decision" aria-labelledby="confirm-h">
      <h2 id="confirm-h" tabIndex={-1} ref={heading}>
        Confirm: {label}
      </h2>
      <p>
        You are about to <strong>{label.toLowerCase()}</strong> “{p.title}”{p.reference_code ? ` (${p.reference_code})` : ""}, led by {d.lead.name} (
        {countryName(d.lead.country_code)}){partners.length ? ` with ${partners.join(", ")}` : ""}. Its status becomes{" "}
        <strong>{STATUS_LABELS[confirm.to] ?? confirm.to}</strong>, the consortium is notified, and the decision cannot be undone.
      </p>
      {confirm.comment ? (
        <div>
          <p className="meta">Your comment, sent with the decision:</p>
          <blockquote className="decision-comment">{confirm.comment}</blockquote>
        </div>
      ) : (
        <p className="meta">No comment.</p>
      )}
      <input type="hidden" name="intent" value={confirm.intent} />
      <input type="hidden" name="version" value={confirm.version} />
      <input type="hidden" name="comment" value={confirm.comment} />
      <input type="hidden" name="confirm" value="yes" />
      <p className="actions">
        <button type="submit" className={confirm.intent === "reject" ? "danger" : undefined}>
          Yes, {label.toLowerCase()}
        </button>
        <Link to=".">Back, do not decide yet</Link>
      </p>
    </Form>
  );
}
