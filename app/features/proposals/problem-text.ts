/**
 * The eligibility problems of app/domain/proposal-workflow.ts as sentences in
 * the viewer's language, from the `proposals` catalogue
 * (`eligibility.<rule>`). Lists (fields, member states, institution names)
 * are joined with Intl.ListFormat in that language ("a, b" / "a، b"); member
 * states are named through `common:country.<code>`. Call on the server (loader
 * or action) and send the text: list and date formats differ between ICU builds.
 */
import type { TFunction } from "i18next";
import type { EligibilityProblem } from "~/domain/proposal-workflow";
import { formatInZone } from "~/i18n/dates";
import { listFormat } from "~/i18n/intl-cache";

/** Items joined as a plain list in `lng` ("title, requested budget"). */
function list(items: readonly string[], lng: string): string {
  return listFormat(lng, { type: "unit", style: "long" }).format(items);
}

/**
 * One problem as a sentence. `t` must reach the `proposals` and `common`
 * namespaces (`serverT(lng, ["proposals", "common"])`); `lng` is its language.
 */
export function describeProblem(t: TFunction, lng: string, problem: EligibilityProblem): string {
  const p = problem.params;
  const countries = (codes: readonly string[] = []) =>
    list(
      codes.map((c) => t(`common:country.${c}`, { defaultValue: c }) as string),
      lng,
    );
  const values: Record<string, unknown> = {
    name: p.name,
    title: p.title,
    count: p.count,
    min: p.min,
    names: p.names ? list(p.names, lng) : undefined,
    fields: p.fields
      ? list(
          p.fields.map((f) => t(`proposals:field.${f}`) as string),
          lng,
        )
      : undefined,
    countries: p.countries ? countries(p.countries) : undefined,
    partners: p.partners
      ? list(
          p.partners.map((x) => t("proposals:eligibility.partnerWithStatus", { name: x.name, status: t(`proposals:partnerStatus.${x.status}`) }) as string),
          lng,
        )
      : undefined,
    deadline: p.deadline ? formatInZone(p.deadline.at, p.deadline.zone, lng) : undefined,
  };
  // No PI at all reads differently from too many (a sentence of its own, not a plural form).
  const rule = problem.rule === "one_pi" && p.count === 0 ? "noPi" : problem.rule;
  return t(`proposals:eligibility.${rule}`, values) as string;
}

/** Every problem of `problems` as a sentence (see describeProblem). */
export function describeProblems(t: TFunction, lng: string, problems: readonly EligibilityProblem[]): string[] {
  return problems.map((x) => describeProblem(t, lng, x));
}
