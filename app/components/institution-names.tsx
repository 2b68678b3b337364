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
import { useTranslation } from "react-i18next";

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
  const { t } = useTranslation("institutions");
  return (
    <>
      <h2 id="names-h">{t("names.title")}</h2>
      <p className="meta">{t("names.intro")}</p>
      <ErrorList id="name-errors" errors={removeErrors} />
      <ScrollBox label={t("names.title")}>
        <table aria-labelledby="names-h">
          <thead>
            <tr>
              <th scope="col">{t("names.name")}</th>
              <th scope="col">{t("names.language")}</th>
              <th scope="col">{t("names.kind")}</th>
              <th scope="col">{t("names.from")}</th>
              <th scope="col">{t("names.change")}</th>
            </tr>
          </thead>
          <tbody>
            {names.map((n) => (
              <tr key={n.id}>
                <td dir="auto" lang={n.lang ?? undefined}>
                  {n.name}
                </td>
                <td>{n.lang ? t("names.languageWithCode", { language: n.languageName, code: n.lang }) : "—"}</td>
                <td>{t(`names.kinds.${n.kind}`, { defaultValue: n.kind })}</td>
                <td>{t(`names.sources.${n.source}`, { defaultValue: n.source })}</td>
                <td>
                  {n.source === "admin" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove-name" />
                      <input type="hidden" name="nameId" value={n.id} />
                      <button type="submit" className="secondary" disabled={busy} aria-label={t("names.removeName", { name: n.name })}>
                        {t("names.remove")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>

      <h3>{t("names.addTitle")}</h3>
      <Form method="post" {...getFormProps(nameForm)} className="stack">
        <input type="hidden" name="intent" value="add-name" />
        <div className="field">
          <label htmlFor={nameFields.name.id}>{t("names.name")}</label>
          <input {...getInputProps(nameFields.name, { type: "text" })} key={nameFields.name.key} dir="auto" maxLength={200} />
          <ErrorList id={nameFields.name.errorId} errors={nameFields.name.errors} />
        </div>
        <Field meta={nameFields.lang} label={t("names.languageCode")} help={t("names.languageCodeHelp")} />
        <fieldset className="picker" key={`kind-${nameFields.kind.key ?? ""}`}>
          <legend>{t("names.kind")}</legend>
          <div className="checks">
            <label>
              <input type="radio" name={nameFields.kind.name} value="label" defaultChecked={nameKind !== "short"} /> {t("names.fullName")}
            </label>
            <label>
              <input type="radio" name={nameFields.kind.name} value="short" defaultChecked={nameKind === "short"} /> {t("names.shortForm")}
            </label>
          </div>
          <ErrorList id={nameFields.kind.errorId} errors={nameFields.kind.errors} />
        </fieldset>
        <ErrorList id={nameForm.errorId} errors={nameForm.errors} />
        <button type="submit" disabled={busy}>
          {t("names.add")}
        </button>
      </Form>
    </>
  );
}
