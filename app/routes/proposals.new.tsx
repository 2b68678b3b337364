/**
 * /proposals/new?call= — a member (or admin) of an institution drafts a
 * proposal with one of their institutions as lead, optionally answering an
 * open call; submitting it stays with the lead institution's admins.
 * A signed-in user who belongs to no institution gets what to do instead of a
 * 403 (issue 14, item 3): ask to join their institution (/join-requests/new)
 * or register it (/institutions/new), with their open requests listed.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
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
import { Trans, useTranslation } from "react-i18next";
import { msg } from "~/i18n/message";
import { proposalsT } from "~/features/proposals/proposal-route.server";
import { pageTitle, titleMeta } from "~/i18n/meta";

/** Said (403) to a POST by someone who belongs to no institution; the GET page shows the way in. */
const NOT_A_MEMBER = msg("proposals:errors.notMember");

/** GET `?call=<id>`: the call to preselect (from a call's "Draft a proposal" link). */
export const querySchema = z.object({ call: idField(msg("proposals:validation.callId")).optional() });
export const formSchema = NewProposalSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  // Lenient: a `call` that is not an id (a mangled link) just preselects no call.
  const parsed = parseSearchParams(querySchema, new URL(request.url).searchParams, []);
  const call = parsed.ok && parsed.value.call ? String(parsed.value.call) : "";
  const institutions = await memberInstitutions(db, user.id);
  const { t } = await proposalsT(request);
  const title = pageTitle(t, "page.new");
  if (institutions.length === 0) {
    const requests = (await listOwnJoinRequests(db, user.id)).filter((r) => r.status !== "granted");
    return json({ member: false as const, requests, call, title });
  }
  return json({ member: true as const, institutions, calls: await listOpenCalls(db), topics: await topicOptions(db), call, title });
}

export const handle = { i18n: ["proposals"] };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if ((await memberInstitutions(getDb(), user.id)).length === 0) throw new Response(NOT_A_MEMBER, { status: 403 });
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  await requireInstitutionMember(request, submission.value.leadInstitutionId);
  const { leadInstitutionId, ...draft } = submission.value;
  if (draft.callId && !(await listOpenCalls(getDb())).some((c) => c.id === draft.callId)) {
    return json(submission.reply({ fieldErrors: { callId: [msg("proposals:errors.callNotOpen")] } }), { status: 400 });
  }
  const id = await createDraft(getDb(), user.id, leadInstitutionId, draft);
  return redirectWithToast(`/proposals/${id}/partners`, { kind: "success", message: msg("proposals:toast.draftSavedInvite") });
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
  const { t } = useTranslation("proposals");
  const pending = requests.filter((r) => r.status === "pending");
  const refused = requests.filter((r) => r.status === "refused");
  return (
    <>
      <h1>{t("new.heading")}</h1>
      <p>
        <Trans t={t} i18nKey="new.needInstitution" components={{ strong: <strong /> }} />
      </p>
      {pending.length ? (
        <p className="banner" role="status">
          {pending.map((r) => (
            <span key={r.id}>
              <Trans
                t={t}
                i18nKey="new.pending"
                values={{ name: r.institution_name }}
                components={{ link: <Link to={`/institutions/${r.institution_id}`} />, bdi: <bdi /> }}
              />{" "}
            </span>
          ))}
          {t("new.toldByEmail")}
        </p>
      ) : null}
      <section className="card">
        <h2>{t("new.listedHeading")}</h2>
        <p>{t("new.listedText")}</p>
        <p>
          <Link className="button" to={`/join-requests/new${call ? `?${new URLSearchParams({ call })}` : ""}`}>
            {t("new.askToJoin")}
          </Link>
        </p>
      </section>
      <section className="card">
        <h2>{t("new.unlistedHeading")}</h2>
        <p>{t("new.unlistedText")}</p>
        <p>
          <Link className="button secondary" to="/institutions/new">
            {t("new.register")}
          </Link>
        </p>
      </section>
      {refused.length ? (
        <p className="meta">
          {t("new.refused", {
            list: refused
              .map((r) => (r.reason ? t("new.refusedWithReason", { name: r.institution_name, reason: r.reason }) : r.institution_name))
              .join(t("new.refusedSeparator")),
          })}
        </p>
      ) : null}
      <p className="meta">
        <Trans t={t} i18nKey="new.meanwhile" components={{ link: <Link to="/me/profile" /> }} />
      </p>
    </>
  );
}

export default function NewProposalPage() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("proposals");
  if (!data.member) return <NoInstitution requests={data.requests} call={data.call} />;
  const { institutions, calls, topics, call } = data;
  return (
    <>
      <h1>{t("new.heading")}</h1>
      <p className="meta">{t("new.intro")}</p>
      <ProposalFormFields
        lastResult={lastResult}
        defaults={{ leadInstitutionId: String(institutions[0].id), callId: call }}
        institutions={institutions}
        calls={calls}
        topics={topics}
        submitLabel={t("form.saveDraft")}
      />
    </>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
