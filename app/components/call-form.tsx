/**
 * The call form's fields (shared by /calls/new and /calls/:id/edit). Plain
 * named inputs bound to Conform's field metadata: the server re-renders the
 * user's input with each error next to its field. Topics are chosen with the
 * searchable TopicPicker (without JavaScript its "Search" button sends the
 * form as GET to the same page, whose loader keeps every field: call-form.server.ts).
 * The deadline's time zone starts as the posting institution's member-state
 * zone and follows a change of institution until the zone is chosen by hand.
 */
import { useState } from "react";
import { Form } from "@remix-run/react";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { ECO_MEMBER_STATES } from "~/domain/member-states";
import { ErrorList, FORM_VALIDATION, initialValueReaders } from "~/components/forms";
import { TopicPicker } from "~/components/pickers";
import type { TopicOption } from "~/features/topics/topic-option";
import { CallFormSchema, type CallFormDefaults } from "~/features/calls/call-schema";
import { CALL_KINDS, CALL_KIND_LABELS } from "~/domain/call-kinds";
import { CAPITAL_ZONE_NOTES, DEADLINE_ZONES, zoneForCountry } from "~/utils/time-zone";

/**
 * @param institutions the institutions the user may post for (with their
 *   country, for the default zone), or null on the edit page (the call's own
 *   institution, sent as a hidden field)
 * @param country the posting institution's country on the edit page
 * @param chosenTopics the topics behind the form's topicIds
 * @param topicQuery / topicOptions the picker's search text and its matches (no-JavaScript search)
 */
export function CallFormFields({
  lastResult,
  defaults,
  institutions,
  country,
  chosenTopics,
  topicQuery,
  topicOptions,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaults: CallFormDefaults;
  institutions: Array<{ id: number; name: string; country_code: string }> | null;
  country?: string;
  chosenTopics: TopicOption[];
  topicQuery: string;
  topicOptions: TopicOption[];
  submitLabel: string;
}) {
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
  const zoneNote = postingCountry ? CAPITAL_ZONE_NOTES[postingCountry] : undefined;
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <ErrorList id={form.errorId} errors={form.errors} />
      {institutions ? (
        <div className="field">
          <label htmlFor="institutionId">Posting institution</label>
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
        <label htmlFor="kind">Kind</label>
        <select id="kind" name="kind" defaultValue={str("kind")}>
          <option value="">Choose…</option>
          {CALL_KINDS.map((k) => (
            <option key={k} value={k}>
              {CALL_KIND_LABELS[k]}
            </option>
          ))}
        </select>
        {err("kind")}
      </div>
      <div className="field">
        <label htmlFor="title">Title</label>
        <input id="title" name="title" defaultValue={str("title")} aria-invalid={fields.title.errors ? true : undefined} />
        {err("title")}
      </div>
      <div className="field">
        <label htmlFor="summary">Summary</label>
        <textarea id="summary" name="summary" rows={2} defaultValue={str("summary")} />
        {err("summary")}
      </div>
      <div className="field">
        <label htmlFor="body">Full text</label>
        <textarea id="body" name="body" rows={6} defaultValue={str("body")} />
        {err("body")}
      </div>
      <TopicPicker
        name="topicIds"
        queryName="topicQuery"
        legend="Topics"
        initialQuery={topicQuery}
        selected={chosenTopics}
        options={topicOptions}
        errors={fields.topicIds.errors}
        errorId={fields.topicIds.errorId}
      />
      <fieldset className="field">
        <legend>Dates (the time zone is part of the deadline)</legend>
        <label htmlFor="zone">Time zone</label>
        <select
          id="zone"
          name="zone"
          value={zone}
          aria-describedby={zoneNote ? "zone-help" : undefined}
          onChange={(e) => {
            setZone(e.currentTarget.value);
            setZoneChosen(true);
          }}
        >
          {DEADLINE_ZONES.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        {zoneNote ? (
          <p id="zone-help" className="meta">
            {zoneNote}
          </p>
        ) : null}
        {err("zone")}
        <label htmlFor="opensAt">Opens (optional)</label>
        <input id="opensAt" name="opensAt" type="datetime-local" defaultValue={str("opensAt")} />
        {err("opensAt")}
        <label htmlFor="deadline">Deadline</label>
        <input id="deadline" name="deadline" type="datetime-local" defaultValue={str("deadline")} aria-invalid={fields.deadline.errors ? true : undefined} />
        {err("deadline")}
      </fieldset>
      <fieldset className="field">
        <legend>Eligible member states (none ticked: all ten)</legend>
        {ECO_MEMBER_STATES.map((c) => (
          <label key={c.code} className="inline">
            <input type="checkbox" name="eligibleCountries" value={c.code} defaultChecked={list("eligibleCountries").includes(c.code)} /> {c.name}
          </label>
        ))}
        {err("eligibleCountries")}
      </fieldset>
      <div className="field">
        <label htmlFor="minPartners">Minimum partner institutions (besides the lead)</label>
        <input id="minPartners" name="minPartners" type="number" min={0} max={50} defaultValue={str("minPartners") || "1"} />
        {err("minPartners")}
      </div>
      <div className="field">
        <label htmlFor="minCountries">Minimum distinct member states</label>
        <input id="minCountries" name="minCountries" type="number" min={1} max={10} defaultValue={str("minCountries") || "2"} />
        {err("minCountries")}
      </div>
      <div className="field">
        <label htmlFor="fundingNote">Funding note</label>
        <textarea id="fundingNote" name="fundingNote" rows={2} defaultValue={str("fundingNote")} />
        {err("fundingNote")}
      </div>
      <p>
        <button type="submit">{submitLabel}</button>
      </p>
    </Form>
  );
}
