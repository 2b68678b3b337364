/**
 * No user-visible text is hard-coded in a route or component: every JSX text
 * node, every string in braces among a tag's children (`{"Save"}`, either arm
 * of `{a ? "x" : "y"}`), and the string attributes people read (`title`,
 * `placeholder`, `aria-label`, `alt`, `label`, `aria-description`) must hold
 * no letters. Text comes from the catalogues through `t()` or `<Trans>`.
 * Punctuation, arrows, digits and symbols between translated pieces are fine.
 * Failures name file, line and text.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOTS = ["app/routes", "app/components", "app/root.tsx"];
const READ_ATTRIBUTES = new Set(["title", "placeholder", "aria-label", "alt", "label", "aria-description", "aria-roledescription"]);
const LETTER = /\p{L}/u;

function files(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (fs.statSync(p).isFile()) return p.endsWith(".tsx") ? [p] : [];
  return fs.readdirSync(p).flatMap((f) => files(path.join(p, f)));
}

/** Every hard-coded user-visible string in `file`: "file:line: text". */
export function hardCodedText(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${file}:${line + 1}: ${JSON.stringify(text.trim().replace(/\s+/g, " "))}`);
  };
  /** String literals an expression child renders as text (directly, or as an arm of ?: / ||/ ??/ &&). */
  const renderedStrings = (e: ts.Expression): ts.Node[] => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e];
    if (ts.isTemplateExpression(e)) return [e.head, ...e.templateSpans.map((s) => s.literal)];
    if (ts.isParenthesizedExpression(e)) return renderedStrings(e.expression);
    if (ts.isConditionalExpression(e)) return [...renderedStrings(e.whenTrue), ...renderedStrings(e.whenFalse)];
    if (
      ts.isBinaryExpression(e) &&
      [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(e.operatorToken.kind)
    )
      return [...renderedStrings(e.left), ...renderedStrings(e.right)];
    return [];
  };
  const textOf = (n: ts.Node) => (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text : ((n as ts.TemplateLiteralLikeNode).text ?? ""));
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTER.test(node.text)) report(node, node.text);
    if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      for (const s of renderedStrings(node.expression)) if (LETTER.test(textOf(s))) report(s, textOf(s));
    }
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(source)) && node.initializer) {
      const init = node.initializer;
      const strings = ts.isStringLiteral(init) ? [init] : ts.isJsxExpression(init) && init.expression ? renderedStrings(init.expression) : [];
      for (const s of strings) if (LETTER.test(textOf(s))) report(s, textOf(s));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("user-visible text comes from the catalogues", () => {
  it("finds hard-coded text (the scanner itself works)", () => {
    const tmp = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "jsx-")), "x.tsx");
    fs.writeFileSync(tmp, `export const X = () => <p title="Hello" aria-label={"Close"}>Save {ok ? "yes" : t("no")} → {t("k")}</p>;`);
    expect(hardCodedText(tmp).map((f) => f.split(": ")[1])).toEqual(['"Hello"', '"Close"', '"Save"', '"yes"']);
  });

  it("no route or component renders text that is not from a catalogue", () => {
    const all = ROOTS.flatMap(files).flatMap(hardCodedText);
    expect(all).toEqual([]);
  });
});
