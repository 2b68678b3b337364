/**
 * Issue 14 item 6: Conform's blur validation submits the form with a hidden
 * "validate" button; a blur fired while React commits (the focused element
 * removed or re-keyed, e.g. a ticked topic result moving to the chosen list)
 * escapes React and went to the server as a plain document POST (400, page
 * reloaded, a Save click lost). Every form therefore validates on submit and
 * on input (FORM_VALIDATION); this scan keeps "onBlur" validation out of app/.
 * The browser side is tests/e2e/profile.e2e.test.ts (one-click first saves).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { FORM_VALIDATION } from "../app/components/forms";

const APP = path.resolve(import.meta.dirname, "../app");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

it("no Conform form validates on blur", () => {
  expect(FORM_VALIDATION).toEqual({ shouldValidate: "onSubmit", shouldRevalidate: "onInput" });
  const offenders = sources(APP).filter((f) => /should(Re)?[Vv]alidate\s*:\s*["']onBlur["']/.test(readFileSync(f, "utf8")));
  expect(offenders.map((f) => path.relative(APP, f))).toEqual([]);
});
