/**
 * /calls/:id/edit — the call's institution admins change it. A draft answers
 * 404 to everyone else (GET and POST alike, as on /calls/:id).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { requireInstitutionAdmin } from "~/utils/permissions.server";
import { getUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { CallFormSchema } from "~/utils/call-schema";
import { topicOptions } from "~/utils/topics.server";
import { instantToLocalInput } from "~/utils/time-zone";
import { getCallForViewer, updateCall } from "~/models/call.server";
import { CallFormFields } from "~/components/call-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";

/** The call for its admins; 404 when missing or a draft the viewer may not see, then sign-in / 403 as for any guarded page. */
async function loadOwnCall(request: Request, idParam: string | undefined) {
  const found = await getCallForViewer(getDb(), Number(idParam), (await getUser(request))?.id);
  invariantResponse(found, "No such call.", 404);
  await requireInstitutionAdmin(request, found.call.institution_id);
  return found.call;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const call = await loadOwnCall(request, params.id);
  return json({ call, topics: await topicOptions(getDb()) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const call = await loadOwnCall(request, params.id);
  const formData = await readFormData(request);
  formData.set("institutionId", String(call.institution_id));
  const submission = parseWithZod(formData, { schema: CallFormSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  await updateCall(getDb(), call.id, submission.value);
  return redirectWithToast(`/calls/${call.id}`, { kind: "success", message: "Call saved." });
}

export default function EditCallPage() {
  const { call, topics } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>Edit call</h1>
      <CallFormFields
        lastResult={lastResult}
        institutions={null}
        topics={topics}
        submitLabel="Save"
        defaults={{
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
        }}
      />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Edit call — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
