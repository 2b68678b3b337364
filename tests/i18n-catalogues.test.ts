/**
 * The message catalogues (public/locales/<lng>/<ns>.json) against English:
 * - a complete language (languages.ts `complete: true`) has every key English
 *   has, in every namespace, with the plural forms its own language needs
 *   (Intl.PluralRules: Russian `_one _few _many _other`);
 * - no catalogue, partial ones included, has a key English lacks (a typo, a
 *   key left behind after English renamed it) or a plural form its language
 *   does not use;
 * - every value is a string, and every {{placeholder}} of English is kept.
 * Failures name the keys.
 */
import fs from "node:fs";
import path from "node:path";
import { LANGUAGES, NAMESPACES } from "../app/i18n/languages";

const DIR = path.resolve("public/locales");
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Flattens nested messages to dotted keys; non-string leaves are reported as errors. */
function flatten(obj: unknown, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  if (obj && typeof obj === "object" && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = obj;
  return out;
}

function read(folder: string, ns: string): Record<string, unknown> | null {
  const file = path.join(DIR, folder, `${ns}.json`);
  return fs.existsSync(file) ? flatten(JSON.parse(fs.readFileSync(file, "utf8"))) : null;
}

/** The keys a language must have for English's `keys`: plural families expanded to the language's own categories. */
function expected(keys: string[], lng: string): Set<string> {
  const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
  const out = new Set<string>();
  for (const k of keys) {
    if (PLURAL.test(k)) for (const c of categories) out.add(k.replace(PLURAL, `_${c}`));
    else out.add(k);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([a-zA-Z0-9_]+)/g)].map((m) => m[1]).sort();

describe("message catalogues", () => {
  const folders = [...new Set(LANGUAGES.map((l) => l.catalogue))];

  it("has a folder for every language's catalogue and an English file for every namespace", () => {
    for (const f of folders) expect(fs.existsSync(path.join(DIR, f)), `public/locales/${f}`).toBe(true);
    const missing = NAMESPACES.filter((ns) => !fs.existsSync(path.join(DIR, "en", `${ns}.json`)));
    expect(missing).toEqual([]);
    const extra = fs.readdirSync(path.join(DIR, "en")).filter((f) => !NAMESPACES.includes(f.replace(/\.json$/, "") as never));
    expect(extra, "namespaces on disk that languages.ts NAMESPACES does not list").toEqual([]);
  });

  for (const lang of LANGUAGES.filter((l) => l.catalogue !== "en" && l.code === l.catalogue)) {
    it(`${lang.code}: ${lang.complete ? "has every English key and " : ""}has no key English lacks`, () => {
      const missing: string[] = [];
      const extra: string[] = [];
      const broken: string[] = [];
      for (const ns of NAMESPACES) {
        const en = read("en", ns) ?? {};
        const own = read(lang.catalogue, ns);
        const want = expected(Object.keys(en), lang.code);
        if (own === null) {
          if (lang.complete) missing.push(`${ns}.json (whole file)`);
          continue;
        }
        for (const k of want) if (lang.complete && !(k in own)) missing.push(`${ns}:${k}`);
        for (const [k, v] of Object.entries(own)) {
          if (!want.has(k)) extra.push(`${ns}:${k}`);
          else if (typeof v !== "string") broken.push(`${ns}:${k} is not a string`);
          else {
            const enValue = en[k] ?? en[k.replace(PLURAL, "_other")];
            if (typeof enValue === "string") {
              const lost = placeholders(enValue).filter((p) => !placeholders(v).includes(p) && p !== "count");
              if (lost.length) broken.push(`${ns}:${k} lacks {{${lost.join("}}, {{")}}}`);
            }
          }
        }
      }
      expect(missing, `keys missing from ${lang.catalogue}`).toEqual([]);
      expect(extra, `keys in ${lang.catalogue} that English does not have`).toEqual([]);
      expect(broken).toEqual([]);
    });
  }

  it("English values are all strings", () => {
    const bad = NAMESPACES.flatMap((ns) =>
      Object.entries(read("en", ns) ?? {})
        .filter(([, v]) => typeof v !== "string")
        .map(([k]) => `${ns}:${k}`),
    );
    expect(bad).toEqual([]);
  });
});
