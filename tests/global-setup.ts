/**
 * Starts PostgreSQL and Meilisearch for the whole run (embedded, ephemeral,
 * unless DATABASE_URL / MEILI_URL are set), builds the template database
 * (migrated + real data imported) and hands the URLs to test files via provide().
 */
import type { TestProject } from "vitest/node";
import { connect, withDatabase } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { importAll } from "../db/import";
import { startServices } from "../tooling/services";

export const TEMPLATE_DB = "eco_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
    meiliUrl: string;
    meiliKey: string;
  }
}

export default async function setup(project: TestProject) {
  const t0 = performance.now();
  const services = await startServices({ ephemeral: true, log: () => {} });
  const admin = connect(services.databaseUrl, { max: 1 });
  await admin.sql.unsafe(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.sql.unsafe(`create database ${TEMPLATE_DB}`);
  const template = connect(withDatabase(services.databaseUrl, TEMPLATE_DB), { max: 2 });
  await migrateToLatest(template.db);
  await importAll(template.db, () => {});
  // Disconnect: CREATE DATABASE … TEMPLATE needs the template to be idle.
  await template.close();
  await admin.close();
  project.provide("adminDatabaseUrl", services.databaseUrl);
  project.provide("templateDatabase", TEMPLATE_DB);
  project.provide("meiliUrl", services.meiliUrl);
  project.provide("meiliKey", services.meiliKey);
  console.log(`[tests] services and template ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return async () => {
    await services.stop();
  };
}
