/**
 * /admin/users — for admins: find users by email or name, grant and revoke
 * the secretariat and admin roles, and make users administrators or members
 * of an institution, picked by name with the institution picker (issue 14,
 * item 4; without JavaScript its "Search" posts that user's form with
 * `intent=search:institutionQuery`, which changes nothing and lists the
 * matches in that user's row).
 * Every change is audited (role_audit); the last admin cannot give up the
 * admin role.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
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
import { pickerSearch } from "~/utils/picker-search";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScrollBox } from "~/components/scroll-box";
import { useTranslation } from "react-i18next";
import { msg } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { formatDay } from "~/i18n/dates";
import { pageTitle, titleMeta } from "~/i18n/meta";

/** The page's words are in `accounts` (`admin.*`, `role.*`); the institution picker's in `institutions` and `matching`. */
export const handle = { i18n: ["accounts", "institutions", "matching"] };

/** GET `?q=&page=`: find users by email or name. */
export const querySchema = z.object({
  q: text()
    .max(200, msg("common:params.tooLong", { max: 200 }))
    .default(""),
  page: pageParam(1000),
});

const NOT_VERIFIED = msg("accounts:admin.errors.notVerified");

const userId = text({ required_error: msg("accounts:admin.errors.whichUser") }).regex(/^[a-z2-7]{10,40}$/, msg("accounts:admin.errors.unknownUser"));
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
  z.object({ intent: z.literal("remove-institution"), userId, institutionId: idField(msg("accounts:admin.errors.unknownInstitution")) }),
]);

/** A site role's name as a catalogue key (a toast's parameter, translated where the toast is shown). */
const roleKey = (role: (typeof SITE_ROLES)[number]) => `accounts:role.${role}`;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const lng = await requestLanguage(request);
  const title = pageTitle(serverT(lng, "accounts"), "admin.metaTitle");
  const url = new URL(request.url);
  const parsed = parseSearchParams(querySchema, url.searchParams, []);
  if (!parsed.ok) {
    // Named above the search box, which keeps what was typed; no users are listed.
    return json({ title, q: url.searchParams.get("q") ?? "", page: 1, users: [], hasMore: false, issues: parsed.issues }, { status: 400 });
  }
  const { q, page } = parsed.value;
  const result = await searchUsers(getDb(), q, page);
  // The day joined, formatted here (not in the component) so that server and browser render the same text.
  const users = result.users.map((u) => ({ ...u, joined: formatDay(new Date(u.createdAt).toISOString(), lng) }));
  return json({ title, q, page, users, hasMore: result.hasMore, issues: [] as Array<{ param: string; message: string }> });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const formData = await readFormData(request);
  // An institution picker's no-JavaScript "Search" in one user's row: nothing changes, the matches come back for that row.
  const search = await pickerSearch(formData, { institutionQuery: (q) => lookupVerifiedInstitutions(getDb(), q) });
  if (search) {
    const rowUser = userId.safeParse(formData.get("userId"));
    return json({ search, userId: rowUser.success ? rowUser.data : null, selected: await verifiedInstitutionByRawId(getDb(), formData.get("institutionId")) });
  }
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const db = getDb();
  const v = submission.value;
  const target = await getUserById(db, v.userId);
  if (!target) return json(submission.reply({ formErrors: [msg("accounts:admin.errors.userGone")] }), { status: 404 });
  const back = new URL(request.url).pathname + new URL(request.url).search;
  const done = (message: string) => redirectWithToast(back, { kind: "success", message });

  if (v.intent === "grant") {
    const changed = await grantRole(db, { actorId: actor.id, targetId: target.id, role: v.role });
    return done(msg(changed ? "accounts:admin.toast.granted" : "accounts:admin.toast.alreadyHad", { email: target.email, role: roleKey(v.role) }));
  }
  if (v.intent === "revoke") {
    const r = await revokeRole(db, { actorId: actor.id, targetId: target.id, role: v.role });
    if (r === "last-admin") {
      return json(submission.reply({ formErrors: [msg("accounts:admin.errors.lastAdmin")] }), { status: 409 });
    }
    return done(msg(r === "revoked" ? "accounts:admin.toast.revoked" : "accounts:admin.toast.didNotHave", { email: target.email, role: roleKey(v.role) }));
  }
  if (v.intent === "set-institution") {
    // Only verified institutions get members: a pending or rejected one is visible to nobody but its registrant.
    const [institution] = await verifiedInstitutionsByIds(db, [v.institutionId]);
    if (!institution) {
      return json(submission.reply({ fieldErrors: { institutionId: [NOT_VERIFIED] } }), { status: 400 });
    }
    await setInstitutionRole(db, { actorId: actor.id, targetId: target.id, institutionId: institution.id, role: v.institutionRole });
    return done(
      msg(v.institutionRole === "admin" ? "accounts:admin.toast.madeAdmin" : "accounts:admin.toast.madeMember", {
        email: target.email,
        institution: institution.name,
      }),
    );
  }
  const removed = await removeInstitutionMember(db, { actorId: actor.id, targetId: target.id, institutionId: v.institutionId });
  return done(msg(removed ? "accounts:admin.toast.removed" : "accounts:admin.toast.notMember", { email: target.email }));
}

export default function AdminUsersPage() {
  const { q, page, users, hasMore, issues } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  // A picker search's answer (for one user's row), or the reply of a change that was refused.
  const picking = answer && "search" in answer ? answer : null;
  const result = answer && !("search" in answer) ? answer : undefined;
  const navigation = useNavigation();
  const { t } = useTranslation("accounts");
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
      <h1>{t("admin.title")}</h1>
      <QueryIssues issues={issues} />
      <Form method="get" role="search" className="search-bar">
        <label htmlFor="user-q" className="visually-hidden">
          {t("admin.findLabel")}
        </label>
        <input id="user-q" type="search" name="q" defaultValue={q} placeholder={t("admin.findPlaceholder")} maxLength={200} />
        <button type="submit">{t("admin.find")}</button>
      </Form>
      <ErrorList errors={errors} />
      {issues.length ? null : users.length === 0 ? (
        <p className="empty">{q ? t("admin.emptyQuery", { q }) : t("admin.empty")}</p>
      ) : (
        <ScrollBox label={t("admin.tableLabel")}>
          <table className="users">
            <thead>
              <tr>
                <th>{t("admin.colUser")}</th>
                <th>{t("admin.colRoles")}</th>
                <th>{t("admin.colInstitutions")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>
                    <strong>
                      <bdi>{u.displayName}</bdi>
                    </strong>
                    <div>
                      <bdi>{u.email}</bdi>
                    </div>
                    <div className="meta">{t(u.emailVerifiedAt ? "admin.confirmed" : "admin.notConfirmed", { date: u.joined })}</div>
                  </td>
                  <td>
                    <p className="roles">
                      {t("role.researcher")}
                      {u.roles.map((r) => (
                        <span key={r} className="badge">
                          {t(`role.${r}`)}
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
                            aria-label={t(has ? "admin.revokeLabel" : "admin.grantLabel", { role: t(`role.${role}`), email: u.email })}
                            disabled={navigation.state === "submitting"}
                          >
                            {t(has ? "admin.revoke" : "admin.grant", { role: t(`role.${role}`) })}
                          </button>
                        </Form>
                      );
                    })}
                  </td>
                  <td>
                    <ul className="plain">
                      {u.institutions.map((i) => (
                        <li key={i.id}>
                          <Link to={`/institutions/${i.id}`}>
                            <bdi>{i.name}</bdi>
                          </Link>{" "}
                          <span className="meta">({t(`institutionRole.${i.role}`)})</span>{" "}
                          <Form method="post" className="inline">
                            <input type="hidden" name="userId" value={u.id} />
                            <input type="hidden" name="institutionId" value={i.id} />
                            <button
                              type="submit"
                              name="intent"
                              value="remove-institution"
                              className="secondary small"
                              aria-label={t("admin.removeLabel", { email: u.email, institution: i.name })}
                            >
                              {t("admin.remove")}
                            </button>
                          </Form>
                        </li>
                      ))}
                    </ul>
                    <Form method="post" className="stack">
                      <input type="hidden" name="userId" value={u.id} />
                      <InstitutionPicker
                        name="institutionId"
                        idPrefix={`inst-${u.id}`}
                        queryName="institutionQuery"
                        legend={t("admin.addLegend", { email: u.email })}
                        initialQuery=""
                        selected={picking?.userId === u.id ? picking.selected : null}
                        options={[]}
                        search={picking?.userId === u.id ? picking.search : null}
                        errors={result?.initialValue?.userId === u.id ? (result.error?.institutionId ?? undefined) : undefined}
                        errorId={`inst-${u.id}-error`}
                        noneLabel={t("admin.noneChosen")}
                      />
                      <label>
                        <span className="visually-hidden">{t("admin.roleFor", { email: u.email })}</span>
                        <select name="institutionRole" defaultValue="admin">
                          {INSTITUTION_ROLES.map((r) => (
                            <option key={r} value={r}>
                              {t(`institutionRole.${r}`)}
                            </option>
                          ))}
                        </select>
                      </label>
                      <button type="submit" name="intent" value="set-institution" className="secondary small">
                        {t("admin.add")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <nav className="pagination" aria-label={t("common:pagination.label")}>
        {page > 1 ? <Link to={pageHref(page - 1)}>{t("admin.previous")}</Link> : <span />}
        {hasMore ? <Link to={pageHref(page + 1)}>{t("admin.next")}</Link> : null}
      </nav>
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
