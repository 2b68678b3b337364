/**
 * /calls/new — an institution admin posts a joint call for an institution
 * they administer. Saved as a draft, or opened at once with "Save and open".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { requireUser } from "~/utils/auth.server";
import { requireInstitutionAdmin } from "~/utils/permissions.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { CallFormSchema } from "~/utils/call-schema";
import { adminInstitutions, topicOptions } from "~/utils/topics.server";
import { createCall } from "~/models/call.server";
import { CallFormFields } from "~/components/call-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const formSchema = CallFormSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const institutions = await adminInstitutions(getDb(), user.id);
  if (institutions.length === 0) throw new Response("Only institution administrators can post calls.", { status: 403 });
  return json({ institutions, topics: await topicOptions(getDb()) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") {
    if ((await adminInstitutions(getDb(), user.id)).length === 0) throw new Response("Only institution administrators can post calls.", { status: 403 });
    return json(submission.reply(), { status: 400 });
  }
  await requireInstitutionAdmin(request, submission.value.institutionId);
  const id = await createCall(getDb(), user.id, submission.value, "draft");
  return redirectWithToast(`/calls/${id}`, { kind: "success", message: "Call saved as a draft. Open it when it is ready." });
}

export default function NewCallPage() {
  const { institutions, topics } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>Post a joint call</h1>
      <CallFormFields lastResult={lastResult} defaults={{ institutionId: String(institutions[0].id), zone: "UTC" }} institutions={institutions} topics={topics} submitLabel="Save draft" />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Post a call — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
