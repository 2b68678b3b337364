/**
 * The members part of /institutions/:id/edit (administrators only): the
 * members table with "make administrator/member" and "remove" buttons, the
 * invitations still waiting for an answer, and the "Add a member" form that
 * emails an invitation. Every button posts to the page's action (intents
 * `set-role`, `remove-member`, `add-member`); works without JavaScript.
 */
import { Form } from "@remix-run/react";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { ErrorList, Field } from "~/components/forms";
import { ScrollBox } from "~/components/scroll-box";
import { INSTITUTION_ROLES } from "~/domain/roles";
import { Trans, useTranslation } from "react-i18next";

export interface MemberRow {
  id: string;
  displayName: string;
  email: string;
  role: string;
}

export interface InvitationRow {
  email: string;
  role: string;
  /** ISO 8601. */
  expiresAt: string;
  /** The day it expires in the viewer's language (formatted by the loader with formatDay). */
  expiresOn?: string;
}

/**
 * @param memberErrors form-level errors of the last set-role / remove-member post
 * @param addMemberResult the last add-member submission result (field errors at email and role)
 */
export function InstitutionMembers({
  members,
  invitations,
  memberErrors,
  addMemberResult,
  busy,
}: {
  members: MemberRow[];
  invitations: InvitationRow[];
  memberErrors: string[] | undefined;
  addMemberResult: SubmissionResult<string[]> | undefined;
  busy: boolean;
}) {
  const [addForm, addFields] = useForm({
    id: "add-member",
    lastResult: addMemberResult,
    defaultValue: { email: "", role: "member" },
  });
  const addRole = String(addFields.role.initialValue ?? "member");
  const { t } = useTranslation("institutions");
  const roleLabel = (role: string) => t(role === "admin" ? "members.admin" : "members.member");
  return (
    <>
      <h2 id="members-h">{t("members.title")}</h2>
      <ErrorList id="member-errors" errors={memberErrors} />
      <ScrollBox label={t("members.title")}>
        <table aria-labelledby="members-h">
          <thead>
            <tr>
              <th scope="col">{t("members.name")}</th>
              <th scope="col">{t("members.email")}</th>
              <th scope="col">{t("members.role")}</th>
              <th scope="col">{t("members.change")}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{m.displayName}</td>
                <td dir="ltr">{m.email}</td>
                <td>{roleLabel(m.role)}</td>
                <td>
                  <Form method="post" style={{ display: "inline" }}>
                    <input type="hidden" name="intent" value="set-role" />
                    <input type="hidden" name="userId" value={m.id} />
                    <input type="hidden" name="role" value={m.role === "admin" ? "member" : "admin"} />
                    <button type="submit" className="secondary" disabled={busy}>
                      {t(m.role === "admin" ? "members.makeMember" : "members.makeAdmin")}
                    </button>
                  </Form>{" "}
                  <Form method="post" style={{ display: "inline" }}>
                    <input type="hidden" name="intent" value="remove-member" />
                    <input type="hidden" name="userId" value={m.id} />
                    <button type="submit" className="secondary" disabled={busy}>
                      {t("members.remove")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>

      {invitations.length ? (
        <>
          <h3 id="invitations-h">{t("members.invitations")}</h3>
          <ul aria-labelledby="invitations-h">
            {invitations.map((i) => (
              <li key={i.email}>
                <Trans
                  t={t}
                  i18nKey={i.role === "admin" ? "members.invitationAdmin" : "members.invitationMember"}
                  values={{ email: i.email, until: i.expiresOn ?? i.expiresAt.slice(0, 10) }}
                  components={{ email: <bdi /> }}
                />
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h3>{t("members.addTitle")}</h3>
      <p className="meta">{t("members.addHelp")}</p>
      <Form method="post" {...getFormProps(addForm)} className="stack">
        <input type="hidden" name="intent" value="add-member" />
        <Field meta={addFields.email} label={t("members.theirEmail")} type="email" autoComplete="off" />
        <fieldset className="picker" key={`role-${addFields.role.key ?? ""}`}>
          <legend>{t("members.role")}</legend>
          <div className="checks">
            {INSTITUTION_ROLES.map((r) => (
              <label key={r}>
                <input type="radio" name={addFields.role.name} value={r} defaultChecked={addRole === r} /> {roleLabel(r)}
              </label>
            ))}
          </div>
          <ErrorList id={addFields.role.errorId} errors={addFields.role.errors} />
        </fieldset>
        <button type="submit" disabled={busy}>
          {t("members.send")}
        </button>
      </Form>
    </>
  );
}
