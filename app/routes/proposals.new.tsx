/**
 * /proposals/new?call= — an institution admin drafts a proposal with one of
 * their institutions as lead, optionally answering an open call.
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
import { z } from "zod";
import { NewProposalSchema } from "~/utils/proposal-schema";
import { idField } from "~/utils/input";
import { parseSearchParams } from "~/utils/search-params";
import { adminInstitutions, topicOptions } from "~/utils/topics.server";
import { listOpenCalls } from "~/models/call.server";
import { createDraft } from "~/models/proposal.server";
import { ProposalFormFields } from "~/components/proposal-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";

async function requireDrafter(userId: string) {
  const institutions = await adminInstitutions(getDb(), userId);
  if (institutions.length === 0) throw new Response("Only institution administrators can draft proposals.", { status: 403 });
  return institutions;
}

/** GET `?call=<id>`: the call to preselect (from a call's "Draft a proposal" link). */
export const querySchema = z.object({ call: idField("must be a call id").optional() });
export const formSchema = NewProposalSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const institutions = await requireDrafter(user.id);
  // Lenient: a `call` that is not an id (a mangled link) just preselects no call.
  const parsed = parseSearchParams(querySchema, new URL(request.url).searchParams, []);
  const call = parsed.ok && parsed.value.call ? String(parsed.value.call) : "";
  return json({ institutions, calls: await listOpenCalls(getDb()), topics: await topicOptions(getDb()), call });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await requireDrafter(user.id);
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  await requireInstitutionAdmin(request, submission.value.leadInstitutionId);
  const { leadInstitutionId, ...draft } = submission.value;
  if (draft.callId && !(await listOpenCalls(getDb())).some((c) => c.id === draft.callId)) {
    return json(submission.reply({ fieldErrors: { callId: ["That call is not open."] } }), { status: 400 });
  }
  const id = await createDraft(getDb(), user.id, leadInstitutionId, draft);
  return redirectWithToast(`/proposals/${id}/partners`, { kind: "success", message: "Draft saved. Invite partner institutions next." });
}

export default function NewProposalPage() {
  const { institutions, calls, topics, call } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>Draft a joint proposal</h1>
      <p className="meta">Save at any point: only a title is needed for a draft. Everything is checked when you submit.</p>
      <ProposalFormFields lastResult={lastResult} defaults={{ leadInstitutionId: String(institutions[0].id), callId: call }} institutions={institutions} calls={calls} topics={topics} submitLabel="Save draft" />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Draft a proposal — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
