/**
 * /admin/users — for admins: find users by email or name, grant and revoke
 * the secretariat and admin roles, and make users administrators or members
 * of an institution, picked by name with the institution picker (issue 14,
 * item 4; without JavaScript its "Search" reloads the page with
 * `?institutionQuery=…&userId=…` and lists the matches in that user's row).
 * Every change is audited (role_audit); the last admin cannot give up the
 * admin role.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { getUserById, searchUsers } from "~/features/accounts/user.server";
import { grantRole, removeInstitutionMember, revokeRole, setInstitutionRole } from "~/features/accounts/role.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { requireRole } from "~/features/accounts/permissions.server";
import { redirectWithToast } from "~/utils/toast.server";
import { INSTITUTION_ROLES, SITE_ROLES } from "~/domain/roles";
import { ErrorList, QueryIssues } from "~/components/forms";
import { InstitutionPicker } from "~/components/pickers";
import { lookupVerifiedInstitutions, verifiedInstitutionByRawId, verifiedInstitutionsByIds } from "~/features/institutions/institution-lookup.server";
import { idField, text } from "~/utils/input";
import { pageParam, parseSearchParams } from "~/utils/search-params";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScrollBox } from "~/components/scroll-box";

/**
 * GET `?q=&page=`: find users by email or name. `institutionQuery`, `userId`
 * (and the ticked `institutionId`) come from a picker's no-JavaScript "Search".
 */
export const querySchema = z.object({
  q: text().max(200, "must be at most 200 characters").default(""),
  page: pageParam(1000),
  institutionQuery: text().max(200, "must be at most 200 characters").optional(),
  userId: text().max(100, "must be at most 100 characters").optional(),
  institutionId: text().max(20, "must be at most 20 characters").optional(),
});

const NOT_VERIFIED = "Choose a verified institution from the list (search by its name).";

const userId = text({ required_error: "Which user?" }).regex(/^[a-z2-7]{10,40}$/, "Unknown user");
/** The page's forms, told apart by `intent`. */
export const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("grant"), userId, role: z.enum(SITE_ROLES) }),
  z.object({ intent: z.literal("revoke"), userId, role: z.enum(SITE_ROLES) }),
  z.object({
    intent: z.literal("set-institution"),
    userId,
    institutionId: idField(NOT_VERIFIED),
    institutionRole: z.enum(INSTITUTION_ROLES),
  }),
  z.object({ intent: z.literal("remove-institution"), userId, institutionId: idField("Unknown institution.") }),
]);

const ROLE_LABELS = { admin: "Admin", secretariat: "Secretariat" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const parsed = parseSearchParams(querySchema, url.searchParams, []);
  if (!parsed.ok) {
    // Named above the search box, which keeps what was typed; no users are listed.
    return json({ q: url.searchParams.get("q") ?? "", page: 1, users: [], hasMore: false, picking: null, issues: parsed.issues }, { status: 400 });
  }
  const { q, page, institutionQuery, userId, institutionId } = parsed.value;
  const result = await searchUsers(getDb(), q, page);
  const picking =
    institutionQuery !== undefined && userId
      ? {
          userId,
          query: institutionQuery.slice(0, 100),
          options: await lookupVerifiedInstitutions(getDb(), institutionQuery),
          selected: await verifiedInstitutionByRawId(getDb(), institutionId),
        }
      : null;
  return json({ q, page, ...result, picking, issues: [] as Array<{ param: string; message: string }> });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const db = getDb();
  const v = submission.value;
  const target = await getUserById(db, v.userId);
  if (!target) return json(submission.reply({ formErrors: ["That user no longer exists."] }), { status: 404 });
  const back = new URL(request.url).pathname + new URL(request.url).search;
  const done = (message: string) => redirectWithToast(back, { kind: "success", message });

  if (v.intent === "grant") {
    const changed = await grantRole(db, { actorId: actor.id, targetId: target.id, role: v.role });
    return done(changed ? `${target.email} now has the ${ROLE_LABELS[v.role]} role.` : `${target.email} already had the ${ROLE_LABELS[v.role]} role.`);
  }
  if (v.intent === "revoke") {
    const r = await revokeRole(db, { actorId: actor.id, targetId: target.id, role: v.role });
    if (r === "last-admin") {
      return json(submission.reply({ formErrors: ["You are the last admin: grant the admin role to someone else before giving it up."] }), { status: 409 });
    }
    return done(
      r === "revoked" ? `${target.email} no longer has the ${ROLE_LABELS[v.role]} role.` : `${target.email} did not have the ${ROLE_LABELS[v.role]} role.`,
    );
  }
  if (v.intent === "set-institution") {
    // Only verified institutions get members: a pending or rejected one is visible to nobody but its registrant.
    const [institution] = await verifiedInstitutionsByIds(db, [v.institutionId]);
    if (!institution) {
      return json(submission.reply({ fieldErrors: { institutionId: [NOT_VERIFIED] } }), { status: 400 });
    }
    await setInstitutionRole(db, { actorId: actor.id, targetId: target.id, institutionId: institution.id, role: v.institutionRole });
    return done(`${target.email} is now ${v.institutionRole === "admin" ? "an administrator" : "a member"} of ${institution.name}.`);
  }
  const removed = await removeInstitutionMember(db, { actorId: actor.id, targetId: target.id, institutionId: v.institutionId });
  return done(removed ? `${target.email} was removed from the institution.` : `${target.email} was not a member of that institution.`);
}

export default function AdminUsersPage() {
  const { q, page, users, hasMore, picking, issues } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  // The institution field's message shows in its picker, in that user's row.
  const errors = result?.error
    ? Object.entries(result.error)
        .filter(([k]) => k !== "institutionId")
        .flatMap(([, v]) => v ?? [])
        .filter((e): e is string => typeof e === "string")
    : [];
  const pageHref = (p: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`;
  return (
    <>
      <h1>Users and roles</h1>
      <QueryIssues issues={issues} />
      <Form method="get" role="search" className="search-bar">
        <label htmlFor="user-q" className="visually-hidden">
          Find users by email or name
        </label>
        <input id="user-q" type="search" name="q" defaultValue={q} placeholder="Email or name" maxLength={200} />
        <button type="submit">Find</button>
      </Form>
      <ErrorList errors={errors} />
      {issues.length ? null : users.length === 0 ? (
        <p className="empty">No users match{q ? ` “${q}”` : ""}.</p>
      ) : (
        <ScrollBox label="Users">
          <table className="users">
            <thead>
              <tr>
                <th>User</th>
                <th>Site roles</th>
                <th>Institutions</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>
                    <strong>{u.displayName}</strong>
                    <div>{u.email}</div>
                    <div className="meta">
                      {u.emailVerifiedAt ? "email confirmed" : "email not confirmed"} · joined {new Date(u.createdAt).toISOString().slice(0, 10)}
                    </div>
                  </td>
                  <td>
                    <p className="roles">
                      Researcher
                      {u.roles.map((r) => (
                        <span key={r} className="badge">
                          {ROLE_LABELS[r]}
                        </span>
                      ))}
                    </p>
                    {SITE_ROLES.map((role) => {
                      const has = u.roles.includes(role);
                      return (
                        <Form method="post" key={role} className="inline">
                          <input type="hidden" name="userId" value={u.id} />
                          <input type="hidden" name="role" value={role} />
                          <button
                            type="submit"
                            name="intent"
                            value={has ? "revoke" : "grant"}
                            className={has ? "secondary small danger" : "secondary small"}
                            aria-label={`${has ? "Revoke" : "Grant"} ${ROLE_LABELS[role]} role ${has ? "from" : "to"} ${u.email}`}
                            disabled={navigation.state === "submitting"}
                          >
                            {has ? `Revoke ${ROLE_LABELS[role]}` : `Grant ${ROLE_LABELS[role]}`}
                          </button>
                        </Form>
                      );
                    })}
                  </td>
                  <td>
                    <ul className="plain">
                      {u.institutions.map((i) => (
                        <li key={i.id}>
                          <Link to={`/institutions/${i.id}`}>{i.name}</Link> <span className="meta">({i.role})</span>{" "}
                          <Form method="post" className="inline">
                            <input type="hidden" name="userId" value={u.id} />
                            <input type="hidden" name="institutionId" value={i.id} />
                            <button
                              type="submit"
                              name="intent"
                              value="remove-institution"
                              className="secondary small"
                              aria-label={`Remove ${u.email} from ${i.name}`}
                            >
                              Remove
                            </button>
                          </Form>
                        </li>
                      ))}
                    </ul>
                    <Form method="post" className="stack">
                      <input type="hidden" name="userId" value={u.id} />
                      {/* Kept by the picker's no-JavaScript "Search" (a GET of this form). */}
                      {q ? <input type="hidden" name="q" value={q} /> : null}
                      <InstitutionPicker
                        name="institutionId"
                        idPrefix={`inst-${u.id}`}
                        queryName="institutionQuery"
                        legend={`Add ${u.email} to an institution`}
                        initialQuery={picking?.userId === u.id ? picking.query : ""}
                        selected={picking?.userId === u.id ? picking.selected : null}
                        options={picking?.userId === u.id ? picking.options : []}
                        errors={result?.initialValue?.userId === u.id ? (result.error?.institutionId ?? undefined) : undefined}
                        errorId={`inst-${u.id}-error`}
                        noneLabel="None chosen"
                      />
                      <label>
                        <span className="visually-hidden">Institution role for {u.email}</span>
                        <select name="institutionRole" defaultValue="admin">
                          <option value="admin">admin</option>
                          <option value="member">member</option>
                        </select>
                      </label>
                      <button type="submit" name="intent" value="set-institution" className="secondary small">
                        Add
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <nav className="pagination" aria-label="Pages">
        {page > 1 ? <Link to={pageHref(page - 1)}>← Previous</Link> : <span />}
        {hasMore ? <Link to={pageHref(page + 1)}>Next →</Link> : null}
      </nav>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Users and roles — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
