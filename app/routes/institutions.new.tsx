/**
 * /institutions/new — a signed-in user registers an institution that is not
 * listed yet. The first submission shows likely duplicates (same ROR id, or a
 * similar name in the same member state) with links; "Register anyway"
 * proceeds. The institution stays pending — invisible to visitors and search —
 * until the secretariat verifies it (/secretariat/institutions); the
 * registrant then becomes its administrator. The parent picker's
 * no-JavaScript "Search" posts the form (`intent=search:parentQuery`):
 * nothing is registered, the page comes back with the matches and the draft.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { ECO_MEMBER_STATES, countryName } from "~/domain/member-states";
import { findLikelyDuplicates, registerInstitution } from "~/features/institutions/registration.server";
import { lookupVerifiedInstitutions, verifiedInstitutionByRawId } from "~/features/institutions/institution-lookup.server";
import { requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { institutionRegistrationSchema } from "~/features/institutions/institution-schema";
import { parseSearchParams, pickerQuerySchema } from "~/utils/search-params";
import { formFields, pickerSearch } from "~/utils/picker-search";
import { INSTITUTION_KINDS } from "~/domain/institution-kinds";
import { ErrorList, Field, QueryIssues, FORM_VALIDATION } from "~/components/forms";
import { DefaultSubmit, InstitutionPicker } from "~/components/pickers";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { msg } from "~/i18n/message";

export const handle = { i18n: ["institutions", "matching"] };

export const formSchema = institutionRegistrationSchema.extend({
  intent: z.enum(["check", "register"], { message: msg("institutions:errors.unknownAction") }).default("check"),
});

const FIELDS = ["name", "kind", "countryCode", "city", "website", "rorId", "parentId"] as const;
/** GET: the parent picker's search text only (a link may carry it; the form's fields never come from a URL). */
export const querySchema = pickerQuerySchema(["parentQuery"]);

/** The form values a picker's no-JavaScript "Search" (POST) sent, to show again. */
function draftFromForm(sp: URLSearchParams): Record<(typeof FIELDS)[number], string> {
  return Object.fromEntries(FIELDS.map((f) => [f, (sp.get(f) ?? "").slice(0, 300)])) as Record<(typeof FIELDS)[number], string>;
}

const parentOption = (raw: unknown) => verifiedInstitutionByRawId(getDb(), raw);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const t = serverT(await requestLanguage(request), ["institutions", "common"]);
  const title = pageTitle(t, "titles.new");
  const sp = new URL(request.url).searchParams;
  const parsed = parseSearchParams(querySchema, sp, []);
  const issues = parsed.ok ? [] : parsed.issues;
  const parentQuery = (sp.get("parentQuery") ?? "").slice(0, 100);
  const draft = draftFromForm(new URLSearchParams());
  // A parameter at fault (e.g. U+0000 in the search text) is named on the page and searched for with nothing.
  const parentOptions = await lookupVerifiedInstitutions(getDb(), issues.length ? "" : parentQuery);
  return json({ draft, parentQuery, parent: null, parentOptions, issues, title }, { status: issues.length ? 400 : 200 });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const parent = await parentOption(formData.get("parentId"));
  const search = await pickerSearch(formData, { parentQuery: (q) => lookupVerifiedInstitutions(getDb(), q) });
  if (search) return json({ search, draft: draftFromForm(formFields(formData)), parent });
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply(), duplicates: null, parent }, { status: 400 });
  }
  const { intent, ...input } = submission.value;
  if (intent === "check") {
    const duplicates = await findLikelyDuplicates(getDb(), input);
    if (duplicates.length) {
      return json({ result: submission.reply(), duplicates: duplicates.map((d) => ({ ...d, countryName: countryName(d.country) })), parent });
    }
  }
  const registered = await registerInstitution(getDb(), user.id, input);
  if (!registered.ok) {
    return json({ result: submission.reply({ fieldErrors: registered.fieldErrors }), duplicates: null, parent }, { status: 400 });
  }
  return redirectWithToast(`/institutions/${registered.institutionId}`, {
    kind: "success",
    message: msg("institutions:new.registered"),
  });
}

export default function NewInstitutionPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("institutions");
  const search = actionData && "search" in actionData ? actionData : null;
  const draft: Record<string, string> = search?.draft ?? data.draft;
  const [form, fields] = useForm({
    id: "register-institution",
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    defaultValue: draft,
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: formSchema }),
  });
  const duplicates = (actionData && "duplicates" in actionData ? actionData.duplicates : null) as null | Array<{
    id: number;
    name: string;
    status: string;
    rorId: string | null;
    reason: string;
    country: string;
    countryName: string;
  }>;
  return (
    <section className="wide">
      <h1>{t("new.title")}</h1>
      <p className="meta">
        <Trans t={t} i18nKey="new.intro" components={{ link: <Link to="/institutions" /> }} />
      </p>
      <QueryIssues issues={data.issues} />
      <Form method="post" action="/institutions/new" {...getFormProps(form)} className="stack">
        <DefaultSubmit name="intent" value="check" />
        <Field meta={fields.name} label={t("new.name")} help={t("new.nameHelp")} />
        <div className="field">
          <label htmlFor={fields.kind.id}>{t("new.kind")}</label>
          <select {...getSelectProps(fields.kind)} key={fields.kind.key}>
            <option value="">{t("new.choose")}</option>
            {INSTITUTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
          <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.countryCode.id}>{t("new.memberState")}</label>
          <select {...getSelectProps(fields.countryCode)} key={fields.countryCode.key}>
            <option value="">{t("new.choose")}</option>
            {ECO_MEMBER_STATES.map((c) => (
              <option key={c.code} value={c.code}>
                {t(`common:country.${c.code}`)}
              </option>
            ))}
          </select>
          <ErrorList id={fields.countryCode.errorId} errors={fields.countryCode.errors} />
        </div>
        <Field meta={fields.city} label={t("new.city")} />
        <Field meta={fields.website} label={t("new.website")} help={t("new.websiteHelp")} />
        <Field meta={fields.rorId} label={t("new.rorId")} help={t("new.rorIdHelp")} />
        <InstitutionPicker
          name="parentId"
          queryName="parentQuery"
          legend={t("new.partOf")}
          initialQuery={data.parentQuery}
          selected={actionData?.parent ?? data.parent}
          options={data.parentOptions}
          errors={fields.parentId.errors}
          errorId={fields.parentId.errorId}
          noneLabel={t("new.noParent")}
          search={search?.search}
        />
        <ErrorList id={form.errorId} errors={form.errors} />
        {duplicates ? (
          <div className="banner" role="alert">
            <p>
              <Trans t={t} i18nKey="new.duplicatesIntro" components={{ strong: <strong /> }} />
            </p>
            <ul>
              {duplicates.map((d) => (
                <li key={d.id}>
                  {d.status === "verified" ? <Link to={`/institutions/${d.id}`}>{d.name}</Link> : <bdi>{d.name}</bdi>} (
                  {t(`common:country.${d.country}`, { defaultValue: d.countryName })}
                  {d.rorId ? <>, {t("rorWithId", { id: d.rorId })}</> : null}) —{" "}
                  {d.reason === "same ROR id" ? t("duplicate.sameRor") : t("duplicate.similarName")}
                  {d.status === "pending" ? <span className="badge warn">{t("new.pendingVerification")}</span> : null}
                </li>
              ))}
            </ul>
            <p>{t("new.noneOfThem")}</p>
            <button type="submit" name="intent" value="register">
              {t("new.registerAnyway")}
            </button>
          </div>
        ) : (
          <button type="submit" name="intent" value="check" disabled={navigation.state === "submitting"}>
            {t("new.register")}
          </button>
        )}
      </Form>
    </section>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
