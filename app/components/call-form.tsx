/**
 * The call form's fields (shared by /calls/new and /calls/:id/edit). Plain
 * named inputs bound to Conform's field metadata: the server re-renders the
 * user's input with each error next to its field. Topics are chosen with the
 * searchable TopicPicker (without JavaScript its "Search" button posts the
 * form, and the action answers with the draft and the matches, saving
 * nothing: callFormSearch in call-form.server.ts).
 * The deadline's time zone starts as the posting institution's member-state
 * zone and follows a change of institution until the zone is chosen by hand.
 * Text from the `calls` catalogue (member-state names from `common`); the
 * date, time and zone inputs stay left-to-right in a right-to-left page.
 */
import { useState } from "react";
import { Form } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { ECO_MEMBER_STATES } from "~/domain/member-states";
import { ErrorList, FORM_VALIDATION, initialValueReaders } from "~/components/forms";
import { DefaultSubmit, TopicPicker, type PickerSearchAnswer } from "~/components/pickers";
import type { TopicOption } from "~/features/topics/topic-option";
import { CallFormSchema, type CallFormDefaults } from "~/features/calls/call-schema";
import { CALL_KINDS } from "~/domain/call-kinds";
import { CAPITAL_ZONE_COUNTRIES, DEADLINE_ZONES, zoneForCountry } from "~/utils/time-zone";

/**
 * @param institutions the institutions the user may post for (with their
 *   country, for the default zone), or null on the edit page (the call's own
 *   institution, sent as a hidden field)
 * @param country the posting institution's country on the edit page
 * @param chosenTopics the topics behind the form's topicIds
 * @param topicQuery / topicOptions the picker's search text and its matches (from a link's `?topicQuery=`)
 * @param search the action's answer to the picker's no-JavaScript "Search", if any
 */
export function CallFormFields({
  lastResult,
  defaults,
  institutions,
  country,
  chosenTopics,
  topicQuery,
  topicOptions,
  search,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaults: CallFormDefaults;
  institutions: Array<{ id: number; name: string; country_code: string }> | null;
  country?: string;
  chosenTopics: TopicOption[];
  topicQuery: string;
  topicOptions: TopicOption[];
  search?: PickerSearchAnswer | null;
  submitLabel: string;
}) {
  const { t } = useTranslation("calls");
  const [form, fields] = useForm({
    ...FORM_VALIDATION,
    lastResult,
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CallFormSchema }),
  });
  const err = (name: keyof typeof fields) => <ErrorList id={fields[name].errorId} errors={fields[name].errors} />;
  const { str, list } = initialValueReaders(form.initialValue);
  const countryOf = (id: string) => institutions?.find((i) => String(i.id) === id)?.country_code ?? country;
  const [postingCountry, setPostingCountry] = useState(() => countryOf(str("institutionId")));
  // Controlled only until the user picks a zone: then a change of institution leaves it alone.
  const [zone, setZone] = useState(() => str("zone") || zoneForCountry(postingCountry));
  const [zoneChosen, setZoneChosen] = useState(() => Boolean(str("zone")));
  const zoneNote = postingCountry && CAPITAL_ZONE_COUNTRIES.includes(postingCountry) ? postingCountry : undefined;
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <DefaultSubmit />
      <ErrorList id={form.errorId} errors={form.errors} />
      {institutions ? (
        <div className="field">
          <label htmlFor="institutionId">{t("form.institution")}</label>
          <select
            id="institutionId"
            name="institutionId"
            defaultValue={str("institutionId")}
            onChange={(e) => {
              const c = countryOf(e.currentTarget.value);
              setPostingCountry(c);
              if (!zoneChosen) setZone(zoneForCountry(c));
            }}
          >
            {institutions.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
          {err("institutionId")}
        </div>
      ) : (
        <input type="hidden" name="institutionId" value={str("institutionId")} />
      )}
      <div className="field">
        <label htmlFor="kind">{t("form.kind")}</label>
        <select id="kind" name="kind" defaultValue={str("kind")}>
          <option value="">{t("form.choose")}</option>
          {CALL_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
        {err("kind")}
      </div>
      <div className="field">
        <label htmlFor="title">{t("form.title")}</label>
        <input id="title" name="title" defaultValue={str("title")} aria-invalid={fields.title.errors ? true : undefined} />
        {err("title")}
      </div>
      <div className="field">
        <label htmlFor="summary">{t("form.summary")}</label>
        <textarea id="summary" name="summary" rows={2} defaultValue={str("summary")} />
        {err("summary")}
      </div>
      <div className="field">
        <label htmlFor="body">{t("form.body")}</label>
        <textarea id="body" name="body" rows={6} defaultValue={str("body")} />
        {err("body")}
      </div>
      <TopicPicker
        name="topicIds"
        queryName="topicQuery"
        legend={t("form.topics")}
        initialQuery={topicQuery}
        selected={chosenTopics}
        options={topicOptions}
        errors={fields.topicIds.errors}
        errorId={fields.topicIds.errorId}
        search={search}
      />
      <fieldset className="field">
        <legend>{t("form.dates")}</legend>
        <label htmlFor="zone">{t("form.zone")}</label>
        <select
          id="zone"
          name="zone"
          dir="ltr"
          value={zone}
          aria-describedby={zoneNote ? "zone-help" : undefined}
          onChange={(e) => {
            setZone(e.currentTarget.value);
            setZoneChosen(true);
          }}
        >
          {DEADLINE_ZONES.map((z) => (
            <option key={z} value={z} dir="ltr">
              {z}
            </option>
          ))}
        </select>
        {zoneNote ? (
          <p id="zone-help" className="meta">
            <Trans t={t} i18nKey={`zoneNote.${zoneNote}`} components={{ bdi: <bdi /> }} />
          </p>
        ) : null}
        {err("zone")}
        <label htmlFor="opensAt">{t("form.opensAt")}</label>
        <input id="opensAt" name="opensAt" type="datetime-local" dir="ltr" defaultValue={str("opensAt")} />
        {err("opensAt")}
        <label htmlFor="deadline">{t("form.deadline")}</label>
        <input
          id="deadline"
          name="deadline"
          type="datetime-local"
          dir="ltr"
          defaultValue={str("deadline")}
          aria-invalid={fields.deadline.errors ? true : undefined}
        />
        {err("deadline")}
      </fieldset>
      <fieldset className="field">
        <legend>{t("form.eligible")}</legend>
        {ECO_MEMBER_STATES.map((c) => (
          <label key={c.code} className="inline">
            <input type="checkbox" name="eligibleCountries" value={c.code} defaultChecked={list("eligibleCountries").includes(c.code)} />{" "}
            {t(`common:country.${c.code}`)}
          </label>
        ))}
        {err("eligibleCountries")}
      </fieldset>
      <div className="field">
        <label htmlFor="minPartners">{t("form.minPartners")}</label>
        <input id="minPartners" name="minPartners" type="number" min={0} max={50} defaultValue={str("minPartners") || "1"} />
        {err("minPartners")}
      </div>
      <div className="field">
        <label htmlFor="minCountries">{t("form.minCountries")}</label>
        <input id="minCountries" name="minCountries" type="number" min={1} max={10} defaultValue={str("minCountries") || "2"} />
        {err("minCountries")}
      </div>
      <div className="field">
        <label htmlFor="fundingNote">{t("form.fundingNote")}</label>
        <textarea id="fundingNote" name="fundingNote" rows={2} defaultValue={str("fundingNote")} />
        {err("fundingNote")}
      </div>
      <p>
        <button type="submit">{submitLabel}</button>
      </p>
    </Form>
  );
}
