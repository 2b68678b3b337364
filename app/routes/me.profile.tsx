/**
 * /me/profile — the signed-in researcher creates or edits their own expert
 * profile. GET shows the form prefilled from the saved profile (a shared link
 * may carry the pickers' `?institutionQuery=` / `?topicQuery=`, never a field of
 * the form). POST validates with the shared schema, saves through
 * upsertExpertProfile and redirects to the public profile with a toast; any
 * problem answers 400 with the message at its field and every typed value
 * kept. A picker's no-JavaScript "Search" (POST `intent=search:…`) saves
 * nothing: it answers 200 with the draft as sent and the matches.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { getOwnExpertProfile, upsertExpertProfile } from "~/features/experts/expert-profile.server";
import { lookupTopics } from "~/features/topics/topics.server";
import { lookupVerifiedInstitutions, verifiedInstitutionsByIds } from "~/features/institutions/institution-lookup.server";
import { topicsByIds } from "~/features/topics/topics.server";
import { requireUser } from "~/features/accounts/auth.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { redirectWithToast } from "~/utils/toast.server";
import { ORCID_EXAMPLE, expertProfileSchema } from "~/features/experts/expert-schema";
import { languageName } from "~/domain/language";
import { CONTACT_VISIBILITIES, OPEN_TO } from "~/domain/expert-vocabulary";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle, titleMeta } from "~/i18n/meta";
import { msg } from "~/i18n/message";
import { ErrorList, Field, QueryIssues, FORM_VALIDATION } from "~/components/forms";
import { parseId } from "~/utils/input";
import { parseSearchParams, pickerQuerySchema } from "~/utils/search-params";
import { formFields, pickerSearch } from "~/utils/picker-search";
import { DefaultSubmit, InstitutionPicker, TopicPicker } from "~/components/pickers";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { isTopicId } from "~/domain/identifiers";

export const formSchema = expertProfileSchema;

/** `experts`: the form and its messages; `matching`: the topic picker. */
export const handle = { i18n: ["experts", "matching", "institutions"] };

/** Languages offered as checkboxes (codes of the region first); others typed by code are kept. */
const LANGUAGE_CHOICES = ["en", "fa", "ps", "az", "kk", "ky", "tg", "tk", "tr", "uz", "ur", "ru", "ar", "fr", "de", "zh"];

/** Form values as strings, the shape Conform's defaultValue takes. */
interface ProfileDraft {
  fullName: string;
  nameVariants: string;
  title: string;
  position: string;
  institutionId: string;
  orcid: string;
  bio: string;
  keywords: string;
  languages: string[];
  openTo: string[];
  topicIds: string[];
  contactEmail: string;
  contactVisibility: string;
}

/** GET: the pickers' search texts only (a link may carry them; the form's fields never come from a URL). */
export const querySchema = pickerQuerySchema(["institutionQuery", "topicQuery"]);

/** The form values a picker's no-JavaScript "Search" (POST) sent, to show again. */
function draftFromForm(sp: URLSearchParams): ProfileDraft {
  const one = (k: string) => (sp.get(k) ?? "").slice(0, 5000);
  const many = (k: string) =>
    sp
      .getAll(k)
      .slice(0, 50)
      .map((v) => v.slice(0, 200));
  return {
    fullName: one("fullName"),
    nameVariants: one("nameVariants"),
    title: one("title"),
    position: one("position"),
    institutionId: one("institutionId"),
    orcid: one("orcid"),
    bio: one("bio"),
    keywords: one("keywords"),
    languages: many("languages"),
    openTo: many("openTo"),
    topicIds: many("topicIds"),
    contactEmail: one("contactEmail"),
    contactVisibility: one("contactVisibility") || "hidden",
  };
}

/** Loads the institution and topics behind chosen ids (unknown or unverified ones are dropped). */
async function chosenOptions(institutionId: unknown, topicIds: string[]) {
  const db = getDb();
  const id = parseId(institutionId);
  const [institutions, topics] = await Promise.all([
    id ? verifiedInstitutionsByIds(db, [id]) : Promise.resolve([]),
    topicsByIds(db, topicIds.filter(isTopicId).slice(0, 50)),
  ]);
  return { institution: institutions[0] ?? null, topics };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const sp = new URL(request.url).searchParams;
  const parsed = parseSearchParams(querySchema, sp, []);
  const issues = parsed.ok ? [] : parsed.issues;
  const institutionQuery = (sp.get("institutionQuery") ?? "").slice(0, 100);
  const topicQuery = (sp.get("topicQuery") ?? "").slice(0, 100);
  const profile = await getOwnExpertProfile(db, user.id);
  const draft: ProfileDraft = profile
    ? {
        fullName: profile.full_name,
        nameVariants: profile.name_variants.join("\n"),
        title: profile.title ?? "",
        position: profile.position ?? "",
        institutionId: profile.institution?.status === "verified" ? String(profile.institution.id) : "",
        orcid: profile.orcid ?? "",
        bio: profile.bio,
        keywords: profile.keywords.join(", "),
        languages: profile.languages,
        openTo: profile.open_to,
        topicIds: profile.topics.map((t) => t.id),
        contactEmail: profile.contact_email ?? "",
        contactVisibility: profile.contact_visibility,
      }
    : {
        fullName: user.displayName,
        nameVariants: "",
        title: "",
        position: "",
        institutionId: "",
        orcid: "",
        bio: "",
        keywords: "",
        languages: [],
        openTo: [],
        topicIds: [],
        contactEmail: user.email,
        contactVisibility: "hidden",
      };
  // Language names in the viewer's language, made here (Node's CLDR) so hydration never differs.
  const lng = await requestLanguage(request);
  const languageNames = Object.fromEntries([...LANGUAGE_CHOICES, ...draft.languages].map((code) => [code, languageName(code, lng)]));
  const title = pageTitle(serverT(lng, "experts"), "edit.metaTitle");
  const [chosen, institutionOptions, topicOptions] = await Promise.all([
    chosenOptions(draft.institutionId, draft.topicIds),
    // A parameter at fault (e.g. U+0000 in a search text) is named on the page and searched for with nothing.
    lookupVerifiedInstitutions(db, issues.length ? "" : institutionQuery),
    lookupTopics(db, issues.length ? "" : topicQuery),
  ]);
  return json(
    {
      expertId: profile?.id ?? null,
      draft,
      chosen,
      institutionQuery,
      topicQuery,
      institutionOptions,
      topicOptions,
      issues,
      languageNames,
      title,
    },
    { status: issues.length ? 400 : 200 },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const chosen = await chosenOptions(formData.get("institutionId"), formData.getAll("topicIds").map(String));
  const db = getDb();
  const search = await pickerSearch(formData, {
    institutionQuery: (q) => lookupVerifiedInstitutions(db, q),
    topicQuery: (q) => lookupTopics(db, q),
  });
  if (search) return json({ search, draft: draftFromForm(formFields(formData)), chosen });
  const submission = parseWithZod(formData, { schema: formSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply(), chosen }, { status: 400 });
  }
  const saved = await upsertExpertProfile(db, user.id, submission.value);
  if (!saved.ok) {
    return json({ result: submission.reply({ fieldErrors: saved.fieldErrors }), chosen }, { status: 400 });
  }
  return redirectWithToast(`/experts/${saved.expertId}`, {
    kind: "success",
    message: saved.created ? msg("experts:edit.created") : msg("experts:edit.saved"),
  });
}

export default function MyProfilePage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("experts");
  const chosen = actionData?.chosen ?? data.chosen;
  const search = actionData && "search" in actionData ? actionData : null;
  const draft: typeof data.draft = search?.draft ?? data.draft;
  const [form, fields] = useForm({
    id: "profile",
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    defaultValue: draft,
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: formSchema }),
  });
  const listValue = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" && v ? [v] : []);
  const languages = listValue(fields.languages.initialValue);
  const openTo = listValue(fields.openTo.initialValue);
  const visibility = String(fields.contactVisibility.initialValue ?? "hidden");
  const extraLanguages = languages.filter((l) => !LANGUAGE_CHOICES.includes(l));
  return (
    <section className="wide">
      <h1>{data.expertId ? t("edit.titleEdit") : t("edit.titleCreate")}</h1>
      <p className="meta">
        <Trans t={t} i18nKey="edit.intro" components={{ link: <Link to="/experts" /> }} />
        {data.expertId ? (
          <>
            {" "}
            <Trans t={t} i18nKey="edit.seePublic" components={{ link: <Link to={`/experts/${data.expertId}`} /> }} />
          </>
        ) : null}
      </p>
      <QueryIssues issues={data.issues} />
      <Form method="post" action="/me/profile" {...getFormProps(form)} className="stack">
        <DefaultSubmit />
        <Field meta={fields.fullName} label={t("edit.fullName")} autoComplete="name" />
        <div className="field">
          <label htmlFor={fields.nameVariants.id}>{t("edit.nameVariants")}</label>
          <textarea
            {...getTextareaProps(fields.nameVariants, { ariaDescribedBy: `${fields.nameVariants.id}-help` })}
            key={fields.nameVariants.key}
            rows={3}
            dir="auto"
          />
          <p id={`${fields.nameVariants.id}-help`} className="meta">
            {t("edit.nameVariantsHelp")}
          </p>
          <ErrorList id={fields.nameVariants.errorId} errors={fields.nameVariants.errors} />
        </div>
        <Field meta={fields.title} label={t("edit.title")} help={t("edit.titleHelp")} autoComplete="honorific-prefix" />
        <Field meta={fields.position} label={t("edit.position")} help={t("edit.positionHelp")} />
        <InstitutionPicker
          name="institutionId"
          queryName="institutionQuery"
          legend={t("edit.affiliation")}
          initialQuery={data.institutionQuery}
          selected={chosen.institution}
          options={data.institutionOptions}
          errors={fields.institutionId.errors}
          errorId={fields.institutionId.errorId}
          noneLabel={t("edit.noAffiliation")}
          search={search?.search}
        />
        <p className="meta">
          <Trans t={t} i18nKey="edit.registerInstitution" components={{ link: <Link to="/institutions/new" /> }} />
        </p>
        <Field meta={fields.orcid} label={t("profile.orcid")} help={t("edit.orcidHelp", ORCID_EXAMPLE)} />
        <div className="field">
          <label htmlFor={fields.bio.id}>{t("edit.bio")}</label>
          <textarea {...getTextareaProps(fields.bio)} key={fields.bio.key} rows={6} dir="auto" />
          <ErrorList id={fields.bio.errorId} errors={fields.bio.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.keywords.id}>{t("profile.keywords")}</label>
          <textarea {...getTextareaProps(fields.keywords, { ariaDescribedBy: `${fields.keywords.id}-help` })} key={fields.keywords.key} rows={2} dir="auto" />
          <p id={`${fields.keywords.id}-help`} className="meta">
            {t("edit.keywordsHelp")}
          </p>
          <ErrorList id={fields.keywords.errorId} errors={fields.keywords.errors} />
        </div>
        <TopicPicker
          name="topicIds"
          queryName="topicQuery"
          legend={t("profile.topics")}
          initialQuery={data.topicQuery}
          selected={chosen.topics}
          options={data.topicOptions}
          errors={fields.topicIds.errors}
          errorId={fields.topicIds.errorId}
          search={search?.search}
        />
        <fieldset className="picker" key={`lang-${fields.languages.key ?? ""}`}>
          <legend>{t("edit.languages")}</legend>
          <div className="checks">
            {[...LANGUAGE_CHOICES, ...extraLanguages].map((code) => (
              <label key={code}>
                <input type="checkbox" name={fields.languages.name} value={code} defaultChecked={languages.includes(code)} /> {data.languageNames[code] ?? code}
              </label>
            ))}
          </div>
          <ErrorList id={fields.languages.errorId} errors={fields.languages.errors} />
        </fieldset>
        <fieldset className="picker" key={`open-${fields.openTo.key ?? ""}`}>
          <legend>{t("profile.openTo")}</legend>
          <div className="checks">
            {OPEN_TO.map((o) => (
              <label key={o}>
                <input type="checkbox" name={fields.openTo.name} value={o} defaultChecked={openTo.includes(o)} /> {t(`openTo.${o}`)}
              </label>
            ))}
          </div>
          <ErrorList id={fields.openTo.errorId} errors={fields.openTo.errors} />
        </fieldset>
        <Field meta={fields.contactEmail} label={t("edit.contactEmail")} type="email" autoComplete="email" />
        <fieldset className="picker" key={`vis-${fields.contactVisibility.key ?? ""}`}>
          <legend>{t("edit.visibility")}</legend>
          <div className="checks">
            {CONTACT_VISIBILITIES.map((v) => (
              <label key={v}>
                <input type="radio" name={fields.contactVisibility.name} value={v} defaultChecked={visibility === v} /> {t(`visibility.${v}`)}
              </label>
            ))}
          </div>
          <ErrorList id={fields.contactVisibility.errorId} errors={fields.contactVisibility.errors} />
        </fieldset>
        <ErrorList id={form.errorId} errors={form.errors} />
        {form.status === "error" ? (
          <p className="field-error" role="alert">
            {t("edit.needsCorrection")}
          </p>
        ) : null}
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("edit.save")}
        </button>
      </Form>
    </section>
  );
}

export const meta = titleMeta;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
