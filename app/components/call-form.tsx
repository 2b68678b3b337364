/**
 * The call form's fields (shared by /calls/new and /calls/:id/edit). Plain
 * named inputs bound to Conform's field metadata: the server re-renders the
 * user's input with each error next to its field.
 */
import { Form } from "@remix-run/react";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { ECO_MEMBER_STATES } from "../../db/countries";
import { ErrorList, TopicMultiSelect, initialValueReaders } from "./forms";
import { CALL_KINDS, CALL_KIND_LABELS, CallFormSchema } from "~/utils/call-schema";
import { DEADLINE_ZONES } from "~/utils/time-zone";

export interface CallFormDefaults {
  institutionId?: string;
  kind?: string;
  title?: string;
  summary?: string;
  body?: string;
  topicIds?: string[];
  opensAt?: string;
  deadline?: string;
  zone?: string;
  eligibleCountries?: string[];
  minPartners?: string;
  minCountries?: string;
  fundingNote?: string;
}

export function CallFormFields({
  lastResult,
  defaults,
  institutions,
  topics,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaults: CallFormDefaults;
  institutions: Array<{ id: number; name: string }> | null;
  topics: Array<{ id: string; name: string; subfield: string }>;
  submitLabel: string;
}) {
  const [form, fields] = useForm({
    lastResult,
    defaultValue: defaults,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CallFormSchema }),
  });
  const err = (name: keyof typeof fields) => <ErrorList id={fields[name].errorId} errors={fields[name].errors} />;
  const { str, list } = initialValueReaders(form.initialValue);
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <ErrorList id={form.errorId} errors={form.errors} />
      {institutions ? (
        <div className="field">
          <label htmlFor="institutionId">Posting institution</label>
          <select id="institutionId" name="institutionId" defaultValue={str("institutionId")}>
            {institutions.map((i) => (
              <option key={i.id} value={i.id}>{i.name}</option>
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
            <option key={k} value={k}>{CALL_KIND_LABELS[k]}</option>
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
      <TopicMultiSelect topics={topics} selected={list("topicIds")} error={err("topicIds")} />
      <fieldset className="field">
        <legend>Dates (the time zone is part of the deadline)</legend>
        <label htmlFor="zone">Time zone</label>
        <select id="zone" name="zone" defaultValue={str("zone") || "UTC"}>
          {DEADLINE_ZONES.map((z) => (
            <option key={z} value={z}>{z}</option>
          ))}
        </select>
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
