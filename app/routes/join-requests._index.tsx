/**
 * /join-requests — membership requests (issue 14, item 3). Every signed-in
 * user sees their own requests and their outcome; an institution's admins see
 * the pending requests to join it, the secretariat sees all of them, and
 * either grants (the requester becomes a member, audited) or refuses (a
 * reason is required: the requester is told why). The requester is notified
 * in-app and by email. Deciding a request one may not decide answers 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { requireUser } from "~/features/accounts/auth.server";
import { hasRole } from "~/features/accounts/permissions.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { idField, text } from "~/utils/input";
import { linkOrigin } from "~/utils/request.server";
import { redirectWithToast } from "~/utils/toast.server";
import { decideJoinRequest, listDecidableJoinRequests, listOwnJoinRequests } from "~/features/institutions/join-request.server";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { msg } from "~/i18n/message";

export const handle = { i18n: ["institutions"] };

const REASON_REQUIRED = msg("institutions:join.reasonRequired");
const REASON_TOO_LONG = msg("institutions:errors.tooLong", { max: 1000 });
const requestId = idField(msg("institutions:join.unknownRequest"));

/** Grant / refuse a pending request (refusing needs a reason). */
export const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("grant"), requestId, reason: text().trim().max(1000, REASON_TOO_LONG).optional() }),
  z.object({
    intent: z.literal("refuse"),
    requestId,
    reason: text({ required_error: REASON_REQUIRED }).trim().min(3, REASON_REQUIRED).max(1000, REASON_TOO_LONG),
  }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const t = serverT(await requestLanguage(request), ["institutions", "common"]);
  const title = pageTitle(t, "titles.joinRequests");
  const [own, decidable] = await Promise.all([
    listOwnJoinRequests(db, user.id),
    listDecidableJoinRequests(db, { id: user.id, secretariat: hasRole(user, "secretariat") }),
  ]);
  return json({ own, decidable, secretariat: hasRole(user, "secretariat"), title });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: formSchema });
  const target = String(formData.get("requestId") ?? "");
  if (submission.status !== "success") return json({ result: submission.reply(), target }, { status: 400 });
  const v = submission.value;
  const r = await decideJoinRequest(
    getDb(),
    { actorId: user.id, actorIsSecretariat: hasRole(user, "secretariat"), requestId: v.requestId, decision: v.intent, reason: v.reason },
    linkOrigin(request),
  );
  invariantResponse(r !== "not-found", msg("institutions:join.notFound"), 404);
  if (r === "already-decided") return redirectWithToast("/join-requests", { kind: "info", message: msg("institutions:join.alreadyDecided") });
  return redirectWithToast("/join-requests", {
    kind: "success",
    message: msg(v.intent === "grant" ? "institutions:join.granted" : "institutions:join.refused"),
  });
}

export default function JoinRequestsPage() {
  const { own, decidable, secretariat } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("institutions");
  const errorsFor = (id: number) => (actionData && actionData.target === String(id) ? (actionData.result.error ?? {}) : {});
  return (
    <>
      <h1>{t("join.title")}</h1>
      {decidable.length || secretariat ? (
        <section aria-labelledby="decide-h">
          <h2 id="decide-h">{t(secretariat ? "join.toDecideAll" : "join.toDecideYours")}</h2>
          {decidable.length ? (
            <ol className="results">
              {decidable.map((r) => {
                const errors = errorsFor(r.id);
                return (
                  <li key={r.id}>
                    <p>
                      <Trans
                        t={t}
                        i18nKey={r.email_verified_at ? "join.asksConfirmed" : "join.asksNotConfirmed"}
                        values={{ name: r.display_name, email: r.email, institution: r.institution_name, date: r.created_at.slice(0, 10) }}
                        components={{ strong: <strong />, email: <bdi />, link: <Link to={`/institutions/${r.institution_id}`} /> }}
                      />
                      {r.expert_id ? (
                        <>
                          {" "}
                          · <Link to={`/experts/${r.expert_id}`}>{t("join.expertProfile")}</Link>
                        </>
                      ) : (
                        <> · {t("join.noExpertProfile")}</>
                      )}
                    </p>
                    {r.message ? (
                      <blockquote style={{ whiteSpace: "pre-line" }} dir="auto">
                        {r.message}
                      </blockquote>
                    ) : null}
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="requestId" value={r.id} />
                      <label htmlFor={`join-reason-${r.id}`}>{t("join.reason")}</label>
                      <input
                        id={`join-reason-${r.id}`}
                        name="reason"
                        size={40}
                        placeholder={t("join.requiredToRefuse")}
                        maxLength={1000}
                        aria-invalid={errors.reason ? true : undefined}
                        aria-describedby={errors.reason ? `join-reason-${r.id}-error` : undefined}
                      />
                      <button
                        type="submit"
                        name="intent"
                        value="grant"
                        aria-label={t("join.grantLabel", { name: r.display_name, institution: r.institution_name })}
                      >
                        {t("join.grant")}
                      </button>
                      <button
                        type="submit"
                        name="intent"
                        value="refuse"
                        className="secondary"
                        aria-label={t("join.refuseLabel", { name: r.display_name, institution: r.institution_name })}
                      >
                        {t("join.refuse")}
                      </button>
                    </Form>
                    <ErrorList id={`join-reason-${r.id}-error`} errors={errors.reason ?? errors[""] ?? null} />
                  </li>
                );
              })}
            </ol>
          ) : (
            <p className="empty">{t("join.noneWaiting")}</p>
          )}
        </section>
      ) : null}
      <section aria-labelledby="own-h">
        <h2 id="own-h">{t("join.yours")}</h2>
        {own.length ? (
          <ul className="plain">
            {own.map((r) => (
              <li key={r.id}>
                <Link to={`/institutions/${r.institution_id}`}>{r.institution_name}</Link>: {t(`join.status.${r.status}`, { defaultValue: r.status })}
                {r.reason ? <> — {t("join.quoted", { reason: r.reason })}</> : null}{" "}
                <span className="meta">({(r.decided_at ?? r.created_at).slice(0, 10)})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t("join.noneYours")}</p>
        )}
        <p>
          <Link to="/join-requests/new">{t("joinNew.title")}</Link> · <Link to="/institutions/new">{t("new.title")}</Link>
        </p>
      </section>
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
