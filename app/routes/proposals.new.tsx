/**
 * /proposals/new?call= — a member (or admin) of an institution drafts a
 * proposal with one of their institutions as lead, optionally answering an
 * open call; submitting it stays with the lead institution's admins.
 * A signed-in user who belongs to no institution gets what to do instead of a
 * 403 (issue 14, item 3): ask to join their institution (/join-requests/new)
 * or register it (/institutions/new), with their open requests listed.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { requireUser } from "~/features/accounts/auth.server";
import { requireInstitutionMember } from "~/features/accounts/permissions.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { z } from "zod";
import { NewProposalSchema } from "~/features/proposals/proposal-schema";
import { idField } from "~/utils/input";
import { parseSearchParams } from "~/utils/search-params";
import { memberInstitutions } from "~/features/institutions/memberships.server";
import { topicOptions } from "~/features/topics/topics.server";
import { listOpenCalls } from "~/features/calls/call.server";
import { createDraft } from "~/features/proposals/drafts.server";
import { listOwnJoinRequests } from "~/features/institutions/join-request.server";
import { ProposalFormFields } from "~/components/proposal-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";

/** Said (403) to a POST by someone who belongs to no institution; the GET page shows the way in. */
const NOT_A_MEMBER = "Only members of an institution can draft proposals: ask to join yours at /join-requests/new, or register it at /institutions/new.";

/** GET `?call=<id>`: the call to preselect (from a call's "Draft a proposal" link). */
export const querySchema = z.object({ call: idField("must be a call id").optional() });
export const formSchema = NewProposalSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  // Lenient: a `call` that is not an id (a mangled link) just preselects no call.
  const parsed = parseSearchParams(querySchema, new URL(request.url).searchParams, []);
  const call = parsed.ok && parsed.value.call ? String(parsed.value.call) : "";
  const institutions = await memberInstitutions(db, user.id);
  if (institutions.length === 0) {
    const requests = (await listOwnJoinRequests(db, user.id)).filter((r) => r.status !== "granted");
    return json({ member: false as const, requests, call });
  }
  return json({ member: true as const, institutions, calls: await listOpenCalls(db), topics: await topicOptions(db), call });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if ((await memberInstitutions(getDb(), user.id)).length === 0) throw new Response(NOT_A_MEMBER, { status: 403 });
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  await requireInstitutionMember(request, submission.value.leadInstitutionId);
  const { leadInstitutionId, ...draft } = submission.value;
  if (draft.callId && !(await listOpenCalls(getDb())).some((c) => c.id === draft.callId)) {
    return json(submission.reply({ fieldErrors: { callId: ["That call is not open."] } }), { status: 400 });
  }
  const id = await createDraft(getDb(), user.id, leadInstitutionId, draft);
  return redirectWithToast(`/proposals/${id}/partners`, { kind: "success", message: "Draft saved. Invite partner institutions next." });
}

interface OwnRequest {
  id: number;
  status: string;
  institution_id: number;
  institution_name: string;
  reason: string | null;
}

/** What a signed-in user who belongs to no institution can do (instead of a bare 403). */
function NoInstitution({ requests, call }: { requests: OwnRequest[]; call: string }) {
  const pending = requests.filter((r) => r.status === "pending");
  const refused = requests.filter((r) => r.status === "refused");
  return (
    <>
      <h1>Draft a joint proposal</h1>
      <p>
        A proposal is drafted for a <strong>lead institution</strong>, so you first need to belong to one. Any member of an institution may draft proposals with
        it as lead; its administrators submit them.
      </p>
      {pending.length ? (
        <p className="banner" role="status">
          Your request to join{" "}
          {pending.map((r, n) => (
            <span key={r.id}>
              {n ? ", " : ""}
              <Link to={`/institutions/${r.institution_id}`}>{r.institution_name}</Link>
            </span>
          ))}{" "}
          waits for a decision by its administrators or the secretariat. You are told here and by email.
        </p>
      ) : null}
      <section className="card">
        <h2>Your institution is listed: ask to join it</h2>
        <p>Its administrators (or the ECO secretariat) grant the request; you can then draft proposals with it as lead institution.</p>
        <p>
          <Link className="button" to={`/join-requests/new${call ? `?${new URLSearchParams({ call })}` : ""}`}>
            Ask to join your institution
          </Link>
        </p>
      </section>
      <section className="card">
        <h2>It is not listed: register it</h2>
        <p>The secretariat verifies new registrations; once verified, you administer it.</p>
        <p>
          <Link className="button secondary" to="/institutions/new">
            Register your institution
          </Link>
        </p>
      </section>
      {refused.length ? (
        <p className="meta">Refused earlier: {refused.map((r) => `${r.institution_name}${r.reason ? ` (${r.reason})` : ""}`).join("; ")}.</p>
      ) : null}
      <p className="meta">
        Meanwhile, <Link to="/me/profile">build your expert profile</Link> so that partners can find you.
      </p>
    </>
  );
}

export default function NewProposalPage() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  if (!data.member) return <NoInstitution requests={data.requests} call={data.call} />;
  const { institutions, calls, topics, call } = data;
  return (
    <>
      <h1>Draft a joint proposal</h1>
      <p className="meta">
        Save at any point: only a title is needed for a draft. Everything is checked on submission, which an administrator of the lead institution makes.
      </p>
      <ProposalFormFields
        lastResult={lastResult}
        defaults={{ leadInstitutionId: String(institutions[0].id), callId: call }}
        institutions={institutions}
        calls={calls}
        topics={topics}
        submitLabel="Save draft"
      />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Draft a proposal — ECO ICT Research Network" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
