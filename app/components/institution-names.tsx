/**
 * The names part of /institutions/:id/edit (the institution's administrators
 * and the secretariat): every name search finds the institution by, with its
 * language, kind and source, a "Remove" button for names added here (ROR's
 * and the curated names come back with each import), and the "Add a name"
 * form (validated in the browser with addNameSchema). Posts to the page's
 * action (intents `add-name`, `remove-name`); works without JavaScript.
 */
import { Form } from "@remix-run/react";
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { ErrorList, Field, FORM_VALIDATION } from "~/components/forms";
import { ScrollBox } from "~/components/scroll-box";
import { addNameSchema } from "~/features/institutions/institution-edit-schema";

const SOURCE_LABELS: Record<string, string> = { ror: "ROR", curated: "Curated list", admin: "Added here" };
const KIND_LABELS: Record<string, string> = { label: "Name", alias: "Other name", short: "Short form" };

export interface NameRow {
  id: number;
  name: string;
  /** ISO 639-1 code, null when unknown (some ROR labels). */
  lang: string | null;
  languageName: string;
  kind: string;
  source: string;
}

/**
 * @param removeErrors form-level errors of the last remove-name post
 * @param addNameResult the last add-name submission result (field errors at name, lang, kind)
 */
export function InstitutionNames({
  names,
  removeErrors,
  addNameResult,
  busy,
}: {
  names: NameRow[];
  removeErrors: string[] | undefined;
  addNameResult: SubmissionResult<string[]> | undefined;
  busy: boolean;
}) {
  const [nameForm, nameFields] = useForm({
    id: "add-name",
    lastResult: addNameResult,
    defaultValue: { name: "", lang: "", kind: "label" },
    ...FORM_VALIDATION,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addNameSchema }),
  });
  const nameKind = String(nameFields.kind.initialValue ?? "label");
  return (
    <>
      <h2 id="names-h">Names</h2>
      <p className="meta">
        Search finds the institution by each of these names. Add the names people type — its name in another language, or a short form such as an abbreviation —
        with the language they are written in. Names from ROR and from the project's curated list come back with each import, so only names added here can be
        removed.
      </p>
      <ErrorList id="name-errors" errors={removeErrors} />
      <ScrollBox label="Names">
        <table aria-labelledby="names-h">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Language</th>
              <th scope="col">Kind</th>
              <th scope="col">From</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {names.map((n) => (
              <tr key={n.id}>
                <td dir="auto" lang={n.lang ?? undefined}>
                  {n.name}
                </td>
                <td>{n.lang ? `${n.languageName} (${n.lang})` : "—"}</td>
                <td>{KIND_LABELS[n.kind] ?? n.kind}</td>
                <td>{SOURCE_LABELS[n.source] ?? n.source}</td>
                <td>
                  {n.source === "admin" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove-name" />
                      <input type="hidden" name="nameId" value={n.id} />
                      <button type="submit" className="secondary" disabled={busy} aria-label={`Remove ${n.name}`}>
                        Remove
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>

      <h3>Add a name</h3>
      <Form method="post" {...getFormProps(nameForm)} className="stack">
        <input type="hidden" name="intent" value="add-name" />
        <div className="field">
          <label htmlFor={nameFields.name.id}>Name</label>
          <input {...getInputProps(nameFields.name, { type: "text" })} key={nameFields.name.key} dir="auto" maxLength={200} />
          <ErrorList id={nameFields.name.errorId} errors={nameFields.name.errors} />
        </div>
        <Field
          meta={nameFields.lang}
          label="Language code"
          help="Two letters (ISO 639-1): fa Persian, ps Pashto, tg Tajik, kk Kazakh, ky Kyrgyz, uz Uzbek, tk Turkmen, az Azerbaijani, tr Turkish, ur Urdu, ru Russian, en English."
        />
        <fieldset className="picker" key={`kind-${nameFields.kind.key ?? ""}`}>
          <legend>Kind</legend>
          <div className="checks">
            <label>
              <input type="radio" name={nameFields.kind.name} value="label" defaultChecked={nameKind !== "short"} /> Full name
            </label>
            <label>
              <input type="radio" name={nameFields.kind.name} value="short" defaultChecked={nameKind === "short"} /> Short form or abbreviation
            </label>
          </div>
          <ErrorList id={nameFields.kind.errorId} errors={nameFields.kind.errors} />
        </fieldset>
        <ErrorList id={nameForm.errorId} errors={nameForm.errors} />
        <button type="submit" disabled={busy}>
          Add name
        </button>
      </Form>
    </>
  );
}
