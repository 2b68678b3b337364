/**
 * /calls/:id — one call: kind, dates with their time zone and UTC offset,
 * topics, eligibility, funding. Draft calls exist only for their
 * institution's admins (404 for everyone else, on GET and POST alike). Those
 * admins open, close or cancel the call here (intent buttons). "Suggested partners": institutions
 * and experts having the call's topics first, then those matching its text or
 * related topics (posting institution and the viewer's own profile and
 * institutions left out), and a suggested consortium for its min_countries.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { getUser } from "~/features/accounts/auth.server";
import { requireInstitutionAdmin } from "~/features/accounts/permissions.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { requireIdParam } from "~/utils/input";
import { redirectWithToast } from "~/utils/toast.server";
import { type CallStatus } from "~/features/calls/call-schema";
import { msg } from "~/i18n/message";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { callDates, countryList } from "~/features/calls/call-text.server";
import { getCallForViewer, setCallStatus } from "~/features/calls/call.server";
import { suggestionsForCall } from "~/features/matching/suggestions.server";
import { SuggestedPartners } from "~/components/suggested-partners";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle, titleMeta } from "~/i18n/meta";

/** Namespaces of the page and of the components it renders (suggested partners). */
export const handle = { i18n: ["calls", "matching", "experts"] };

/** The status buttons' form. */
export const formSchema = z.object({ intent: z.enum(["open", "close", "cancel"], { message: msg("calls:errors.chooseIntent") }) });
/** Each intent: the status it sets, the statuses it leaves, the refusal and the toast (catalogue keys). */
const NEXT: Record<string, { to: CallStatus; from: CallStatus[]; refused: string; done: string }> = {
  open: { to: "open", from: ["draft", "closed"], refused: "calls:errors.cannotOpen", done: "calls:toast.opened" },
  close: { to: "closed", from: ["open"], refused: "calls:errors.cannotClose", done: "calls:toast.closed" },
  cancel: { to: "cancelled", from: ["draft", "open", "closed"], refused: "calls:errors.cannotCancel", done: "calls:toast.cancelled" },
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const found = await getCallForViewer(getDb(), requireIdParam(params.id, msg("calls:errors.notFound")), user?.id);
  invariantResponse(found, msg("calls:errors.notFound"), 404);
  const { call, manages } = found;
  const now = new Date();
  const lng = await requestLanguage(request);
  const suggestions = await suggestionsForCall(getDb(), call, { askingUserId: user?.id ?? null });
  // Dates and lists as text in the viewer's language (made here, not in the component: hydration).
  const text = {
    ...callDates(call, lng),
    eligible: call.eligible_countries.length ? countryList(call.eligible_countries, lng) : null,
  };
  return json({
    call,
    text,
    manages,
    signedIn: Boolean(user),
    deadlinePassed: now > call.deadline,
    suggestions,
    title: pageTitle(serverT(lng, "calls"), "calls:meta.call", { title: call.title }),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Visibility first, as in the loader: a draft answers 404 to outsiders whatever the method.
  const found = await getCallForViewer(getDb(), requireIdParam(params.id, msg("calls:errors.notFound")), (await getUser(request))?.id);
  invariantResponse(found, msg("calls:errors.notFound"), 404);
  const { call } = found;
  await requireInstitutionAdmin(request, call.institution_id);
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const next = NEXT[submission.value.intent];
  invariantResponse(next.from.includes(call.status as CallStatus), msg(next.refused, { status: call.status }), 400);
  await setCallStatus(getDb(), call.id, next.to);
  return redirectWithToast(`/calls/${call.id}`, { kind: "success", message: msg(next.done) });
}

export default function CallPage() {
  const { call, text, manages, signedIn, deadlinePassed, suggestions } = useLoaderData<typeof loader>();
  const { t } = useTranslation("calls");
  const shownStatus = call.status === "open" && deadlinePassed ? "closed" : call.status;
  return (
    <article>
      <p className="meta">
        {/* An open call past its deadline reads as closed, as in /calls (judged when the page is read). */}
        {t(`kind.${call.kind}`)} · <span className={`badge status-${shownStatus}`}>{t(`status.${shownStatus}`)}</span>
        {call.is_demo ? <span className="badge">{t("demo")}</span> : null}
      </p>
      <h1 dir="auto">{call.title}</h1>
      <p className="meta">
        <Trans
          t={t}
          i18nKey="call.postedBy"
          values={{ institution: call.institution_name, country: t(`common:country.${call.country_code}`) }}
          components={{ link: <Link to={`/institutions/${call.institution_id}`} dir="auto" /> }}
        />
      </p>
      <dl className="facts card">
        {text.opens ? (
          <>
            <dt>{t("call.opens")}</dt>
            <dd>{text.opens}</dd>
          </>
        ) : null}
        <dt>{t("call.deadline")}</dt>
        <dd>
          <time dateTime={call.deadline}>{text.deadline}</time>
          {text.deadlineUtc ? <span className="meta"> = {text.deadlineUtc}</span> : null}
          {deadlinePassed ? <strong> — {t("passed")}</strong> : null}
        </dd>
        <dt>{t("call.eligible")}</dt>
        <dd>{text.eligible ?? t("call.allEligible")}</dd>
        <dt>{t("call.consortium")}</dt>
        <dd>{t("call.consortiumRule", { count: call.min_partners, countries: call.min_countries })}</dd>
        {call.funding_note ? (
          <>
            <dt>{t("call.funding")}</dt>
            <dd>{call.funding_note}</dd>
          </>
        ) : null}
      </dl>
      {call.summary ? (
        <p className="lead" dir="auto">
          {call.summary}
        </p>
      ) : null}
      {call.body ? (
        <div className="prose" style={{ whiteSpace: "pre-wrap" }} dir="auto">
          {call.body}
        </div>
      ) : null}
      {call.topics.length ? (
        <p className="topics">
          {/* Topic names come from OpenAlex in English (the catalogue says so in the other languages). */}
          {t("call.topicsInEnglish") ? <span className="meta">{t("call.topicsInEnglish")} </span> : null}
          {call.topics.map((topic) => (
            <span key={topic.id} className="tag" lang="en">
              {topic.name}
            </span>
          ))}
        </p>
      ) : null}
      {call.status === "open" && !deadlinePassed ? (
        <p>
          <Link className="button" to={`/proposals/new?call=${call.id}`}>
            {signedIn ? t("call.propose") : t("call.signInToPropose")}
          </Link>
        </p>
      ) : null}
      <section aria-labelledby="suggested-h">
        <h2 id="suggested-h">{t("call.suggested")}</h2>
        <SuggestedPartners suggested={suggestions ? suggestions.partners : null} />
        {suggestions?.experts.length ? (
          <>
            <h3>{t("call.suggestedExperts")}</h3>
            <SuggestedPartners suggested={suggestions.experts} />
          </>
        ) : null}
        {suggestions ? (
          <p data-testid="suggested-consortium">
            <strong>{t("call.suggestedConsortium")}</strong>{" "}
            {suggestions.consortium ? (
              <>
                {suggestions.consortium.members.length ? (
                  <>
                    {suggestions.consortium.members.map((m, i) => (
                      <span key={m.institution.id}>
                        {i ? ", " : ""}
                        <Link to={`/institutions/${m.institution.id}`} dir="auto">
                          {m.institution.name}
                        </Link>{" "}
                        ({t(`common:country.${m.country.code}`, { defaultValue: m.country.name })})
                      </span>
                    ))}
                    .{" "}
                  </>
                ) : null}
                {suggestions.consortium.note}
              </>
            ) : (
              t("call.noTopics")
            )}
          </p>
        ) : null}
      </section>
      {manages ? (
        <Form method="post" className="card actions">
          <Link to={`/calls/${call.id}/edit`}>{t("call.edit")}</Link>{" "}
          {NEXT.open.from.includes(call.status as CallStatus) ? (
            <button name="intent" value="open">
              {t("call.open")}
            </button>
          ) : null}{" "}
          {NEXT.close.from.includes(call.status as CallStatus) ? (
            <button name="intent" value="close">
              {t("call.close")}
            </button>
          ) : null}{" "}
          {NEXT.cancel.from.includes(call.status as CallStatus) ? (
            <button name="intent" value="cancel" className="danger">
              {t("call.cancel")}
            </button>
          ) : null}
        </Form>
      ) : null}
    </article>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
