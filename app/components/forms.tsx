/**
 * Form building blocks for Conform forms: a labelled field with its errors
 * next to it, a form-level error list, and the honeypot input.
 */
import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { HONEYPOT_FIELD } from "~/utils/user-validation";

/** Error messages for one field or the form, announced to screen readers. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const list = errors?.filter(Boolean) ?? [];
  if (!list.length) return null;
  return (
    <ul id={id} className="field-errors" role="alert">
      {list.map((e) => (
        <li key={e} className="field-error">{e}</li>
      ))}
    </ul>
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
      {help ? <p id={helpId} className="meta">{help}</p> : null}
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
  return (
    <div className="honeypot" aria-hidden="true">
      <label htmlFor={`hp-${HONEYPOT_FIELD}`}>Leave this field empty</label>
      <input id={`hp-${HONEYPOT_FIELD}`} type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}
