/**
 * One proposal as its consortium and the secretariat see it: summary,
 * consortium (countries, institutions, team with ORCID links), eligibility
 * summary, the workflow buttons the viewer may use (the server re-checks)
 * and the append-only history.
 */
import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { SerializeFrom } from "@remix-run/node";
import { Trans, useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { ErrorList } from "~/components/forms";
import { translateMessage } from "~/i18n/message";
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

/** A member state's name in the viewer's language (common catalogue). */
const country = (t: TFunction, code: string) => t(`common:country.${code}`, { defaultValue: code });

export function ProposalView({ d, actionData }: { d: Data; actionData?: ProposalActionData }) {
  const { t } = useTranslation("proposals");
  const p = d.proposal;
  const f = d.formatted;
  const countries = [...new Set([d.lead.country_code, ...d.partners.filter((x) => x.status === "accepted").map((x) => x.country_code)])];
  const editable = EDITABLE_STATES.includes(p.status as ProposalState) && canEditAsLead(d.access);
  const formErrors = actionData?.result?.error?.[""] ?? null;
  const commentErrors = actionData?.result?.error?.comment ?? null;
  const commentRequired = d.actions.some((a) => TRANSITIONS[a as ProposalAction].commentRequired);
  return (
    <article className="stack">
      <p className="meta">
        <span className={`badge status-${p.status}`}>{t(`state.${p.status}`)}</span>{" "}
        {p.reference_code ? <strong>{p.reference_code}</strong> : t("view.noReference")} · {t("view.version", { version: p.version })}
        {p.is_demo ? <span className="badge">{t("view.demo")}</span> : null}
      </p>
      <h1 dir="auto">
        {p.title} {p.acronym ? <span className="meta">({p.acronym})</span> : null}
      </h1>
      {d.call ? (
        <p className="meta">
          <Trans
            t={t}
            i18nKey="view.answersCall"
            values={{ call: d.call.title, deadline: f.callDeadline }}
            components={{ link: <Link to={`/calls/${d.call.id}`} />, time: <time dateTime={d.call.deadline} /> }}
          />
        </p>
      ) : (
        <p className="meta">{t("view.noCall")}</p>
      )}
      {f.submittedAt || f.decidedAt ? (
        <p className="meta">
          {f.submittedAt ? <span>{t("view.submittedAt", { at: f.submittedAt })}</span> : null}
          {f.submittedAt && f.decidedAt ? " · " : null}
          {f.decidedAt ? <span>{t("view.decidedAt", { at: f.decidedAt })}</span> : null}
        </p>
      ) : null}
      {editable ? (
        <p>
          <Link to={`/proposals/${p.id}/edit`}>{t("view.edit")}</Link> · <Link to={`/proposals/${p.id}/partners`}>{t("view.partnersLink")}</Link>
        </p>
      ) : d.access.partnerAdminOf.length ? (
        <p>
          <Link to={`/proposals/${p.id}/partners`}>{t("view.answerInvitation")}</Link>
        </p>
      ) : null}
      {d.access.leadDrafter ? (
        <p className="banner" role="note">
          <Trans t={t} i18nKey="view.drafterNote" values={{ lead: d.lead.name }} components={{ bdi: <bdi /> }} />
        </p>
      ) : null}

      <section className="card">
        <h2>{t("view.consortium")}</h2>
        <p>{t("view.memberStates", { list: countries.map((c) => country(t, c)).join(t("view.listSeparator")), count: countries.length })}</p>
        <ul>
          <li>
            <Trans
              t={t}
              i18nKey="view.leadLine"
              values={{ name: d.lead.name, country: country(t, d.lead.country_code) }}
              components={{ strong: <strong />, link: <Link to={`/institutions/${d.lead.id}`} /> }}
            />
          </li>
          {d.partners.map((x) => (
            <li key={x.institution_id}>
              <Trans
                t={t}
                i18nKey="view.partnerLine"
                values={{ name: x.name, country: country(t, x.country_code), status: t(`partnerStatus.${x.status}`) }}
                components={{ em: <em />, link: <Link to={`/institutions/${x.institution_id}`} /> }}
              />
              {x.contact_name ? (
                <>
                  {" · "}
                  <Trans t={t} i18nKey="view.contact" values={{ name: x.contact_name }} components={{ bdi: <bdi /> }} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
        <h3>{t("view.team")}</h3>
        {d.team.length ? (
          <ul>
            {d.team.map((m) => (
              <li key={m.expert_id}>
                <Link to={`/experts/${m.expert_id}`}>
                  <bdi>{m.full_name}</bdi>
                </Link>{" "}
                — {t(`teamRole.${m.role}`)}
                {m.institution_name ? (
                  <>
                    {t("view.listSeparator")}
                    <bdi>{m.institution_name}</bdi>
                  </>
                ) : null}
                {m.orcid ? (
                  <>
                    {" "}
                    ·{" "}
                    <a href={`https://orcid.org/${m.orcid}`} rel="noreferrer">
                      <Trans t={t} i18nKey="view.orcid" values={{ id: m.orcid }} components={{ bdi: <bdi /> }} />
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="meta">{t("view.noTeam")}</p>
        )}
      </section>

      <section className="card">
        <h2>{t("view.proposal")}</h2>
        <dl className="facts">
          <dt>{t("view.duration")}</dt>
          <dd>{p.duration_months ? t("view.months", { count: p.duration_months }) : "—"}</dd>
          <dt>{t("view.budget")}</dt>
          <dd>{f.budget}</dd>
          <dt>{t("view.topics")}</dt>
          <dd lang="en">{d.topics.length ? d.topics.map((x) => x.name).join(", ") : "—"}</dd>
        </dl>
        <h3>{t("view.abstract")}</h3>
        <p style={{ whiteSpace: "pre-wrap" }}>{p.abstract || "—"}</p>
        <h3>{t("view.objectives")}</h3>
        <p style={{ whiteSpace: "pre-wrap" }} dir="auto">
          {p.objectives || "—"}
        </p>
      </section>

      {f.problems.length || ["draft", "revision_requested", "submitted", "under_review"].includes(p.status) ? (
        <section className="card" aria-label={t("view.eligibility")}>
          <h2>{t("view.eligibility")}</h2>
          {f.problems.length ? (
            <ul className="field-errors">
              {f.problems.map((x) => (
                <li key={x} className="field-error">
                  {x}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("view.eligible")}</p>
          )}
        </section>
      ) : null}

      {actionData?.confirm && (d.actions as string[]).includes(actionData.confirm.intent) ? (
        <ConfirmDecision d={d} confirm={actionData.confirm} />
      ) : d.actions.length ? (
        <Form method="post" className="card stack" aria-label={t("view.actions")}>
          <h2>{d.access.secretariat && !d.access.leadAdmin ? t("view.decision") : t("view.actions")}</h2>
          <input type="hidden" name="version" value={p.version} />
          <ErrorList errors={formErrors} />
          {actionData?.problems?.length ? (
            <div role="alert">
              <ul className="field-errors">
                {actionData.problems.map((m) => (
                  <li key={m} className="field-error">
                    {translateMessage(t, m)}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="comment">{commentRequired ? t("view.commentRequired") : t("view.commentOptional")}</label>
            <textarea id="comment" name="comment" rows={3} aria-invalid={commentErrors ? true : undefined} />
            <ErrorList id="comment-error" errors={commentErrors} />
          </div>
          <p className="actions">
            {d.actions.map((a) => (
              <button key={a} type="submit" name="intent" value={a} className={a === "reject" || a === "withdraw" ? "danger" : undefined}>
                {t(`action.${a}`)}
              </button>
            ))}
          </p>
        </Form>
      ) : null}

      <section className="card">
        <h2>{t("view.history")}</h2>
        {d.events.length ? (
          <ol className="history">
            {d.events.map((e) => (
              <li key={String(e.id)}>
                <time dateTime={e.at}>{f.eventAt[String(e.id)]}</time> —{" "}
                <Trans
                  t={t}
                  i18nKey="view.event"
                  values={{
                    actor: e.actor_name ?? t("view.someone"),
                    action: t(`action.${e.action}`, { defaultValue: e.action }),
                    from: t(`state.${e.from_status}`, { defaultValue: e.from_status }),
                    to: t(`state.${e.to_status}`, { defaultValue: e.to_status }),
                  }}
                  components={{ strong: <strong /> }}
                />
                {e.comment ? <blockquote>{e.comment}</blockquote> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="meta">{t("view.noHistory")}</p>
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
  const { t } = useTranslation("proposals");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const p = d.proposal;
  const partners = d.partners.filter((x) => x.status === "accepted").map((x) => x.name);
  const values = {
    title: p.title,
    ref: p.reference_code ?? "",
    lead: d.lead.name,
    country: country(t, d.lead.country_code),
    partners: partners.join(t("view.listSeparator")),
    state: t(`state.${confirm.to}`, { defaultValue: confirm.to }),
  };
  // One sentence per decision, with or without partners, never pieced together. A proposal under review has its reference code.
  const context = partners.length ? "withPartners" : "alone";
  return (
    <Form method="post" className="card stack confirm-decision" aria-labelledby="confirm-h">
      <h2 id="confirm-h" tabIndex={-1} ref={heading}>
        {t(`confirm.heading.${confirm.intent}`, { defaultValue: confirm.intent })}
      </h2>
      <p>
        <Trans t={t} i18nKey={`confirm.summary.${confirm.intent}.${context}`} values={values} components={{ strong: <strong />, bdi: <bdi /> }} />
      </p>
      {confirm.comment ? (
        <div>
          <p className="meta">{t("confirm.yourComment")}</p>
          <blockquote className="decision-comment">{confirm.comment}</blockquote>
        </div>
      ) : (
        <p className="meta">{t("confirm.noComment")}</p>
      )}
      <input type="hidden" name="intent" value={confirm.intent} />
      <input type="hidden" name="version" value={confirm.version} />
      <input type="hidden" name="comment" value={confirm.comment} />
      <input type="hidden" name="confirm" value="yes" />
      <p className="actions">
        <button type="submit" className={confirm.intent === "reject" ? "danger" : undefined}>
          {t(`confirm.yes.${confirm.intent}`, { defaultValue: confirm.intent })}
        </button>
        <Link to=".">{t("confirm.back")}</Link>
      </p>
    </Form>
  );
}
