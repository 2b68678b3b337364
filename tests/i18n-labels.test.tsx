/**
 * useLabels (app/i18n/labels.ts): a results list translates each repeated
 * label once per render, with the same text `t` gives. Pure: no database.
 */
import { renderToString } from "react-dom/server";
import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import { useLabels } from "../app/i18n/labels";

function Rows({ t, rows }: { t: TFunction; rows: string[] }) {
  const label = useLabels(t);
  return (
    <ul>
      {rows.map((code, i) => (
        <li key={i}>{label(`country.${code}`)}</li>
      ))}
    </ul>
  );
}

describe("useLabels", () => {
  it("asks t once per key and renders what t answers", () => {
    const asked: string[] = [];
    const t = ((key: string) => (asked.push(key), `<${key}>`)) as unknown as TFunction;
    const html = renderToString(<Rows t={t} rows={["IR", "TR", "IR", "IR", "TR", "KZ"]} />);
    expect(asked).toEqual(["country.IR", "country.TR", "country.KZ"]);
    expect(html.match(/<li>/g)?.length).toBe(6);
    expect(html).toContain("<li>&lt;country.IR&gt;</li>");
  });
});
