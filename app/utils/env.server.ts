/**
 * Environment, validated with Zod on first use. Every variable the app reads
 * is declared here (and documented in docs/deployment.md "Environment variables").
 * Throws an Error listing every invalid variable.
 */
import { availableParallelism } from "node:os";
import { z } from "zod";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** PostgreSQL URL; set by server.ts/test setup when an embedded server is started. */
    DATABASE_URL: z.string().url(),
    MEILI_URL: z.string().url(),
    MEILI_MASTER_KEY: z.string().default(""),
    /** Prefix for every Meilisearch index uid (tests use one per file; tenants could too). */
    MEILI_INDEX_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]*$/)
      .default(""),
    /** Run the search-sync worker inside the web process (default) or leave it to `npm run worker`. */
    SEARCH_WORKER: z.enum(["inline", "off"]).default("inline"),
    /** `auto`: `npm start` loads the generated demo experts on a fresh database; `off`: never (production). */
    DEMO_DATA: z.enum(["auto", "off"]).default("auto"),
    /** Web processes `npm start` runs (server.ts); unset: one per available core; 1: a single process. */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
    /** PostgreSQL pool size of this process (default 10). server.ts sets it for its web workers (webPoolSize). */
    WEB_DB_POOL: z.coerce.number().int().min(1).max(100).optional(),
    /** `on`: every answer names the process that served it (`X-Served-By: <pid>`); for tests of the cluster only. */
    SERVED_BY_HEADER: z.enum(["on", "off"]).default("off"),

    /** Signs the flash-message cookie. At least 32 characters; see getSessionSecrets(). Comma-separated to rotate (first signs). */
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /**
     * Secure attribute on cookies. Default: on when NODE_ENV=production. Browsers
     * accept Secure cookies from http://localhost and http://127.0.0.1, so
     * `npm start` works locally; set "false" only to serve plain http on another host.
     */
    COOKIE_SECURE: z.enum(["true", "false"]).optional(),
    /** Public origin (https://network.example.org) for links in emails; else derived from the request. (The CSRF check compares with Host / X-Forwarded-Host, as Remix does.) */
    APP_ORIGIN: z
      .string()
      .url()
      .refine((u) => /^https?:$/.test(new URL(u).protocol), "must be an http(s) URL")
      .transform((u) => new URL(u).origin)
      .optional(),
    /**
     * `off` turns throttling (sign-in, sign-up, emails: rate-limit.server.ts) off entirely. Only for tests
     * that must see every answer (the hostile-input test); never in production.
     */
    RATE_LIMIT: z.enum(["on", "off"]).default("on"),
    /** Express "trust proxy" setting (e.g. "loopback" or "1") so the client address comes from X-Forwarded-For. Unset: direct connections. */
    TRUST_PROXY: z.string().optional(),

    /** Outgoing mail. Without SMTP_HOST, mail goes to MAIL_DIR and the /dev/mail page. */
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
    SMTP_USER: z.string().optional(),
    SMTP_PASSWORD: z.string().optional(),
    /** STARTTLS is used on 587, implicit TLS on 465 (nodemailer's rule). */
    SMTP_FROM: z.string().default("ECO ICT Research Network <no-reply@localhost>"),
    MAIL_DIR: z.string().default(".mail"),
  })
  .refine((e) => !(e.NODE_ENV === "production" && e.SMTP_HOST && !e.APP_ORIGIN), {
    // Links in real mail must not be built from a Host header a client can forge (password-reset poisoning).
    path: ["APP_ORIGIN"],
    message: "is required in production when SMTP_HOST is set",
  });

export type Env = z.infer<typeof schema>;

const VARIABLES = Object.keys(schema.innerType().shape) as Array<keyof Env>;
let last: { key: string; env: Env } | null = null;

/**
 * Parses process.env. Tests and the start script set variables before use, so
 * the result is reused only while the declared variables keep their values
 * (parsing on every call was about 0.7 ms of each partner search: bench).
 */
export function getEnv(): Env {
  // An empty variable (SMTP_HOST= in a .env file) means "unset", not "invalid".
  const values = VARIABLES.map((k) => process.env[k] || undefined);
  const key = JSON.stringify(values);
  if (last?.key === key) return last.env;
  const raw = Object.fromEntries(VARIABLES.map((k, i) => [k, values[i]]).filter(([, v]) => v !== undefined));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  last = { key, env: parsed.data };
  return parsed.data;
}

/** True when cookies get the Secure attribute (COOKIE_SECURE, else NODE_ENV=production). */
export function cookieSecure(env: Env = getEnv()): boolean {
  return env.COOKIE_SECURE ? env.COOKIE_SECURE === "true" : env.NODE_ENV === "production";
}

/** True when mail is written to MAIL_DIR (no SMTP_HOST) and the development mailbox is on. */
export function devMailboxEnabled(env: Env = getEnv()): boolean {
  return !env.SMTP_HOST;
}

/** Web processes server.ts runs: WEB_CONCURRENCY, else one per available core (os.availableParallelism()). */
export function webConcurrency(env: Env = getEnv()): number {
  return env.WEB_CONCURRENCY ?? availableParallelism();
}

/**
 * Connections each of `processes` web workers may hold: 80 shared among them, at most 10 and at
 * least 2 each. PostgreSQL allows 100 by default (the embedded one too), 3 of them reserved for
 * superusers; the primary keeps 10 (sync worker, start-up) and scripts the rest.
 */
export function webPoolSize(env: Env, processes: number): number {
  return env.WEB_DB_POOL ?? Math.max(2, Math.min(10, Math.floor(80 / processes)));
}
