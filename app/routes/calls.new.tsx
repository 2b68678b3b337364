/**
 * /calls/new — an institution admin posts a joint call for an institution
 * they administer. Saved as a draft, or opened at once with "Save and open".
 * The deadline zone defaults to the first institution's member-state zone;
 * topics come from the searchable picker (without JavaScript its "Search"
 * posts the form, which saves nothing and comes back with the matches:
 * callFormSearch).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { parseWithZod } from "@conform-to/zod";
import { requireUser } from "~/features/accounts/auth.server";
import { requireInstitutionAdmin } from "~/features/accounts/permissions.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { CallFormSchema, callFormQuerySchema } from "~/features/calls/call-schema";
import { adminInstitutions } from "~/features/institutions/memberships.server";
import { callFormPage, callFormSearch, chosenTopics as topicsChosen } from "~/features/calls/call-form.server";
import { zoneForCountry } from "~/utils/time-zone";
import { QueryIssues } from "~/components/forms";
import { createCall } from "~/features/calls/call.server";
import { CallFormFields } from "~/components/call-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { msg } from "~/i18n/message";

/** Namespaces of the page and of the components it renders (the topic picker). */
export const handle = { i18n: ["calls", "matching", "experts", "institutions"] };

export const formSchema = CallFormSchema;
export const querySchema = callFormQuerySchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const institutions = await adminInstitutions(getDb(), user.id);
  if (institutions.length === 0) throw new Response(msg("calls:errors.onlyAdmins"), { status: 403 });
  const first = institutions[0];
  const page = await callFormPage(getDb(), request, { institutionId: String(first.id), zone: zoneForCountry(first.country_code) });
  const title = pageTitle(serverT(await requestLanguage(request), "calls"), "calls:meta.new");
  return json({ institutions, ...page, title }, { status: page.issues.length ? 400 : 200 });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const onlyAdmins = async () => {
    if ((await adminInstitutions(getDb(), user.id)).length === 0) throw new Response(msg("calls:errors.onlyAdmins"), { status: 403 });
  };
  // The topic picker's no-JavaScript "Search": nothing validated or saved.
  const search = await callFormSearch(getDb(), formData);
  if (search) {
    await onlyAdmins();
    return json(search);
  }
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") {
    await onlyAdmins();
    return json({ result: submission.reply(), chosenTopics: await topicsChosen(getDb(), formData.getAll("topicIds")) }, { status: 400 });
  }
  await requireInstitutionAdmin(request, submission.value.institutionId);
  const id = await createCall(getDb(), user.id, submission.value, "draft");
  return redirectWithToast(`/calls/${id}`, { kind: "success", message: msg("calls:toast.created") });
}

export default function NewCallPage() {
  const { institutions, defaults, chosenTopics, topicQuery, topicOptions, issues } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("calls");
  const search = actionData && "search" in actionData ? actionData : null;
  return (
    <>
      <h1>{t("new.title")}</h1>
      <QueryIssues issues={issues} />
      <CallFormFields
        lastResult={actionData && "result" in actionData ? actionData.result : undefined}
        defaults={search?.defaults ?? defaults}
        institutions={institutions}
        chosenTopics={actionData?.chosenTopics ?? chosenTopics}
        topicQuery={topicQuery}
        topicOptions={topicOptions}
        search={search?.search}
        submitLabel={t("new.submit")}
      />
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
