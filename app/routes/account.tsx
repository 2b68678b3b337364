/**
 * /account — the signed-in user's account: roles, institution memberships and
 * every active session (device, address, start), with buttons to end one
 * session or all the others; change the display name; change the password
 * (the current one required; every session ends and this browser gets a new
 * one, as after a reset); download your data (/account/data); delete the
 * account (password required; refused with the institutions to hand over
 * when the person is an institution's only admin: models/own-account.server.ts).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { text } from "~/utils/input";
import { endCurrentSession, endOtherSessions, endSession, getSessionId, listSessions, requireUser, restartSessions } from "~/features/accounts/auth.server";
import { DisplayNameSchema, PasswordSchema } from "~/features/accounts/user-validation";
import { changeDisplayName, changePassword, deleteOwnAccount } from "~/features/accounts/own-account.server";
import { listMemberships } from "~/features/accounts/role.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScrollBox } from "~/components/scroll-box";

const WRONG_PASSWORD = "That is not your current password.";

/** "End this session" / "End all other sessions" / rename / change password / delete the account. */
export const formSchema = z
  .discriminatedUnion("intent", [
    z.object({ intent: z.literal("end-session"), sessionId: text({ required_error: "Which session?" }).regex(/^[0-9a-f]{64}$/, "Unknown session") }),
    z.object({ intent: z.literal("end-others") }),
    z.object({ intent: z.literal("rename"), displayName: DisplayNameSchema }),
    z.object({
      intent: z.literal("change-password"),
      currentPassword: text({ required_error: "Enter your current password" }),
      newPassword: PasswordSchema,
      confirmPassword: text({ required_error: "Enter the new password again" }),
    }),
    z.object({ intent: z.literal("delete-account"), password: text({ required_error: "Enter your password to confirm" }) }),
  ])
  .superRefine((v, ctx) => {
    if (v.intent === "change-password" && v.newPassword !== v.confirmPassword)
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two new passwords differ" });
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [sessions, currentId, institutions] = await Promise.all([listSessions(user.id), getSessionId(request), listMemberships(getDb(), user.id)]);
  return json({
    user,
    institutions,
    sessions: sessions.map((s) => ({ ...s, current: s.id === currentId })),
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
    return redirectWithToast("/account", { kind: "success", message: "Your name is changed." });
  }
  if (v.intent === "change-password") {
    if (!(await changePassword(getDb(), user.id, v.currentPassword, v.newPassword))) {
      return json(submission.reply({ fieldErrors: { currentPassword: [WRONG_PASSWORD] }, hideFields: secret }), { status: 400 });
    }
    // Whoever knew the old password is signed out everywhere; this browser continues.
    const cookie = await restartSessions(user.id, request, context);
    return redirectWithToast(
      "/account",
      { kind: "success", message: "Your password is changed. Every other session of your account has been signed out." },
      { headers: { "Set-Cookie": cookie } },
    );
  }
  if (v.intent === "delete-account") {
    const r = await deleteOwnAccount(getDb(), user.id, v.password);
    if (!r.ok && r.reason === "password") return json(submission.reply({ fieldErrors: { password: [WRONG_PASSWORD] }, hideFields: secret }), { status: 400 });
    if (!r.ok) {
      const list = r.handover.institutions.map((i) => (i.drafts ? `${i.name} (${i.drafts} proposal${i.drafts === 1 ? "" : "s"} in draft)` : i.name)).join("; ");
      return json(
        submission.reply({
          formErrors: [
            `You are the only administrator of ${list}. Make another member an administrator there first (or ask the secretariat), then delete your account.`,
          ],
          hideFields: secret,
        }),
        { status: 409 },
      );
    }
    return redirectWithToast(
      "/",
      { kind: "success", message: "Your account is deleted. Your profile is gone from search; past records show “former member”." },
      { headers: { "Set-Cookie": await endCurrentSession(request) } },
    );
  }
  const currentId = await getSessionId(request);
  if (v.intent === "end-others") {
    const n = await endOtherSessions(user.id, currentId);
    return redirectWithToast("/account", { kind: "success", message: n === 1 ? "1 other session ended." : `${n} other sessions ended.` });
  }
  const { sessionId } = v;
  if (sessionId === currentId) {
    return json(submission.reply({ formErrors: ["To end this session, sign out."] }), { status: 400 });
  }
  if (!(await endSession(user.id, sessionId))) {
    return json(submission.reply({ formErrors: ["That session has already ended."] }), { status: 404 });
  }
  return redirectWithToast("/account", { kind: "success", message: "Session ended." });
}

const ROLE_LABELS: Record<string, string> = { admin: "Administrator", secretariat: "Secretariat" };

/** "Firefox on Linux"-style summary of a User-Agent header, or the header itself. */
function device(ua: string | null): string {
  if (!ua) return "Unknown device";
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
  return browser && os ? `${browser} on ${os}` : ua.slice(0, 80);
}

export default function AccountPage() {
  const { user, institutions, sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const others = sessions.filter((s) => !s.current).length;
  // Errors of the form that was sent, shown at its own fields.
  const sent = (result?.initialValue as Record<string, unknown> | undefined)?.intent;
  const errorsOf = (intent: string, field: string) => (sent === intent ? (result?.error?.[field] ?? null) : null);
  return (
    <>
      <h1>Your account</h1>
      <div className="card">
        <dl className="facts">
          <dt>Name</dt>
          <dd>{user.displayName}</dd>
          <dt>Email</dt>
          <dd>
            {user.email} {user.emailVerified ? <span className="badge">confirmed</span> : <span className="badge warn">not confirmed</span>}
          </dd>
          <dt>Messages</dt>
          <dd>
            <a href="/messages">Your conversations and the "accept messages" setting</a>
          </dd>
          <dt>Roles</dt>
          <dd>{["Researcher", ...user.roles.map((r) => ROLE_LABELS[r] ?? r)].join(", ")}</dd>
          <dt>Institutions</dt>
          <dd>
            {institutions.length
              ? institutions.map((i, n) => (
                  <span key={i.id}>
                    {n ? ", " : ""}
                    <a href={`/institutions/${i.id}`}>{i.name}</a> ({i.role === "admin" ? "administrator" : "member"})
                  </span>
                ))
              : "None yet"}
          </dd>
        </dl>
      </div>

      <h2>Your name</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="rename" />
        <div className="field">
          <label htmlFor="displayName">Display name</label>
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
          <button type="submit">Change name</button>
        </p>
      </Form>

      <h2>Password</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="change-password" />
        {(
          [
            ["currentPassword", "Current password", "current-password"],
            ["newPassword", "New password", "new-password"],
            ["confirmPassword", "New password again", "new-password"],
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
        <p className="meta">Changing your password signs you out everywhere else.</p>
        <p>
          <button type="submit">Change password</button>
        </p>
      </Form>

      <h2>Your data</h2>
      <p>
        <a href="/account/data" download>
          Download your data (JSON)
        </a>
        : your account, expert profile, the proposals you lead and your messages.
      </p>

      <h2>Where you are signed in</h2>
      <ErrorList errors={sent === "end-session" || sent === "end-others" ? (result?.error?.[""] ?? null) : null} />
      <ScrollBox label="Your sessions">
        <table>
          <thead>
            <tr>
              <th>Device</th>
              <th>Address</th>
              <th>Signed in</th>
              <th>Expires</th>
              <th>
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>{device(s.userAgent)}</td>
                <td>{s.ipAddress ?? "—"}</td>
                <td>
                  <time dateTime={s.createdAt}>{new Date(s.createdAt).toISOString().slice(0, 16).replace("T", " ")} UTC</time>
                </td>
                <td>
                  <time dateTime={s.expiresAt}>{new Date(s.expiresAt).toISOString().slice(0, 10)}</time>
                </td>
                <td>
                  {s.current ? (
                    <strong>This session</strong>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="end-session" />
                      <input type="hidden" name="sessionId" value={s.id} />
                      <button type="submit" className="secondary small">
                        End
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
          <button type="submit">Sign out all other sessions ({others})</button>
        </Form>
      ) : (
        <p className="meta">You are signed in nowhere else.</p>
      )}

      <h2>Delete your account</h2>
      <Form method="post" className="card stack">
        <input type="hidden" name="intent" value="delete-account" />
        <p>
          Your expert profile is deleted and leaves search; your name and email are removed from the account, which can no longer sign in. Proposal histories,
          role changes and messages keep their entries and show “former member”. If you are the only administrator of an institution, make someone else
          administrator first.
        </p>
        <ErrorList errors={sent === "delete-account" ? (result?.error?.[""] ?? null) : null} />
        <div className="field">
          <label htmlFor="delete-password">Your password, to confirm</label>
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
            Delete my account
          </button>
        </p>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Your account — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
