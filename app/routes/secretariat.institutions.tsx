/**
 * /secretariat/institutions — the secretariat's queue: institution
 * registrations waiting for verification (with likely duplicates) and requests
 * to administer an institution. Verify / reject (a reason is required) and
 * grant / refuse (reason required) are intent buttons; verifying makes the
 * registrant the institution's administrator in the same transaction as the
 * status change and its search-index entry. Each admin request shows the
 * evidence to weigh (confirmed email, its domain against the institution's
 * website, the expert profile, other requests); the requester is notified of
 * the decision in-app and by email.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { idField, text } from "~/utils/input";
import { decideRegistration, listPendingRegistrations } from "~/features/institutions/registration.server";
import { decideAdminRequest, listPendingAdminRequests } from "~/features/institutions/admin-request.server";
import { requireRole } from "~/features/accounts/permissions.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { linkOrigin } from "~/utils/request.server";
import { describeDomainEvidence } from "~/features/institutions/email-domain";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { msg, translateMessage } from "~/i18n/message";

export const handle = { i18n: ["institutions"] };

const REASON_REQUIRED = msg("institutions:secretariat.reasonRequired");
const TOO_LONG = msg("institutions:errors.tooLong", { max: 1000 });
const id = idField(msg("institutions:secretariat.unknownItem"));
const reason = text().trim().max(1000, TOO_LONG).optional();

/** Verify / reject a registration, grant / refuse an admin request. */
export const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("verify"), institutionId: id, reason }),
  z.object({
    intent: z.literal("reject"),
    institutionId: id,
    reason: text({ required_error: REASON_REQUIRED }).trim().min(3, REASON_REQUIRED).max(1000, TOO_LONG),
  }),
  z.object({ intent: z.literal("grant"), requestId: id, reason }),
  z.object({
    intent: z.literal("refuse"),
    requestId: id,
    reason: text({ required_error: REASON_REQUIRED }).trim().min(3, REASON_REQUIRED).max(1000, TOO_LONG),
  }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "secretariat");
  const db = getDb();
  const t = serverT(await requestLanguage(request), ["institutions", "common"]);
  const title = pageTitle(t, "titles.secretariat");
  const [registrations, requests] = await Promise.all([listPendingRegistrations(db), listPendingAdminRequests(db)]);
  const adminRequests = requests.map((r) => ({ ...r, domainSentence: describeDomainEvidence(r.domain) }));
  return json({ registrations, adminRequests, title });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "secretariat");
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: formSchema });
  const target = formData.has("institutionId") ? `institution-${formData.get("institutionId")}` : `request-${formData.get("requestId")}`;
  if (submission.status !== "success") return json({ result: submission.reply(), target }, { status: 400 });
  const v = submission.value;
  const db = getDb();
  if (v.intent === "verify" || v.intent === "reject") {
    const r = await decideRegistration(db, { actorId: user.id, institutionId: v.institutionId, decision: v.intent, reason: v.reason });
    invariantResponse(r !== "not-found", msg("institutions:errors.notFound"), 404);
    if (r === "already-decided")
      return redirectWithToast("/secretariat/institutions", { kind: "info", message: msg("institutions:secretariat.registrationDecided") });
    return redirectWithToast("/secretariat/institutions", {
      kind: "success",
      message: msg(v.intent === "verify" ? "institutions:secretariat.verified" : "institutions:secretariat.rejected"),
    });
  }
  const r = await decideAdminRequest(db, { actorId: user.id, requestId: v.requestId, decision: v.intent, reason: v.reason }, linkOrigin(request));
  invariantResponse(r !== "not-found", msg("institutions:join.notFound"), 404);
  if (r === "already-decided") return redirectWithToast("/secretariat/institutions", { kind: "info", message: msg("institutions:join.alreadyDecided") });
  return redirectWithToast("/secretariat/institutions", {
    kind: "success",
    message: msg(v.intent === "grant" ? "institutions:secretariat.granted" : "institutions:secretariat.refused"),
  });
}

export default function SecretariatInstitutionsPage() {
  const { registrations, adminRequests } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("institutions");
  const country = (code: string) => t(`common:country.${code}`, { defaultValue: code });
  const errorsFor = (key: string) => (actionData && actionData.target === key ? (actionData.result.error ?? {}) : {});
  return (
    <>
      <p className="meta">
        <Link to="/secretariat">{t("secretariat.crumb")}</Link> › {t("list.title")}
      </p>
      <h1>{t("secretariat.title")}</h1>
      {registrations.length ? (
        <ol className="results">
          {registrations.map((r) => {
            const errors = errorsFor(`institution-${r.id}`);
            return (
              <li key={r.id}>
                <h2>
                  <Link to={`/institutions/${r.id}`}>{r.name}</Link>
                </h2>
                <p className="meta">
                  {t(`kind.${r.kind}`, { defaultValue: r.kind })} · {[r.city, country(r.country_code)].filter(Boolean).join(", ")}
                  {r.website ? (
                    <>
                      {" "}
                      ·{" "}
                      <a href={r.website} rel="noopener noreferrer">
                        {r.website}
                      </a>
                    </>
                  ) : null}
                  {r.ror_id ? (
                    <>
                      {" "}
                      · {t("ror")}{" "}
                      <a href={`https://ror.org/${r.ror_id}`} rel="noopener noreferrer">
                        {r.ror_id}
                      </a>
                    </>
                  ) : null}
                  {r.parent_name ? <> · {t("secretariat.partOf", { name: r.parent_name })}</> : null}
                </p>
                <p className="meta">
                  <Trans
                    t={t}
                    i18nKey={r.registrant_email ? "secretariat.registeredByEmail" : "secretariat.registeredBy"}
                    values={{ name: r.registrant_name ?? t("secretariat.deletedAccount"), email: r.registrant_email, date: r.created_at.slice(0, 10) }}
                    components={{ email: <bdi /> }}
                  />
                </p>
                {r.duplicates.length ? (
                  <div className="banner">
                    {t("secretariat.possibleDuplicates")}{" "}
                    {r.duplicates.map((d, n) => (
                      <span key={d.id}>
                        {n ? "; " : ""}
                        <Link to={`/institutions/${d.id}`}>{d.name}</Link> ({country(d.country)},{" "}
                        {d.reason === "same ROR id" ? t("duplicate.sameRor") : t("duplicate.similarName")}
                        {d.status !== "verified" ? <>, {t(`status.${d.status}`, { defaultValue: d.status })}</> : null})
                      </span>
                    ))}
                  </div>
                ) : null}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="institutionId" value={r.id} />
                  <label htmlFor={`reason-${r.id}`}>{t("join.reason")}</label>
                  <input
                    id={`reason-${r.id}`}
                    name="reason"
                    size={40}
                    placeholder={t("secretariat.requiredToReject")}
                    aria-invalid={errors.reason ? true : undefined}
                  />
                  <button type="submit" name="intent" value="verify">
                    {t("secretariat.verify")}
                  </button>
                  <button type="submit" name="intent" value="reject" className="secondary">
                    {t("secretariat.reject")}
                  </button>
                </Form>
                <ErrorList errors={errors.reason ?? errors[""] ?? null} />
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="empty">{t("secretariat.noRegistrations")}</p>
      )}

      <h2>{t("secretariat.adminRequests")}</h2>
      <p className="meta">
        <Trans t={t} i18nKey="secretariat.joinElsewhere" components={{ link: <Link to="/join-requests" /> }} />
      </p>
      {adminRequests.length ? (
        <ol className="results">
          {adminRequests.map((r) => {
            const errors = errorsFor(`request-${r.id}`);
            return (
              <li key={r.id}>
                <p>
                  <Trans
                    t={t}
                    i18nKey="secretariat.asksToAdminister"
                    values={{
                      name: r.display_name,
                      email: r.email,
                      institution: r.institution_name,
                      country: country(r.country_code),
                      date: r.created_at.slice(0, 10),
                    }}
                    components={{ strong: <strong />, email: <bdi />, link: <Link to={`/institutions/${r.institution_id}`} /> }}
                  />
                </p>
                <ul className="evidence" aria-label={t("secretariat.evidenceFor", { name: r.display_name })}>
                  <li>
                    {r.email_verified_at
                      ? t("secretariat.emailConfirmed", { email: r.email, date: r.email_verified_at.slice(0, 10) })
                      : t("secretariat.emailNotConfirmed", { email: r.email })}
                  </li>
                  <li>
                    <span className={r.domain.match === "same" || r.domain.match === "subdomain" ? "badge" : "badge warn"}>
                      {r.domain.match === "same" || r.domain.match === "subdomain"
                        ? t("secretariat.domainMatches")
                        : r.domain.match === "no-website"
                          ? t("secretariat.noWebsite")
                          : t("secretariat.domainDiffers")}
                    </span>{" "}
                    {translateMessage(t, r.domainSentence)}
                  </li>
                  <li>
                    {r.expert_id ? (
                      <Link to={`/experts/${r.expert_id}`}>{t("secretariat.expertProfileOf", { name: r.display_name })}</Link>
                    ) : (
                      t("secretariat.noExpertProfile")
                    )}
                  </li>
                  <li>
                    {r.other_requests === 0
                      ? t("secretariat.noOtherRequests")
                      : t("secretariat.otherRequests", { count: r.other_requests, pending: r.other_pending })}
                  </li>
                </ul>
                {r.message ? (
                  <blockquote style={{ whiteSpace: "pre-line" }} dir="auto">
                    {r.message}
                  </blockquote>
                ) : null}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="requestId" value={r.id} />
                  <label htmlFor={`req-reason-${r.id}`}>{t("join.reason")}</label>
                  <input
                    id={`req-reason-${r.id}`}
                    name="reason"
                    size={40}
                    placeholder={t("join.requiredToRefuse")}
                    aria-invalid={errors.reason ? true : undefined}
                  />
                  <button type="submit" name="intent" value="grant">
                    {t("join.grant")}
                  </button>
                  <button type="submit" name="intent" value="refuse" className="secondary">
                    {t("join.refuse")}
                  </button>
                </Form>
                <ErrorList errors={errors.reason ?? errors[""] ?? null} />
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="empty">{t("join.noneWaiting")}</p>
      )}
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
