/**
 * /join-requests/new — a signed-in user asks to join a verified institution
 * as a member (issue 14, item 3), choosing it by name with the institution
 * picker (`?institution=<id>` preselects one, e.g. from its page). Its admins
 * (or the secretariat, when it has none) are notified and decide on
 * /join-requests. Without JavaScript the picker's "Search" posts the form
 * (`intent=search:institutionQuery`): nothing is sent, the page comes back
 * with the matches and the message typed (never put in a URL).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { idField, text } from "~/utils/input";
import { linkOrigin } from "~/utils/request.server";
import { parseSearchParams, pickerQuerySchema } from "~/utils/search-params";
import { pickerSearch } from "~/utils/picker-search";
import { redirectWithToast } from "~/utils/toast.server";
import { lookupVerifiedInstitutions, verifiedInstitutionByRawId } from "~/features/institutions/institution-lookup.server";
import { requestToJoin } from "~/features/institutions/join-request.server";
import { ErrorList, QueryIssues } from "~/components/forms";
import { DefaultSubmit, InstitutionPicker } from "~/components/pickers";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { msg } from "~/i18n/message";

export const handle = { i18n: ["institutions", "matching"] };

const CHOOSE = msg("institutions:joinNew.choose");

/** The request: the institution (a verified one, by id from the picker) and an optional message to its admins. */
export const formSchema = z.object({
  institutionId: idField(CHOOSE),
  message: text()
    .trim()
    .max(2000, msg("institutions:errors.tooLong", { max: 2000 }))
    .optional(),
});

/** GET: `institution` preselects one (links from its page); a link may carry the picker's text. */
export const querySchema = pickerQuerySchema(["institution", "institutionQuery", "call"]);

const institutionOption = (raw: unknown) => verifiedInstitutionByRawId(getDb(), raw);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const t = serverT(await requestLanguage(request), ["institutions", "common"]);
  const title = pageTitle(t, "titles.joinNew");
  const sp = new URL(request.url).searchParams;
  const parsed = parseSearchParams(querySchema, sp, []);
  const issues = parsed.ok ? [] : parsed.issues;
  const institutionQuery = issues.length ? "" : (sp.get("institutionQuery") ?? "").slice(0, 100);
  const [selected, options] = await Promise.all([
    institutionOption(issues.length ? null : sp.get("institution")),
    lookupVerifiedInstitutions(getDb(), institutionQuery),
  ]);
  return json({ selected, options, institutionQuery, issues, title }, { status: issues.length ? 400 : 200 });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const selected = await institutionOption(formData.get("institutionId"));
  const search = await pickerSearch(formData, { institutionQuery: (q) => lookupVerifiedInstitutions(getDb(), q) });
  if (search) {
    const message = formData.get("message");
    return json({ search, selected, message: typeof message === "string" ? message.slice(0, 2000) : "" });
  }
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), selected }, { status: 400 });
  const { institutionId, message } = submission.value;
  const r = await requestToJoin(getDb(), { userId: user.id, institutionId, message: message ?? "" }, linkOrigin(request));
  if (r === "not-found") {
    return json({ result: submission.reply({ fieldErrors: { institutionId: [CHOOSE] } }), selected: null }, { status: 400 });
  }
  if (r === "already-member") {
    return redirectWithToast(`/institutions/${institutionId}`, { kind: "info", message: msg("institutions:joinNew.alreadyMember") });
  }
  return redirectWithToast("/join-requests", {
    kind: r === "created" ? "success" : "info",
    message: r === "created" ? msg("institutions:joinNew.sent") : msg("institutions:joinNew.alreadyWaiting"),
  });
}

export default function NewJoinRequestPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("institutions");
  const search = actionData && "search" in actionData ? actionData : null;
  const [form, fields] = useForm({
    id: "join-request",
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    defaultValue: { message: search?.message ?? "" },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: formSchema }),
  });
  return (
    <section className="wide">
      <h1>{t("joinNew.title")}</h1>
      <p className="meta">
        <Trans t={t} i18nKey="joinNew.intro" components={{ link: <Link to="/institutions/new" /> }} />
      </p>
      <QueryIssues issues={data.issues} />
      <Form method="post" action="/join-requests/new" {...getFormProps(form)} className="stack">
        <DefaultSubmit />
        <InstitutionPicker
          name="institutionId"
          queryName="institutionQuery"
          legend={t("joinNew.yourInstitution")}
          initialQuery={data.institutionQuery}
          selected={actionData?.selected ?? data.selected}
          options={data.options}
          errors={fields.institutionId.errors}
          errorId={fields.institutionId.errorId}
          noneLabel={t("joinNew.noneChosen")}
          search={search?.search}
        />
        <div className="field">
          <label htmlFor={fields.message.id}>{t("joinNew.message")}</label>
          <textarea {...getTextareaProps(fields.message)} key={fields.message.key} rows={3} maxLength={2000} placeholder={t("joinNew.messagePlaceholder")} />
          <ErrorList id={fields.message.errorId} errors={fields.message.errors} />
        </div>
        <ErrorList id={form.errorId} errors={form.errors} />
        <p>
          <button type="submit">{t("joinNew.send")}</button>
        </p>
      </Form>
    </section>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
