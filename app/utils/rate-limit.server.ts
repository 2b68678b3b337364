/**
 * Throttling of sign-in, sign-up and email-sending requests, per account
 * (normalised email) and per client address, the hourly quota of
 * members-only contact emails an account may see, and the message quotas
 * per sending account, with rate-limiter-flexible's
 * RateLimiterPostgres. Counters live in the `rate_limits` table (created by
 * the accounts migration), so every app instance shares them.
 *
 * The library needs a `pg`-style client (`query({ text, values })` →
 * `{ rows, rowCount }`); a ten-line adapter over the app's postgres.js pool
 * gives it one, so no second connection pool is opened. Each call consumes
 * atomically (one INSERT … ON CONFLICT … RETURNING), so parallel requests
 * cannot slip past a limit.
 */
import { createHash } from "node:crypto";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type postgres from "postgres";
import { getDbHandle } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { msg } from "~/i18n/message";

/**
 * How many different expert profiles' members-only contact emails one account
 * may see per hour (docs/accounts.md). Sign-up is open, so without
 * a cap anyone could collect every members-only address.
 */
export const MEMBERS_EMAIL_PROFILES_PER_HOUR = 30;

/** New conversations one account may start per 24 hours (docs/messaging.md): sign-up is open, so this caps unsolicited mail. */
export const MESSAGE_CONVERSATIONS_PER_DAY = 20;
/** Messages, new or replies, one account may send per hour (docs/messaging.md). */
export const MESSAGES_PER_HOUR = 60;

/** points per duration (seconds). Changing these is a product decision: see docs/accounts.md. */
export const RATE_LIMITS = {
  /** Sign-in attempts for one email address: the 11th within a minute is refused. */
  "login:account": { points: 10, duration: 60 },
  /** Sign-in attempts from one address (a university NAT is shared by many people). */
  "login:ip": { points: 100, duration: 15 * 60 },
  /** Sign-ups naming one email address (each sends it a mail). */
  "join:account": { points: 5, duration: 60 * 60 },
  "join:ip": { points: 20, duration: 60 * 60 },
  /** Password-reset and verification mails for one address. */
  "mail:account": { points: 5, duration: 60 * 60 },
  "mail:ip": { points: 20, duration: 60 * 60 },
  /** Distinct profiles whose members-only email an account was shown (one point per profile). */
  "contact:account": { points: MEMBERS_EMAIL_PROFILES_PER_HOUR, duration: 60 * 60 },
  /** Marks "this account was shown this profile's email in its current window" (key account:expert). */
  "contact:seen": { points: 1, duration: 60 * 60 },
  /** New conversations one account may start (docs/messaging.md). */
  "message:conversation": { points: MESSAGE_CONVERSATIONS_PER_DAY, duration: 24 * 60 * 60 },
  /** Messages (first ones and replies) one account may send. */
  "message:send": { points: MESSAGES_PER_HOUR, duration: 60 * 60 },
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;
export type RateLimitedAction = "login" | "join" | "mail";

/** What was refused, as catalogue keys (`accounts:rateLimit.*`), each a whole sentence. */
const MESSAGES: Record<RateLimitedAction, string> = {
  login: msg("accounts:rateLimit.login"),
  join: msg("accounts:rateLimit.join"),
  mail: msg("accounts:rateLimit.mail"),
};

/** A wait in whole seconds as a count and its unit, the unit the sentences name: seconds below 90, then minutes, then (when `hours`) hours from 90 minutes. */
function waitIn(seconds: number, hours: boolean): { count: number; unit: "Seconds" | "Minutes" | "Hours" } {
  if (seconds < 90) return { count: seconds, unit: "Seconds" };
  if (!hours || seconds < 90 * 60) return { count: Math.ceil(seconds / 60), unit: "Minutes" };
  return { count: Math.ceil(seconds / 3600), unit: "Hours" };
}

/** Adapts postgres.js to the `pg` query interface RateLimiterPostgres calls. */
function pgStyleClient(sql: postgres.Sql) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const rows = await sql.unsafe(q.text, (q.values ?? []) as postgres.ParameterOrJSON<never>[]);
      return { rows: Array.from(rows), rowCount: rows.count };
    },
  };
}

const limiters = new WeakMap<postgres.Sql, Map<RateLimitName, RateLimiterPostgres>>();

function limiter(name: RateLimitName): RateLimiterPostgres {
  const { sql } = getDbHandle();
  let byName = limiters.get(sql);
  if (!byName) {
    byName = new Map();
    limiters.set(sql, byName);
  }
  let l = byName.get(name);
  if (!l) {
    l = new RateLimiterPostgres({
      storeClient: pgStyleClient(sql),
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      keyPrefix: name,
      ...RATE_LIMITS[name],
      // One limiter sweeping expired rows is enough; they all share the table.
      clearExpiredByTimeout: name === "login:account",
    });
    byName.set(name, l);
  }
  return l;
}

/** Account keys are hashed: the counters table holds no email addresses (and stays under 255 characters). */
function accountKey(email: string): string {
  return createHash("sha256").update(email).digest("base64url");
}

/**
 * The key for a client address: IPv4 as is; IPv6 by its /64 network, since
 * one subscriber usually holds a whole /64 and could otherwise rotate through it.
 */
export function addressKey(ip: string): string {
  if (!ip.includes(":")) return ip;
  const [head, tail = ""] = ip.toLowerCase().split("%")[0].split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = ip.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/**
 * A 429 Response with Retry-After (whole seconds, at least 1); its body is a
 * catalogue key (`accounts:rateLimit.wait{Seconds,Minutes}` with the refused
 * action and the wait), which the error boundary shows in the viewer's language.
 */
export function tooManyRequests(action: RateLimitedAction, retryAfterMs: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const { count, unit } = waitIn(seconds, false);
  return new Response(msg(`accounts:rateLimit.wait${unit}`, { what: MESSAGES[action], count }), {
    status: 429,
    headers: { "Retry-After": String(seconds), "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * Counts one `action` request against the client address and, when given, the
 * account (a normalised email). Does nothing with RATE_LIMIT=off (tests only).
 * @throws Response 429 (see tooManyRequests) when either limit is exceeded
 * @throws Error when the counters cannot be reached (the request fails closed)
 */
export async function consumeRateLimit(action: RateLimitedAction, keys: { ip: string; account?: string }): Promise<void> {
  if (getEnv().RATE_LIMIT === "off") return;
  const checks: Array<Promise<unknown>> = [limiter(`${action}:ip`).consume(addressKey(keys.ip))];
  if (keys.account !== undefined) checks.push(limiter(`${action}:account`).consume(accountKey(keys.account)));
  const results = await Promise.allSettled(checks);
  let wait = 0;
  for (const r of results) {
    if (r.status === "fulfilled") continue;
    if (r.reason instanceof RateLimiterRes) wait = Math.max(wait, r.reason.msBeforeNext);
    else throw r.reason;
  }
  if (wait > 0) throw tooManyRequests(action, wait);
}

/**
 * Whether account `userId` may be shown expert `expertId`'s members-only
 * contact email now. Each distinct profile uses one unit of the account's
 * hourly quota (MEMBERS_EMAIL_PROFILES_PER_HOUR); a profile already shown in
 * the current window is shown again for free: a marker per (account,
 * profile) lives exactly as long as that window. Two simultaneous first views
 * of one profile may use two units (never fewer: the quota errs on the safe side).
 * @returns false past the quota (the caller shows a note instead)
 * @throws Error when the counters cannot be reached (fails closed: the page errs rather than shows)
 */
export async function allowMembersOnlyEmail(userId: string, expertId: number): Promise<boolean> {
  const seenKey = `${userId}:${expertId}`;
  const seen = await limiter("contact:seen").get(seenKey);
  if (seen && seen.consumedPoints > 0) return true;
  try {
    const quota = await limiter("contact:account").consume(userId);
    await limiter("contact:seen").set(seenKey, 1, quota.msBeforeNext / 1000);
    return true;
  } catch (err) {
    if (err instanceof RateLimiterRes) return false;
    throw err;
  }
}

/** After a successful sign-in: the account's failed-attempt count starts again. */
export async function clearAccountLimit(action: RateLimitedAction, account: string): Promise<void> {
  await limiter(`${action}:account`).delete(accountKey(account));
}

/**
 * Counts one message sent by account `userId` (and, for the first message of
 * a new conversation, one new conversation) against MESSAGES_PER_HOUR and
 * MESSAGE_CONVERSATIONS_PER_DAY. Does nothing with RATE_LIMIT=off (tests only).
 * The conversation quota is checked first, so a refused new conversation does
 * not use up a message.
 * @returns null when allowed, else the message to show next to the form (a
 *   catalogue key, `messaging:quota.*`, with the quota and the wait) and the
 *   wait in whole seconds (for Retry-After)
 * @throws Error when the counters cannot be reached (fails closed)
 */
export async function consumeMessageQuota(userId: string, opts: { newConversation: boolean }): Promise<{ message: string; retryAfter: number } | null> {
  if (getEnv().RATE_LIMIT === "off") return null;
  const refused = (err: unknown, quota: "conversations" | "messages", max: number) => {
    if (!(err instanceof RateLimiterRes)) throw err;
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    const { count, unit } = waitIn(seconds, true);
    return { message: msg(`messaging:quota.${quota}${unit}`, { max, count }), retryAfter: seconds };
  };
  if (opts.newConversation) {
    try {
      await limiter("message:conversation").consume(userId);
    } catch (err) {
      return refused(err, "conversations", MESSAGE_CONVERSATIONS_PER_DAY);
    }
  }
  try {
    await limiter("message:send").consume(userId);
  } catch (err) {
    return refused(err, "messages", MESSAGES_PER_HOUR);
  }
  return null;
}
