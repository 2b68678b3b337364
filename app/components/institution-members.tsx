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
  return (
    <>
      <h2 id="members-h">Members</h2>
      <ErrorList id="member-errors" errors={memberErrors} />
      <ScrollBox label="Members">
        <table aria-labelledby="members-h">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{m.displayName}</td>
                <td>{m.email}</td>
                <td>{m.role === "admin" ? "Administrator" : "Member"}</td>
                <td>
                  <Form method="post" style={{ display: "inline" }}>
                    <input type="hidden" name="intent" value="set-role" />
                    <input type="hidden" name="userId" value={m.id} />
                    <input type="hidden" name="role" value={m.role === "admin" ? "member" : "admin"} />
                    <button type="submit" className="secondary" disabled={busy}>
                      {m.role === "admin" ? "Make member" : "Make administrator"}
                    </button>
                  </Form>{" "}
                  <Form method="post" style={{ display: "inline" }}>
                    <input type="hidden" name="intent" value="remove-member" />
                    <input type="hidden" name="userId" value={m.id} />
                    <button type="submit" className="secondary" disabled={busy}>
                      Remove
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
          <h3 id="invitations-h">Invitations waiting for an answer</h3>
          <ul aria-labelledby="invitations-h">
            {invitations.map((i) => (
              <li key={i.email}>
                {i.email} — {i.role === "admin" ? "administrator" : "member"}, until {i.expiresAt.slice(0, 10)}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h3>Add a member</h3>
      <p className="meta">We email them an invitation; they join when they accept it, signed in with that address.</p>
      <Form method="post" {...getFormProps(addForm)} className="stack">
        <input type="hidden" name="intent" value="add-member" />
        <Field meta={addFields.email} label="Their email address" type="email" autoComplete="off" />
        <fieldset className="picker" key={`role-${addFields.role.key ?? ""}`}>
          <legend>Role</legend>
          <div className="checks">
            {INSTITUTION_ROLES.map((r) => (
              <label key={r}>
                <input type="radio" name={addFields.role.name} value={r} defaultChecked={addRole === r} /> {r === "admin" ? "Administrator" : "Member"}
              </label>
            ))}
          </div>
          <ErrorList id={addFields.role.errorId} errors={addFields.role.errors} />
        </fieldset>
        <button type="submit" disabled={busy}>
          Send invitation
        </button>
      </Form>
    </>
  );
}
