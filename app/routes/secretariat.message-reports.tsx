/**
 * /secretariat/message-reports — the secretariat's queue of reported
 * conversations, oldest first: who reported whom, the reason, the reported
 * account's messages in that conversation and how often it was reported.
 * Dismiss a report, or stop the sender from sending messages (closes every
 * open report against them); stopped senders are listed with "Let send again".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { idField, text } from "~/utils/input";
import { requireRole } from "~/features/accounts/permissions.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { decideReport, listOpenReports, listStoppedSenders, restoreSender } from "~/features/messaging/message-reports.server";
import { formatInZone } from "~/i18n/dates";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Trans, useTranslation } from "react-i18next";
import { msg } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { shownName } from "~/features/accounts/former-member";

/** The page's words are in `messaging` (`reports.*`); `accounts` holds "Former member". */
export const handle = { i18n: ["messaging", "accounts"] };

const QUEUE = "/secretariat/message-reports";
const reportId = idField(msg("messaging:reports.errors.unknownReport"));

/** Dismiss a report, stop its sender, let a stopped sender send again. */
export const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("dismiss"), reportId }),
  z.object({ intent: z.literal("stop"), reportId }),
  z.object({
    intent: z.literal("restore"),
    userId: text({ required_error: msg("messaging:reports.errors.whichAccount") }).regex(/^[a-z2-7]{10,40}$/, msg("messaging:reports.errors.unknownAccount")),
  }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "secretariat");
  const db = getDb();
  const [reports, stopped] = await Promise.all([listOpenReports(db), listStoppedSenders(db)]);
  const lng = await requestLanguage(request);
  const t = serverT(lng, ["messaging", "accounts"]);
  // Dates and deleted accounts' names in the viewer's language here, not in the component (server and browser ICU differ).
  return json(
    {
      title: pageTitle(t, "reports.metaTitle"),
      reports: reports.map((r) => ({
        ...r,
        reporterName: shownName(t, r.reporterName),
        reportedName: shownName(t, r.reportedName),
        createdText: formatInZone(r.createdAt, "UTC", lng),
        messages: r.messages.map((m) => ({ ...m, createdText: formatInZone(m.createdAt, "UTC", lng) })),
      })),
      stopped: stopped.map((s) => ({ ...s, name: shownName(t, s.name), stoppedText: formatInZone(s.stoppedAt, "UTC", lng) })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "secretariat");
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const v = submission.value;
  const db = getDb();
  if (v.intent === "restore") {
    invariantResponse(await restoreSender(db, v.userId), msg("messaging:reports.errors.notStopped"), 404);
    return redirectWithToast(QUEUE, { kind: "success", message: msg("messaging:reports.toast.restored") });
  }
  const r = await decideReport(db, { reportId: v.reportId, actorId: user.id, decision: v.intent });
  invariantResponse(r !== "not-found", msg("messaging:reports.errors.noReport"), 404);
  if (r === "already-decided") return redirectWithToast(QUEUE, { kind: "info", message: msg("messaging:reports.toast.alreadyDecided") });
  return redirectWithToast(QUEUE, {
    kind: "success",
    message: msg(v.intent === "dismiss" ? "messaging:reports.toast.dismissed" : "messaging:reports.toast.stopped"),
  });
}

export default function MessageReportsPage() {
  const { reports, stopped } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("messaging");
  const bdi = { bdi: <bdi /> };
  return (
    <>
      <p className="meta">
        <Link to="/secretariat">{t("reports.crumbSecretariat")}</Link> › {t("reports.crumb")}
      </p>
      <h1>{t("reports.title")}</h1>
      <ErrorList
        errors={
          result?.error
            ? Object.values(result.error)
                .flat()
                .filter((e): e is string => typeof e === "string")
            : null
        }
      />
      {reports.length ? (
        <ol className="results">
          {reports.map((r) => (
            <li key={r.id} data-testid="message-report">
              <h2>
                <Trans t={t} i18nKey="reports.reported" values={{ reporter: r.reporterName, reported: r.reportedName }} components={bdi} />
              </h2>
              <p className="meta">
                {t("reports.on", { date: r.createdText })} · {/* The first report is told apart in words ("first"), not by a plural form. */}
                {r.reportsAgainst === 1 ? t("reports.firstReport") : t("reports.reportsInAll", { count: r.reportsAgainst })}
                {r.reportedStopped ? <> · {t("reports.alreadyStopped")}</> : null}
              </p>
              {r.reason ? (
                <blockquote style={{ whiteSpace: "pre-line" }} dir="auto">
                  {r.reason}
                </blockquote>
              ) : (
                <p className="meta">{t("reports.noReason")}</p>
              )}
              <h3>
                <Trans t={t} i18nKey="reports.wrote" values={{ name: r.reportedName }} components={bdi} />
              </h3>
              {r.messages.length ? (
                <ol className="messages">
                  {r.messages.map((m) => (
                    <li key={m.id}>
                      <p className="meta">
                        <time dateTime={m.createdAt}>{m.createdText}</time>
                      </p>
                      <p style={{ whiteSpace: "pre-wrap" }} dir="auto">
                        {m.body}
                      </p>
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="meta">{t("reports.notWritten")}</p>
              )}
              <Form method="post" className="inline-form">
                <input type="hidden" name="reportId" value={r.id} />
                <button type="submit" name="intent" value="dismiss" className="secondary">
                  {t("reports.dismiss")}
                </button>
                <button type="submit" name="intent" value="stop">
                  <Trans t={t} i18nKey="reports.stop" values={{ name: r.reportedName }} components={bdi} />
                </button>
              </Form>
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">{t("reports.empty")}</p>
      )}
      <h2>{t("reports.stoppedTitle")}</h2>
      {stopped.length ? (
        <ul className="results">
          {stopped.map((s) => (
            <li key={s.id}>
              <bdi>{s.name}</bdi>{" "}
              <span className="meta">
                <time dateTime={s.stoppedAt}>{t("reports.since", { date: s.stoppedText })}</time>
              </span>{" "}
              <Form method="post" className="inline-form">
                <input type="hidden" name="userId" value={s.id} />
                <button type="submit" name="intent" value="restore" className="secondary small">
                  {t("reports.restore")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("reports.stoppedEmpty")}</p>
      )}
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
