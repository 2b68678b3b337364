/**
 * The message box of /messages/new and /messages/:id: a plain POST form (works
 * without JavaScript) with the text area, its error next to it, and the form's
 * own error (refused: messages off, sender stopped, quota). The typed text is
 * kept when the server refuses it (`kept`); `resetKey` changes after a message
 * is sent, so the box empties.
 */
import { Form, useNavigation } from "@remix-run/react";
import { MESSAGE_MAX } from "~/features/messaging/message-schema";
import { ErrorList } from "~/components/forms";

export function MessageForm({
  label,
  submitLabel,
  hidden = {},
  kept,
  fieldErrors,
  formErrors,
  resetKey,
}: {
  label: string;
  submitLabel: string;
  /** Hidden fields (intent, ids). */
  hidden?: Record<string, string>;
  /** The text the server sent back with an error. */
  kept?: string;
  fieldErrors?: string[] | null;
  formErrors?: string[] | null;
  resetKey?: string | number;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === (hidden.intent ?? null);
  return (
    <Form method="post" className="stack message-form" key={resetKey}>
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <div className="field">
        <label htmlFor="message-body">{label}</label>
        <textarea
          id="message-body"
          name="body"
          rows={6}
          maxLength={MESSAGE_MAX}
          defaultValue={kept ?? ""}
          dir="auto"
          aria-invalid={fieldErrors?.length ? true : undefined}
          aria-describedby={fieldErrors?.length ? "message-body-error" : undefined}
        />
        <ErrorList id="message-body-error" errors={fieldErrors} />
      </div>
      <ErrorList errors={formErrors} />
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
