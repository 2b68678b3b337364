/**
 * /dev/mail/:id — one message of the development mailbox, its links
 * clickable. Same availability as /dev/mail.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { readMail } from "~/utils/mail.server";
import { requireDevMailbox } from "~/utils/dev-mailbox.server";
import { invariantResponse } from "~/utils/http.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireDevMailbox(context);
  const mail = await readMail(params.id ?? "");
  invariantResponse(mail, "No email has that id.", 404);
  return json({ mail }, { headers: { "Cache-Control": "no-store" } });
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
  return (
    <>
      <p className="dev-banner" role="note">
        Development mailbox — this email was not sent; it is kept here because no SMTP server is configured.
      </p>
      <p className="meta">
        <Link to="/dev/mail">← All emails</Link>
      </p>
      <h1>{mail.subject}</h1>
      <dl className="facts">
        <dt>To</dt>
        <dd>{mail.to}</dd>
        <dt>From</dt>
        <dd>{mail.from}</dd>
        <dt>Date</dt>
        <dd>{mail.date.slice(0, 19).replace("T", " ")} UTC</dd>
      </dl>
      <Linkified text={mail.text} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.mail.subject ?? "Email"} — Development mailbox` },
  { name: "robots", content: "noindex" },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
