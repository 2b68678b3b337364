/**
 * /institutions/:id/edit — the institution's administrators edit its
 * description, website and declared topics (intent `save`: one transaction
 * with the search outbox) and its members (`add-member` emails an invitation
 * that the address's owner accepts at /accept-invitation — the same answer
 * whether or not the address has an account, and throttled like other mail;
 * `remove-member`, `set-role`; audited), and its name variants with a
 * language code (`add-name`, `remove-name`: names added here, searched like
 * ROR's labels; ROR's and the curated names are listed, not removable). The
 * secretariat may keep the names of any institution (only those: the rest of
 * the page is for the institution's administrators). Anyone else gets 403,
 * anonymous visitors are sent to sign in. The topic picker works without JavaScript: its
 * "Search" button sends the typed fields along as GET, and they are kept.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import {
  ALREADY_MEMBER_MESSAGE,
  DUPLICATE_NAME_MESSAGE,
  LAST_ADMIN_MESSAGE,
  TOO_MANY_NAMES_MESSAGE,
  addInstitutionName,
  getInstitutionForEdit,
  invitationSentMessage,
  inviteInstitutionMember,
  listInstitutionNames,
  listOpenInvitations,
  removeInstitutionName,
  removeMember,
  setMemberRole,
  updateInstitutionDetails,
} from "~/features/institutions/institution-admin.server";
import { lookupTopics } from "~/features/institutions/registration.server";
import { topicsByIds } from "~/features/topics/topics.server";
import { MAX_DECLARED_TOPICS } from "~/domain/institution-limits";
import { requireInstitutionAdminOrRole } from "~/features/accounts/permissions.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { consumeRateLimit } from "~/utils/rate-limit.server";
import { clientAddress, linkOrigin } from "~/utils/request.server";
import { idField, listOf, requireIdParam, text } from "~/utils/input";
import { LANGUAGE_CODE_MESSAGE, isLanguageCode, languageName } from "~/domain/language";
import { redirectWithToast } from "~/utils/toast.server";
import { retryAfterHeaders } from "~/utils/headers";
import { INSTITUTION_ROLES, normalizeEmail } from "~/features/accounts/user-validation";
import { ErrorList, Field, QueryIssues, FORM_VALIDATION } from "~/components/forms";
import { echoQuerySchema, parseSearchParams } from "~/utils/search-params";
import { TopicPicker } from "~/components/pickers";
import { ScrollBox } from "~/components/scroll-box";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const intent = <T extends string>(name: T) => z.literal(name, { errorMap: () => ({ message: "Unknown action." }) });
const role = z.enum(INSTITUTION_ROLES, { errorMap: () => ({ message: "Choose admin or member." }) });
const userId = text({ required_error: "Choose a member." }).max(100);

/** A name variant added on this page: the name as written, its language, and whether it is a short form. */
const AddNameSchema = z.object({
  intent: intent("add-name"),
  name: text({ required_error: "Enter the name." }).trim().min(2, "At least 2 characters.").max(200, "At most 200 characters."),
  lang: text({ required_error: LANGUAGE_CODE_MESSAGE })
    .trim()
    .transform((s) => s.toLowerCase())
    .refine(isLanguageCode, LANGUAGE_CODE_MESSAGE),
  kind: z.enum(["label", "short"], { errorMap: () => ({ message: "Choose a full name or a short form." }) }),
});

const SaveSchema = z.object({
  intent: intent("save"),
  description: text().trim().max(5000, "At most 5,000 characters.").optional().transform((s) => s ?? ""),
  website: text()
    .trim()
    .max(500, "At most 500 characters.")
    .refine((s) => {
      try {
        const u = new URL(s);
        return (u.protocol === "http:" || u.protocol === "https:") && Boolean(u.hostname);
      } catch {
        return false;
      }
    }, "Enter a web address starting with http:// or https://, or leave it empty.")
    .optional()
    .transform((s) => s ?? null),
  topicIds: listOf(text().regex(/^T\d{1,8}$/, "Choose topics from the list."), { max: MAX_DECLARED_TOPICS, tooMany: `At most ${MAX_DECLARED_TOPICS} topics.` })
    .optional()
    .transform((a) => a ?? []),
});

/** The page's forms, told apart by `intent`. */
export const formSchema = z.discriminatedUnion(
  "intent",
  [
    SaveSchema,
    z.object({
      intent: intent("add-member"),
      email: text({ required_error: "Enter the email address of their account." }).trim().max(254).email("Enter an email address."),
      role,
    }),
    z.object({ intent: intent("remove-member"), userId }),
    z.object({ intent: intent("set-role"), userId, role }),
    AddNameSchema,
    z.object({ intent: intent("remove-name"), nameId: idField("Choose a name from the list.") }),
  ],
  { errorMap: () => ({ message: "Unknown action." }) },
);

/** GET: the topic picker's search text and, after a no-JavaScript "Search", the typed fields. */
export const querySchema = echoQuerySchema(["topicQuery", "description", "website"], ["topicIds"]);

/** Form values as strings, the shape Conform's defaultValue takes. */
interface Draft {
  description: string;
  website: string;
  topicIds: string[];
}

function idOf(params: LoaderFunctionArgs["params"]): number {
  return requireIdParam(params.id, "No institution has that id.");
}

/** Intents the secretariat may use on an institution it does not administer. */
const NAME_INTENTS: ReadonlySet<string> = new Set(["add-name", "remove-name"]);

/** Topics behind chosen ids, for the picker (unknown ids left out). */
function chosenTopics(ids: string[]) {
  return topicsByIds(getDb(), ids.filter((t) => /^T\d{1,8}$/.test(t)).slice(0, 50));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idOf(params);
  const { isAdmin } = await requireInstitutionAdminOrRole(request, id, "secretariat");
  const db = getDb();
  const institution = await getInstitutionForEdit(db, id);
  invariantResponse(institution, "No institution has that id.", 404);
  const sp = new URL(request.url).searchParams;
  const parsed = parseSearchParams(querySchema, sp, ["topicIds"]);
  const issues = parsed.ok ? [] : parsed.issues;
  const topicQuery = (sp.get("topicQuery") ?? "").slice(0, 100);
  // After a no-JavaScript "Search", the typed fields come along in the query.
  const draft: Draft = sp.has("description")
    ? {
        description: (sp.get("description") ?? "").slice(0, 6000),
        website: (sp.get("website") ?? "").slice(0, 600),
        topicIds: sp.getAll("topicIds").slice(0, 50).map((t) => t.slice(0, 20)),
      }
    : { description: institution.description ?? "", website: institution.website ?? "", topicIds: institution.topics.map((t) => t.id) };
  // A parameter at fault (e.g. U+0000 in the search text) is named on the page and searched for with nothing.
  const [chosen, topicOptions, invitations, names] = await Promise.all([
    chosenTopics(draft.topicIds),
    lookupTopics(db, issues.length ? "" : topicQuery),
    isAdmin ? listOpenInvitations(db, id) : Promise.resolve([]),
    listInstitutionNames(db, id),
  ]);
  return json(
    {
      institution: { id: institution.id, name: institution.name },
      isAdmin,
      // Members and their addresses are for the institution's administrators only.
      members: isAdmin ? institution.members : [],
      invitations,
      names: names.map((n) => ({ ...n, languageName: languageName(n.lang) })),
      draft,
      chosen,
      topicQuery,
      topicOptions,
      issues,
    },
    { status: issues.length ? 400 : 200 },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = idOf(params);
  const { user, isAdmin } = await requireInstitutionAdminOrRole(request, id, "secretariat");
  const db = getDb();
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: formSchema });
  const sentIntent = String(formData.get("intent") ?? "");
  const chosen = await chosenTopics(formData.getAll("topicIds").map(String));
  const fail = (reply: ReturnType<typeof submission.reply>) => json({ intent: sentIntent, result: reply, chosen }, { status: 400 });
  if (submission.status !== "success") return fail(submission.reply());
  const v = submission.value;
  if (!isAdmin && !NAME_INTENTS.has(v.intent)) {
    throw new Response("Only administrators of this institution may do that.", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const editUrl = `/institutions/${id}/edit`;
  switch (v.intent) {
    case "save": {
      if (chosen.length !== new Set(v.topicIds).size) {
        return fail(submission.reply({ fieldErrors: { topicIds: ["Choose topics from the list."] } }));
      }
      const ok = await updateInstitutionDetails(db, id, { description: v.description, website: v.website, topicIds: v.topicIds });
      invariantResponse(ok, "No institution has that id.", 404);
      return redirectWithToast(`/institutions/${id}`, { kind: "success", message: "The institution is saved. Search shows the change within a few seconds." });
    }
    case "add-member": {
      // Each invitation emails the address: throttled per address and per client like the other mail.
      await consumeRateLimit("mail", { ip: clientAddress(context), account: normalizeEmail(v.email) });
      const r = await inviteInstitutionMember(db, { actorId: user.id, institutionId: id, email: v.email, role: v.role }, linkOrigin(request));
      if (r === "already-member") return fail(submission.reply({ fieldErrors: { email: [ALREADY_MEMBER_MESSAGE] } }));
      return redirectWithToast(editUrl, { kind: "info", message: invitationSentMessage(normalizeEmail(v.email)) });
    }
    case "remove-member": {
      const r = await removeMember(db, { actorId: user.id, institutionId: id, userId: v.userId });
      if (r === "last-admin") return fail(submission.reply({ formErrors: [LAST_ADMIN_MESSAGE] }));
      if (r === "not-a-member") return fail(submission.reply({ formErrors: ["That person is not a member."] }));
      return redirectWithToast(editUrl, { kind: "success", message: "The member is removed." });
    }
    case "set-role": {
      const r = await setMemberRole(db, { actorId: user.id, institutionId: id, userId: v.userId, role: v.role });
      if (r === "last-admin") return fail(submission.reply({ formErrors: [LAST_ADMIN_MESSAGE] }));
      if (r === "not-a-member") return fail(submission.reply({ formErrors: ["That person is not a member."] }));
      return redirectWithToast(editUrl, { kind: r === "done" ? "success" : "info", message: r === "done" ? "The role is changed." : "Nothing changed." });
    }
    case "add-name": {
      const r = await addInstitutionName(db, { institutionId: id, actorId: user.id, name: v.name, lang: v.lang, kind: v.kind });
      invariantResponse(r !== "not-found", "No institution has that id.", 404);
      if (r === "duplicate") return fail(submission.reply({ fieldErrors: { name: [DUPLICATE_NAME_MESSAGE] } }));
      if (r === "too-many") return fail(submission.reply({ fieldErrors: { name: [TOO_MANY_NAMES_MESSAGE] } }));
      return redirectWithToast(`${editUrl}#names-h`, { kind: "success", message: "The name is added. Search finds the institution by it within a few seconds." });
    }
    case "remove-name": {
      const r = await removeInstitutionName(db, { institutionId: id, nameId: v.nameId });
      if (r === "not-found") return fail(submission.reply({ formErrors: ["That name is not one added here: choose one from the list."] }));
      return redirectWithToast(`${editUrl}#names-h`, { kind: "success", message: "The name is removed." });
    }
  }
}

const SOURCE_LABELS: Record<string, string> = { ror: "ROR", curated: "Curated list", admin: "Added here" };
const KIND_LABELS: Record<string, string> = { label: "Name", alias: "Other name", short: "Short form" };

export default function EditInstitutionPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const chosen = actionData?.intent === "save" ? actionData.chosen : data.chosen;
  const [form, fields] = useForm({
    id: "institution-edit",
    lastResult: actionData?.intent === "save" ? actionData.result : undefined,
    defaultValue: data.draft,
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SaveSchema }),
  });
  const [addForm, addFields] = useForm({
    id: "add-member",
    lastResult: actionData?.intent === "add-member" ? actionData.result : undefined,
    defaultValue: { email: "", role: "member" },
  });
  const [nameForm, nameFields] = useForm({
    id: "add-name",
    lastResult: actionData?.intent === "add-name" ? actionData.result : undefined,
    defaultValue: { name: "", lang: "", kind: "label" },
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddNameSchema }),
  });
  const nameKind = String(nameFields.kind.initialValue ?? "label");
  const removeNameErrors = actionData?.intent === "remove-name" ? actionData.result.error?.[""] : undefined;
  const memberErrors = actionData?.intent === "remove-member" || actionData?.intent === "set-role" ? actionData.result.error?.[""] : undefined;
  const addRole = String(addFields.role.initialValue ?? "member");
  return (
    <section className="wide">
      <p className="meta">
        <Link to={`/institutions/${data.institution.id}`}>{data.institution.name}</Link> › Edit
      </p>
      <h1>Edit {data.institution.name}</h1>
      <QueryIssues issues={data.issues} />
      {data.isAdmin ? (
          <>
          <Form method="post" action={`/institutions/${data.institution.id}/edit`} {...getFormProps(form)} className="stack">
            <input type="hidden" name="intent" value="save" />
            <div className="field">
              <label htmlFor={fields.description.id}>Description</label>
              <textarea {...getTextareaProps(fields.description)} key={fields.description.key} rows={8} maxLength={5000} dir="auto" />
              <ErrorList id={fields.description.errorId} errors={fields.description.errors} />
            </div>
            <div className="field">
              <label htmlFor={fields.website.id}>Website</label>
              <input {...getInputProps(fields.website, { type: "url" })} key={fields.website.key} placeholder="https://" />
              <ErrorList id={fields.website.errorId} errors={fields.website.errors} />
            </div>
            <TopicPicker
              name="topicIds"
              queryName="topicQuery"
              legend={`Research topics (at most ${MAX_DECLARED_TOPICS})`}
              initialQuery={data.topicQuery}
              selected={chosen}
              options={data.topicOptions}
              errors={fields.topicIds.errors}
              errorId={fields.topicIds.errorId}
            />
            <ErrorList id={form.errorId} errors={form.errors} />
            {form.status === "error" ? <p className="field-error" role="alert">Some answers need a correction: see the messages above.</p> : null}
            <button type="submit" disabled={busy}>Save institution</button>
          </Form>

          <h2 id="members-h">Members</h2>
          <ErrorList id="member-errors" errors={memberErrors} />
          <ScrollBox label="Members">
          <table aria-labelledby="members-h">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Change</th></tr>
            </thead>
            <tbody>
              {data.members.map((m) => (
                <tr key={m.id}>
                  <td>{m.displayName}</td>
                  <td>{m.email}</td>
                  <td>{m.role === "admin" ? "Administrator" : "Member"}</td>
                  <td>
                    <Form method="post" style={{ display: "inline" }}>
                      <input type="hidden" name="intent" value="set-role" />
                      <input type="hidden" name="userId" value={m.id} />
                      <input type="hidden" name="role" value={m.role === "admin" ? "member" : "admin"} />
                      <button type="submit" className="secondary" disabled={busy}>{m.role === "admin" ? "Make member" : "Make administrator"}</button>
                    </Form>{" "}
                    <Form method="post" style={{ display: "inline" }}>
                      <input type="hidden" name="intent" value="remove-member" />
                      <input type="hidden" name="userId" value={m.id} />
                      <button type="submit" className="secondary" disabled={busy}>Remove</button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </ScrollBox>

          {data.invitations.length ? (
            <>
              <h3 id="invitations-h">Invitations waiting for an answer</h3>
              <ul aria-labelledby="invitations-h">
                {data.invitations.map((i) => (
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
            <button type="submit" disabled={busy}>Send invitation</button>
          </Form>
          </>
      ) : (
        <p className="meta">As the secretariat you keep this institution's names here; its administrators edit the rest.</p>
      )}

      <h2 id="names-h">Names</h2>
      <p className="meta">
        Search finds the institution by each of these names. Add the names people type — its name in another language, or a
        short form such as an abbreviation — with the language they are written in. Names from ROR and from the project's
        curated list come back with each import, so only names added here can be removed.
      </p>
      <ErrorList id="name-errors" errors={removeNameErrors} />
      <ScrollBox label="Names">
      <table aria-labelledby="names-h">
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Language</th><th scope="col">Kind</th><th scope="col">From</th><th scope="col">Change</th></tr>
        </thead>
        <tbody>
          {data.names.map((n) => (
            <tr key={n.id}>
              <td dir="auto" lang={n.lang ?? undefined}>{n.name}</td>
              <td>{n.lang ? `${n.languageName} (${n.lang})` : "—"}</td>
              <td>{KIND_LABELS[n.kind] ?? n.kind}</td>
              <td>{SOURCE_LABELS[n.source] ?? n.source}</td>
              <td>
                {n.source === "admin" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove-name" />
                    <input type="hidden" name="nameId" value={n.id} />
                    <button type="submit" className="secondary" disabled={busy} aria-label={`Remove ${n.name}`}>Remove</button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </ScrollBox>

      <h3>Add a name</h3>
      <Form method="post" {...getFormProps(nameForm)} className="stack">
        <input type="hidden" name="intent" value="add-name" />
        <div className="field">
          <label htmlFor={nameFields.name.id}>Name</label>
          <input {...getInputProps(nameFields.name, { type: "text" })} key={nameFields.name.key} dir="auto" maxLength={200} />
          <ErrorList id={nameFields.name.errorId} errors={nameFields.name.errors} />
        </div>
        <Field meta={nameFields.lang} label="Language code" help="Two letters (ISO 639-1): fa Persian, ps Pashto, tg Tajik, kk Kazakh, ky Kyrgyz, uz Uzbek, tk Turkmen, az Azerbaijani, tr Turkish, ur Urdu, ru Russian, en English." />
        <fieldset className="picker" key={`kind-${nameFields.kind.key ?? ""}`}>
          <legend>Kind</legend>
          <div className="checks">
            <label>
              <input type="radio" name={nameFields.kind.name} value="label" defaultChecked={nameKind !== "short"} /> Full name
            </label>
            <label>
              <input type="radio" name={nameFields.kind.name} value="short" defaultChecked={nameKind === "short"} /> Short form or abbreviation
            </label>
          </div>
          <ErrorList id={nameFields.kind.errorId} errors={nameFields.kind.errors} />
        </fieldset>
        <ErrorList id={nameForm.errorId} errors={nameForm.errors} />
        <button type="submit" disabled={busy}>Add name</button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit ${data.institution.name} — ECO ICT Research Network` : "Edit institution — ECO ICT Research Network" },
];

export const headers = retryAfterHeaders;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
