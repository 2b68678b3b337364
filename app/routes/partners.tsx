/**
 * /partners — find partner institutions and experts by topic and/or free text,
 * ranked by the documented matching score (docs/matching.md), each
 * result explaining itself (shared and related topics, matched words, country,
 * score breakdown). Optional consortium suggestion (minCountries). Works without
 * JavaScript: one GET form; the topic picker searches the taxonomy and lists
 * checkboxes; the "My institution" picker (`exclude`, an institution id) lists
 * the signed-in user's institutions first (the first preselected on the empty
 * form) and finds others by name (`excludeSearch`, radio buttons); a radio
 * group chooses institutions, experts or both (`type`). The
 * signed-in user's own profile and institutions are never listed. Bad
 * parameters answer 400 with the messages above the form.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ECO_MEMBER_STATES } from "~/domain/member-states";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Facet } from "~/components/facet";
import { FilterPanel } from "~/components/collapse-narrow";
import { ConsortiumSuggestionView, PartnerResults } from "~/components/partner-results";
import type { TopicOption } from "~/features/topics/topic-option";
import { getDb } from "~/utils/db.server";
import { getUser } from "~/features/accounts/auth.server";
import { searchTopics, topicsByIds } from "~/features/topics/topics.server";
import { askerProfile } from "~/features/matching/partner-exclusions.server";
import { partnersPage } from "~/features/matching/partners-page.server";
import { PartnerQueryError, type ConsortiumSuggestion, type PartnerPage } from "~/features/matching/partner-query";
import { institutionChoices, type InstitutionChoice } from "~/features/institutions/institution-choices.server";
import { OPEN_TO } from "~/domain/expert-vocabulary";
import { PARTNER_LIST_PARAMS, partnerSearchSchema, partnerTextProblem } from "~/features/matching/partner-params";
import { MAX_QUERY_LENGTH, parseSearchParams, validSearchParams } from "~/utils/search-params";
import { INSTITUTION_KINDS } from "~/domain/institution-kinds";
import { requestLanguage, serverT } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { translateMessage } from "~/i18n/message";

type Issue = { param: string; message: string };

export const querySchema = partnerSearchSchema;

/** `matching`: this page and its results; `experts`: what experts are open to; `institutions`: kinds of institution. */
export const handle = { i18n: ["matching", "experts", "institutions"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseSearchParams(querySchema, url.searchParams, PARTNER_LIST_PARAMS);
  const db = getDb();
  const userId = (await getUser(request))?.id ?? null;
  // The ranking needs only the parameters and the user: it runs beside the form's lookups below
  // instead of after them (one PostgreSQL round trip less per search; issue 17).
  const problem = parsed.ok && parsed.value.q ? partnerTextProblem(parsed.value) : null; // no text and no topics is the empty form, not an error
  const ranking = parsed.ok && !problem ? partnersPage(db, parsed.value, userId) : null;
  ranking?.catch(() => {}); // awaited below; this only avoids an unhandled rejection meanwhile
  const asker = await askerProfile(db, userId);
  const t = serverT(await requestLanguage(request), ["matching", "common"]);
  const meta = { title: pageTitle(t, "partners.metaTitle"), description: t("partners.metaDescription") };
  // The typed text goes back into the search box even when it is the parameter at fault (too long).
  const typed = url.searchParams.get("q") ?? "";
  if (!parsed.ok) {
    // The form keeps every valid parameter (and list value).
    const params = validSearchParams(querySchema, url.searchParams, PARTNER_LIST_PARAMS, parsed.issues);
    const [selected, institutions] = await Promise.all([
      params ? topicsByIds(db, params.topics) : Promise.resolve([] as TopicOption[]),
      institutionChoices(db, { mine: asker.institutions, selected: params?.exclude ?? null, search: "" }),
    ]);
    return json(
      {
        params,
        typed,
        selected,
        found: [] as TopicOption[],
        institutions,
        myInstitution: params?.exclude ?? null,
        dropped: [] as TopicOption[],
        result: null as PartnerPage | null,
        consortium: null as ConsortiumSuggestion | null,
        issues: parsed.issues as Issue[],
        meta,
      },
      { status: 400 },
    );
  }
  const p = parsed.value;
  // On the empty form, "My institution" starts as the user's (first) institution.
  const emptyForm = !p.q && p.topics.length === 0 && !url.searchParams.has("exclude");
  const myInstitution = p.exclude ?? (emptyForm ? (asker.institutions.find((i) => i.verified)?.id ?? null) : null);
  const [selected, found, institutions, dropped] = await Promise.all([
    topicsByIds(db, p.topics),
    searchTopics(p.topicSearch),
    institutionChoices(db, { mine: asker.institutions, selected: myInstitution, search: p.excludeSearch }),
    topicsByIds(db, p.dropTopics),
  ]);
  const base = { params: p, typed, selected, found, institutions, myInstitution, dropped, meta };
  if (problem)
    return json(
      { ...base, result: null as PartnerPage | null, consortium: null as ConsortiumSuggestion | null, issues: [problem] as Issue[] },
      { status: 400 },
    );
  try {
    const { result, consortium } = await ranking!;
    return json({ ...base, result, consortium, issues: [] as Issue[] });
  } catch (err) {
    if (err instanceof PartnerQueryError) {
      return json({ ...base, result: null, consortium: null, issues: err.issues as Issue[] }, { status: 400 });
    }
    throw err;
  }
}

export default function PartnersPage() {
  const { params, typed, selected, found, institutions, myInstitution, dropped, result, consortium, issues } = useLoaderData<typeof loader>();
  const p = params;
  const shownTopics = [...selected, ...found.filter((t) => !selected.some((s) => s.id === t.id))];
  const qIssue = issues.find((i) => i.param === "q");
  const { t } = useTranslation("matching");
  return (
    <>
      <h1>{t("partners.title")}</h1>
      <p className="meta">{t("partners.intro")}</p>
      {issues.length ? (
        <div className="error" role="alert">
          {issues.map((i) => (
            <p key={i.param + i.message}>
              <strong>{PARAM_LABELS.has(i.param) ? t(`partners.param.${i.param}`) : <bdi>{i.param}</bdi>}</strong>{" "}
              {t("partners.paramIssue", { message: translateMessage(t, i.message) })}
            </p>
          ))}
          <p>
            <Link to="/partners">{t("partners.startAgain")}</Link>
          </p>
        </div>
      ) : null}
      <Form method="get" role="search" className="partners-form">
        {/* Topics removed from the recognised ones stay removed when the form is sent again. */}
        {(p?.dropTopics ?? []).map((id) => (
          <input key={id} type="hidden" name="dropTopics" value={id} />
        ))}
        <div className="search-bar">
          <label htmlFor="q" className="visually-hidden">
            {t("partners.describe")}
          </label>
          <input
            id="q"
            type="search"
            name="q"
            defaultValue={typed}
            placeholder={t("partners.placeholder")}
            aria-describedby="q-hint"
            aria-invalid={qIssue ? true : undefined}
          />
          <button type="submit">{t("partners.title")}</button>
        </div>
        {/* The limit is said next to the field, and a text over it is flagged there (kept in the box). */}
        <p id="q-hint" className={qIssue ? "field-error" : "meta"}>
          {qIssue
            ? typed.length > MAX_QUERY_LENGTH
              ? t("partners.textIssueLength", { message: translateMessage(t, qIssue.message), count: typed.length })
              : t("partners.textIssue", { message: translateMessage(t, qIssue.message) })
            : t("partners.textLimit", { max: MAX_QUERY_LENGTH })}
        </p>
        <div className="search-layout">
          <FilterPanel label={t("partners.filters")}>
            <TypeChoice selected={p?.type ?? []} />
            <fieldset className="facet">
              <legend>{t("partners.param.topics")}</legend>
              {t("topicPicker.inEnglish") ? <p className="meta">{t("topicPicker.inEnglish")}</p> : null}
              {/* A visible label: the placeholder is only an example (a placeholder as label was clipped, in Persian first). */}
              <label htmlFor="topicSearch" className="search-label">
                {t("topicPicker.searchLabel")}
              </label>
              <input id="topicSearch" type="search" name="topicSearch" defaultValue={p?.topicSearch ?? ""} placeholder={t("partners.findTopicsPlaceholder")} />
              <button type="submit" className="small">
                {t("partners.findTopics")}
              </button>
              {shownTopics.map((topic) => (
                <label key={topic.id}>
                  <span>
                    <input type="checkbox" name="topics" value={topic.id} defaultChecked={selected.some((s) => s.id === topic.id)} />{" "}
                    <span lang="en">{topic.name}</span>
                  </span>
                  <span className="count" title={topic.subfield} lang="en">
                    {topic.id}
                  </span>
                </label>
              ))}
              {p?.topicSearch && found.length === 0 ? <p className="meta">{t("topicPicker.noMatch", { query: p.topicSearch })}</p> : null}
            </fieldset>
            <Facet
              legend={t("partners.param.country")}
              name="country"
              values={ECO_MEMBER_STATES.map((c) => ({ value: c.code, label: t(`common:country.${c.code}`) }))}
              selected={p?.country ?? []}
            />
            <Facet
              legend={t("partners.param.kind")}
              name="kind"
              // The kind names are the institutions catalogue's; the English label stands in until it has them.
              values={INSTITUTION_KINDS.map((k) => ({ value: k, label: t(`institutions:kind.${k}`) }))}
              selected={p?.kind ?? []}
            />
            <Facet
              legend={t("partners.expertsOpenTo")}
              name="openTo"
              values={OPEN_TO.map((o) => ({ value: o, label: t(`experts:openTo.${o}`) }))}
              selected={p?.openTo ?? []}
            />
            <fieldset className="facet">
              <legend>{t("partners.yourConsortium")}</legend>
              <InstitutionPicker choices={institutions} selected={myInstitution} search={p?.excludeSearch ?? ""} />
              <p className="meta">{t("partners.alreadyIn")}</p>
              {ECO_MEMBER_STATES.map((c) => (
                <label key={c.code}>
                  <span>
                    <input type="checkbox" name="consortium" value={c.code} defaultChecked={p?.consortium.includes(c.code)} /> {t(`common:country.${c.code}`)}
                  </span>
                </label>
              ))}
              <label>
                <span>
                  <input type="checkbox" name="newCountriesOnly" value="true" defaultChecked={p?.newCountriesOnly} /> {t("partners.newCountriesOnly")}
                </span>
              </label>
              <label htmlFor="minCountries" className="search-label">
                {t("partners.minCountries")}
              </label>
              <select id="minCountries" name="minCountries" defaultValue={p?.minCountries ?? ""}>
                <option value="">{t("partners.noSuggestion")}</option>
                {[2, 3, 4, 5].map((n) => (
                  <option key={n} value={n}>
                    {t("partners.number", { n })}
                  </option>
                ))}
              </select>
            </fieldset>
            <button type="submit">{t("partners.apply")}</button>
          </FilterPanel>
          <section aria-live="polite">
            {consortium ? <ConsortiumSuggestionView c={consortium} /> : null}
            {!consortium && p?.minCountries && result && result.queryTopics.length === 0 ? (
              <p className="meta" id="no-consortium">
                {t("partners.noConsortium")}
              </p>
            ) : null}
            {result ? <PartnerResults result={result} params={p!} dropped={dropped} /> : issues.length ? null : <p className="meta">{t("partners.empty")}</p>}
          </section>
        </div>
      </Form>
    </>
  );
}

/**
 * Which kinds of result (`type`): radio buttons, no JavaScript needed. Both
 * kinds is the empty value (the parameter left out); `type=institution&type=expert`
 * in the URL is both kinds too.
 */
function TypeChoice({ selected }: { selected: readonly string[] }) {
  const { t } = useTranslation("matching");
  const current = selected.length === 1 ? selected[0] : "";
  const choices = [
    ["", t("partners.typeBoth")],
    ["institution", t("partners.typeInstitution")],
    ["expert", t("partners.typeExpert")],
  ] as const;
  return (
    <fieldset className="facet">
      <legend>{t("partners.typeLegend")}</legend>
      {choices.map(([value, label]) => (
        <label key={value}>
          <span>
            <input type="radio" name="type" value={value} defaultChecked={current === value} /> {label}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * "My institution": radio buttons (no JavaScript needed) for the user's
 * institutions, the current choice and institutions found by name; the search
 * box reloads the form with `excludeSearch`.
 */
function InstitutionPicker({ choices, selected, search }: { choices: InstitutionChoice[]; selected: number | null; search: string }) {
  const { t } = useTranslation("matching");
  return (
    <div role="radiogroup" aria-labelledby="exclude-label" className="institution-picker">
      <p id="exclude-label">
        {t("partners.param.exclude")} <span className="meta">{t("partners.myInstitutionHint")}</span>
      </p>
      <label>
        <span>
          <input type="radio" name="exclude" value="" defaultChecked={selected == null} /> {t("partners.none")}
        </span>
      </label>
      {choices.map((c) => (
        <label key={c.id}>
          <span>
            <input type="radio" name="exclude" value={c.id} defaultChecked={selected === c.id} /> <bdi>{c.name}</bdi>
          </span>
          <span className="count">{c.mine ? t("partners.yours") : c.countryCode}</span>
        </label>
      ))}
      <label htmlFor="excludeSearch" className="search-label">
        {t("partners.findInstitutionLabel")}
      </label>
      <input id="excludeSearch" type="search" name="excludeSearch" defaultValue={search} />
      <button type="submit" className="small">
        {t("partners.findInstitution")}
      </button>
      {search && !choices.some((c) => c.found) ? <p className="meta">{t("partners.noInstitution", { search })}</p> : null}
    </div>
  );
}

/** The parameters named on this page in error messages (`matching:partners.param.<name>`); others are shown as sent. */
const PARAM_LABELS = new Set([
  "q",
  "topics",
  "dropTopics",
  "topicSearch",
  "country",
  "kind",
  "openTo",
  "exclude",
  "excludeSearch",
  "consortium",
  "newCountriesOnly",
  "minCountries",
  "type",
  "page",
]);

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: data.meta.title }, { name: "description", content: data.meta.description }] : [];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
