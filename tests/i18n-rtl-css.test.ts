/**
 * Issue 16, right-to-left: the layout mirrors under `<html dir="rtl">` because
 * the stylesheet and the components' inline styles use logical properties
 * only (margin/padding/border-inline-*, inset-inline-*, text-align: start/end).
 * A physical left/right (or a four-value margin/padding/border-radius whose
 * two sides differ) would stay put in Persian: these checks name each one.
 * Source-reading only (unit project).
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Declarations `prop: value` of a stylesheet, comments removed, with their line numbers. */
function declarations(css: string): Array<{ line: number; prop: string; value: string }> {
  const clean = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "));
  const out: Array<{ line: number; prop: string; value: string }> = [];
  for (const m of clean.matchAll(/([{;]\s*)([a-z-]+)\s*:\s*([^;{}]+)/g)) {
    const line = clean.slice(0, m.index! + m[1].length).split("\n").length;
    out.push({ line, prop: m[2], value: m[3].trim() });
  }
  return out;
}

/** Why `prop: value` does not mirror, or null when it does (or has no left/right at all). */
function physicalSide(prop: string, value: string): string | null {
  if (/^(margin|padding|border|scroll-margin|scroll-padding)-(left|right)(-|$)/.test(prop)) return `${prop} (use the -inline-start/-end form)`;
  if (/^border-(top|bottom)-(left|right)-radius$/.test(prop)) return `${prop} (use border-start-start-radius etc.)`;
  if (prop === "left" || prop === "right") return `${prop} (use inset-inline-start/-end)`;
  if (/^(text-align|float|clear)$/.test(prop) && /\b(left|right)\b/.test(value)) return `${prop}: ${value} (use start/end, inline-start/inline-end)`;
  if (/^(margin|padding|border-radius|inset|border-width|border-color|border-style)$/.test(prop)) {
    const parts = value.split(/\s+(?![^(]*\))/);
    if (parts.length === 4 && (prop === "border-radius" ? parts[0] !== parts[1] || parts[2] !== parts[3] : parts[1] !== parts[3]))
      return `${prop}: ${value} (sides differ: use the -block/-inline forms)`;
  }
  return null;
}

describe("physicalSide", () => {
  it("refuses physical sides and accepts logical ones", () => {
    expect(physicalSide("margin-left", "1rem")).not.toBeNull();
    expect(physicalSide("padding-right", "0")).not.toBeNull();
    expect(physicalSide("border-left", "3px solid red")).not.toBeNull();
    expect(physicalSide("left", "0")).not.toBeNull();
    expect(physicalSide("text-align", "right")).not.toBeNull();
    expect(physicalSide("float", "left")).not.toBeNull();
    expect(physicalSide("margin", "0 0.3rem 0.3rem 0")).not.toBeNull();
    expect(physicalSide("margin-inline-start", "1rem")).toBeNull();
    expect(physicalSide("inset-inline", "0")).toBeNull();
    expect(physicalSide("text-align", "start")).toBeNull();
    expect(physicalSide("margin", "0.2rem 0 1rem")).toBeNull();
    expect(physicalSide("margin", "1px 2px 3px 2px")).toBeNull();
    expect(physicalSide("top", "100%")).toBeNull();
  });
});

it("app/styles/app.css mirrors under dir=rtl: no physical left/right", () => {
  const css = readFileSync(path.join(ROOT, "app/styles/app.css"), "utf8");
  const decls = declarations(css);
  expect(decls.length).toBeGreaterThan(300);
  const found = decls.flatMap((d) => {
    const why = physicalSide(d.prop, d.value);
    return why ? [`app.css:${d.line}: ${why}`] : [];
  });
  expect(found).toEqual([]);
});

it("the components' inline styles mirror too (no marginLeft, paddingRight, left:, textAlign: 'right', …)", () => {
  const files = readdirSync(path.join(ROOT, "app"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".tsx"));
  expect(files.length).toBeGreaterThan(20);
  const found: string[] = [];
  for (const f of files) {
    const src = readFileSync(path.join(ROOT, "app", f), "utf8");
    for (const m of src.matchAll(/style=\{\{([^}]*)\}\}/g)) {
      for (const p of m[1].matchAll(/["']?([A-Za-z-]+)["']?\s*:\s*("[^"]*"|'[^']*'|[^,]+)/g)) {
        const prop = p[1].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        const why = physicalSide(prop, p[2].replace(/^["']|["']$/g, ""));
        if (why) found.push(`app/${f}: ${why}`);
      }
    }
  }
  expect(found).toEqual([]);
});
