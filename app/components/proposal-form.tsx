/**
 * Draft fields of a proposal (new and edit). Everything but the title may
 * stay empty while drafting; a validation error re-renders the user's input.
 */
import { Form } from "@remix-run/react";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { ErrorList, TopicMultiSelect, initialValueReaders } from "~/components/forms";
import { ISO_4217 } from "~/domain/currency";
import { useTranslation } from "react-i18next";

export interface ProposalFormDefaults {
  leadInstitutionId?: string;
  callId?: string;
  title?: string;
  acronym?: string;
  abstract?: string;
  objectives?: string;
  topicIds?: string[];
  durationMonths?: string;
  budgetAmount?: string;
  budgetCurrency?: string;
  version?: string;
}

export function ProposalFormFields({
  lastResult,
  defaults,
  institutions,
  calls,
  topics,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaults: ProposalFormDefaults;
  institutions: Array<{ id: number; name: string }> | null;
  calls: Array<{ id: number; title: string }>;
  topics: Array<{ id: string; name: string; subfield: string }>;
  submitLabel: string;
}) {
  const [form, fields] = useForm({ lastResult, defaultValue: defaults, shouldValidate: "onSubmit" });
  const { t } = useTranslation("proposals");
  const { str, list } = initialValueReaders(form.initialValue);
  const err = (name: string) => <ErrorList id={`${name}-error`} errors={(fields as any)[name]?.errors} />;
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <input type="hidden" name="intent" value="save" />
      {defaults.version ? <input type="hidden" name="version" value={defaults.version} /> : null}
      <ErrorList id={form.errorId} errors={form.errors} />
      {institutions ? (
        <div className="field">
          <label htmlFor="leadInstitutionId">{t("form.lead")}</label>
          <select id="leadInstitutionId" name="leadInstitutionId" defaultValue={str("leadInstitutionId")}>
            {institutions.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
          {err("leadInstitutionId")}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="callId">{t("form.call")}</label>
        <select id="callId" name="callId" defaultValue={str("callId")}>
          <option value="">{t("form.noCall")}</option>
          {calls.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
        {err("callId")}
      </div>
      <div className="field">
        <label htmlFor="title">{t("form.title")}</label>
        <input id="title" name="title" defaultValue={str("title")} />
        {err("title")}
      </div>
      <div className="field">
        <label htmlFor="acronym">{t("form.acronym")}</label>
        <input id="acronym" name="acronym" defaultValue={str("acronym")} />
        {err("acronym")}
      </div>
      <div className="field">
        <label htmlFor="abstract">{t("view.abstract")}</label>
        <textarea id="abstract" name="abstract" rows={5} defaultValue={str("abstract")} />
        {err("abstract")}
      </div>
      <div className="field">
        <label htmlFor="objectives">{t("view.objectives")}</label>
        <textarea id="objectives" name="objectives" rows={4} defaultValue={str("objectives")} />
        {err("objectives")}
      </div>
      <TopicMultiSelect topics={topics} selected={list("topicIds")} error={err("topicIds")} />
      <div className="field">
        <label htmlFor="durationMonths">{t("form.duration")}</label>
        <input id="durationMonths" name="durationMonths" inputMode="numeric" defaultValue={str("durationMonths")} />
        {err("durationMonths")}
      </div>
      <div className="field">
        <label htmlFor="budgetAmount">{t("view.budget")}</label>
        <input id="budgetAmount" name="budgetAmount" inputMode="decimal" placeholder="150000.00" defaultValue={str("budgetAmount")} />
        {err("budgetAmount")}
        <label htmlFor="budgetCurrency">{t("form.currency")}</label>
        <select id="budgetCurrency" name="budgetCurrency" defaultValue={str("budgetCurrency")}>
          <option value="">—</option>
          {ISO_4217.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        {err("budgetCurrency")}
      </div>
      <p>
        <button type="submit">{submitLabel}</button>
      </p>
    </Form>
  );
}
