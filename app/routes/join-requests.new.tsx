/**
 * /join-requests/new — a signed-in user asks to join a verified institution
 * as a member (issue 14, item 3), choosing it by name with the institution
 * picker (`?institution=<id>` preselects one, e.g. from its page). Its admins
 * (or the secretariat, when it has none) are notified and decide on
 * /join-requests. Without JavaScript the picker's "Search" reloads this page
 * with `?institutionQuery=…`, keeping the message typed (`?message=`).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { idField, text } from "~/utils/input";
import { linkOrigin } from "~/utils/request.server";
import { echoQuerySchema, parseSearchParams } from "~/utils/search-params";
import { redirectWithToast } from "~/utils/toast.server";
import { lookupVerifiedInstitutions, verifiedInstitutionByRawId } from "~/features/institutions/institution-lookup.server";
import { requestToJoin } from "~/features/institutions/join-request.server";
import { ErrorList, QueryIssues } from "~/components/forms";
import { InstitutionPicker } from "~/components/pickers";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const CHOOSE = "Choose your institution from the list (search by its name).";

/** The request: the institution (a verified one, by id from the picker) and an optional message to its admins. */
export const formSchema = z.object({
  institutionId: idField(CHOOSE),
  message: text().trim().max(2000, "At most 2,000 characters.").optional(),
});

/** GET: `institution` preselects one; after a no-JavaScript "Search", the picker text and the typed message come back. */
export const querySchema = echoQuerySchema(["institution", "institutionQuery", "message", "call"]);

const institutionOption = (raw: unknown) => verifiedInstitutionByRawId(getDb(), raw);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const sp = new URL(request.url).searchParams;
  const parsed = parseSearchParams(querySchema, sp, []);
  const issues = parsed.ok ? [] : parsed.issues;
  const institutionQuery = issues.length ? "" : (sp.get("institutionQuery") ?? "").slice(0, 100);
  const message = issues.length ? "" : (sp.get("message") ?? "").slice(0, 2000);
  // The picker's no-JavaScript "Search" sends the chosen radio as institutionId.
  const [selected, options] = await Promise.all([
    institutionOption(issues.length ? null : (sp.get("institution") ?? sp.get("institutionId"))),
    lookupVerifiedInstitutions(getDb(), institutionQuery),
  ]);
  return json({ selected, options, institutionQuery, message, issues }, { status: issues.length ? 400 : 200 });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: formSchema });
  const selected = await institutionOption(formData.get("institutionId"));
  if (submission.status !== "success") return json({ result: submission.reply(), selected }, { status: 400 });
  const { institutionId, message } = submission.value;
  const r = await requestToJoin(getDb(), { userId: user.id, institutionId, message: message ?? "" }, linkOrigin(request));
  if (r === "not-found") {
    return json({ result: submission.reply({ fieldErrors: { institutionId: [CHOOSE] } }), selected: null }, { status: 400 });
  }
  if (r === "already-member") {
    return redirectWithToast(`/institutions/${institutionId}`, { kind: "info", message: "You already belong to this institution." });
  }
  return redirectWithToast("/join-requests", {
    kind: r === "created" ? "success" : "info",
    message:
      r === "created"
        ? "Your request is sent. The institution's administrators (or the secretariat) decide; you are told here and by email."
        : "Your request to join this institution is already waiting for a decision.",
  });
}

export default function NewJoinRequestPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "join-request",
    lastResult: actionData?.result,
    defaultValue: { message: data.message },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: formSchema }),
  });
  return (
    <section className="wide">
      <h1>Ask to join your institution</h1>
      <p className="meta">
        Members of an institution may draft proposals with it as lead institution; its administrators submit them. Its administrators, or the ECO secretariat,
        decide on your request. Not listed? <Link to="/institutions/new">Register your institution</Link>.
      </p>
      <QueryIssues issues={data.issues} />
      <Form method="post" action="/join-requests/new" {...getFormProps(form)} className="stack">
        <InstitutionPicker
          name="institutionId"
          queryName="institutionQuery"
          legend="Your institution"
          initialQuery={data.institutionQuery}
          selected={actionData?.selected ?? data.selected}
          options={data.options}
          errors={fields.institutionId.errors}
          errorId={fields.institutionId.errorId}
          noneLabel="None chosen yet"
        />
        <div className="field">
          <label htmlFor={fields.message.id}>Message to its administrators (optional)</label>
          <textarea
            {...getTextareaProps(fields.message)}
            key={fields.message.key}
            rows={3}
            maxLength={2000}
            placeholder="Your department and role, e.g. PhD student in computer engineering"
          />
          <ErrorList id={fields.message.errorId} errors={fields.message.errors} />
        </div>
        <ErrorList id={form.errorId} errors={form.errors} />
        <p>
          <button type="submit">Send the request</button>
        </p>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Ask to join your institution — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
