/**
 * /partners — find partner institutions and experts by topic and/or free text,
 * ranked by the documented matching score (docs/matching.md), each
 * result explaining itself (shared and related topics, matched words, country,
 * score breakdown). Optional consortium suggestion (minCountries). Works without
 * JavaScript: one GET form; the topic picker searches the taxonomy and lists
 * checkboxes; the "My institution" picker (`exclude`, an institution id) lists
 * the signed-in user's institutions first (the first preselected on the empty
 * form) and finds others by name (`excludeSearch`, radio buttons). The
 * signed-in user's own profile and institutions are never listed. Bad
 * parameters answer 400 with the messages above the form.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
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
import { OPEN_TO, OPEN_TO_LABELS } from "~/domain/expert-vocabulary";
import { PARTNER_LIST_PARAMS, partnerSearchSchema, partnerTextProblem } from "~/features/matching/partner-params";
import { MAX_QUERY_LENGTH, parseSearchParams, validSearchParams } from "~/utils/search-params";
import { INSTITUTION_KINDS, KIND_LABELS } from "~/domain/institution-kinds";

type Issue = { param: string; message: string };

export const querySchema = partnerSearchSchema;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseSearchParams(querySchema, url.searchParams, PARTNER_LIST_PARAMS);
  const db = getDb();
  const userId = (await getUser(request))?.id ?? null;
  const asker = await askerProfile(db, userId);
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
  const base = { params: p, typed, selected, found, institutions, myInstitution, dropped };
  const problem = p.q ? partnerTextProblem(p) : null; // no text and no topics is the empty form, not an error
  if (problem)
    return json(
      { ...base, result: null as PartnerPage | null, consortium: null as ConsortiumSuggestion | null, issues: [problem] as Issue[] },
      { status: 400 },
    );
  try {
    const { result, consortium } = await partnersPage(db, p, userId);
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
  return (
    <>
      <h1>Find partners</h1>
      <p className="meta">
        Institutions and experts ranked by shared topics, related topics (sharing keywords or often declared together), text relevance and a bonus for a member
        state not yet in your consortium. Each result says why it is listed. Topics recognised in your text can be removed (×). Your own profile and
        institutions are not listed.
      </p>
      {issues.length ? (
        <div className="error" role="alert">
          {issues.map((i) => (
            <p key={i.param + i.message}>
              <strong>{PARAM_LABELS[i.param] ?? i.param}</strong> {i.message}.
            </p>
          ))}
          <p>
            <Link to="/partners">Start again</Link>
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
            Describe what you are looking for
          </label>
          <input
            id="q"
            type="search"
            name="q"
            defaultValue={typed}
            placeholder="What the project is about — e.g. federated learning for medical imaging, شبکه‌های عصبی, Каримов"
            aria-describedby="q-hint"
            aria-invalid={qIssue ? true : undefined}
          />
          <button type="submit">Find partners</button>
        </div>
        {/* The limit is said next to the field, and a text over it is flagged there (kept in the box). */}
        <p id="q-hint" className={qIssue ? "field-error" : "meta"}>
          {qIssue
            ? `Your text ${qIssue.message}${typed.length > MAX_QUERY_LENGTH ? ` (it has ${typed.length})` : ""}.`
            : `Up to ${MAX_QUERY_LENGTH} characters, in any of the region's languages.`}
        </p>
        <div className="search-layout">
          <FilterPanel label="Topics and filters">
            <fieldset className="facet">
              <legend>Topics</legend>
              <label htmlFor="topicSearch" className="visually-hidden">
                Find topics
              </label>
              <input id="topicSearch" type="search" name="topicSearch" defaultValue={p?.topicSearch ?? ""} placeholder="Find topics, e.g. wireless" />
              <button type="submit" className="small">
                Find topics
              </button>
              {shownTopics.map((t) => (
                <label key={t.id}>
                  <span>
                    <input type="checkbox" name="topics" value={t.id} defaultChecked={selected.some((s) => s.id === t.id)} /> {t.name}
                  </span>
                  <span className="count" title={t.subfield}>
                    {t.id}
                  </span>
                </label>
              ))}
              {p?.topicSearch && found.length === 0 ? <p className="meta">No topic matches “{p.topicSearch}”.</p> : null}
            </fieldset>
            <Facet legend="Member state" name="country" values={ECO_MEMBER_STATES.map((c) => ({ value: c.code, label: c.name }))} selected={p?.country ?? []} />
            <Facet
              legend="Kind of institution"
              name="kind"
              values={INSTITUTION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
              selected={p?.kind ?? []}
            />
            <Facet legend="Experts open to" name="openTo" values={OPEN_TO.map((o) => ({ value: o, label: OPEN_TO_LABELS[o] }))} selected={p?.openTo ?? []} />
            <fieldset className="facet">
              <legend>Your consortium</legend>
              <InstitutionPicker choices={institutions} selected={myInstitution} search={p?.excludeSearch ?? ""} />
              <p className="meta">Member states already in:</p>
              {ECO_MEMBER_STATES.map((c) => (
                <label key={c.code}>
                  <span>
                    <input type="checkbox" name="consortium" value={c.code} defaultChecked={p?.consortium.includes(c.code)} /> {c.name}
                  </span>
                </label>
              ))}
              <label>
                <span>
                  <input type="checkbox" name="newCountriesOnly" value="true" defaultChecked={p?.newCountriesOnly} /> Only member states not yet represented
                </span>
              </label>
              <label htmlFor="minCountries">Suggest a consortium of at least … member states</label>
              <select id="minCountries" name="minCountries" defaultValue={p?.minCountries ?? ""}>
                <option value="">(no suggestion)</option>
                {[2, 3, 4, 5].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </fieldset>
            <button type="submit">Apply</button>
          </FilterPanel>
          <section aria-live="polite">
            {consortium ? <ConsortiumSuggestionView c={consortium} /> : null}
            {!consortium && p?.minCountries && result && result.queryTopics.length === 0 ? (
              <p className="meta" id="no-consortium">
                No consortium suggested: it is built from topics, and none were picked or recognised in the text. Pick topics in the Topics box.
              </p>
            ) : null}
            {result ? (
              <PartnerResults result={result} params={p!} dropped={dropped} />
            ) : issues.length ? null : (
              <p className="meta">Describe your project, pick topics, or both.</p>
            )}
          </section>
        </div>
      </Form>
    </>
  );
}

/**
 * "My institution": radio buttons (no JavaScript needed) for the user's
 * institutions, the current choice and institutions found by name; the search
 * box reloads the form with `excludeSearch`.
 */
function InstitutionPicker({ choices, selected, search }: { choices: InstitutionChoice[]; selected: number | null; search: string }) {
  return (
    <div role="radiogroup" aria-labelledby="exclude-label" className="institution-picker">
      <p id="exclude-label">
        My institution <span className="meta">(left out with its experts; its member state counts as in)</span>
      </p>
      <label>
        <span>
          <input type="radio" name="exclude" value="" defaultChecked={selected == null} /> None
        </span>
      </label>
      {choices.map((c) => (
        <label key={c.id}>
          <span>
            <input type="radio" name="exclude" value={c.id} defaultChecked={selected === c.id} /> {c.name}
          </span>
          <span className="count">{c.mine ? "yours" : c.countryCode}</span>
        </label>
      ))}
      <label htmlFor="excludeSearch" className="visually-hidden">
        Find an institution by name
      </label>
      <input id="excludeSearch" type="search" name="excludeSearch" defaultValue={search} placeholder="Find an institution by name" />
      <button type="submit" className="small">
        Find institution
      </button>
      {search && !choices.some((c) => c.found) ? <p className="meta">No institution matches “{search}”.</p> : null}
    </div>
  );
}

/** What each parameter is called on this page, for error messages. */
const PARAM_LABELS: Record<string, string> = {
  q: "Your text",
  topics: "Topics",
  dropTopics: "Removed topics",
  topicSearch: "Topic search",
  country: "Member state",
  kind: "Kind of institution",
  openTo: "Open to",
  exclude: "My institution",
  excludeSearch: "Institution search",
  consortium: "Member states already in",
  newCountriesOnly: "Only member states not yet in your consortium",
  minCountries: "Consortium size",
  type: "Type",
  page: "Page",
};

export const meta: MetaFunction<typeof loader> = () => [
  { title: "Find partners — ECO ICT Research Network" },
  { name: "description", content: "Find partner institutions and experts across the ten ECO member states by topic and text, with explanations." },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
