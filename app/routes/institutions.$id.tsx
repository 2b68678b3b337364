/**
 * /institutions/:id — one verified institution: every name with its language,
 * ROR link, website, place, parent and child institutions, related
 * organisations and topics. 404 for unknown ids, and for pending or rejected
 * ones except to their registrant and the secretariat (with a banner).
 * Signed-in users who do not administer it may ask the secretariat to (POST,
 * intent `request-admin`) or, when not a member, ask to join it
 * (/join-requests/new); its admins get a link to the edit page.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { getPublicInstitution } from "~/features/institutions/institution.server";
import { countExpertsAt } from "~/features/experts/expert.server";
import { getRegistrationFor } from "~/features/institutions/registration.server";
import { pendingAdminRequest, requestInstitutionAdmin } from "~/features/institutions/admin-request.server";
import { isInstitutionAdmin, isInstitutionMember } from "~/features/accounts/role.server";
import { getUser, requireUser } from "~/features/accounts/auth.server";
import { getInstitutionTopicProfiles } from "~/features/matching/topic-profile.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { requireIdParam, text } from "~/utils/input";
import { redirectWithToast } from "~/utils/toast.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { msg, translateMessage } from "~/i18n/message";
import { nameInLanguage } from "~/features/institutions/local-name";

export const handle = { i18n: ["institutions"] };

const NOT_FOUND = msg("institutions:errors.notFound");

/** The catalogue key of where the record comes from (`institutions:source.*`) and its parameters. */
function sourceMessage(source: string, note: string | null): string {
  if (source === "demo") return msg("institutions:source.demo");
  if (source !== "ror") return msg("institutions:source.network");
  if (note?.startsWith("ROR ")) return msg("institutions:source.ror", { note });
  // Thin GRID-2018 records: say plainly why so little is known.
  return msg("institutions:source.grid");
}

/** A language code's name in `lng` ("fa" → "Persian", "فارسی" in Persian); null for none, the code when Intl does not know it. */
function languageLabel(code: string | null, lng: string): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames([lng], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "Ask to administer this institution". */
export const formSchema = z.object({
  intent: z.literal("request-admin", { errorMap: () => ({ message: msg("institutions:errors.unknownAction") }) }),
  message: text()
    .trim()
    .max(2000, msg("institutions:errors.tooLong", { max: 2000 }))
    .optional()
    .transform((s) => s ?? ""),
});

function idOf(params: LoaderFunctionArgs["params"]): number {
  return requireIdParam(params.id, NOT_FOUND);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idOf(params);
  const db = getDb();
  const lng = await requestLanguage(request);
  const user = await getUser(request);
  let institution = await getPublicInstitution(db, id);
  let registration: { status: string; reason: string | null } | null = null;
  if (!institution) {
    // Pending or rejected: only its registrant and the secretariat see it.
    const reg = await getRegistrationFor(db, id, user);
    invariantResponse(reg, NOT_FOUND, 404);
    institution = await getPublicInstitution(db, id, { anyStatus: true });
    invariantResponse(institution, NOT_FOUND, 404);
    registration = { status: reg.status, reason: reg.decision_reason };
  }
  const [expertCount, profiles, isAdmin, isMember, request_] = await Promise.all([
    countExpertsAt(db, id),
    getInstitutionTopicProfiles(db, [id]),
    user ? isInstitutionAdmin(db, user.id, id) : Promise.resolve(false),
    user ? isInstitutionMember(db, user.id, id) : Promise.resolve(false),
    user ? pendingAdminRequest(db, user.id, id) : Promise.resolve(undefined),
  ]);
  const t = serverT(lng, ["institutions", "common"]);
  const localName = nameInLanguage(institution.names, lng);
  return json({
    institution: {
      ...institution,
      names: institution.names.map((n) => ({ ...n, languageLabel: languageLabel(n.lang, lng) })),
      sourceMessage: sourceMessage(institution.source, institution.source_note),
    },
    localName,
    title: pageTitle(t, "titles.detail", { name: localName?.name ?? institution.name }),
    expertCount,
    topicProfile: profiles.get(id) ?? [],
    registration,
    signedIn: Boolean(user),
    isAdmin,
    isMember,
    adminRequested: Boolean(request_),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idOf(params);
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const r = await requestInstitutionAdmin(getDb(), { userId: user.id, institutionId: id, message: submission.value.message });
  invariantResponse(r !== "not-found", msg("institutions:errors.notFoundVerified"), 404);
  const message =
    r === "created"
      ? msg("institutions:detail.adminRequestSent")
      : r === "already-admin"
        ? msg("institutions:detail.alreadyAdmin")
        : msg("institutions:detail.adminRequestWaiting");
  return redirectWithToast(`/institutions/${id}`, { kind: r === "created" ? "success" : "info", message });
}

export default function InstitutionPage() {
  const { institution: i, localName, expertCount, topicProfile, registration, signedIn, isAdmin, isMember, adminRequested } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("institutions");
  const countryLabel = t(`common:country.${i.country_code}`, { defaultValue: i.countryName });
  const place = [i.city, i.region && i.region !== i.city ? i.region : null, countryLabel].filter(Boolean).join(", ");
  const kindLabel = (kind: string) => t(`kind.${kind}`, { defaultValue: kind });
  return (
    <article>
      <p className="meta">
        <Link to="/institutions">{t("list.title")}</Link> › <Link to={`/institutions?country=${i.country_code}`}>{countryLabel}</Link>
      </p>
      {registration ? (
        <p className="banner" role="status">
          {registration.status === "pending"
            ? t("detail.pending")
            : registration.reason
              ? t("detail.notVerifiedReason", { reason: registration.reason })
              : t("detail.notVerified")}
        </p>
      ) : null}
      <h1>
        {localName ? (
          <>
            <bdi lang={localName.lang}>{localName.name}</bdi>{" "}
            <span className="meta">
              (<bdi lang="en">{i.name}</bdi>)
            </span>
          </>
        ) : (
          <bdi>{i.name}</bdi>
        )}
        {i.acronyms.length ? <span className="meta"> ({i.acronyms.join(", ")})</span> : null}
        {i.ror_status === "inactive" ? <span className="badge warn">{t("inactiveInRor")}</span> : null}
      </h1>
      {i.names.length ? (
        <ul className="names" aria-label={t("detail.otherNames")}>
          {i.names.map((n) => (
            <li key={`${n.kind}:${n.name}`}>
              <bdi lang={n.lang ?? undefined}>{n.name}</bdi>{" "}
              <span className="meta">({n.kind === "alias" ? t("detail.alsoKnownAs") : (n.languageLabel ?? t("detail.otherName"))})</span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="card" style={{ marginTop: "1rem" }}>
        <dl className="facts">
          <dt>{t("detail.kind")}</dt>
          <dd>{kindLabel(i.kind)}</dd>
          <dt>{t("detail.location")}</dt>
          <dd>{place || countryLabel}</dd>
          {i.established ? (
            <>
              <dt>{t("detail.established")}</dt>
              <dd>{new Intl.NumberFormat(i18n.language, { useGrouping: false }).format(i.established)}</dd>
            </>
          ) : null}
          {i.website ? (
            <>
              <dt>{t("detail.website")}</dt>
              <dd>
                <a href={i.website} rel="noopener noreferrer" dir="ltr">
                  {i.website}
                </a>
              </dd>
            </>
          ) : null}
          {i.ror_id ? (
            <>
              <dt>{t("detail.rorId")}</dt>
              <dd>
                <a href={`https://ror.org/${i.ror_id}`} rel="noopener noreferrer" dir="ltr">
                  {`https://ror.org/${i.ror_id}`.toString()}
                </a>
              </dd>
            </>
          ) : null}
          {i.parent ? (
            <>
              <dt>{t("detail.partOf")}</dt>
              <dd>
                <Link to={`/institutions/${i.parent.id}`} dir="auto">
                  {i.parent.name}
                </Link>
              </dd>
            </>
          ) : i.externalParents.length ? (
            <>
              <dt>{t("detail.partOf")}</dt>
              <dd>
                {i.externalParents.map((p) => (
                  <a key={p.related_ror_id} href={`https://ror.org/${p.related_ror_id}`} rel="noopener noreferrer">
                    {p.related_label}
                  </a>
                ))}
              </dd>
            </>
          ) : null}
          <dt>{t("detail.source")}</dt>
          <dd>{translateMessage(t, i.sourceMessage)}</dd>
        </dl>
      </div>
      {i.description ? (
        <p style={{ whiteSpace: "pre-line" }} dir="auto">
          {i.description}
        </p>
      ) : null}
      {expertCount > 0 ? (
        <p>
          <Link to={`/experts?institution=${i.id}`}>{t("detail.expertsHere", { count: expertCount })}</Link>
        </p>
      ) : null}
      {i.children.length + i.externalChildren.length ? (
        <section>
          <h2>{t("detail.units", { count: i.children.length + i.externalChildren.length })}</h2>
          <ul>
            {i.children.map((c) => (
              <li key={c.id}>
                <Link to={`/institutions/${c.id}`} dir="auto">
                  {c.name}
                </Link>{" "}
                <span className="meta">{kindLabel(c.kind)}</span>
              </li>
            ))}
            {i.externalChildren.map((c) => (
              <li key={c.related_ror_id}>
                <a href={`https://ror.org/${c.related_ror_id}`} rel="noopener noreferrer">
                  {c.related_label}
                </a>{" "}
                <span className="meta">({t("detail.inRor")})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {i.relationships.length ? (
        <section>
          <h2>{t("detail.related")}</h2>
          <ul>
            {i.relationships.map((r) => (
              <li key={`${r.type}:${r.related_ror_id}`}>
                {r.localId ? (
                  <Link to={`/institutions/${r.localId}`}>{r.related_label}</Link>
                ) : (
                  <a href={`https://ror.org/${r.related_ror_id}`} rel="noopener noreferrer">
                    {r.related_label}
                  </a>
                )}{" "}
                <span className="meta">({t(`relationship.${r.type}`, { defaultValue: r.type })})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {!registration && signedIn ? (
        <section className="card">
          {isAdmin ? (
            <p>
              {t("detail.youAdminister")} <Link to={`/institutions/${i.id}/edit`}>{t("detail.edit")}</Link>
            </p>
          ) : adminRequested ? (
            <p className="meta">{t("detail.adminRequestPending")}</p>
          ) : (
            <Form method="post" className="stack">
              {isMember ? (
                <p>
                  <Trans t={t} i18nKey="detail.youAreMember" components={{ link: <Link to="/proposals/new" /> }} />
                </p>
              ) : (
                <p>
                  <Trans t={t} i18nKey="detail.workHere" components={{ link: <Link to={`/join-requests/new?institution=${i.id}`} /> }} />
                </p>
              )}
              <input type="hidden" name="intent" value="request-admin" />
              <div className="field">
                <label htmlFor="admin-message">{t("detail.adminMessageLabel")}</label>
                <textarea id="admin-message" name="message" rows={2} maxLength={2000} placeholder={t("detail.adminMessagePlaceholder")} />
              </div>
              <button type="submit" className="secondary">
                {t("detail.askToAdminister")}
              </button>
            </Form>
          )}
        </section>
      ) : null}
      <section>
        <h2>{t("detail.topics")}</h2>
        {i.topics.length ? (
          <>
            {t("detail.topicsInEnglish") ? <p className="meta">{t("detail.topicsInEnglish")}</p> : null}
            <ul>
              {i.topics.map((tp) => (
                <li key={tp.id} lang="en">
                  {tp.name} <span className="meta">({tp.subfield})</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="meta">{t("detail.noTopics")}</p>
        )}
      </section>
      {topicProfile.length ? (
        <section aria-labelledby="profile-h">
          <h2 id="profile-h">{t("detail.profile")}</h2>
          <p className="meta">{t("detail.profileHelp")}</p>
          <table className="topic-profile">
            <thead>
              <tr>
                <th scope="col">{t("detail.profileTopic")}</th>
                <th scope="col">{t("detail.profileDeclared")}</th>
                <th scope="col">{t("detail.profileExperts")}</th>
                <th scope="col">{t("detail.profileWeight")}</th>
              </tr>
            </thead>
            <tbody>
              {topicProfile.map((tp) => (
                <tr key={tp.id}>
                  <td lang="en">
                    {tp.name} <span className="meta">({tp.subfield})</span>
                  </td>
                  <td>{tp.declared ? t("detail.yes") : "—"}</td>
                  <td>{t("detail.number", { n: tp.expertCount })}</td>
                  <td>{t("detail.weight", { n: tp.weight })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <Link
              to={`/partners?${new URLSearchParams({
                topics: topicProfile
                  .slice(0, 5)
                  .map((tp) => tp.id)
                  .join(","),
                exclude: String(i.id),
              })}`}
            >
              {t("detail.findPartners")}
            </Link>
          </p>
        </section>
      ) : null}
    </article>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
