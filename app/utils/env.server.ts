/**
 * Environment, validated with Zod on first use. Every variable the app reads
 * is declared here (and documented in README "Configuration").
 * Throws an Error listing every invalid variable.
 */
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** PostgreSQL URL; set by server.ts/test setup when an embedded server is started. */
  DATABASE_URL: z.string().url(),
  MEILI_URL: z.string().url(),
  MEILI_MASTER_KEY: z.string().default(""),
  /** Prefix for every Meilisearch index uid (tests use one per file; tenants could too). */
  MEILI_INDEX_PREFIX: z.string().regex(/^[A-Za-z0-9_-]*$/).default(""),
  /** Run the search-sync worker inside the web process (default) or leave it to `npm run worker`. */
  SEARCH_WORKER: z.enum(["inline", "off"]).default("inline"),
  /** `auto`: `npm start` loads the generated demo experts on a fresh database; `off`: never (production). */
  DEMO_DATA: z.enum(["auto", "off"]).default("auto"),
});

export type Env = z.infer<typeof schema>;

/** Parses process.env (not cached: tests and the start script set variables before use). */
export function getEnv(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  return parsed.data;
}
