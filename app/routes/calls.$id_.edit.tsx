/**
 * /calls/:id/edit — the call's institution admins change it. A draft answers
 * 404 to everyone else (GET and POST alike, as on /calls/:id). The topic
 * picker's no-JavaScript "Search" posts the form and saves nothing (callFormSearch).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { parseWithZod } from "@conform-to/zod";
import { requireInstitutionAdmin } from "~/features/accounts/permissions.server";
import { getUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { requireIdParam } from "~/utils/input";
import { redirectWithToast } from "~/utils/toast.server";
import { CallFormSchema, callFormQuerySchema } from "~/features/calls/call-schema";
import { callFormPage, callFormSearch, chosenTopics as topicsChosen } from "~/features/calls/call-form.server";
import { QueryIssues } from "~/components/forms";
import { instantToLocalInput } from "~/utils/time-zone";
import { getCallForViewer, updateCall } from "~/features/calls/call.server";
import { CallFormFields } from "~/components/call-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { msg } from "~/i18n/message";

/** Namespaces of the page and of the components it renders (the topic picker). */
export const handle = { i18n: ["calls", "matching", "experts", "institutions"] };

/** The call for its admins; 404 when missing or a draft the viewer may not see, then sign-in / 403 as for any guarded page. */
async function loadOwnCall(request: Request, idParam: string | undefined) {
  const found = await getCallForViewer(getDb(), requireIdParam(idParam, msg("calls:errors.notFound")), (await getUser(request))?.id);
  invariantResponse(found, msg("calls:errors.notFound"), 404);
  await requireInstitutionAdmin(request, found.call.institution_id);
  return found.call;
}

/** The call form (the posting institution is the call's, whatever is sent). */
export const formSchema = CallFormSchema;
/** The topic picker's search text (a link may carry it). */
export const querySchema = callFormQuerySchema;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const call = await loadOwnCall(request, params.id);
  const page = await callFormPage(getDb(), request, {
    institutionId: String(call.institution_id),
    kind: call.kind,
    title: call.title,
    summary: call.summary,
    body: call.body,
    topicIds: call.topics.map((t) => t.id),
    opensAt: call.opens_at ? instantToLocalInput(call.opens_at, call.deadline_zone) : "",
    deadline: instantToLocalInput(call.deadline, call.deadline_zone),
    zone: call.deadline_zone,
    eligibleCountries: call.eligible_countries,
    minPartners: String(call.min_partners),
    minCountries: String(call.min_countries),
    fundingNote: call.funding_note,
  });
  // The institution is the call's whatever a query says.
  page.defaults = { ...page.defaults, institutionId: String(call.institution_id) };
  const title = pageTitle(serverT(await requestLanguage(request), "calls"), "calls:meta.edit");
  return json({ country: call.country_code, ...page, title }, { status: page.issues.length ? 400 : 200 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const call = await loadOwnCall(request, params.id);
  const formData = await readFormData(request);
  formData.set("institutionId", String(call.institution_id));
  // The topic picker's no-JavaScript "Search": nothing validated or saved.
  const search = await callFormSearch(getDb(), formData);
  if (search) return json(search);
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply(), chosenTopics: await topicsChosen(getDb(), formData.getAll("topicIds")) }, { status: 400 });
  }
  await updateCall(getDb(), call.id, submission.value);
  return redirectWithToast(`/calls/${call.id}`, { kind: "success", message: msg("calls:toast.saved") });
}

export default function EditCallPage() {
  const { country, defaults, chosenTopics, topicQuery, topicOptions, issues } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("calls");
  const search = actionData && "search" in actionData ? actionData : null;
  return (
    <>
      <h1>{t("edit.title")}</h1>
      <QueryIssues issues={issues} />
      <CallFormFields
        lastResult={actionData && "result" in actionData ? actionData.result : undefined}
        institutions={null}
        country={country}
        defaults={search?.defaults ?? defaults}
        chosenTopics={actionData?.chosenTopics ?? chosenTopics}
        topicQuery={topicQuery}
        topicOptions={topicOptions}
        search={search?.search}
        submitLabel={t("edit.submit")}
      />
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
