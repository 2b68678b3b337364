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
 * "Search" button posts the form (`intent=search:topicQuery`), which saves
 * nothing and comes back with the matches and the typed fields kept.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
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
import { lookupTopics } from "~/features/topics/topics.server";
import { topicsByIds } from "~/features/topics/topics.server";
import { MAX_DECLARED_TOPICS } from "~/domain/institution-limits";
import { requireInstitutionAdminOrRole } from "~/features/accounts/permissions.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { consumeRateLimit } from "~/utils/rate-limit.server";
import { clientAddress, linkOrigin } from "~/utils/request.server";
import { requireIdParam } from "~/utils/input";
import { languageName } from "~/domain/language";
import { redirectWithToast } from "~/utils/toast.server";
import { retryAfterHeaders } from "~/utils/headers";
import { normalizeEmail } from "~/features/accounts/user-validation";
import { institutionEditSchema, saveInstitutionSchema } from "~/features/institutions/institution-edit-schema";
import { ErrorList, QueryIssues, FORM_VALIDATION } from "~/components/forms";
import { parseSearchParams, pickerQuerySchema } from "~/utils/search-params";
import { formFields, pickerSearch } from "~/utils/picker-search";
import { DefaultSubmit, TopicPicker } from "~/components/pickers";
import { InstitutionMembers } from "~/components/institution-members";
import { InstitutionNames } from "~/components/institution-names";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { isTopicId } from "~/domain/identifiers";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { msg } from "~/i18n/message";
import { formatDay } from "~/i18n/dates";

/** `accounts` for the sign-in and mail throttles (app/utils/rate-limit.server.ts), whose 429 shows in this page's error boundary. */
export const handle = { i18n: ["institutions", "matching", "accounts"] };

const NOT_FOUND = msg("institutions:errors.notFound");
const NOT_A_MEMBER = msg("institutions:edit.notAMember");

/** The page's forms, told apart by `intent` (institution-edit-schema.ts). */
export const formSchema = institutionEditSchema;

/** GET: the topic picker's search text only (a link may carry it; the form's fields never come from a URL). */
export const querySchema = pickerQuerySchema(["topicQuery"]);

/** Form values as strings, the shape Conform's defaultValue takes. */
interface Draft {
  description: string;
  website: string;
  topicIds: string[];
}

/** The form values a picker's no-JavaScript "Search" (POST) sent, to show again. */
function draftFromForm(sp: URLSearchParams): Draft {
  return {
    description: (sp.get("description") ?? "").slice(0, 6000),
    website: (sp.get("website") ?? "").slice(0, 600),
    topicIds: sp
      .getAll("topicIds")
      .slice(0, 50)
      .map((t) => t.slice(0, 20)),
  };
}

function idOf(params: LoaderFunctionArgs["params"]): number {
  return requireIdParam(params.id, NOT_FOUND);
}

/** Intents the secretariat may use on an institution it does not administer. */
const NAME_INTENTS: ReadonlySet<string> = new Set(["add-name", "remove-name"]);

/** Topics behind chosen ids, for the picker (unknown ids left out). */
function chosenTopics(ids: string[]) {
  return topicsByIds(getDb(), ids.filter(isTopicId).slice(0, 50));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idOf(params);
  const { isAdmin } = await requireInstitutionAdminOrRole(request, id, "secretariat");
  const db = getDb();
  const lng = await requestLanguage(request);
  const institution = await getInstitutionForEdit(db, id);
  invariantResponse(institution, NOT_FOUND, 404);
  const t = serverT(lng, ["institutions", "common"]);
  const sp = new URL(request.url).searchParams;
  const parsed = parseSearchParams(querySchema, sp, []);
  const issues = parsed.ok ? [] : parsed.issues;
  const topicQuery = (sp.get("topicQuery") ?? "").slice(0, 100);
  const draft: Draft = { description: institution.description ?? "", website: institution.website ?? "", topicIds: institution.topics.map((t) => t.id) };
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
      title: pageTitle(t, "titles.edit", { name: institution.name }),
      isAdmin,
      // Members and their addresses are for the institution's administrators only.
      members: isAdmin ? institution.members : [],
      // The day in the viewer's calendar (Solar Hijri in Persian); English keeps the ISO day it always showed.
      invitations: invitations.map((i) => {
        const day = new Date(i.expiresAt).toISOString().slice(0, 10);
        return { ...i, expiresOn: lng === "en" ? day : formatDay(day, lng) };
      }),
      names: names.map((n) => ({ ...n, languageName: languageName(n.lang, lng) })),
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
  const chosen = await chosenTopics(formData.getAll("topicIds").map(String));
  if (isAdmin) {
    // The topic picker is on the administrators' form only.
    const search = await pickerSearch(formData, { topicQuery: (q) => lookupTopics(db, q) });
    if (search) return json({ intent: "search" as const, search, draft: draftFromForm(formFields(formData)), chosen });
  }
  const submission = parseWithZod(formData, { schema: formSchema });
  const sentIntent = String(formData.get("intent") ?? "");
  const fail = (reply: ReturnType<typeof submission.reply>) => json({ intent: sentIntent, result: reply, chosen }, { status: 400 });
  if (submission.status !== "success") return fail(submission.reply());
  const v = submission.value;
  if (!isAdmin && !NAME_INTENTS.has(v.intent)) {
    throw new Response(msg("institutions:edit.adminsOnly"), { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const editUrl = `/institutions/${id}/edit`;
  switch (v.intent) {
    case "save": {
      if (chosen.length !== new Set(v.topicIds).size) {
        return fail(submission.reply({ fieldErrors: { topicIds: [msg("institutions:errors.topicsChoose")] } }));
      }
      const ok = await updateInstitutionDetails(db, id, { description: v.description, website: v.website, topicIds: v.topicIds });
      invariantResponse(ok, NOT_FOUND, 404);
      return redirectWithToast(`/institutions/${id}`, { kind: "success", message: msg("institutions:edit.saved") });
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
      if (r === "not-a-member") return fail(submission.reply({ formErrors: [NOT_A_MEMBER] }));
      return redirectWithToast(editUrl, { kind: "success", message: msg("institutions:edit.memberRemoved") });
    }
    case "set-role": {
      const r = await setMemberRole(db, { actorId: user.id, institutionId: id, userId: v.userId, role: v.role });
      if (r === "last-admin") return fail(submission.reply({ formErrors: [LAST_ADMIN_MESSAGE] }));
      if (r === "not-a-member") return fail(submission.reply({ formErrors: [NOT_A_MEMBER] }));
      return redirectWithToast(editUrl, {
        kind: r === "done" ? "success" : "info",
        message: msg(r === "done" ? "institutions:edit.roleChanged" : "institutions:edit.nothingChanged"),
      });
    }
    case "add-name": {
      const r = await addInstitutionName(db, { institutionId: id, actorId: user.id, name: v.name, lang: v.lang, kind: v.kind });
      invariantResponse(r !== "not-found", NOT_FOUND, 404);
      if (r === "duplicate") return fail(submission.reply({ fieldErrors: { name: [DUPLICATE_NAME_MESSAGE] } }));
      if (r === "too-many") return fail(submission.reply({ fieldErrors: { name: [TOO_MANY_NAMES_MESSAGE] } }));
      return redirectWithToast(`${editUrl}#names-h`, {
        kind: "success",
        message: msg("institutions:names.added"),
      });
    }
    case "remove-name": {
      const r = await removeInstitutionName(db, { institutionId: id, nameId: v.nameId });
      if (r === "not-found") return fail(submission.reply({ formErrors: [msg("institutions:names.notRemovable")] }));
      return redirectWithToast(`${editUrl}#names-h`, { kind: "success", message: msg("institutions:names.removed") });
    }
  }
}

export default function EditInstitutionPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { t } = useTranslation("institutions");
  const search = actionData?.intent === "search" ? actionData : null;
  const chosen = actionData?.intent === "save" || actionData?.intent === "search" ? actionData.chosen : data.chosen;
  const [form, fields] = useForm({
    id: "institution-edit",
    lastResult: actionData?.intent === "save" && "result" in actionData ? actionData.result : undefined,
    defaultValue: search?.draft ?? data.draft,
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: saveInstitutionSchema }),
  });
  const removeNameErrors = actionData?.intent === "remove-name" ? actionData.result.error?.[""] : undefined;
  const memberErrors = actionData?.intent === "remove-member" || actionData?.intent === "set-role" ? actionData.result.error?.[""] : undefined;
  return (
    <section className="wide">
      <p className="meta">
        <Link to={`/institutions/${data.institution.id}`}>{data.institution.name}</Link> › {t("edit.crumb")}
      </p>
      <h1>{t("edit.title", { name: data.institution.name })}</h1>
      <QueryIssues issues={data.issues} />
      {data.isAdmin ? (
        <>
          <Form method="post" action={`/institutions/${data.institution.id}/edit`} {...getFormProps(form)} className="stack">
            <DefaultSubmit />
            <input type="hidden" name="intent" value="save" />
            <div className="field">
              <label htmlFor={fields.description.id}>{t("edit.description")}</label>
              <textarea {...getTextareaProps(fields.description)} key={fields.description.key} rows={8} maxLength={5000} dir="auto" />
              <ErrorList id={fields.description.errorId} errors={fields.description.errors} />
            </div>
            <div className="field">
              <label htmlFor={fields.website.id}>{t("edit.website")}</label>
              <input {...getInputProps(fields.website, { type: "url" })} key={fields.website.key} placeholder={t("edit.websitePlaceholder")} />
              <ErrorList id={fields.website.errorId} errors={fields.website.errors} />
            </div>
            <TopicPicker
              name="topicIds"
              queryName="topicQuery"
              legend={t("edit.topicsLegend", { max: MAX_DECLARED_TOPICS })}
              initialQuery={data.topicQuery}
              selected={chosen}
              options={data.topicOptions}
              errors={fields.topicIds.errors}
              errorId={fields.topicIds.errorId}
              search={search?.search}
            />
            <ErrorList id={form.errorId} errors={form.errors} />
            {form.status === "error" ? (
              <p className="field-error" role="alert">
                {t("edit.needsCorrection")}
              </p>
            ) : null}
            <button type="submit" disabled={busy}>
              {t("edit.save")}
            </button>
          </Form>

          <InstitutionMembers
            members={data.members}
            invitations={data.invitations}
            memberErrors={memberErrors}
            addMemberResult={actionData?.intent === "add-member" ? actionData.result : undefined}
            busy={busy}
          />
        </>
      ) : (
        <p className="meta">{t("edit.secretariatNote")}</p>
      )}

      <InstitutionNames
        names={data.names}
        removeErrors={removeNameErrors}
        addNameResult={actionData?.intent === "add-name" ? actionData.result : undefined}
        busy={busy}
      />
    </section>
  );
}

export const meta = titleMeta;

export const headers = retryAfterHeaders;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
