/**
 * Per test file of the `db` project (vitest.config.ts): a private database cloned
 * from the template and a private Meilisearch index prefix, both removed afterwards.
 * Runs after tests/setup-console.ts.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { connect, withDatabase } from "../db/connect";

const suffix = `${process.env.VITEST_POOL_ID ?? "0"}_${randomBytes(4).toString("hex")}`;
const dbName = `eco_test_${suffix}`;
const adminUrl = inject("adminDatabaseUrl");

process.env.NODE_ENV = "test";
process.env.DATABASE_URL = withDatabase(adminUrl, dbName);
process.env.MEILI_URL = inject("meiliUrl");
process.env.MEILI_MASTER_KEY = inject("meiliKey");
process.env.MEILI_INDEX_PREFIX = `t${suffix}_`;
process.env.SEARCH_WORKER = "off";
// Mail goes to a private folder (the development mailbox), never to an SMTP server of the machine's environment.
const mailDir = mkdtempSync(path.join(os.tmpdir(), "eco-mail-"));
process.env.MAIL_DIR = mailDir;
for (const k of ["SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "APP_ORIGIN", "COOKIE_SECURE", "TRUST_PROXY", "SESSION_SECRET"]) delete process.env[k];

beforeAll(async () => {
  const admin = connect(adminUrl, { max: 1 });
  try {
    await admin.sql.unsafe(`create database ${dbName} template ${inject("templateDatabase")}`);
  } finally {
    await admin.close();
  }
});

afterAll(async () => {
  const { Meilisearch } = await import("meilisearch");
  const meili = new Meilisearch({ host: inject("meiliUrl"), apiKey: inject("meiliKey") });
  const { results } = await meili.getIndexes({ limit: 1000 });
  await Promise.all(
    results.filter((i) => i.uid.startsWith(process.env.MEILI_INDEX_PREFIX!)).map((i) => meili.deleteIndex(i.uid).waitTask({ timeout: 60_000 })),
  );
  rmSync(mailDir, { recursive: true, force: true });
  await globalThis.__ecoDb?.close().catch(() => {});
  globalThis.__ecoDb = undefined;
  const admin = connect(adminUrl, { max: 1 });
  try {
    await admin.sql.unsafe(`drop database if exists ${dbName} with (force)`);
  } finally {
    await admin.close();
  }
});
