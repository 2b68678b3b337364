/**
 * /account — the signed-in user's account: roles, institution memberships and
 * every active session (device, address, start), with buttons to end one
 * session or all the others.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { text } from "~/utils/input";
import { endOtherSessions, endSession, getSessionId, listSessions, requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScrollBox } from "~/components/scroll-box";

/** "End this session" / "End all other sessions". */
export const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("end-session"), sessionId: text({ required_error: "Which session?" }).regex(/^[0-9a-f]{64}$/, "Unknown session") }),
  z.object({ intent: z.literal("end-others") }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [sessions, currentId, institutions] = await Promise.all([
    listSessions(user.id),
    getSessionId(request),
    getDb()
      .selectFrom("institution_members")
      .innerJoin("institutions", "institutions.id", "institution_members.institution_id")
      .select(["institutions.id", "institutions.name", "institution_members.role"])
      .where("institution_members.user_id", "=", user.id)
      .orderBy("institutions.name")
      .execute(),
  ]);
  return json({
    user,
    institutions,
    sessions: sessions.map((s) => ({ ...s, current: s.id === currentId })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const currentId = await getSessionId(request);
  if (submission.value.intent === "end-others") {
    const n = await endOtherSessions(user.id, currentId);
    return redirectWithToast("/account", { kind: "success", message: n === 1 ? "1 other session ended." : `${n} other sessions ended.` });
  }
  const { sessionId } = submission.value;
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
  const os = /Windows/.test(ua) ? "Windows" : /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Mac OS X/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : null;
  return browser && os ? `${browser} on ${os}` : ua.slice(0, 80);
}

export default function AccountPage() {
  const { user, institutions, sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const others = sessions.filter((s) => !s.current).length;
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
          <dd><a href="/messages">Your conversations and the "accept messages" setting</a></dd>
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

      <h2>Where you are signed in</h2>
      <ErrorList errors={result?.error?.[""] ?? null} />
      <ScrollBox label="Your sessions">
      <table>
        <thead>
          <tr>
            <th>Device</th>
            <th>Address</th>
            <th>Signed in</th>
            <th>Expires</th>
            <th><span className="visually-hidden">Action</span></th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>{device(s.userAgent)}</td>
              <td>{s.ipAddress ?? "—"}</td>
              <td><time dateTime={s.createdAt}>{new Date(s.createdAt).toISOString().slice(0, 16).replace("T", " ")} UTC</time></td>
              <td><time dateTime={s.expiresAt}>{new Date(s.expiresAt).toISOString().slice(0, 10)}</time></td>
              <td>
                {s.current ? (
                  <strong>This session</strong>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="end-session" />
                    <input type="hidden" name="sessionId" value={s.id} />
                    <button type="submit" className="secondary small">End</button>
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
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Your account — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
