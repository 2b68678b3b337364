/**
 * /dev/mail — development mailbox: the emails the app would have sent, when
 * no SMTP server is configured (utils/mail.server.ts). 404 when SMTP is
 * configured; in production also 404 for clients that are not on this
 * machine, because these messages hold sign-in and password-reset links.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The mailbox's own words live in the `email` catalogue (`devMail.*`); the emails themselves are shown as sent. */
export const handle = { i18n: ["email"] };
import { listMail } from "~/utils/mail.server";
import { requireDevMailbox } from "~/utils/dev-mailbox.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireDevMailbox(context);
  const mails = await listMail();
  const title = pageTitle(serverT(await requestLanguage(request), "email"), "devMail.metaTitle");
  return json({ title, mails: mails.map(({ id, to, subject, date }) => ({ id, to, subject, date })) }, { headers: { "Cache-Control": "no-store" } });
}

export default function DevMailboxPage() {
  const { mails } = useLoaderData<typeof loader>();
  const { t } = useTranslation("email");
  return (
    <>
      <p className="dev-banner" role="note">
        {t("devMail.bannerList")}
      </p>
      <h1>{t("devMail.title")}</h1>
      {mails.length === 0 ? (
        <p className="empty">{t("devMail.empty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t("devMail.sent")}</th>
              <th>{t("devMail.to")}</th>
              <th>{t("devMail.subject")}</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <tr key={m.id}>
                <td>{m.date.slice(0, 19).replace("T", " ")}</td>
                <td>
                  <bdi>{m.to}</bdi>
                </td>
                <td>
                  <Link to={`/dev/mail/${m.id}`}>{m.subject}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export const meta: typeof titleMeta = (args) => [...titleMeta(args), { name: "robots", content: "noindex" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
