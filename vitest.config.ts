/**
 * Vitest, two projects:
 * - `unit`: pure tests (parsing, normalisation, text matching, time zones, the
 *   workflow table, source-reading checks). No database, no search: they start
 *   at once and run even when only they are asked for.
 * - `db`: everything else. Real PostgreSQL and Meilisearch from
 *   tests/global-setup.ts; each test file gets its own database cloned from a
 *   migrated, imported template and its own Meilisearch index prefix (tests/setup.ts).
 * A new test file lands in `db` unless listed in UNIT_TESTS; a listed file that
 * touches the database fails (no DATABASE_URL is set there).
 */
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

/** Test files that need neither PostgreSQL nor Meilisearch. */
export const UNIT_TESTS = [
  "tests/bench-report.test.ts",
  "tests/bench-pages.test.ts",
  "tests/boundaries.test.ts",
  "tests/client-imports.test.ts",
  "tests/demo-profiles.test.ts",
  "tests/docs.test.ts",
  "tests/form-validation.test.ts",
  "tests/glossary.test.ts",
  "tests/normalize.test.ts",
  "tests/orcid.test.ts",
  "tests/proposal-workflow.test.ts",
  "tests/report-params.test.ts",
  "tests/result-kinds.test.ts",
  "tests/startup-hook.test.ts",
  "tests/text-match.test.ts",
  "tests/time-zone.test.ts",
  "tests/react-stream.test.tsx",
  "tests/method-guard.test.ts",
  "tests/i18n-catalogues.test.ts",
  "tests/i18n-jsx-text.test.ts",
  "tests/i18n-format.test.ts",
  "tests/i18n-memo.test.ts",
  "tests/i18n-namespaces.test.ts",
  "tests/i18n-rtl-css.test.ts",
];

export default defineConfig({
  resolve: {
    alias: [
      { find: /^~db\//, replacement: fileURLToPath(new URL("./db/", import.meta.url)) },
      { find: /^~\//, replacement: fileURLToPath(new URL("./app/", import.meta.url)) },
    ],
  },
  test: {
    globals: true,
    environment: "node",
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: UNIT_TESTS, setupFiles: ["tests/setup-console.ts"] },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
          exclude: [...configDefaults.exclude, ...UNIT_TESTS],
          globalSetup: ["tests/global-setup.ts"],
          setupFiles: ["tests/setup-console.ts", "tests/setup.ts"],
        },
      },
    ],
  },
});
