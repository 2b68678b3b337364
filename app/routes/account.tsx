/**
 * /account — the signed-in user's account: roles, institution memberships and
 * every active session (device, address, start), with buttons to end one
 * session or all the others; change the display name; change the password
 * (the current one required; every session ends and this browser gets a new
 * one, as after a reset); download your data (/account/data); delete the
 * account (password required; refused with the institutions to hand over
 * when the person is an institution's only admin: models/own-account.server.ts).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { text } from "~/utils/input";
import { endCurrentSession, endOtherSessions, endSession, getSessionId, listSessions, requireUser, restartSessions } from "~/features/accounts/auth.server";
import { ConfirmPasswordSchema, DisplayNameSchema, PasswordSchema } from "~/features/accounts/user-validation";
import { changeDisplayName, changePassword, deleteOwnAccount } from "~/features/accounts/own-account.server";
import { listMemberships } from "~/features/accounts/role.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScrollBox } from "~/components/scroll-box";
import { Trans, useTranslation } from "react-i18next";
import { msg } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { formatInZone, formatDay } from "~/i18n/dates";
import { LANGUAGES, languageOf } from "~/i18n/languages";
import { chosenLanguage } from "~/features/accounts/account-language.server";
import { pageTitle, titleMeta } from "~/i18n/meta";

export const handle = { i18n: ["accounts"] };

const WRONG_PASSWORD = msg("accounts:account.wrongPassword");

/** "End this session" / "End all other sessions" / rename / change password / delete the account. */
export const formSchema = z
  .discriminatedUnion("intent", [
    z.object({
      intent: z.literal("end-session"),
      sessionId: text({ required_error: msg("accounts:account.whichSession") }).regex(/^[0-9a-f]{64}$/, msg("accounts:account.unknownSession")),
    }),
    z.object({ intent: z.literal("end-others") }),
    z.object({ intent: z.literal("rename"), displayName: DisplayNameSchema }),
    z.object({
      intent: z.literal("change-password"),
      currentPassword: text({ required_error: msg("accounts:account.currentPasswordRequired") }),
      newPassword: PasswordSchema,
      confirmPassword: ConfirmPasswordSchema,
    }),
    z.object({ intent: z.literal("delete-account"), password: text({ required_error: msg("accounts:account.deletePasswordRequired") }) }),
  ])
  .superRefine((v, ctx) => {
    if (v.intent === "change-password" && v.newPassword !== v.confirmPassword)
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: msg("accounts:account.newPasswordsDiffer") });
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [sessions, currentId, institutions, lng, chosen] = await Promise.all([
    listSessions(user.id),
    getSessionId(request),
    listMemberships(getDb(), user.id),
    requestLanguage(request),
    chosenLanguage(getDb(), user.id),
  ]);
  const t = serverT(lng, "accounts");
  return json({
    user,
    institutions,
    // Dates as text made here: the browser's ICU may format a calendar differently (hydration).
    sessions: sessions.map((s) => ({
      ...s,
      current: s.id === currentId,
      device: device(t, s.userAgent),
      createdText: formatInZone(s.createdAt, "UTC", lng),
      expiresText: formatDay(new Date(s.expiresAt).toISOString(), lng),
    })),
    language: chosen ? languageOf(chosen).name : null,
    title: pageTitle(t, "account.metaTitle"),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  const secret = ["currentPassword", "newPassword", "confirmPassword", "password"];
  if (submission.status !== "success") return json(submission.reply({ hideFields: secret }), { status: 400 });
  const v = submission.value;
  if (v.intent === "rename") {
    await changeDisplayName(getDb(), user.id, v.displayName);
    return redirectWithToast("/account", { kind: "success", message: msg("accounts:toast.renamed") });
  }
  if (v.intent === "change-password") {
    if (!(await changePassword(getDb(), user.id, v.currentPassword, v.newPassword))) {
      return json(submission.reply({ fieldErrors: { currentPassword: [WRONG_PASSWORD] }, hideFields: secret }), { status: 400 });
    }
    // Whoever knew the old password is signed out everywhere; this browser continues.
    const cookie = await restartSessions(user.id, request, context);
    return redirectWithToast("/account", { kind: "success", message: msg("accounts:toast.passwordChanged") }, { headers: { "Set-Cookie": cookie } });
  }
  if (v.intent === "delete-account") {
    const r = await deleteOwnAccount(getDb(), user.id, v.password);
    if (!r.ok && r.reason === "password") return json(submission.reply({ fieldErrors: { password: [WRONG_PASSWORD] }, hideFields: secret }), { status: 400 });
    if (!r.ok) {
      // The list is made in the viewer's language here; the sentence around it travels as a key.
      const t = serverT(await requestLanguage(request), "accounts");
      const list = r.handover.institutions
        .map((i) => (i.drafts ? t("account.institutionWithDrafts", { name: i.name, count: i.drafts }) : i.name))
        .join(t("account.listSeparator"));
      return json(submission.reply({ formErrors: [msg("accounts:account.onlyAdmin", { list })], hideFields: secret }), { status: 409 });
    }
    // Translated here: the start page does not load the `accounts` catalogue.
    const message = serverT(await requestLanguage(request), "accounts")("toast.deleted");
    return redirectWithToast("/", { kind: "success", message }, { headers: { "Set-Cookie": await endCurrentSession(request) } });
  }
  const currentId = await getSessionId(request);
  if (v.intent === "end-others") {
    const n = await endOtherSessions(user.id, currentId);
    return redirectWithToast("/account", { kind: "success", message: msg("accounts:toast.othersEnded", { count: n }) });
  }
  const { sessionId } = v;
  if (sessionId === currentId) {
    return json(submission.reply({ formErrors: [msg("accounts:account.endThisSession")] }), { status: 400 });
  }
  if (!(await endSession(user.id, sessionId))) {
    return json(submission.reply({ formErrors: [msg("accounts:account.sessionGone")] }), { status: 404 });
  }
  return redirectWithToast("/account", { kind: "success", message: msg("accounts:toast.sessionEnded") });
}

/** "Firefox on Linux"-style summary of a User-Agent header (in `t`'s language), or the header itself. */
function device(t: ReturnType<typeof serverT>, ua: string | null): string {
  if (!ua) return t("account.unknownDevice");
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chrom(e|ium)\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : null;
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Android/.test(ua)
      ? "Android"
      : /iPhone|iPad/.test(ua)
        ? "iOS"
        : /Mac OS X/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : null;
  return browser && os ? t("account.deviceOn", { browser, os }) : ua.slice(0, 80);
}

export default function AccountPage() {
  const { user, institutions, sessions, language } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("accounts");
  const result = useActionData<typeof action>();
  const others = sessions.filter((s) => !s.current).length;
  // Errors of the form that was sent, shown at its own fields.
  const sent = (result?.initialValue as Record<string, unknown> | undefined)?.intent;
  const errorsOf = (intent: string, field: string) => (sent === intent ? (result?.error?.[field] ?? null) : null);
  return (
    <>
      <h1>{t("account.title")}</h1>
      <div className="card">
        <dl className="facts">
          <dt>{t("account.name")}</dt>
          <dd>{user.displayName}</dd>
          <dt>{t("fields.email")}</dt>
          <dd>
            <bdi>{user.email}</bdi>{" "}
            {user.emailVerified ? <span className="badge">{t("account.confirmed")}</span> : <span className="badge warn">{t("account.notConfirmed")}</span>}
          </dd>
          <dt>{t("account.language")}</dt>
          <dd>
            {language ?? t("account.languageNotChosen")}
            {/* The switcher's own endpoint: remembers the choice on the account and in the cookie, then comes back here. */}
            <Form method="post" action="/language" reloadDocument className="inline-form">
              <input type="hidden" name="redirectTo" value="/account" />
              <label htmlFor="account-language" className="visually-hidden">
                {t("account.languageChange")}
              </label>
              <select id="account-language" name="lng" defaultValue={i18n.language}>
                {LANGUAGES.map((l) => (
                  <option key={l.code} value={l.code} lang={l.code}>
                    {l.name}
                  </option>
                ))}
              </select>{" "}
              <button type="submit" className="secondary small">
                {t("account.languageChange")}
              </button>
            </Form>
          </dd>
          <dt>{t("account.messages")}</dt>
          <dd>
            <a href="/messages">{t("account.messagesLink")}</a>
          </dd>
          <dt>{t("account.roles")}</dt>
          <dd>{[t("role.researcher"), ...user.roles.map((r) => t(`role.${r}`))].join(t("account.listComma"))}</dd>
          <dt>{t("account.institutions")}</dt>
          <dd>
            {institutions.length
              ? institutions.map((i, n) => (
                  <span key={i.id}>
                    {n ? t("account.listComma") : ""}
                    <a href={`/institutions/${i.id}`}>{i.name}</a> ({i.role === "admin" ? t("institutionRole.admin") : t("institutionRole.member")})
                  </span>
                ))
              : t("account.noInstitutions")}
          </dd>
        </dl>
      </div>

      <h2>{t("account.nameTitle")}</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="rename" />
        <div className="field">
          <label htmlFor="displayName">{t("account.displayName")}</label>
          <input
            id="displayName"
            name="displayName"
            defaultValue={user.displayName}
            autoComplete="name"
            aria-describedby={errorsOf("rename", "displayName") ? "displayName-error" : undefined}
          />
          <ErrorList id="displayName-error" errors={errorsOf("rename", "displayName")} />
        </div>
        <p>
          <button type="submit">{t("account.rename")}</button>
        </p>
      </Form>

      <h2>{t("fields.password")}</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="change-password" />
        {(
          [
            ["currentPassword", t("account.currentPassword"), "current-password"],
            ["newPassword", t("reset.newPassword"), "new-password"],
            ["confirmPassword", t("reset.newPasswordAgain"), "new-password"],
          ] as const
        ).map(([name, label, auto]) => (
          <div className="field" key={name}>
            <label htmlFor={name}>{label}</label>
            <input
              id={name}
              name={name}
              type="password"
              autoComplete={auto}
              aria-describedby={errorsOf("change-password", name) ? `${name}-error` : undefined}
            />
            <ErrorList id={`${name}-error`} errors={errorsOf("change-password", name)} />
          </div>
        ))}
        <p className="meta">{t("account.passwordNote")}</p>
        <p>
          <button type="submit">{t("account.changePassword")}</button>
        </p>
      </Form>

      <h2>{t("account.dataTitle")}</h2>
      <p>
        <Trans t={t} i18nKey="account.data" components={{ link: <a href="/account/data" download /> }} />
      </p>

      <h2>{t("account.sessionsTitle")}</h2>
      <ErrorList errors={sent === "end-session" || sent === "end-others" ? (result?.error?.[""] ?? null) : null} />
      <ScrollBox label={t("account.sessions")}>
        <table>
          <thead>
            <tr>
              <th>{t("account.device")}</th>
              <th>{t("account.address")}</th>
              <th>{t("account.signedIn")}</th>
              <th>{t("account.expires")}</th>
              <th>
                <span className="visually-hidden">{t("account.action")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  <bdi>{s.device}</bdi>
                </td>
                <td>
                  <bdi>{s.ipAddress ?? "—"}</bdi>
                </td>
                <td>
                  <time dateTime={s.createdAt}>{s.createdText}</time>
                </td>
                <td>
                  <time dateTime={s.expiresAt}>{s.expiresText}</time>
                </td>
                <td>
                  {s.current ? (
                    <strong>{t("account.thisSession")}</strong>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="end-session" />
                      <input type="hidden" name="sessionId" value={s.id} />
                      <button type="submit" className="secondary small">
                        {t("account.end")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      {others > 0 ? (
        <Form method="post" style={{ marginTop: "1rem" }}>
          <input type="hidden" name="intent" value="end-others" />
          <button type="submit">{t("account.endOthers", { count: others })}</button>
        </Form>
      ) : (
        <p className="meta">{t("account.nowhereElse")}</p>
      )}

      <h2>{t("account.deleteTitle")}</h2>
      <Form method="post" className="card stack">
        <input type="hidden" name="intent" value="delete-account" />
        <p>{t("account.deleteExplain")}</p>
        <ErrorList errors={sent === "delete-account" ? (result?.error?.[""] ?? null) : null} />
        <div className="field">
          <label htmlFor="delete-password">{t("account.deletePassword")}</label>
          <input
            id="delete-password"
            name="password"
            type="password"
            autoComplete="current-password"
            aria-describedby={errorsOf("delete-account", "password") ? "delete-password-error" : undefined}
          />
          <ErrorList id="delete-password-error" errors={errorsOf("delete-account", "password")} />
        </div>
        <p>
          <button type="submit" className="danger">
            {t("account.delete")}
          </button>
        </p>
      </Form>
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
