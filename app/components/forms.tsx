/**
 * Form building blocks for Conform forms: a labelled field with its errors
 * next to it, a form-level error list, readers of a form's initial values, the
 * topic multi-select, and the honeypot input.
 */
import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { HONEYPOT_FIELD } from "~/features/accounts/user-validation";
import { useTranslation } from "react-i18next";
import { translateMessage } from "~/i18n/message";

/**
 * When every Conform form validates in the browser: on submit, then again on
 * each input of a field that has been validated. Never on blur: Conform
 * validates a blurred field by submitting the form with a hidden "validate"
 * button, and Chromium fires blur when React removes or re-keys the focused
 * element (a ticked search result that moves to the chosen list) — inside
 * React's commit, while React's event handling is switched off. That submit
 * then went to the server as a plain document POST (400, page reloaded) and a
 * "Save" click made meanwhile was lost (issue 14 item 6). Spread into
 * `useForm({ ...FORM_VALIDATION, … })`; tests/form-validation.test.ts keeps
 * "onBlur" out of app/.
 */
export const FORM_VALIDATION = { shouldValidate: "onSubmit", shouldRevalidate: "onInput" } as const;

/** Error messages for one field or the form, announced to screen readers. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  // Server and schema messages are catalogue keys (app/i18n/message.ts): shown in the viewer's language.
  const list = errors?.filter(Boolean).map((e) => translateMessage(t, e)) ?? [];
  if (!list.length) return null;
  return (
    // The alert role sits on a wrapper: on the <ul> itself it would replace the list role (axe: listitem).
    <div id={id} role="alert">
      <ul className="field-errors">
        {list.map((e) => (
          <li key={e} className="field-error">
            {e}
          </li>
        ))}
      </ul>
    </div>
  );
}

type InputType = "text" | "email" | "password" | "search" | "hidden";

/** A labelled input bound to a Conform field; the field's errors show under it. */
export function Field({
  meta,
  label,
  type = "text",
  autoComplete,
  help,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  type?: InputType;
  autoComplete?: string;
  help?: string;
}) {
  const helpId = help ? `${meta.id}-help` : undefined;
  const props = getInputProps(meta, { type, ariaDescribedBy: helpId });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input {...props} key={props.key} autoComplete={autoComplete} />
      {help ? (
        <p id={helpId} className="meta">
          {help}
        </p>
      ) : null}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/**
 * Hidden from people (off-screen, out of the tab order, ignored by screen
 * readers and password managers); bots that fill every input fill it, and the
 * server then refuses the form (utils/honeypot.server.ts).
 */
export function HoneypotField() {
  const { t } = useTranslation();
  return (
    <div className="honeypot" aria-hidden="true">
      <label htmlFor={`hp-${HONEYPOT_FIELD}`}>{t("forms.honeypot")}</label>
      <input id={`hp-${HONEYPOT_FIELD}`} type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

/**
 * Readers of a Conform form's initial values (the defaults, or what the user
 * sent when the server re-renders it with errors): `str(k)` the value or "",
 * `list(k)` the values (a lone value becomes a one-item list).
 */
export function initialValueReaders(initialValue: unknown) {
  const initial = (initialValue ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof initial[k] === "string" ? (initial[k] as string) : "");
  const list = (k: string) => (Array.isArray(initial[k]) ? (initial[k] as string[]) : typeof initial[k] === "string" ? [initial[k] as string] : []);
  return { str, list };
}

/** The `topicIds` multi-select of the call and proposal forms, with its errors under it. */
export function TopicMultiSelect({
  topics,
  selected,
  error,
}: {
  topics: Array<{ id: string; name: string; subfield: string }>;
  selected: string[];
  error: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor="topicIds">{t("forms.topicsMulti")}</label>
      {/* Topic names come from OpenAlex in English; the catalogue says so in the other languages. */}
      {t("forms.topicsInEnglish") ? <p className="meta">{t("forms.topicsInEnglish")}</p> : null}
      <select id="topicIds" name="topicIds" multiple size={6} defaultValue={selected}>
        {topics.map((topic) => (
          <option key={topic.id} value={topic.id} lang="en">
            {topic.name} — {topic.subfield}
          </option>
        ))}
      </select>
      {error}
    </div>
  );
}

/** Query parameters a page refused (`{ param, message }` from parseSearchParams), each named, above its form. */
export function QueryIssues({ issues }: { issues: ReadonlyArray<{ param: string; message: string }> }) {
  const { t } = useTranslation();
  if (!issues.length) return null;
  return (
    <div className="error" role="alert">
      {issues.map((i) => (
        <p key={i.param + i.message}>
          <strong>
            <bdi>{i.param}</bdi>
          </strong>{" "}
          {translateMessage(t, i.message)}.
        </p>
      ))}
    </div>
  );
}
