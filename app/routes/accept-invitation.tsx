/**
 * /accept-invitation?token=… — accept an emailed invitation to join an
 * institution (sent from /institutions/:id/edit). GET only shows the
 * invitation (to whoever holds the link: its addressee); the POST, by the
 * signed-in account whose email is the invited address, uses the link up and
 * makes the account a member or administrator. Anonymous visitors are asked
 * to sign in with that address, or to create an account with it first.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { acceptInvitation, peekInvitation } from "~/features/institutions/institution-admin.server";
import { getUser, requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { loginPath } from "~/utils/redirect";
import { redirectWithToast } from "~/utils/toast.server";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Trans, useTranslation } from "react-i18next";
import { msg } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";

export const handle = { i18n: ["accounts"] };
import { text } from "~/utils/input";

const AcceptSchema = z.object({ intent: z.literal("accept"), token: text({ required_error: msg("accounts:validation.linkIncomplete") }).max(100) });

const EXPIRED = msg("accounts:invitation.expired");

/** The query (the emailed link's token) and the form this route reads. */
export const querySchema = z.object({ token: text().optional() });
export const formSchema = AcceptSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const token = url.searchParams.get("token") ?? "";
  const title = pageTitle(serverT(await requestLanguage(request), "accounts"), "invitation.metaTitle");
  if (!token) return json({ mode: "none" as const, title });
  const invitation = await peekInvitation(getDb(), token);
  if (!invitation) return json({ mode: "expired" as const, title }, { status: 410 });
  const user = await getUser(request);
  return json({
    mode: "invitation" as const,
    token,
    email: invitation.email,
    role: invitation.role,
    institution: { id: invitation.institutionId, name: invitation.institutionName },
    signedInAs: user?.email ?? null,
    login: loginPath(url),
    title,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: AcceptSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const r = await acceptInvitation(getDb(), { token: submission.value.token, user });
  if (!r.ok) {
    const message = r.reason === "wrong-account" ? msg("accounts:invitation.wrongAccount") : EXPIRED;
    return json(submission.reply({ formErrors: [message] }), { status: r.reason === "wrong-account" ? 403 : 400 });
  }
  // Translated here: the institution's page does not load the `accounts` catalogue.
  const t = serverT(await requestLanguage(request), "accounts");
  const values = { institution: r.institutionName };
  return redirectWithToast(`/institutions/${r.institutionId}`, {
    kind: "success",
    message: !r.changed ? t("toast.alreadyMember", values) : r.role === "admin" ? t("toast.nowAdmin", values) : t("toast.nowMember", values),
  });
}

export default function AcceptInvitationPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("accounts");
  return (
    <section className="narrow">
      <h1>{t("invitation.title")}</h1>
      {data.mode === "none" ? (
        <p>{t("invitation.openLink")}</p>
      ) : data.mode === "expired" ? (
        <p className="error" role="alert">
          {t("invitation.expired")}
        </p>
      ) : (
        <>
          <p>
            <Trans
              t={t}
              i18nKey={data.role === "admin" ? "invitation.invitedAdmin" : "invitation.invitedMember"}
              values={{ email: data.email, institution: data.institution.name }}
              components={{ strong: <strong />, bdi: <bdi />, link: <Link to={`/institutions/${data.institution.id}`} /> }}
            />
          </p>
          {data.signedInAs === data.email ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="token" value={data.token} />
              <ErrorList errors={result?.error?.[""] ?? null} />
              <button type="submit">{t("invitation.join", { institution: data.institution.name })}</button>
            </Form>
          ) : data.signedInAs ? (
            <p>
              <Trans t={t} i18nKey="invitation.otherAccount" values={{ current: data.signedInAs, email: data.email }} components={{ bdi: <bdi /> }} />
            </p>
          ) : (
            <>
              <p>
                <Trans t={t} i18nKey="invitation.signIn" values={{ email: data.email }} components={{ bdi: <bdi />, link: <Link to={data.login} /> }} />
              </p>
              <p className="meta">
                <Trans t={t} i18nKey="invitation.noAccount" values={{ email: data.email }} components={{ bdi: <bdi />, link: <Link to="/join" /> }} />
              </p>
            </>
          )}
        </>
      )}
    </section>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
