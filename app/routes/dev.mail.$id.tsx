/**
 * /dev/mail/:id — one message of the development mailbox, its links
 * clickable. Same availability as /dev/mail.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { msg } from "~/i18n/message";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The mailbox's own words live in the `email` catalogue (`devMail.*`); the emails themselves are shown as sent. */
export const handle = { i18n: ["email"] };
import { readMail } from "~/utils/mail.server";
import { requireDevMailbox } from "~/utils/dev-mailbox.server";
import { invariantResponse } from "~/utils/http.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireDevMailbox(context);
  const mail = await readMail(params.id ?? "");
  invariantResponse(mail, msg("email:devMail.notFound"), 404);
  const t = serverT(await requestLanguage(request), "email");
  const title = pageTitle(t, "devMail.metaOne", { subject: mail.subject || t("devMail.emailFallback") });
  return json({ title, mail }, { headers: { "Cache-Control": "no-store" } });
}

/** The text with http(s) URLs as links (React escapes the rest). */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <pre className="mail-body">
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <a key={i} href={p}>
            {p}
          </a>
        ) : (
          p
        ),
      )}
    </pre>
  );
}

export default function DevMailPage() {
  const { mail } = useLoaderData<typeof loader>();
  const { t } = useTranslation("email");
  return (
    <>
      <p className="dev-banner" role="note">
        {t("devMail.bannerOne")}
      </p>
      <p className="meta">
        <Link to="/dev/mail">{t("devMail.all")}</Link>
      </p>
      <h1>{mail.subject}</h1>
      <dl className="facts">
        <dt>{t("devMail.to")}</dt>
        <dd>
          <bdi>{mail.to}</bdi>
        </dd>
        <dt>{t("devMail.from")}</dt>
        <dd>
          <bdi>{mail.from}</bdi>
        </dd>
        <dt>{t("devMail.date")}</dt>
        <dd>
          <bdi>{mail.date.slice(0, 19).replace("T", " ")}</bdi> {t("devMail.utc")}
        </dd>
      </dl>
      <Linkified text={mail.text} />
    </>
  );
}

export const meta: typeof titleMeta = (args) => [...titleMeta(args), { name: "robots", content: "noindex" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
